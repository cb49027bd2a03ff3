using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.CalendarSync;

/// <summary>
/// Calendar sync without an account (issue 24): the business's secret iCal addresses make its busy time, and its visits are
/// published as a subscribable feed.
/// </summary>
public static class CalendarSyncModule
{
    public static IServiceCollection AddCalendarSync(this IServiceCollection services)
    {
        services.AddValidatedOptions<CalendarSyncOptions>(CalendarSyncOptions.Section);
        services.AddSingleton<CalendarSyncStore>();
        services.AddSingleton<IcsFetcher>();
        services.AddSingleton<CalendarSyncService>();
        services.AddSingleton<IBusyTimeSource>(sp => sp.GetRequiredService<CalendarSyncService>());
        services.AddSingleton<CalendarFeeds>();
        services.AddScheduledTask<CalendarSyncTask>();
        IcsFetcher.AddHttpClient(services);
        return services;
    }

    public static AppRoutes MapCalendarSync(this AppRoutes routes)
    {
        CalendarSyncEndpoints.Map(routes);
        return routes;
    }
}
