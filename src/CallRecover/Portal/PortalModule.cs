namespace CallRecover.Portal;

public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddSingleton<PortalLinkStore>();
        services.AddSingleton<PortalService>();
        services.AddSingleton<PortalPage>();
        return services;
    }
}
