using CallRecover.Common;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Notifications;

public static class NotificationsModule
{
    /// <summary>Stored owner notifications and their delivery on each channel (email here; SMS is registered with the send path).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<NotificationStore>());
        services.AddSingleton<Notifier>();
        services.AddWorkHandler<NotificationDeliveryHandler>();
        services.AddEmail();
        return services;
    }

    public sealed record NotificationsView(int Unread, IReadOnlyList<Notification> Items);

    public static AppRoutes MapNotifications(this AppRoutes routes)
    {
        routes.OperatorBusiness.MapGet("/notifications", async (string businessId, bool? unread, NotificationStore notifications, CancellationToken ct) =>
            TypedResults.Ok(await notifications.ListAsync(businessId, unread ?? false, ct: ct)));
        routes.Dashboard.MapGet("/notifications", async Task<Results<Ok<NotificationsView>, NotFound>> (HttpContext http, NotificationStore store, bool? unread, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b
                ? TypedResults.Ok(new NotificationsView(await store.UnreadCountAsync(b, ct), await store.ListAsync(b, unread ?? false, 200, ct)))
                : TypedResults.NotFound());
        routes.Operator.MapEmailAdmin();
        return routes;
    }
}
