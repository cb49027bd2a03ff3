using System.Security.Cryptography;
using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Reviews;

public static class ReviewStatuses
{
    /// <summary>pending: waiting for its time; sent: asked, not clicked; reminded: asked twice (final unless clicked);
    /// clicked: the customer opened the link; opted_out: the customer said STOP first; not_sent: the texting policy refused.</summary>
    public const string Pending = "pending", Sent = "sent", Reminded = "reminded", Clicked = "clicked", OptedOut = "opted_out", NotSent = "not_sent";

    public static readonly string[] All = [Pending, Sent, Reminded, Clicked, OptedOut, NotSent];
}

public static class ReviewSources
{
    public const string Job = "job", Appointment = "appointment";
}

/// <summary>A request for a review of one completed job or appointment.</summary>
public sealed record ReviewRequest
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string Source { get; init; } = "";
    public string SourceId { get; init; } = "";
    public string Phone { get; init; } = "";
    [JsonIgnore] public string Code { get; init; } = "";
    [JsonIgnore] public string ReviewUrl { get; init; } = "";
    public string Status { get; init; } = ReviewStatuses.Pending;
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? ReminderAt { get; init; }
    public DateTimeOffset? ClickedAt { get; init; }
    public int Clicks { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The business's review link and how long after a completed visit or job to ask (defaults: no link, 2 hours).</summary>
public sealed record ReviewSettings
{
    [JsonIgnore] public string BusinessId { get; init; } = "";
    /// <summary>The Google review link (https); no link, no review requests.</summary>
    public string? ReviewUrl { get; init; }
    public int DelayMinutes { get; init; } = ReviewStore.DefaultDelayMinutes;
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Sent, clicked and reminded in one week (business-local, starting Monday).</summary>
public sealed record ReviewWeek(string WeekOf, int Sent, int Clicked, int Reminded);

/// <summary>Owner of <c>review_requests</c> and <c>review_settings</c>.</summary>
public sealed class ReviewStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: review requests stay (sent and clicked are counted) under the pseudonym.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s) =>
        [new("review_requests", await s.PerPhoneAsync(tx, "UPDATE review_requests SET phone = @pseudonym, updated_at = @now WHERE business_id = @b AND phone = @phone"))];

    public const int DefaultDelayMinutes = 120;
    private const string Columns = "id, business_id, lead_id, source, source_id, phone, code, review_url, status, due_at, sent_at, reminder_at, clicked_at, clicks, created_at";

    /// <summary>
    /// A business's review settings. Until they are saved once, the review link is the one on the business's profile
    /// (set when the business was created, or through the operator API), so a business that gave its link gets review
    /// requests without setting it twice; once saved here, these settings are the only ones.
    /// </summary>
    private static readonly string SettingsQuery = $"""
        SELECT b.id AS business_id, CASE WHEN s.business_id IS NULL THEN b.review_url ELSE s.review_url END AS review_url,
               COALESCE(s.delay_minutes, {DefaultDelayMinutes}) AS delay_minutes, s.updated_at
        FROM businesses b LEFT JOIN review_settings s ON s.business_id = b.id WHERE b.id = @businessId
        """;

    public async Task<ReviewSettings> SettingsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReviewSettings>(SettingsQuery, new { businessId }) ?? new ReviewSettings { BusinessId = businessId };
    }

    public async Task<ReviewSettings> SettingsAsync(DbTx tx, string businessId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<ReviewSettings>(SettingsQuery, new { businessId }, tx.Transaction) ?? new ReviewSettings { BusinessId = businessId };

    public async Task<ReviewSettings> SaveSettingsAsync(DbTx tx, string businessId, string? reviewUrl, int delayMinutes)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO review_settings (business_id, review_url, delay_minutes, updated_at) VALUES (@businessId, @reviewUrl, @delayMinutes, @now)
            ON CONFLICT (business_id) DO UPDATE SET review_url = excluded.review_url, delay_minutes = excluded.delay_minutes, updated_at = excluded.updated_at
            """, new { businessId, reviewUrl, delayMinutes, now }, tx.Transaction);
        return new ReviewSettings { BusinessId = businessId, ReviewUrl = reviewUrl, DelayMinutes = delayMinutes, UpdatedAt = now };
    }

    /// <summary>
    /// Records a request for a completed job or appointment, or nothing (null) when that one already has a request or
    /// the customer already has one waiting or awaiting a click (a visit and its job complete together: one ask).
    /// </summary>
    public async Task<ReviewRequest?> TryCreateAsync(DbTx tx, string businessId, string leadId, string source, string sourceId, string phone, string reviewUrl, DateTimeOffset dueAt)
    {
        var now = clock.GetUtcNow();
        var r = new ReviewRequest
        {
            Id = Ids.New(), BusinessId = businessId, LeadId = leadId, Source = source, SourceId = sourceId, Phone = phone, Code = NewCode(),
            ReviewUrl = reviewUrl, Status = ReviewStatuses.Pending, DueAt = dueAt, CreatedAt = now,
        };
        var added = await tx.Connection.ExecuteAsync("""
            INSERT INTO review_requests (id, business_id, lead_id, source, source_id, phone, code, review_url, status, due_at, created_at, updated_at)
            VALUES (@Id, @BusinessId, @LeadId, @Source, @SourceId, @Phone, @Code, @ReviewUrl, @Status, @DueAt, @CreatedAt, @CreatedAt)
            ON CONFLICT DO NOTHING
            """, r, tx.Transaction);
        return added == 1 ? r : null;
    }

    public async Task<ReviewRequest?> GetAsync(DbTx tx, string businessId, string id) =>
        await tx.Connection.QuerySingleOrDefaultAsync<ReviewRequest>($"SELECT {Columns} FROM review_requests WHERE business_id = @businessId AND id = @id",
            new { businessId, id }, tx.Transaction);

    /// <summary>Moves a request from one status to another (sent: stamps sent_at; reminded: reminder_at). False: it was not in <paramref name="from"/>.</summary>
    public async Task<bool> TryMoveAsync(DbTx tx, string businessId, string id, string from, string to)
    {
        var now = clock.GetUtcNow();
        var stamp = to switch { ReviewStatuses.Sent => ", sent_at = @now", ReviewStatuses.Reminded => ", reminder_at = @now", _ => "" };
        return await tx.Connection.ExecuteAsync(
            $"UPDATE review_requests SET status = @to{stamp}, updated_at = @now WHERE business_id = @businessId AND id = @id AND status = @from",
            new { businessId, id, from, to, now }, tx.Transaction) == 1;
    }

    /// <summary>A customer who opted out is asked nothing more: their waiting and unclicked requests end. Returns their ids.</summary>
    public async Task<IReadOnlyList<string>> OptOutAsync(DbTx tx, string businessId, string phone)
    {
        var now = clock.GetUtcNow();
        var ids = (await tx.Connection.QueryAsync<string>(
            "SELECT id FROM review_requests WHERE business_id = @businessId AND phone = @phone AND status IN ('pending','sent')",
            new { businessId, phone }, tx.Transaction)).ToList();
        await tx.Connection.ExecuteAsync(
            "UPDATE review_requests SET status = 'opted_out', updated_at = @now WHERE business_id = @businessId AND phone = @phone AND status IN ('pending','sent')",
            new { businessId, phone, now }, tx.Transaction);
        return ids;
    }

    /// <summary>The request behind a link (any business: the code is the capability).</summary>
    public async Task<ReviewRequest?> ByCodeAsync(string code, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReviewRequest>($"SELECT {Columns} FROM review_requests WHERE code = @code", new { code });
    }

    /// <summary>Counts a click; the first one marks the request clicked (no reminder after it).</summary>
    public async Task RecordClickAsync(DbTx tx, string businessId, string id)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            UPDATE review_requests SET clicks = clicks + 1, clicked_at = COALESCE(clicked_at, @now),
                status = CASE WHEN status IN ('sent','reminded') THEN 'clicked' ELSE status END, updated_at = @now
            WHERE business_id = @businessId AND id = @id
            """, new { businessId, id, now }, tx.Transaction);
    }

    public async Task<IReadOnlyList<ReviewRequest>> ListAsync(string businessId, string? status, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var filter = status is null ? "" : " AND status = @status";
        return [.. await conn.QueryAsync<ReviewRequest>(
            $"SELECT {Columns} FROM review_requests WHERE business_id = @businessId{filter} ORDER BY due_at DESC, id LIMIT @limit", new { businessId, status, limit })];
    }

    /// <summary>Times of sends, reminders and first clicks since <paramref name="since"/> (for the weekly table).</summary>
    public async Task<IReadOnlyList<ReviewRequest>> SinceAsync(string businessId, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<ReviewRequest>(
            $"SELECT {Columns} FROM review_requests WHERE business_id = @businessId AND sent_at IS NOT NULL AND sent_at >= @since", new { businessId, since })];
    }

    private static string NewCode() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10);
}

/// <summary>Sent, clicked and reminded per week (business-local weeks from Monday), newest first.</summary>
public sealed class ReviewWeeks(ReviewStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReviewWeek>> LastAsync(Tenancy.Business business, int weeks = 8, CancellationToken ct = default)
    {
        var zone = business.Zone;
        var today = business.LocalTime(clock.GetUtcNow()).Date;
        var thisWeek = today.DayOfWeek == NodaTime.IsoDayOfWeek.Monday ? today : today.Previous(NodaTime.IsoDayOfWeek.Monday);
        var first = thisWeek.PlusWeeks(-(weeks - 1));
        var since = zone.AtStartOfDay(first).ToInstant().ToDateTimeOffset();
        // A reminder or click comes after its send: requests sent up to a week before the range can still count.
        var rows = await store.SinceAsync(business.Id, since.AddDays(-7), ct);
        int WeekOf(DateTimeOffset? t)
        {
            if (t is null || t < since) return -1;
            var d = business.LocalTime(t.Value).Date;
            return NodaTime.Period.Between(first, d, NodaTime.PeriodUnits.Days).Days / 7;
        }
        var result = new List<ReviewWeek>();
        for (var w = weeks - 1; w >= 0; w--)
            result.Add(new ReviewWeek(first.PlusWeeks(w).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                rows.Count(r => WeekOf(r.SentAt) == w), rows.Count(r => WeekOf(r.ClickedAt) == w), rows.Count(r => WeekOf(r.ReminderAt) == w)));
        return result;
    }
}
