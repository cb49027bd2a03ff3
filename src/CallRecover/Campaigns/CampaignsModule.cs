using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.Campaigns;

/// <summary>
/// Reactivation campaigns (issue 19): contact lists imported with their consent, campaigns sent through the one send
/// path under the send budget, replies answered by the same conversation engine.
/// </summary>
public static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddValidatedOptions<CampaignOptions>(CampaignOptions.Section);
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<CampaignStore>());
        services.AddSingleton<CampaignService>();
        services.AddScheduledTask<CampaignSender>();
        return services;
    }

    public static AppRoutes MapCampaigns(this AppRoutes routes)
    {
        CampaignEndpoints.Map(routes);
        return routes;
    }
}
