using CallRecover.Data;
using CallRecover.Tenancy;
using Dapper;
using CallRecover.Reports;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Dashboard.Overview;

/// <summary>The numbers for one period (a day or a month in the business's time zone).</summary>
public sealed record PeriodStats
{
    public int Calls { get; init; }
    public int Missed { get; init; }
    /// <summary>Missed calls whose caller then texted back in a conversation within 7 days (as in the reports).</summary>
    public int Recovered { get; init; }
    public int Qualified { get; init; }
    /// <summary>Appointments made in the period (by text or by hand) that were not cancelled.</summary>
    public int Booked { get; init; }
    public decimal EstimatedRevenue { get; init; }
}

/// <summary>One line of the recent-activity feed.</summary>
public sealed record ActivityItem
{
    public string Kind { get; init; } = "";
    public string? Ref { get; init; }
    public string Who { get; init; } = "";
    public string Detail { get; init; } = "";
    public string? Extra { get; init; }
    public DateTimeOffset At { get; init; }
}

public sealed record OverviewData(PeriodStats Today, PeriodStats Month, IReadOnlyList<ActivityItem> Activity);

/// <summary>
/// Counts for the overview, always scoped to one business, with day/month boundaries in its time zone. Today and this
/// month are the same daily figures the reports use (<see cref="DailyMetricsBuilder.CurrentAsync"/>): the month's
/// earlier days come from <c>daily_metrics</c> instead of scanning a month of calls, so the page stays fast for a busy
/// business, and the two pages never disagree.
/// </summary>
public sealed class OverviewQueries(Db db, BusinessStore businesses, DailyMetricsBuilder metrics, TimeProvider clock)
{
    public async Task<OverviewData?> GetAsync(string businessId, CancellationToken ct = default) =>
        await businesses.GetAsync(businessId, ct) is { } business ? await GetAsync(business, ct) : null;

    /// <summary>For a business already loaded (the dashboard page has it from the request).</summary>
    public async Task<OverviewData> GetAsync(Business business, CancellationToken ct = default)
    {
        var businessId = business.Id;
        var now = clock.GetUtcNow();
        var local = business.LocalTime(now);
        var monthStart = new LocalDate(local.Year, local.Month, 1);
        await using var conn = await db.OpenAsync(ct);
        var days = await metrics.CurrentAsync(conn, business, monthStart, local.Date);
        var todayKey = LocalDatePattern.Iso.Format(local.Date);
        var today = Stats(business, days.Where(d => d.Day == todayKey));
        var month = Stats(business, days);
        // The 20 newest of each source, then the 20 newest of those: each arm walks its (business_id, created_at) index
        // from the end instead of the union sorting a business's whole history.
        var activity = await conn.QueryAsync<ActivityItem>("""
            SELECT kind, ref, who, detail, extra, at FROM (
                SELECT * FROM (SELECT 'call' AS kind, id AS ref, caller_phone AS who, status AS detail, NULL AS extra, created_at AS at
                  FROM calls WHERE business_id = @businessId ORDER BY created_at DESC LIMIT 20) recent_calls
                UNION ALL
                SELECT * FROM (SELECT 'message', conversation_id, CASE WHEN direction = 'inbound' THEN from_phone ELSE to_phone END, sender, body, created_at
                  FROM messages WHERE business_id = @businessId AND conversation_id IS NOT NULL ORDER BY created_at DESC LIMIT 20) recent_messages
                UNION ALL
                SELECT * FROM (SELECT 'notification', id, title, event, body, created_at
                  FROM notifications WHERE business_id = @businessId ORDER BY created_at DESC LIMIT 20) recent_notifications
            ) feed
            ORDER BY at DESC LIMIT 20
            """, new { businessId });
        return new OverviewData(today, month, [.. activity]);
    }

    private static PeriodStats Stats(Business business, IEnumerable<DailyMetrics> days)
    {
        int calls = 0, missed = 0, recovered = 0, qualified = 0, booked = 0;
        foreach (var d in days)
        {
            calls += d.Calls; missed += d.Missed; recovered += d.Recovered; qualified += d.Qualified; booked += d.Booked;
        }
        return new PeriodStats
        {
            Calls = calls, Missed = missed, Recovered = recovered, Qualified = qualified, Booked = booked,
            EstimatedRevenue = booked * business.AverageJobValue,
        };
    }
}
