using CallRecover.Data;
using CallRecover.Queue;

namespace CallRecover.Estimates;

/// <summary>
/// Marks sent quotes past their expiry as expired (a YES after that no longer approves them; the reply step also
/// checks the time itself, so this sweep only keeps the dashboard's statuses honest). A scheduled task; the update is
/// conditional, so a repeated run expires nothing twice.
/// </summary>
public sealed class QuoteExpiryWorker(Db db, QuoteStore quotes, Live.LiveEvents live, TimeProvider clock) : IScheduledTask
{
    public string Key => "quotes.expiry";
    public string Name => "Expire quotes";
    public string Description => "Marks sent quotes past their expiry time as expired.";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await RunOnceAsync(ct)} quote(s) expired";

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var expired = await db.WriteAsync(tx => quotes.ExpireDueAsync(tx, clock.GetUtcNow()), ct);
        foreach (var q in expired) live.Publish(q.BusinessId, "quote", q.Id);
        return expired.Count;
    }
}
