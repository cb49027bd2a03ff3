using CallRecover.Common;

namespace CallRecover.Tenancy;

public static class TenancyModule
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddValidatedOptions<OperatorOptions>(OperatorOptions.Section);
        services.AddSingleton<BusinessStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<BusinessService>();
        services.AddSingleton<DemoSeed>();
        return services;
    }
}
