using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Reports;

/// <summary>The "make sure every business has its next one queued" step of the owner's scheduled emails.</summary>
internal static class EveryBusiness
{
    /// <summary>Runs <paramref name="scheduleNext"/> for each business in its own transaction; returns how many queued something new.</summary>
    public static async Task<int> ScheduleAsync(Db db, BusinessStore businesses, Func<DbTx, Business, Task<bool>> scheduleNext, CancellationToken ct)
    {
        var added = 0;
        foreach (var b in await businesses.ListAsync(ct))
            if (await db.WriteAsync(tx => scheduleNext(tx, b), ct)) added++;
        return added;
    }
}
