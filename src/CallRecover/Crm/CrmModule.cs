using CallRecover.Common;
using CallRecover.Queue;
using CallRecover.Webhooks;

namespace CallRecover.Crm;

/// <summary>CRM sync: pushes leads to the business's Rukovoditel from the webhook events and reads statuses back.</summary>
public static class CrmModule
{
    public static IServiceCollection AddCrm(this IServiceCollection services)
    {
        services.AddSingleton<CrmStore>();
        services.AddSingleton<CrmSecrets>();
        services.AddSingleton<RukovoditelClient>();
        services.AddSingleton<CrmConnections>();
        services.AddSingleton<IWebhookEventObserver, CrmEvents>();
        services.AddWorkHandler<CrmSync>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant, CrmErasure>();
        services.AddScheduledTask<CrmPoll>();
        RukovoditelClient.AddHttpClient(services);
        return services;
    }

    public static AppRoutes MapCrm(this AppRoutes routes)
    {
        CrmEndpoints.Map(routes.OperatorBusiness, http => (string)http.GetRouteValue("businessId")!,
            http => Problems.OperatorActor(http.Request.Query["by"].ToString()));
        return routes;
    }
}
