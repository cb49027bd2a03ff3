using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.Webhooks;

/// <summary>Outbound webhooks: the outbox capabilities raise events into, the signed sender, and the subscription routes.</summary>
public static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddValidatedOptions<OutboundOptions>(OutboundOptions.Section);
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddWorkHandler<WebhookSender>();
        WebhookSender.AddHttpClient(services);
        return services;
    }

    public static AppRoutes MapWebhooks(this AppRoutes routes)
    {
        WebhookEndpoints.Map(routes.OperatorBusiness, http => (string)http.GetRouteValue("businessId")!,
            http => Problems.OperatorActor(http.Request.Query["by"].ToString()));
        return routes;
    }
}
