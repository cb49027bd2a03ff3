namespace CallRecover.Customers;

public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<CustomerStore>());
        services.AddSingleton<CustomerEditor>();
        services.AddSingleton<CustomerMerge>();
        return services;
    }
}
