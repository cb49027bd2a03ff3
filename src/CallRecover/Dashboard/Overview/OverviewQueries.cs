using CallRecover.Data;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;

namespace CallRecover.Dashboard.Overview;

/// <summary>The numbers for one period (a day or a month in the business's time zone).</summary>
public sealed record PeriodStats
{
    public int Calls { get; init; }
    public int Missed { get; init; }
    /// <summary>Missed calls whose caller then texted back in the conversation we started.</summary>
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

/// <summary>Counts for the overview, always scoped to one business, with day/month boundaries in its time zone.</summary>
public sealed class OverviewQueries(Db db, BusinessStore businesses, TimeProvider clock)
{
    public async Task<OverviewData?> GetAsync(string businessId, CancellationToken ct = default) =>
        await businesses.GetAsync(businessId, ct) is { } business ? await GetAsync(business, ct) : null;

    /// <summary>For a business already loaded (the dashboard page has it from the request).</summary>
    public async Task<OverviewData> GetAsync(Business business, CancellationToken ct = default)
    {
        var businessId = business.Id;
        var now = clock.GetUtcNow();
        var local = business.LocalTime(now);
        var zone = business.Zone;
        var todayStart = zone.StartOfDayUtc(local.Date);
        var todayEnd = zone.StartOfDayUtc(local.Date.PlusDays(1));
        var monthStartDate = new LocalDate(local.Year, local.Month, 1);
        var monthStart = zone.StartOfDayUtc(monthStartDate);
        var monthEnd = zone.StartOfDayUtc(monthStartDate.PlusMonths(1));
        // Bounds are passed in UTC: on SQLite times are compared as text, which only orders correctly in one offset.
        await using var conn = await db.OpenAsync(ct);
        var today = await StatsAsync(conn, business, todayStart, todayEnd);
        var month = await StatsAsync(conn, business, monthStart, monthEnd);
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

    private static async Task<PeriodStats> StatsAsync(System.Data.Common.DbConnection conn, Business business, DateTimeOffset from, DateTimeOffset to)
    {
        var row = await conn.QuerySingleAsync<StatsRow>("""
            SELECT
              (SELECT COUNT(*) FROM calls WHERE business_id = @Id AND created_at >= @from AND created_at < @to) AS calls,
              (SELECT COUNT(*) FROM calls WHERE business_id = @Id AND created_at >= @from AND created_at < @to
                  AND status IN ('missed','voicemail','busy','failed')) AS missed,
              (SELECT COUNT(*) FROM calls c WHERE c.business_id = @Id AND c.created_at >= @from AND c.created_at < @to
                  AND c.status IN ('missed','voicemail','busy','failed')
                  AND EXISTS (SELECT 1 FROM messages m WHERE m.business_id = c.business_id AND m.direction = 'inbound'
                              AND m.from_phone = c.caller_phone AND m.conversation_id IS NOT NULL AND m.created_at >= c.created_at)) AS recovered,
              (SELECT COUNT(*) FROM leads WHERE business_id = @Id AND created_at >= @from AND created_at < @to
                  AND status IN ('qualified','booked','completed')) AS qualified,
              (SELECT COUNT(*) FROM appointments WHERE business_id = @Id AND created_at >= @from AND created_at < @to
                  AND status <> 'cancelled') AS booked
            """, new { business.Id, from, to });
        return new PeriodStats
        {
            Calls = (int)row.Calls, Missed = (int)row.Missed, Recovered = (int)row.Recovered, Qualified = (int)row.Qualified,
            Booked = (int)row.Booked, EstimatedRevenue = row.Booked * business.AverageJobValue,
        };
    }

    private sealed record StatsRow
    {
        public long Calls { get; init; }
        public long Missed { get; init; }
        public long Recovered { get; init; }
        public long Qualified { get; init; }
        public long Booked { get; init; }
    }
}
