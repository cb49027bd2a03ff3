using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>
/// Marks sent quotes past their expiry as expired (a YES after that no longer approves them; the reply step also
/// checks the time itself, so this sweep only keeps the dashboard's statuses honest). Conditional update: safe on several nodes.
/// </summary>
public sealed class QuoteExpiryWorker(Db db, Live.LiveEvents live, TimeProvider clock, ILogger<QuoteExpiryWorker> log) : BackgroundService
{
    public const string Name = "quotes.expiry";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Quote expiry run failed"); }
            try { await Task.Delay(Interval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // One statement; RETURNING gives exactly the quotes it expired, for their live events.
        var expired = await db.WriteAsync(async tx => (await tx.Connection.QueryAsync<Expired>("""
            UPDATE quotes SET status = 'expired', updated_at = @now WHERE status = 'sent' AND expires_at <= @now
            RETURNING id, business_id
            """, new { now }, tx.Transaction)).ToList(), ct);
        foreach (var q in expired) live.Publish(q.BusinessId, "quote", q.Id);
        return expired.Count;
    }

    private sealed record Expired
    {
        public string Id { get; init; } = "";
        public string BusinessId { get; init; } = "";
    }
}
