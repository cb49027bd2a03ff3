using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.CalendarSync;

/// <summary>
/// Calendar sync (issue 24): the business's secret iCal addresses and its connected Google or Outlook calendar make its busy time; its
/// bookings are written into the connected calendar and published as a subscribable feed.
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
        services.AddSingleton<ICalendarProvider, GoogleCalendar>();
        services.AddSingleton<ICalendarProvider, MicrosoftCalendar>();
        services.AddSingleton<CalendarAccounts>();
        services.AddSingleton<IAppointmentChangedHook, CalendarPushQueue>();
        services.AddWorkHandler<CalendarPush>();
        GoogleCalendar.AddHttpClient(services);
        MicrosoftCalendar.AddHttpClient(services);
        services.AddScheduledTask<CalendarSyncTask>();
        IcsFetcher.AddHttpClient(services);
        return services;
    }

    public static AppRoutes MapCalendarSync(this AppRoutes routes)
    {
        CalendarSyncEndpoints.Map(routes);
        CalendarSyncEndpoints.MapConnect(routes.Dashboard);
        return routes;
    }
}
