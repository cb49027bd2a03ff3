using System.Data.Common;
using Dapper;

namespace CallRecover.Reports;

/// <summary>Money invoiced and paid on one local day.</summary>
public sealed record DayRevenue(long InvoicedCents, long PaidCents, long PaidRecoveredCents, int JobsPaid)
{
    public static readonly DayRevenue None = new(0, 0, 0, 0);
}

/// <summary>
/// Where paid revenue enters the metrics: the invoiced and paid amounts of a day, read from <c>invoices</c> (written
/// only by <c>Payments/InvoiceStore</c>), and when invoices changed. An invoice counts as invoiced on the day it was
/// sent and as paid on the day it was paid (void ones never); a paid invoice of a lead that started as a missed call or
/// voicemail (<see cref="DailyMetricsBuilder.RecoveredSources"/>) is recovered revenue. Where a period has no paid
/// recovered revenue, reports fall back to the estimate (booked × average job value), labelled as one.
/// </summary>
public sealed class PaidRevenue
{
    /// <summary>Whether paid revenue can exist in this build (invoices and payments are part of it).</summary>
    public bool Available => true;

    public async Task<DayRevenue> OfDayAsync(DbConnection conn, string businessId, DateTimeOffset from, DateTimeOffset to)
    {
        var row = await conn.QuerySingleAsync<RevenueRow>("""
            SELECT
              (SELECT COALESCE(SUM(total_cents), 0) FROM invoices
                 WHERE business_id = @businessId AND status <> 'void' AND sent_at >= @from AND sent_at < @to) AS invoiced_cents,
              (SELECT COALESCE(SUM(total_cents), 0) FROM invoices
                 WHERE business_id = @businessId AND status = 'paid' AND paid_at >= @from AND paid_at < @to) AS paid_cents,
              (SELECT COALESCE(SUM(i.total_cents), 0) FROM invoices i JOIN leads l ON l.id = i.lead_id AND l.business_id = i.business_id
                 WHERE i.business_id = @businessId AND i.status = 'paid' AND i.paid_at >= @from AND i.paid_at < @to
                   AND l.source IN ('missed_call','voicemail')) AS paid_recovered_cents,
              (SELECT COUNT(DISTINCT job_id) FROM invoices
                 WHERE business_id = @businessId AND status = 'paid' AND paid_at >= @from AND paid_at < @to) AS jobs_paid
            """, new { businessId, from, to });
        return new DayRevenue(row.InvoicedCents, row.PaidCents, row.PaidRecoveredCents, (int)row.JobsPaid);
    }

    /// <summary>The instants (sent or paid) of invoices changed at or after <paramref name="since"/>: the days they count on.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> ChangedAsync(DbConnection conn, string businessId, DateTimeOffset since)
    {
        var rows = await conn.QueryAsync<ChangedRow>(
            "SELECT sent_at, paid_at FROM invoices WHERE business_id = @businessId AND updated_at >= @since", new { businessId, since });
        return [.. rows.SelectMany(r => new[] { r.SentAt, r.PaidAt }).OfType<DateTimeOffset>()];
    }

    private sealed record RevenueRow
    {
        public long InvoicedCents { get; init; }
        public long PaidCents { get; init; }
        public long PaidRecoveredCents { get; init; }
        public long JobsPaid { get; init; }
    }

    private sealed record ChangedRow
    {
        public DateTimeOffset? SentAt { get; init; }
        public DateTimeOffset? PaidAt { get; init; }
    }
}
