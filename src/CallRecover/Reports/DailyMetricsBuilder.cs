using System.Data.Common;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations.Engines;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Reports;

/// <summary>
/// Computes a business's <see cref="DailyMetrics"/> for a local day from the source tables, and keeps
/// <c>daily_metrics</c> current: <see cref="FoldAsync"/> looks only at rows changed since the business's watermark,
/// finds the days they count on, and recomputes those days whole (a day is small); <see cref="RebuildAsync"/>
/// recomputes any range the same way. So a rebuilt day equals a folded one, a repeated fold changes nothing, and
/// two nodes folding the same day write the same row.
/// </summary>
public sealed class DailyMetricsBuilder(Db db, MetricsStore store, PaidRevenue revenue, TimeProvider clock)
{
    /// <summary>Call statuses that count as missed (as on the overview).</summary>
    public static readonly string[] MissedStatuses = ["missed", "voicemail", "busy", "failed"];

    /// <summary>Lead sources that started as a missed call: their bookings and payments are recovered revenue.</summary>
    public static readonly string[] RecoveredSources = ["missed_call", "voicemail"];

    /// <summary>A missed call is recovered when the caller engages by text (<see cref="Engages"/>) in a conversation within this time.</summary>
    public static readonly TimeSpan RecoveryWindow = TimeSpan.FromDays(7);

    /// <summary>Our first text to a missed caller within this time is its text-back.</summary>
    public static readonly TimeSpan TextBackWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether a caller's text engages with the business, from what was recorded when it arrived: a text the engine
    /// answered engages unless its turn closed the thread (<see cref="TurnOutcome.Closes"/>: an opt-out in words, a wrong
    /// number, not interested); a text with no turn (a person had the conversation, or a carrier keyword answered before
    /// any engine) engages unless it is a carrier keyword (STOP, START, HELP: <see cref="ComplianceKeywords"/>, the rule the
    /// incoming-SMS path applied to it). So a caller who only said STOP or "wrong number" was not recovered; one who asked
    /// for something and opted out later was.
    /// </summary>
    /// <param name="turnOutcome">The turn's stored outcome (<c>conversation_turns.outcome</c>); null when the text had no turn (yet).</param>
    /// <param name="body">The text, read only when it had no turn.</param>
    public static bool Engages(string? turnOutcome, string? body)
    {
        if (turnOutcome is not null)
        {
            try { return !Json.Deserialize<TurnOutcome>(turnOutcome).Closes; }
            catch (System.Text.Json.JsonException) { return true; } // an unreadable outcome records no close
        }
        return ComplianceKeywords.Classify(body, optedOut: false) == ComplianceKeyword.None;
    }

    /// <summary>Rows changed this long before a fold started are looked at again by the next one (transactions still committing).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>The figures of one local day, read from the source tables.</summary>
    public async Task<DailyMetrics> ComputeDayAsync(DbConnection conn, Business business, LocalDate day)
    {
        var zone = business.Zone;
        var from = zone.StartOfDayUtc(day);
        var to = zone.StartOfDayUtc(day.PlusDays(1));
        var args = new { b = business.Id, from, to };

        var calls = (await conn.QueryAsync<CallRow>(
            "SELECT id, caller_phone, status, created_at FROM calls WHERE business_id = @b AND created_at >= @from AND created_at < @to", args)).ToList();
        var missed = calls.Where(c => MissedStatuses.Contains(c.Status)).ToList();
        var byHour = new int[24];
        foreach (var c in missed) byHour[business.LocalTime(c.CreatedAt).Hour]++;

        var textBacks = new List<long>();
        var recovered = 0;
        if (missed.Count > 0)
        {
            var phones = missed.Select(c => c.CallerPhone).Distinct().ToList();
            var messages = new List<MessageRow>();
            foreach (var chunk in phones.Chunk(400))
                messages.AddRange(await conn.QueryAsync<MessageRow>($"""
                    SELECT m.direction, m.from_phone, m.to_phone, m.status, m.conversation_id, m.created_at,
                           CASE WHEN m.direction = 'inbound' THEN m.body END AS body, t.outcome AS turn_outcome
                    FROM messages m LEFT JOIN conversation_turns t ON t.message_id = m.id
                    WHERE m.business_id = @b AND m.created_at >= @from AND m.created_at < @until
                      AND (m.from_phone {db.Dialect.InList("chunk")} OR m.to_phone {db.Dialect.InList("chunk")})
                    """, new { b = business.Id, from, until = to + RecoveryWindow, chunk }));
            foreach (var c in missed)
            {
                var first = messages.Where(m => m.Direction == "outbound" && m.ToPhone == c.CallerPhone && m.Status is not ("blocked" or "canceled")
                                                && m.CreatedAt >= c.CreatedAt && m.CreatedAt < c.CreatedAt + TextBackWindow)
                    .Select(m => (DateTimeOffset?)m.CreatedAt).Min();
                if (first is { } at) textBacks.Add((long)(at - c.CreatedAt).TotalSeconds);
                if (messages.Any(m => m.Direction == "inbound" && m.FromPhone == c.CallerPhone && m.ConversationId is not null
                                      && m.CreatedAt >= c.CreatedAt && m.CreatedAt < c.CreatedAt + RecoveryWindow && Engages(m.TurnOutcome, m.Body)))
                    recovered++;
            }
            textBacks.Sort();
        }

        var leads = (await conn.QueryAsync<LeadRow>(
            "SELECT source, status FROM leads WHERE business_id = @b AND created_at >= @from AND created_at < @to", args)).ToList();
        var row = await conn.QuerySingleAsync<CountsRow>("""
            SELECT
              (SELECT COUNT(*) FROM appointments WHERE business_id = @b AND created_at >= @from AND created_at < @to AND status <> 'cancelled') AS booked,
              (SELECT COUNT(*) FROM appointments a JOIN leads l ON l.id = a.lead_id AND l.business_id = a.business_id
                 WHERE a.business_id = @b AND a.created_at >= @from AND a.created_at < @to AND a.status <> 'cancelled'
                   AND l.source IN ('missed_call','voicemail')) AS recovered_booked,
              (SELECT COUNT(*) FROM jobs WHERE business_id = @b AND stage = 'completed' AND completed_at >= @from AND completed_at < @to) AS jobs_completed,
              (SELECT COUNT(*) FROM messages WHERE business_id = @b AND created_at >= @from AND created_at < @to AND direction = 'inbound') AS messages_in,
              (SELECT COUNT(*) FROM messages WHERE business_id = @b AND created_at >= @from AND created_at < @to AND direction = 'outbound'
                 AND status NOT IN ('blocked','canceled')) AS messages_out,
              (SELECT COUNT(*) FROM opt_outs WHERE business_id = @b AND created_at >= @from AND created_at < @to) AS opt_outs,
              (SELECT COUNT(*) FROM review_requests WHERE business_id = @b AND sent_at >= @from AND sent_at < @to) AS review_requests,
              (SELECT COUNT(*) FROM review_requests WHERE business_id = @b AND clicked_at >= @from AND clicked_at < @to) AS review_clicks
            """, args);
        var money = await revenue.OfDayAsync(conn, business.Id, from, to);

        return new DailyMetrics
        {
            Day = LocalDatePattern.Iso.Format(day),
            Calls = calls.Count,
            Missed = missed.Count,
            MissedByHour = Json.Serialize(byHour),
            Recovered = recovered,
            RecoveredBooked = (int)row.RecoveredBooked,
            TextBackSeconds = Json.Serialize(textBacks),
            Leads = leads.Count,
            LeadsBySource = Json.Serialize(new SortedDictionary<string, int>(leads.GroupBy(l => l.Source).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal)),
            Qualified = leads.Count(l => l.Status is "qualified" or "booked" or "completed"),
            Booked = (int)row.Booked,
            JobsCompleted = (int)row.JobsCompleted,
            InvoicedCents = money.InvoicedCents,
            PaidCents = money.PaidCents,
            PaidRecoveredCents = money.PaidRecoveredCents,
            JobsPaid = money.JobsPaid,
            MessagesIn = (int)row.MessagesIn,
            MessagesOut = (int)row.MessagesOut,
            OptOuts = (int)row.OptOuts,
            ReviewRequests = (int)row.ReviewRequests,
            ReviewClicks = (int)row.ReviewClicks,
        };
    }

    /// <summary>
    /// Folds the business's changes since its watermark into its day rows (all its days the first time) and moves the
    /// watermark; returns how many days were recomputed. Safe to repeat and to run on two nodes.
    /// </summary>
    public async Task<int> FoldAsync(Business business, CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var today = business.LocalTime(started).Date;
        HashSet<LocalDate> days;
        await using (var conn = await db.OpenAsync(ct))
        {
            var watermark = await store.WatermarkAsync(conn, business.Id);
            days = watermark is { } since ? await ChangedDaysAsync(conn, business, since) : await AllDaysAsync(conn, business, today);
            days.RemoveWhere(d => d > today);
        }
        await SaveAsync(business, days, started - Overlap, ct);
        return days.Count;
    }

    /// <summary>
    /// The local days <paramref name="from"/> to <paramref name="to"/> (inclusive, nothing after today) as they are now:
    /// the stored rows, except that today and every day a row changed since the last fold counts on are computed on the
    /// spot, so a page never shows figures a fold has not caught up with. Before a business's first fold every day of
    /// the range is computed on the spot. Reads only.
    /// </summary>
    public async Task<List<DailyMetrics>> CurrentAsync(DbConnection conn, Business business, LocalDate from, LocalDate to)
    {
        var today = business.LocalTime(clock.GetUtcNow()).Date;
        if (to > today) to = today;
        var rows = new List<DailyMetrics>();
        if (to < from) return rows;
        var live = new HashSet<LocalDate> { today };
        if (await store.WatermarkAsync(conn, business.Id) is { } since)
        {
            live.UnionWith(await ChangedDaysAsync(conn, business, since));
            rows.AddRange((await store.RangeAsync(conn, business.Id, Iso(from), Iso(to))).Where(r => !live.Contains(DayOf(r))));
        }
        else
            for (var d = from; d <= to; d = d.PlusDays(1)) live.Add(d);
        foreach (var d in live.Where(d => d >= from && d <= to).Order())
            rows.Add(await ComputeDayAsync(conn, business, d));
        return [.. rows.OrderBy(r => r.Day, StringComparer.Ordinal)];
    }

    private static string Iso(LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static LocalDate DayOf(DailyMetrics m) => LocalDatePattern.Iso.Parse(m.Day).Value;

    /// <summary>Recomputes the local days <paramref name="from"/> to <paramref name="to"/> (inclusive) from the source tables.</summary>
    public async Task<int> RebuildAsync(Business business, LocalDate from, LocalDate to, CancellationToken ct = default)
    {
        var days = new HashSet<LocalDate>();
        for (var d = from; d <= to; d = d.PlusDays(1)) days.Add(d);
        await SaveAsync(business, days, null, ct);
        return days.Count;
    }

    private async Task SaveAsync(Business business, IReadOnlyCollection<LocalDate> days, DateTimeOffset? watermark, CancellationToken ct)
    {
        // Read first (no write transaction held while reading), then write the rows and the watermark together.
        var rows = new List<DailyMetrics>();
        await using (var conn = await db.OpenAsync(ct))
            foreach (var d in days.Order())
                rows.Add(await ComputeDayAsync(conn, business, d));
        foreach (var batch in rows.Chunk(200))
            await db.WriteAsync(async tx =>
            {
                foreach (var r in batch) await store.SaveDayAsync(tx, business.Id, r);
            }, ct);
        if (watermark is { } w) await db.WriteAsync(tx => store.SetWatermarkAsync(tx, business.Id, w), ct);
    }

    /// <summary>The local days whose figures rows changed at or after <paramref name="since"/> count on.</summary>
    private async Task<HashSet<LocalDate>> ChangedDaysAsync(DbConnection conn, Business business, DateTimeOffset since)
    {
        var args = new { b = business.Id, since };
        var at = new List<DateTimeOffset>();
        at.AddRange(await conn.QueryAsync<DateTimeOffset>("SELECT created_at FROM calls WHERE business_id = @b AND updated_at >= @since", args));
        var messages = (await conn.QueryAsync<MessageRow>(
            "SELECT direction, from_phone, to_phone, status, conversation_id, created_at FROM messages WHERE business_id = @b AND updated_at >= @since", args)).ToList();
        // A turn recorded after its text was stored (the engine answers a moment later) decides whether that text engaged.
        messages.AddRange(await conn.QueryAsync<MessageRow>("""
            SELECT m.direction, m.from_phone, m.to_phone, m.status, m.conversation_id, m.created_at
            FROM conversation_turns t JOIN messages m ON m.id = t.message_id
            WHERE t.business_id = @b AND t.created_at >= @since
            """, args));
        at.AddRange(messages.Select(m => m.CreatedAt));
        // A text back or a reply counts on the day of the missed call it answers (up to the recovery window before).
        var phones = messages.Select(m => m.Direction == "inbound" ? m.FromPhone : m.ToPhone).Distinct().ToList();
        foreach (var chunk in phones.Chunk(400))
            at.AddRange(await conn.QueryAsync<DateTimeOffset>(
                $"SELECT created_at FROM calls WHERE business_id = @b AND caller_phone {db.Dialect.InList("chunk")} AND created_at >= @earliest",
                new { b = business.Id, chunk, earliest = since - RecoveryWindow - TextBackWindow }));
        at.AddRange(await conn.QueryAsync<DateTimeOffset>("SELECT created_at FROM leads WHERE business_id = @b AND updated_at >= @since", args));
        // An appointment counts on the day it was made (a cancellation later changes that day); a lead's source, on its bookings.
        at.AddRange(await conn.QueryAsync<DateTimeOffset>("SELECT created_at FROM appointments WHERE business_id = @b AND updated_at >= @since", args));
        at.AddRange(await conn.QueryAsync<DateTimeOffset>(
            "SELECT completed_at FROM jobs WHERE business_id = @b AND updated_at >= @since AND completed_at IS NOT NULL", args));
        at.AddRange(await conn.QueryAsync<DateTimeOffset>("SELECT created_at FROM opt_outs WHERE business_id = @b AND created_at >= @since", args));
        at.AddRange(await conn.QueryAsync<DateTimeOffset>(
            "SELECT sent_at FROM review_requests WHERE business_id = @b AND updated_at >= @since AND sent_at IS NOT NULL", args));
        at.AddRange(await conn.QueryAsync<DateTimeOffset>(
            "SELECT clicked_at FROM review_requests WHERE business_id = @b AND updated_at >= @since AND clicked_at IS NOT NULL", args));
        at.AddRange(await revenue.ChangedAsync(conn, business.Id, since));
        return [.. at.Select(t => business.LocalTime(t).Date)];
    }

    /// <summary>Every day from the business's first recorded activity to today (its first fold).</summary>
    private static async Task<HashSet<LocalDate>> AllDaysAsync(DbConnection conn, Business business, LocalDate today)
    {
        var first = today;
        foreach (var table in new[] { "calls", "leads", "messages" })
        {
            var at = await conn.QueryFirstOrDefaultAsync<FirstRow>(
                $"SELECT created_at FROM {table} WHERE business_id = @b ORDER BY created_at LIMIT 1", new { b = business.Id });
            if (at is not null && business.LocalTime(at.CreatedAt).Date < first) first = business.LocalTime(at.CreatedAt).Date;
        }
        if (first < today.PlusYears(-3)) first = today.PlusYears(-3);
        var days = new HashSet<LocalDate>();
        for (var d = first; d <= today; d = d.PlusDays(1)) days.Add(d);
        return days;
    }

    private sealed record CallRow
    {
        public string Id { get; init; } = "";
        public string CallerPhone { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed record MessageRow
    {
        public string Direction { get; init; } = "";
        public string FromPhone { get; init; } = "";
        public string ToPhone { get; init; } = "";
        public string Status { get; init; } = "";
        public string? ConversationId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        /// <summary>Inbound texts only (to tell a carrier keyword from a reply).</summary>
        public string? Body { get; init; }
        public string? TurnOutcome { get; init; }
    }

    private sealed record FirstRow
    {
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed record LeadRow
    {
        public string Source { get; init; } = "";
        public string Status { get; init; } = "";
    }

    private sealed record CountsRow
    {
        public long Booked { get; init; }
        public long RecoveredBooked { get; init; }
        public long JobsCompleted { get; init; }
        public long MessagesIn { get; init; }
        public long MessagesOut { get; init; }
        public long OptOuts { get; init; }
        public long ReviewRequests { get; init; }
        public long ReviewClicks { get; init; }
    }
}

/// <summary>Every 5 minutes, folds each business's new activity into its daily metrics. A scheduled task.</summary>
public sealed class MetricsFoldTask(BusinessStore businesses, DailyMetricsBuilder builder) : IScheduledTask
{
    public string Key => "metrics.fold";
    public string Name => "Fold daily metrics";
    public string Description => "Recomputes the daily metrics of the days each business's latest calls, texts, leads, bookings, jobs and reviews count on.";
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var days = 0;
        var list = await businesses.ListAsync(ct);
        foreach (var b in list) days += await builder.FoldAsync(b, ct);
        return $"{days} day(s) folded for {list.Count} business(es)";
    }
}
