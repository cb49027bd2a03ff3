using System.Globalization;
using CallRecover.Data;
using CallRecover.Queue;
using Dapper;

namespace CallRecover.Billing;

/// <summary>A business's stored usage for one month (a row of <c>usage</c>).</summary>
public sealed record MonthlyUsage
{
    public string BusinessId { get; init; } = "";
    public string Month { get; init; } = "";
    public int Texts { get; init; }
    public int Segments { get; init; }
    public int InboundTexts { get; init; }
    public int CallMinutes { get; init; }
    public int TranscriptionMinutes { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// The only writer of <c>usage</c>. Metering is a roll-up, not a counter bumped on each event: every run writes the
/// counts <see cref="UsageReport"/> computes from the stored messages, calls and transcriptions, so a webhook the carrier
/// retries, a work item run twice or a repeated roll-up can never count anything twice — the stored rows are the truth.
/// </summary>
public sealed class UsageStore(Db db, TimeProvider clock)
{
    public async Task<MonthlyUsage?> GetAsync(string businessId, string month, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<MonthlyUsage>(new CommandDefinition("""
            SELECT business_id, month, texts, segments, inbound_texts, call_minutes, transcription_minutes, updated_at
            FROM usage WHERE business_id = @businessId AND month = @month
            """, new { businessId, month }, cancellationToken: ct));
    }

    /// <summary>Writes one month's counts for every business in the snapshot (replacing what was there).</summary>
    public async Task<int> SaveAsync(UsageSnapshot snapshot, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.WriteAsync(async tx =>
        {
            foreach (var u in snapshot.Businesses)
                await tx.Connection.ExecuteAsync("""
                    INSERT INTO usage (business_id, month, texts, segments, inbound_texts, call_minutes, transcription_minutes, updated_at)
                    VALUES (@BusinessId, @month, @TextsSent, @Segments, @InboundTexts, @CallMinutes, @TranscriptionMinutes, @now)
                    ON CONFLICT (business_id, month) DO UPDATE SET texts = excluded.texts, segments = excluded.segments,
                        inbound_texts = excluded.inbound_texts, call_minutes = excluded.call_minutes,
                        transcription_minutes = excluded.transcription_minutes, updated_at = excluded.updated_at
                    """, new { u.BusinessId, month = snapshot.Month, u.TextsSent, u.Segments, u.InboundTexts, u.CallMinutes, u.TranscriptionMinutes, now },
                    tx.Transaction);
            return snapshot.Businesses.Count;
        }, ct);
    }
}

/// <summary>
/// Rolls this month's usage up into <c>usage</c> (and last month's during the first days of a month, so late carrier
/// callbacks still land in the month they belong to).
/// </summary>
public sealed class UsageRollupTask(UsageReport report, UsageStore store, TimeProvider clock) : IScheduledTask
{
    public string Key => "usage.rollup";
    public string Name => "Usage roll-up";
    public string Description => "Counts each business's texts, segments, call and transcription minutes this month from the stored rows.";
    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = await store.SaveAsync(await report.ComputeAsync(month, ct), ct);
        if (now.Day <= 3) await store.SaveAsync(await report.ComputeAsync(month.AddMonths(-1), ct), ct);
        return $"{rows} businesses metered for {month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";
    }
}
