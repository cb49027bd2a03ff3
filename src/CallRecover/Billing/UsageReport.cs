using System.Globalization;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Dapper;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallRecover.Billing;

/// <summary>One business's usage in a month (a row of <c>GET /api/admin/usage</c>).</summary>
public sealed record BusinessUsage
{
    public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>Outbound texts the carrier accepted (they have a carrier id).</summary>
    public int TextsSent { get; init; }
    /// <summary>Their SMS segments (<see cref="SmsSegments"/>: GSM-7 160/153, UCS-2 70/67).</summary>
    public int Segments { get; init; }
    public int InboundTexts { get; init; }
    /// <summary>Sum of call durations, each call rounded up to a whole minute.</summary>
    public int CallMinutes { get; init; }
    /// <summary>Minutes of recordings transcribed (done), each rounded up to a whole minute.</summary>
    public int TranscriptionMinutes { get; init; }
    /// <summary>The business's plan (its subscription's, else the default plan); null on the totals row.</summary>
    public string? Plan { get; init; }
    public int? IncludedSegments { get; init; }
    public int? IncludedCallMinutes { get; init; }
    /// <summary>Segments and call minutes over the plan's allowance this month.</summary>
    public int? OverSegments { get; init; }
    public int? OverCallMinutes { get; init; }
}

public sealed record UsageSnapshot(string Month, DateTimeOffset From, DateTimeOffset To, BusinessUsage Totals, IReadOnlyList<BusinessUsage> Businesses);

/// <summary>
/// Usage per business per calendar month (UTC), counted from the stored calls, messages and transcriptions, with the
/// business's plan allowance and what went over it. Set-based: one query per figure, grouped by business. The
/// <c>usage.rollup</c> task stores these counts in <c>usage</c> (<see cref="UsageStore"/>).
/// </summary>
public sealed class UsageReport(Db db, BusinessStore businesses, IOptions<SubscriptionsOptions> options, TimeProvider clock)
{
    /// <summary>Reads <c>YYYY-MM</c> (null or blank: the current UTC month); false for anything else.</summary>
    public bool TryMonth(string? month, out DateTimeOffset from)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            var now = clock.GetUtcNow();
            from = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return true;
        }
        var ok = DateTime.TryParseExact(month.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        ok = ok && LocalTimes.IsSensible(new LocalDate(parsed.Year, parsed.Month, 1));
        from = ok ? new DateTimeOffset(parsed.Year, parsed.Month, 1, 0, 0, 0, TimeSpan.Zero) : default;
        return ok;
    }

    /// <summary>The month's usage of every business, or of one (<paramref name="businessId"/>: the totals are then that business's).</summary>
    public async Task<UsageSnapshot> ComputeAsync(DateTimeOffset from, CancellationToken ct = default, string? businessId = null)
    {
        var to = from.AddMonths(1);
        var all = (await businesses.ListAsync(ct)).Where(b => businessId is null || b.Id == businessId).ToList();
        await using var conn = await db.OpenAsync(ct);
        var args = new { from, to, businessId };
        // One business (the owner's Plan & billing section) reads only its own rows.
        var only = businessId is null ? "" : " AND b.id = @businessId";

        // Segments need each body; the bodies are read, counted and dropped here (never logged).
        var sent = new Dictionary<string, (int Texts, int Segments)>();
        var bodies = await conn.QueryAsync<BodyRow>(new CommandDefinition($"""
            SELECT m.business_id, m.body
            FROM businesses b JOIN messages m ON m.business_id = b.id AND m.created_at >= @from AND m.created_at < @to
            WHERE m.direction = 'outbound' AND m.carrier_sid IS NOT NULL{only}
            """, args, cancellationToken: ct));
        foreach (var m in bodies)
        {
            var (texts, segments) = sent.GetValueOrDefault(m.BusinessId);
            sent[m.BusinessId] = (texts + 1, segments + SmsSegments.Count(m.Body));
        }
        var inbound = (await conn.QueryAsync<CountRow>(new CommandDefinition($"""
            SELECT m.business_id, COUNT(*) AS n
            FROM businesses b JOIN messages m ON m.business_id = b.id AND m.created_at >= @from AND m.created_at < @to
            WHERE m.direction = 'inbound'{only} GROUP BY m.business_id
            """, args, cancellationToken: ct))).ToDictionary(r => r.BusinessId, r => (int)r.N);
        // Integer division on both databases (duration_seconds is an integer): (s + 59) / 60 rounds each call up.
        var callMinutes = (await conn.QueryAsync<CountRow>(new CommandDefinition($"""
            SELECT c.business_id, SUM((c.duration_seconds + 59) / 60) AS n
            FROM businesses b JOIN calls c ON c.business_id = b.id AND c.created_at >= @from AND c.created_at < @to
            WHERE c.duration_seconds > 0{only} GROUP BY c.business_id
            """, args, cancellationToken: ct))).ToDictionary(r => r.BusinessId, r => (int)r.N);
        // The transcript's own length when the engine gave one, else the recording's; rounded up per recording here
        // (SQLite has no CEIL before 3.44).
        var transcribed = new Dictionary<string, int>();
        foreach (var t in await conn.QueryAsync<SecondsRow>(new CommandDefinition($"""
            SELECT t.business_id, COALESCE(t.duration_seconds, r.duration_seconds * 1.0) AS seconds
            FROM transcriptions t JOIN recordings r ON r.id = t.recording_id AND r.business_id = t.business_id
            WHERE t.status = 'done' AND r.created_at >= @from AND r.created_at < @to{(businessId is null ? "" : " AND t.business_id = @businessId")}
            """, args, cancellationToken: ct)))
            if (t.Seconds is > 0 and var s) transcribed[t.BusinessId] = transcribed.GetValueOrDefault(t.BusinessId) + (int)Math.Ceiling(s / 60);

        var plans = (await conn.QueryAsync<PlanRow>(new CommandDefinition("SELECT business_id, plan FROM subscriptions", cancellationToken: ct)))
            .ToDictionary(r => r.BusinessId, r => r.Plan);
        var rows = all.Select(b => WithPlan(new BusinessUsage
        {
            BusinessId = b.Id,
            Name = b.Name,
            TextsSent = sent.GetValueOrDefault(b.Id).Texts,
            Segments = sent.GetValueOrDefault(b.Id).Segments,
            InboundTexts = inbound.GetValueOrDefault(b.Id),
            CallMinutes = callMinutes.GetValueOrDefault(b.Id),
            TranscriptionMinutes = transcribed.GetValueOrDefault(b.Id),
        }, plans.GetValueOrDefault(b.Id) ?? options.Value.DefaultPlan)).ToList();
        var totals = new BusinessUsage
        {
            Name = "All businesses",
            TextsSent = rows.Sum(r => r.TextsSent),
            Segments = rows.Sum(r => r.Segments),
            InboundTexts = rows.Sum(r => r.InboundTexts),
            CallMinutes = rows.Sum(r => r.CallMinutes),
            TranscriptionMinutes = rows.Sum(r => r.TranscriptionMinutes),
        };
        return new UsageSnapshot(from.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, to, totals, rows);
    }

    /// <summary>A usage row with its plan's allowance and overage (a plan no longer configured shows none).</summary>
    public BusinessUsage WithPlan(BusinessUsage u, string planKey) => options.Value.Plan(planKey) is { } plan
        ? u with
        {
            Plan = planKey, IncludedSegments = plan.IncludedSegments, IncludedCallMinutes = plan.IncludedCallMinutes,
            OverSegments = Math.Max(0, u.Segments - plan.IncludedSegments), OverCallMinutes = Math.Max(0, u.CallMinutes - plan.IncludedCallMinutes),
        }
        : u with { Plan = planKey };

    private sealed record PlanRow
    {
        public string BusinessId { get; init; } = "";
        public string Plan { get; init; } = "";
    }

    private sealed record BodyRow
    {
        public string BusinessId { get; init; } = "";
        public string Body { get; init; } = "";
    }

    private sealed record CountRow
    {
        public string BusinessId { get; init; } = "";
        public long N { get; init; }
    }

    private sealed record SecondsRow
    {
        public string BusinessId { get; init; } = "";
        public double? Seconds { get; init; }
    }
}
