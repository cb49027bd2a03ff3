using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;

namespace CallRecover.Operator;

/// <summary>One business's health at a glance (a row of <c>GET /api/admin/health</c> and of the console's table).</summary>
public sealed record BusinessHealth
{
    public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    public string CarrierNumber { get; init; } = "";
    public string OwnerEmail { get; init; } = "";
    public string SubscriptionStatus { get; init; } = "";
    /// <summary>The newest inbound call or text (what the carrier's webhooks last brought), null when none ever came.</summary>
    public DateTimeOffset? LastInboundAt { get; init; }
    /// <summary>Median seconds from a missed call's end to its greeting accepted by the carrier, for greetings of the business's local today; null when none.</summary>
    public double? TextBackP50Seconds { get; init; }
    /// <summary>How many greetings today's median is over.</summary>
    public int TextBacksToday { get; init; }
    /// <summary>Work items whose last attempt failed and that wait for the next.</summary>
    public int FailedWork { get; init; }
    /// <summary>Work items that gave up (dead): they need the operator's retry or discard.</summary>
    public int DeadWork { get; init; }
    /// <summary>Last 30 days: opt-outs from this business over the distinct numbers it texted (0–1); null when it texted nobody.</summary>
    public double? OptOutRate { get; init; }
    public int OptOuts30d { get; init; }
    public int TextedNumbers30d { get; init; }
    /// <summary>Last 24 hours: outbound texts failed or undelivered with a carrier error code.</summary>
    public int CarrierErrors24h { get; init; }
    /// <summary>Those errors by carrier code (e.g. 30007 → 2).</summary>
    public IReadOnlyDictionary<string, int> CarrierErrorCodes { get; init; } = new Dictionary<string, int>();
}

/// <summary>Across every business: sums, and the newest inbound; the median over every business's text-backs today.</summary>
public sealed record HealthTotals
{
    public int Businesses { get; init; }
    public DateTimeOffset? LastInboundAt { get; init; }
    public double? TextBackP50Seconds { get; init; }
    public int TextBacksToday { get; init; }
    public int FailedWork { get; init; }
    public int DeadWork { get; init; }
    /// <summary>Work items in trouble that belong to no business (platform work).</summary>
    public int PlatformFailedWork { get; init; }
    public int PlatformDeadWork { get; init; }
    public double? OptOutRate { get; init; }
    public int OptOuts30d { get; init; }
    public int TextedNumbers30d { get; init; }
    public int CarrierErrors24h { get; init; }
}

public sealed record HealthSnapshot(DateTimeOffset At, HealthTotals Totals, IReadOnlyList<BusinessHealth> Businesses);

/// <summary>
/// The operator's health of every business, read with one set-based query per figure (each grouped by business, so the
/// cost does not grow with a query per business) and joined here. Reads only: the tables' owners are elsewhere.
/// The API and the console page both call <see cref="ComputeAsync"/>.
/// </summary>
public sealed class HealthReport(Db db, BusinessStore businesses, TimeProvider clock)
{
    public static readonly TimeSpan OptOutWindow = TimeSpan.FromDays(30), CarrierErrorWindow = TimeSpan.FromHours(24);

    public async Task<HealthSnapshot> ComputeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var all = await businesses.ListAsync(ct);
        await using var conn = await db.OpenAsync(ct);
        var since30 = now - OptOutWindow;
        var since24 = now - CarrierErrorWindow;
        // A business's "today" starts at its local midnight: at most 14 h before UTC's, so 2 days back covers every zone.
        var since2d = now - TimeSpan.FromDays(2);

        // Newest inbound per business: each read walks its business's (business_id, created_at) index backwards and stops
        // at the first hit, instead of grouping every call and text ever stored.
        var lastInbound = (await conn.QueryAsync<LastRow>(new CommandDefinition("""
            SELECT b.id AS business_id,
                   (SELECT c.created_at FROM calls c WHERE c.business_id = b.id ORDER BY c.created_at DESC LIMIT 1) AS last_call,
                   (SELECT m.created_at FROM messages m WHERE m.business_id = b.id AND m.direction = 'inbound' ORDER BY m.created_at DESC LIMIT 1) AS last_text
            FROM businesses b
            """, cancellationToken: ct))).ToDictionary(r => r.BusinessId, r => Latest(r.LastCall, r.LastText));
        var greetings = (await conn.QueryAsync<GreetingRow>(new CommandDefinition("""
            SELECT business_id, created_at, accepted_at FROM messages
            WHERE purpose = 'greeting' AND accepted_at IS NOT NULL AND created_at >= @since2d
            """, new { since2d }, cancellationToken: ct))).ToLookup(r => r.BusinessId);
        var work = (await conn.QueryAsync<WorkRow>(new CommandDefinition($"""
            SELECT business_id,
                   SUM(CASE WHEN {WorkQueue.DeadSql} THEN 1 ELSE 0 END) AS dead,
                   SUM(CASE WHEN {WorkQueue.FailingSql} THEN 1 ELSE 0 END) AS failing
            FROM work_items WHERE status IN ('dead', 'pending') GROUP BY business_id
            """, cancellationToken: ct))).ToList();
        var optOuts = (await conn.QueryAsync<CountRow>(new CommandDefinition(
            "SELECT business_id, COUNT(*) AS n FROM opt_outs WHERE business_id IS NOT NULL AND created_at >= @since30 GROUP BY business_id",
            new { since30 }, cancellationToken: ct))).ToDictionary(r => r.BusinessId!, r => (int)r.N);
        var texted = (await conn.QueryAsync<CountRow>(new CommandDefinition("""
            SELECT m.business_id, COUNT(DISTINCT m.to_phone) AS n
            FROM businesses b JOIN messages m ON m.business_id = b.id AND m.created_at >= @since30
            WHERE m.direction = 'outbound' AND m.carrier_sid IS NOT NULL GROUP BY m.business_id
            """, new { since30 }, cancellationToken: ct))).ToDictionary(r => r.BusinessId!, r => (int)r.N);
        var errors = (await conn.QueryAsync<ErrorRow>(new CommandDefinition("""
            SELECT m.business_id, m.error_code, COUNT(*) AS n
            FROM businesses b JOIN messages m ON m.business_id = b.id AND m.updated_at >= @since24
            WHERE m.direction = 'outbound' AND m.status IN ('failed', 'undelivered') AND m.error_code IS NOT NULL
            GROUP BY m.business_id, m.error_code
            """, new { since24 }, cancellationToken: ct))).ToLookup(r => r.BusinessId);
        var workBy = work.Where(w => w.BusinessId is not null).ToDictionary(w => w.BusinessId!);

        var allTextBacks = new List<double>();
        var rows = new List<BusinessHealth>(all.Count);
        foreach (var b in all)
        {
            var startOfToday = b.Zone.StartOfDayUtc(Instant.FromDateTimeOffset(now).InZone(b.Zone).Date);
            var textBacks = greetings[b.Id].Where(g => g.CreatedAt >= startOfToday)
                .Select(g => Math.Max(0, (g.AcceptedAt - g.CreatedAt).TotalSeconds)).ToList();
            allTextBacks.AddRange(textBacks);
            var w = workBy.GetValueOrDefault(b.Id);
            var outs = optOuts.GetValueOrDefault(b.Id);
            var numbers = texted.GetValueOrDefault(b.Id);
            var errs = errors[b.Id].ToList();
            rows.Add(new BusinessHealth
            {
                BusinessId = b.Id,
                Name = b.Name,
                CarrierNumber = b.CarrierNumber ?? "",
                OwnerEmail = b.OwnerEmail,
                SubscriptionStatus = b.SubscriptionStatus,
                LastInboundAt = lastInbound.GetValueOrDefault(b.Id),
                TextBackP50Seconds = Median(textBacks),
                TextBacksToday = textBacks.Count,
                FailedWork = (int)(w?.Failing ?? 0),
                DeadWork = (int)(w?.Dead ?? 0),
                OptOuts30d = outs,
                TextedNumbers30d = numbers,
                OptOutRate = numbers == 0 ? null : Math.Round((double)outs / numbers, 4),
                CarrierErrors24h = (int)errs.Sum(e => e.N),
                CarrierErrorCodes = errs.ToDictionary(e => e.ErrorCode, e => (int)e.N),
            });
        }
        var platform = work.FirstOrDefault(w => w.BusinessId is null);
        var totalOuts = rows.Sum(r => r.OptOuts30d);
        var totalNumbers = rows.Sum(r => r.TextedNumbers30d);
        var totals = new HealthTotals
        {
            Businesses = rows.Count,
            LastInboundAt = rows.Max(r => r.LastInboundAt),
            TextBackP50Seconds = Median(allTextBacks),
            TextBacksToday = allTextBacks.Count,
            FailedWork = rows.Sum(r => r.FailedWork),
            DeadWork = rows.Sum(r => r.DeadWork),
            PlatformFailedWork = (int)(platform?.Failing ?? 0),
            PlatformDeadWork = (int)(platform?.Dead ?? 0),
            OptOuts30d = totalOuts,
            TextedNumbers30d = totalNumbers,
            OptOutRate = totalNumbers == 0 ? null : Math.Round((double)totalOuts / totalNumbers, 4),
            CarrierErrors24h = rows.Sum(r => r.CarrierErrors24h),
        };
        return new HealthSnapshot(now, totals, rows);
    }

    /// <summary>The median (the mean of the middle two for an even count); null for none.</summary>
    public static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed record LastRow
    {
        public string BusinessId { get; init; } = "";
        public DateTimeOffset? LastCall { get; init; }
        public DateTimeOffset? LastText { get; init; }
    }

    private sealed record GreetingRow
    {
        public string BusinessId { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset AcceptedAt { get; init; }
    }

    private sealed record WorkRow
    {
        public string? BusinessId { get; init; }
        public long Dead { get; init; }
        public long Failing { get; init; }
    }

    private sealed record CountRow
    {
        public string? BusinessId { get; init; }
        public long N { get; init; }
    }

    private sealed record ErrorRow
    {
        public string BusinessId { get; init; } = "";
        public string ErrorCode { get; init; } = "";
        public long N { get; init; }
    }
}
