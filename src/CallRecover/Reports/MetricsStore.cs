using CallRecover.Data;
using Dapper;

namespace CallRecover.Reports;

/// <summary>
/// One business's figures for one local day (its time zone). Counts are of events on that day; the JSON columns keep
/// what a period needs to merge exactly: every text-back time (for the period's median and p90, never an average of
/// percentiles), missed calls by local hour, and new leads by source.
/// </summary>
public sealed record DailyMetrics
{
    /// <summary>The local date, YYYY-MM-DD.</summary>
    public string Day { get; init; } = "";
    public int Calls { get; init; }
    public int Missed { get; init; }
    /// <summary>JSON array of 24 counts: missed calls by local hour.</summary>
    public string MissedByHour { get; init; } = "[]";
    public int Recovered { get; init; }
    public int RecoveredBooked { get; init; }
    /// <summary>JSON array (sorted) of seconds from each missed call to our first text back.</summary>
    public string TextBackSeconds { get; init; } = "[]";
    public int Leads { get; init; }
    /// <summary>JSON object: new leads by source.</summary>
    public string LeadsBySource { get; init; } = "{}";
    public int Qualified { get; init; }
    public int Booked { get; init; }
    public int JobsCompleted { get; init; }
    public long InvoicedCents { get; init; }
    public long PaidCents { get; init; }
    public long PaidRecoveredCents { get; init; }
    public int JobsPaid { get; init; }
    public int MessagesIn { get; init; }
    public int MessagesOut { get; init; }
    public int OptOuts { get; init; }
    public int ReviewRequests { get; init; }
    public int ReviewClicks { get; init; }

    /// <summary>True when every figure is zero (the same as no row).</summary>
    public bool IsEmpty => Calls == 0 && Missed == 0 && Recovered == 0 && RecoveredBooked == 0 && Leads == 0 && Qualified == 0 && Booked == 0
                           && JobsCompleted == 0 && InvoicedCents == 0 && PaidCents == 0 && PaidRecoveredCents == 0 && JobsPaid == 0
                           && MessagesIn == 0 && MessagesOut == 0 && OptOuts == 0 && ReviewRequests == 0 && ReviewClicks == 0;
}

/// <summary>
/// Owner of <c>daily_metrics</c> and <c>metrics_watermarks</c>. Rows are written whole (a day recomputed from its
/// source rows by <see cref="DailyMetricsBuilder"/>), so writing a day twice, or from two nodes, gives the same row.
/// </summary>
public sealed class MetricsStore(TimeProvider clock)
{
    private const string Columns = """
        day, calls, missed, missed_by_hour, recovered, recovered_booked, text_back_seconds, leads, leads_by_source, qualified, booked,
        jobs_completed, invoiced_cents, paid_cents, paid_recovered_cents, jobs_paid, messages_in, messages_out, opt_outs,
        review_requests, review_clicks
        """;

    /// <summary>Writes (inserts or replaces) one day's row.</summary>
    public Task SaveDayAsync(DbTx tx, string businessId, DailyMetrics m) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO daily_metrics (business_id, {Columns}, computed_at)
            VALUES (@businessId, @Day, @Calls, @Missed, @MissedByHour, @Recovered, @RecoveredBooked, @TextBackSeconds, @Leads, @LeadsBySource,
                    @Qualified, @Booked, @JobsCompleted, @InvoicedCents, @PaidCents, @PaidRecoveredCents, @JobsPaid, @MessagesIn, @MessagesOut,
                    @OptOuts, @ReviewRequests, @ReviewClicks, @now)
            ON CONFLICT (business_id, day) DO UPDATE SET
                calls = excluded.calls, missed = excluded.missed, missed_by_hour = excluded.missed_by_hour, recovered = excluded.recovered,
                recovered_booked = excluded.recovered_booked, text_back_seconds = excluded.text_back_seconds, leads = excluded.leads,
                leads_by_source = excluded.leads_by_source, qualified = excluded.qualified, booked = excluded.booked,
                jobs_completed = excluded.jobs_completed, invoiced_cents = excluded.invoiced_cents, paid_cents = excluded.paid_cents,
                paid_recovered_cents = excluded.paid_recovered_cents, jobs_paid = excluded.jobs_paid, messages_in = excluded.messages_in,
                messages_out = excluded.messages_out, opt_outs = excluded.opt_outs, review_requests = excluded.review_requests,
                review_clicks = excluded.review_clicks, computed_at = excluded.computed_at
            """, new
        {
            businessId, m.Day, m.Calls, m.Missed, m.MissedByHour, m.Recovered, m.RecoveredBooked, m.TextBackSeconds, m.Leads, m.LeadsBySource,
            m.Qualified, m.Booked, m.JobsCompleted, m.InvoicedCents, m.PaidCents, m.PaidRecoveredCents, m.JobsPaid, m.MessagesIn, m.MessagesOut,
            m.OptOuts, m.ReviewRequests, m.ReviewClicks, now = clock.GetUtcNow(),
        }, tx.Transaction);

    /// <summary>Stored rows for the local days <paramref name="from"/> to <paramref name="to"/> (inclusive, YYYY-MM-DD), in order.</summary>
    public async Task<IReadOnlyList<DailyMetrics>> RangeAsync(System.Data.Common.DbConnection conn, string businessId, string from, string to) =>
        [.. await conn.QueryAsync<DailyMetrics>($"SELECT {Columns} FROM daily_metrics WHERE business_id = @businessId AND day >= @from AND day <= @to ORDER BY day",
            new { businessId, from, to })];

    /// <summary>Changes at or after this instant have not been folded yet; null when the business was never folded.</summary>
    public async Task<DateTimeOffset?> WatermarkAsync(System.Data.Common.DbConnection conn, string businessId, System.Data.Common.DbTransaction? tx = null) =>
        (await conn.QuerySingleOrDefaultAsync<Watermark>(
            "SELECT folded_until FROM metrics_watermarks WHERE business_id = @businessId", new { businessId }, tx))?.FoldedUntil;

    public Task SetWatermarkAsync(DbTx tx, string businessId, DateTimeOffset foldedUntil) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO metrics_watermarks (business_id, folded_until, updated_at) VALUES (@businessId, @foldedUntil, @now)
            ON CONFLICT (business_id) DO UPDATE SET folded_until = excluded.folded_until, updated_at = excluded.updated_at
            """, new { businessId, foldedUntil, now = clock.GetUtcNow() }, tx.Transaction);

    private sealed record Watermark
    {
        public DateTimeOffset FoldedUntil { get; init; }
    }
}
