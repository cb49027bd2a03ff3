namespace CallRecover.Portal;

public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddSingleton<PortalLinkStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<PortalLinkStore>());
        services.AddSingleton<CallRecover.Customers.ICustomerMergeParticipant>(sp => sp.GetRequiredService<PortalLinkStore>());
        services.AddSingleton<PortalLinkIssuer>();
        services.AddSingleton<Leads.ICustomerPortalLinks>(sp => sp.GetRequiredService<PortalLinkIssuer>());
        services.AddSingleton<PortalService>();
        services.AddSingleton<PortalPage>();
        return services;
    }
}
