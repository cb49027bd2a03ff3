using System.Data.Common;

namespace CallRecover.Reports;

/// <summary>Money invoiced and paid on one local day.</summary>
public sealed record DayRevenue(long InvoicedCents, long PaidCents, long PaidRecoveredCents, int JobsPaid)
{
    public static readonly DayRevenue None = new(0, 0, 0, 0);
}

/// <summary>
/// THE place paid revenue plugs into the metrics: invoiced and paid amounts of a day, and when invoices changed.
/// Invoices (issue #17, table <c>invoices</c>) are not on this branch's main yet, so there is no paid revenue: every
/// day is <see cref="DayRevenue.None"/> and reports fall back to the estimate (booked × average job value), labelled
/// as one. When invoices land, these two methods read them (sent_at / paid_at in the day, status not void; paid ones
/// of leads from <see cref="DailyMetricsBuilder.RecoveredSources"/> are recovered) and nothing else changes.
/// </summary>
public sealed class PaidRevenue
{
    /// <summary>Whether any paid revenue can exist (false until invoices land).</summary>
    public bool Available => false;

    public Task<DayRevenue> OfDayAsync(DbConnection conn, string businessId, DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult(DayRevenue.None);

    /// <summary>The instants (sent or paid) of invoices changed at or after <paramref name="since"/>: the days they count on.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> ChangedAsync(DbConnection conn, string businessId, DateTimeOffset since) =>
        Task.FromResult<IReadOnlyList<DateTimeOffset>>([]);
}
