using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>Fetches every business's calendars on a schedule, so slot finding always has busy times ready in the database.</summary>
public sealed class CalendarSyncTask(CalendarSyncStore store, CalendarSyncService sync, IOptions<CalendarSyncOptions> options) : IScheduledTask
{
    public string Key => "calendar.sync";
    public string Name => "Calendar sync";
    public string Description => "Fetches each business's secret iCal addresses (conditional GET) and connected Google / Outlook busy time, and keeps them for slot offers.";
    public TimeSpan Interval => TimeSpan.FromMinutes(options.Value.IntervalMinutes);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        int businesses = 0, failed = 0;
        foreach (var businessId in await store.BusinessesWithSourcesAsync(ct))
        {
            businesses++;
            failed += await sync.RefreshAsync(businessId, ct);
        }
        return $"{businesses} business(es) synced{(failed > 0 ? $", {failed} calendar(s) failed" : "")}";
    }
}
