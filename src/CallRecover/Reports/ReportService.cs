using System.Data.Common;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Reports;

public static class ReportPeriods
{
    public const string Week = "week", Month = "month";
    public static readonly string[] All = [Week, Month];
}

/// <summary>One figure of a report: this period, the previous one, and what it means.</summary>
public sealed record Figure(string Key, string Label, decimal? Value, decimal? Previous, string Unit, string Definition);

public sealed record FunnelStep(string Step, int? Count, string Definition);

public sealed record HourCount(int Hour, int Missed);

public sealed record WeekdayCount(string Weekday, int Missed);

public sealed record SourceCount(string Source, int Leads);

public sealed record TechnicianRow(string TechnicianId, string Name, int Jobs, decimal Revenue, decimal? Rating);

public sealed record DayRow(string Day, int Calls, int Missed, int Recovered, int Booked);

/// <summary>A weekly or monthly report against the previous period of the same length. Money is in dollars.</summary>
public sealed record Report
{
    public string Period { get; init; } = "";
    /// <summary>First and last local day (inclusive) of the period and of the previous one.</summary>
    public string Start { get; init; } = "";
    public string End { get; init; } = "";
    public string PreviousStart { get; init; } = "";
    public string PreviousEnd { get; init; } = "";
    /// <summary>True when recovered revenue is the estimate (booked × average job value), not paid invoices.</summary>
    public bool RevenueIsEstimate { get; init; }
    public string RevenueNote { get; init; } = "";
    /// <summary>The ROI sentence the page and the email show.</summary>
    public string RoiLine { get; init; } = "";
    public IReadOnlyList<Figure> Figures { get; init; } = [];
    public IReadOnlyList<FunnelStep> Funnel { get; init; } = [];
    public IReadOnlyList<HourCount> MissedByHour { get; init; } = [];
    public IReadOnlyList<WeekdayCount> MissedByWeekday { get; init; } = [];
    public IReadOnlyList<SourceCount> LeadSources { get; init; } = [];
    public IReadOnlyList<TechnicianRow> Technicians { get; init; } = [];
    /// <summary>Null when some technician has a rating; otherwise why the rating column is left out.</summary>
    public string? RatingNote { get; init; }
    public IReadOnlyList<DayRow> Days { get; init; } = [];

    public Figure this[string key] => Figures.Single(f => f.Key == key);
}

/// <summary>
/// Builds reports from <c>daily_metrics</c> (days before today, kept current by <see cref="DailyMetricsBuilder"/>)
/// plus today computed on the spot from the source tables; technician performance is read from jobs for the period.
/// </summary>
public sealed class ReportService(Db db, MetricsStore store, DailyMetricsBuilder builder, ReportSettingsStore settings, PaidRevenue paid,
    IEnumerable<IPlanPrice> planPrices, TimeProvider clock)
{
    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The first day of the period that contains today (Monday of this week, or the 1st of this month).</summary>
    public LocalDate CurrentStart(Business business, string period)
    {
        var today = business.LocalTime(clock.GetUtcNow()).Date;
        return period == ReportPeriods.Month ? new LocalDate(today.Year, today.Month, 1) : today.PlusDays(1 - (int)today.DayOfWeek);
    }

    public static LocalDate EndOf(string period, LocalDate start) =>
        (period == ReportPeriods.Month ? start.PlusMonths(1) : start.PlusWeeks(1)).PlusDays(-1);

    public async Task<Report> BuildAsync(Business business, string period, LocalDate start, CancellationToken ct = default)
    {
        var end = EndOf(period, start);
        var previousStart = period == ReportPeriods.Month ? start.PlusMonths(-1) : start.PlusWeeks(-1);
        var previousEnd = start.PlusDays(-1);
        var cost = await settings.GetAsync(business.Id, ct);
        // The owner's own figure wins (a discount, taxes); otherwise what their plan costs once they pay for one.
        if (cost.MonthlyCostCents <= 0 && planPrices.FirstOrDefault() is { } planPrice && await planPrice.MonthlyCentsAsync(business.Id, ct) is > 0 and var cents)
            cost = cost with { MonthlyCostCents = cents };
        await using var conn = await db.OpenAsync(ct);
        if (await store.WatermarkAsync(conn, business.Id) is null) await builder.FoldAsync(business, ct);

        var days = await DaysAsync(conn, business, previousStart, end);
        var current = days.Where(d => Day(d) >= start).ToList();
        var previous = days.Where(d => Day(d) <= previousEnd).ToList();
        var avg = await AverageJobValueAsync(conn, business);
        var now = Totals.Of(current, period, start, end, cost, avg.Value, paid.Available);
        var before = Totals.Of(previous, period, previousStart, previousEnd, cost, avg.Value, paid.Available);

        var revenueNote = now.RevenueIsEstimate
            ? $"Estimate: visits booked by missed callers × average job value ${avg.Value:0.##} ({avg.Source}); no paid invoices in this period."
            : "Paid invoices of customers who first reached you by a missed call.";
        var roiLine = now.Roi is { } roi
            ? $"{(now.RevenueIsEstimate ? "An estimated " : "")}{Money(now.RecoveredRevenue)} recovered against {Money(now.Cost!.Value)} of CallRecover: {roi:0.#}× return."
            : $"{(now.RevenueIsEstimate ? "An estimated " : "")}{Money(now.RecoveredRevenue)} recovered. Add your monthly CallRecover cost in Settings to see the return.";

        var figures = new List<Figure>
        {
            F("calls", "Calls", now.Calls, before.Calls, "count", "Calls to the business number that started in the period."),
            F("missed", "Missed calls", now.Missed, before.Missed, "count", "Calls not answered (missed, voicemail, busy or failed)."),
            new("text_back_median", "Text-back time (median)", now.TextBackMedian, before.TextBackMedian, "seconds",
                "Median time from a missed call to our first text to the caller (texts within a day of the call), over every missed call of the period."),
            new("text_back_p90", "Text-back time (90th percentile)", now.TextBackP90, before.TextBackP90, "seconds",
                "Nine in ten missed callers were texted back within this time (nearest-rank 90th percentile over every missed call of the period)."),
            F("recovered", "Recovered", now.Recovered, before.Recovered, "count", "Missed calls whose caller texted back within 7 days with something other than STOP, \"wrong number\" or \"not interested\" (a caller who asked for something and opted out later still counts)."),
            F("leads", "New leads", now.Leads, before.Leads, "count", "Leads created in the period, from any source."),
            F("qualified", "Qualified", now.Qualified, before.Qualified, "count", "Leads created in the period that are now qualified, booked or completed."),
            F("booked", "Booked", now.Booked, before.Booked, "count", "Visits made in the period (by text or by hand) that are not cancelled."),
            F("recovered_booked", "Booked from missed calls", now.RecoveredBooked, before.RecoveredBooked, "count", "Booked visits of leads that started as a missed call or voicemail."),
            F("jobs_completed", "Jobs completed", now.JobsCompleted, before.JobsCompleted, "count", "Jobs marked completed in the period."),
            new("invoiced", "Invoiced", paid.Available ? now.Invoiced : null, paid.Available ? before.Invoiced : null, "usd",
                paid.Available ? "Invoices sent in the period (not void)." : "Not available: invoicing is not set up."),
            new("paid", "Paid", paid.Available ? now.Paid : null, paid.Available ? before.Paid : null, "usd",
                paid.Available ? "Invoices paid in the period." : "Not available: invoicing is not set up."),
            F("messages_in", "Texts received", now.MessagesIn, before.MessagesIn, "count", "Texts from customers."),
            F("messages_out", "Texts sent", now.MessagesOut, before.MessagesOut, "count", "Texts to customers and to you that were not blocked or cancelled."),
            F("opt_outs", "Opt-outs", now.OptOuts, before.OptOuts, "count", "People who asked not to be texted (STOP) in the period."),
            F("review_requests", "Review requests", now.ReviewRequests, before.ReviewRequests, "count", "Review request texts sent (first asks)."),
            F("review_clicks", "Review link clicks", now.ReviewClicks, before.ReviewClicks, "count", "Review requests whose link was first opened in the period."),
            new("recovered_revenue", now.RevenueIsEstimate ? "Recovered revenue (estimate)" : "Recovered revenue", now.RecoveredRevenue, before.RecoveredRevenue, "usd",
                "Paid invoices of leads that started as a missed call; where nothing was paid, visits booked by them × average job value (an estimate). " + revenueNote),
            new("subscription_cost", "CallRecover cost", now.Cost, before.Cost, "usd",
                "Your monthly CallRecover cost (Settings); for a week, the monthly cost × 12 ÷ 365 × 7."),
            new("roi", "Return on CallRecover", now.Roi, before.Roi, "ratio", "Recovered revenue ÷ CallRecover cost for the period; empty until the cost is set."),
            new("revenue_per_missed_call", "Revenue per missed call", now.PerMissed, before.PerMissed, "usd", "Recovered revenue ÷ missed calls."),
            new("average_job_value", "Average job value", avg.Value, avg.Value, "usd", $"Used for the estimate: {avg.Source}."),
        };

        var funnel = new List<FunnelStep>
        {
            new("missed", now.Missed, "Missed calls."),
            new("replied", now.Recovered, "Missed callers who texted back with more than STOP, \"wrong number\" or \"not interested\" (recovered)."),
            new("qualified", now.Qualified, "New leads now qualified or further."),
            new("booked", now.Booked, "Visits booked and not cancelled."),
            new("completed", now.JobsCompleted, "Jobs completed."),
            new("paid", paid.Available ? now.JobsPaid : null, paid.Available ? "Jobs paid." : "Not available: invoicing is not set up."),
        };

        var byHour = new int[24];
        var byWeekday = new int[7];
        var sources = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in current)
        {
            var hours = Json.Deserialize<int[]>(d.MissedByHour);
            for (var h = 0; h < Math.Min(24, hours.Length); h++) byHour[h] += hours[h];
            byWeekday[(int)Day(d).DayOfWeek - 1] += d.Missed;
            foreach (var (source, n) in Json.Deserialize<Dictionary<string, int>>(d.LeadsBySource))
                sources[source] = sources.GetValueOrDefault(source) + n;
        }

        var technicians = await TechniciansAsync(conn, business, start, end, avg.Value);
        return new Report
        {
            Period = period,
            Start = Iso(start), End = Iso(end), PreviousStart = Iso(previousStart), PreviousEnd = Iso(previousEnd),
            RevenueIsEstimate = now.RevenueIsEstimate, RevenueNote = revenueNote, RoiLine = roiLine,
            Figures = [.. figures.Select(f => f with { Value = Plain(f.Value), Previous = Plain(f.Previous) })], Funnel = funnel,
            MissedByHour = [.. byHour.Select((n, h) => new HourCount(h, n))],
            MissedByWeekday = [.. byWeekday.Select((n, i) => new WeekdayCount(Weekdays[i], n))],
            LeadSources = [.. sources.Select(kv => new SourceCount(kv.Key, kv.Value))],
            Technicians = technicians,
            RatingNote = technicians.Any(t => t.Rating is not null) ? null : "No technician has a rating yet, so ratings are left out.",
            Days = [.. Enumerable.Range(0, Period.Between(start, end, PeriodUnits.Days).Days + 1).Select(i =>
            {
                var day = Iso(start.PlusDays(i));
                var m = current.FirstOrDefault(c => c.Day == day) ?? new DailyMetrics { Day = day };
                return new DayRow(day, m.Calls, m.Missed, m.Recovered, m.Booked);
            })],
        };
    }

    /// <summary>The days of the range as they are now (<see cref="DailyMetricsBuilder.CurrentAsync"/>).</summary>
    private Task<List<DailyMetrics>> DaysAsync(DbConnection conn, Business business, LocalDate from, LocalDate to) =>
        builder.CurrentAsync(conn, business, from, to);

    /// <summary>The average of the business's approved quotes; the business's own average job value when it has none.</summary>
    private static async Task<(decimal Value, string Source)> AverageJobValueAsync(DbConnection conn, Business business)
    {
        var row = await conn.QuerySingleAsync<AvgRow>(
            "SELECT COUNT(*) AS n, COALESCE(SUM(total), 0) AS total FROM quotes WHERE business_id = @Id AND status = 'approved'", new { business.Id });
        return row.N > 0
            ? (decimal.Round(row.Total / row.N, 2), $"the average of {row.N} approved quote{(row.N == 1 ? "" : "s")}")
            : (business.AverageJobValue, "your average job value setting");
    }

    private async Task<IReadOnlyList<TechnicianRow>> TechniciansAsync(DbConnection conn, Business business, LocalDate start, LocalDate end, decimal avg)
    {
        var from = business.Zone.StartOfDayUtc(start);
        var to = business.Zone.StartOfDayUtc(end.PlusDays(1));
        var rows = await conn.QueryAsync<TechRow>("""
            SELECT t.id AS technician_id, t.name, t.rating, j.id AS job_id, q.total AS quote_total
            FROM technicians t
            JOIN (SELECT DISTINCT technician_id, job_id FROM appointments
                  WHERE business_id = @b AND technician_id IS NOT NULL AND job_id IS NOT NULL) a ON a.technician_id = t.id
            JOIN jobs j ON j.id = a.job_id AND j.business_id = t.business_id
            LEFT JOIN quotes q ON q.id = j.quote_id AND q.business_id = j.business_id
            WHERE t.business_id = @b AND j.stage = 'completed' AND j.completed_at >= @from AND j.completed_at < @to
            """, new { b = business.Id, from, to });
        return [.. rows.GroupBy(r => r.TechnicianId)
            .Select(g => new TechnicianRow(g.Key, g.First().Name, g.Count(), Plain(g.Sum(r => r.QuoteTotal ?? avg))!.Value, Plain(g.First().Rating)))
            .OrderByDescending(t => t.Jobs).ThenBy(t => t.Name, StringComparer.Ordinal)];
    }

    private static Figure F(string key, string label, int value, int previous, string unit, string definition) =>
        new(key, label, value, previous, unit, definition);

    /// <summary>The same amount without trailing zeros (PostgreSQL's NUMERIC(12,2) brings "500.00", SQLite "500").</summary>
    private static decimal? Plain(decimal? v) => v / 1.000000000000000000000000000000000m;

    private static LocalDate Day(DailyMetrics m) => LocalDatePattern.Iso.Parse(m.Day).Value;

    public static string Iso(LocalDate d) => LocalDatePattern.Iso.Format(d);

    public static string Money(decimal v) => v.ToString("$#,0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    public static decimal? Percentile(IReadOnlyList<long> sorted, int p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100m * sorted.Count) - 1)];

    private sealed record Totals
    {
        public int Calls, Missed, Recovered, Leads, Qualified, Booked, RecoveredBooked, JobsCompleted, JobsPaid, MessagesIn, MessagesOut, OptOuts, ReviewRequests, ReviewClicks;
        public decimal Invoiced, Paid, RecoveredRevenue;
        public decimal? TextBackMedian, TextBackP90, Cost, Roi, PerMissed;
        public bool RevenueIsEstimate;

        public static Totals Of(List<DailyMetrics> days, string period, LocalDate start, LocalDate end, ReportSettings settings, decimal avg, bool paidAvailable)
        {
            var t = new Totals();
            var textBacks = new List<long>();
            long paidRecoveredCents = 0;
            foreach (var d in days)
            {
                t.Calls += d.Calls; t.Missed += d.Missed; t.Recovered += d.Recovered; t.Leads += d.Leads; t.Qualified += d.Qualified;
                t.Booked += d.Booked; t.RecoveredBooked += d.RecoveredBooked; t.JobsCompleted += d.JobsCompleted; t.JobsPaid += d.JobsPaid;
                t.MessagesIn += d.MessagesIn; t.MessagesOut += d.MessagesOut; t.OptOuts += d.OptOuts;
                t.ReviewRequests += d.ReviewRequests; t.ReviewClicks += d.ReviewClicks;
                t.Invoiced += d.InvoicedCents / 100m; t.Paid += d.PaidCents / 100m;
                paidRecoveredCents += d.PaidRecoveredCents;
                textBacks.AddRange(Json.Deserialize<long[]>(d.TextBackSeconds));
            }
            textBacks.Sort();
            t.TextBackMedian = Percentile(textBacks, 50);
            t.TextBackP90 = Percentile(textBacks, 90);
            t.RevenueIsEstimate = !paidAvailable || paidRecoveredCents == 0;
            t.RecoveredRevenue = t.RevenueIsEstimate ? t.RecoveredBooked * avg : paidRecoveredCents / 100m;
            var monthly = settings.MonthlyCostCents / 100m;
            t.Cost = monthly <= 0 ? null
                : period == ReportPeriods.Month ? monthly
                : decimal.Round(monthly * 12m / 365m * (Period.Between(start, end, PeriodUnits.Days).Days + 1), 2);
            t.Roi = t.Cost is { } c ? decimal.Round(t.RecoveredRevenue / c, 2) : null;
            t.PerMissed = t.Missed == 0 ? null : decimal.Round(t.RecoveredRevenue / t.Missed, 2);
            return t;
        }
    }

    private sealed record AvgRow
    {
        public long N { get; init; }
        public decimal Total { get; init; }
    }

    private sealed record TechRow
    {
        public string TechnicianId { get; init; } = "";
        public string Name { get; init; } = "";
        public decimal? Rating { get; init; }
        public string JobId { get; init; } = "";
        public decimal? QuoteTotal { get; init; }
    }
}
