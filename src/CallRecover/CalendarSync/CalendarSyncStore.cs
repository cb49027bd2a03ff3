using System.Text.Json.Serialization;
using CallRecover.Booking;
using CallRecover.Data;
using Dapper;

namespace CallRecover.CalendarSync;

/// <summary>
/// One calendar of a business (or of one of its technicians) and how its last fetches went: a secret iCal address
/// (<see cref="Provider"/> null) or a calendar account connected by OAuth (<see cref="Provider"/> "google" or "microsoft").
/// </summary>
public sealed record CalendarSource
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? TechnicianId { get; init; }
    /// <summary>The address, Data Protection ciphertext.</summary>
    [JsonIgnore] public string Url { get; init; } = "";
    /// <summary>The address's host and the start of its path, safe to show and log.</summary>
    public string UrlHint { get; init; } = "";
    [JsonIgnore] public string? Etag { get; init; }
    [JsonIgnore] public string? LastModified { get; init; }
    public DateTimeOffset? LastSyncedAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int BusyCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Null for a secret iCal address; "google" or "microsoft" for a connected account.</summary>
    public string? Provider { get; init; }
    /// <summary>The OAuth refresh token of a connected account, Data Protection ciphertext.</summary>
    [JsonIgnore] public string? RefreshToken { get; init; }
    /// <summary>The connected account (its email), shown to the owner.</summary>
    public string? Account { get; init; }
    /// <summary>When the provider refused our access (revoked): nothing is read or written until the owner connects again.</summary>
    public DateTimeOffset? BrokenAt { get; init; }
}

/// <summary>One of our appointments as an event in a connected calendar.</summary>
public sealed record CalendarEventLink
{
    public string SourceId { get; init; } = "";
    public string AppointmentId { get; init; } = "";
    public string RemoteId { get; init; } = "";
    /// <summary>A fingerprint of what was last written (time, status, text): a push with nothing new is skipped.</summary>
    public string Pushed { get; init; } = "";
    public DateTimeOffset? DeletedAt { get; init; }
}

/// <summary>A live feed link of a business (TechnicianId null) or of a technician.</summary>
public sealed record CalendarFeed
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string? TechnicianId { get; init; }
    public string TokenHash { get; init; } = "";
    public string TokenProtected { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// The only writer of <c>calendar_sources</c>, <c>calendar_busy</c>, <c>calendar_feeds</c> and <c>calendar_events</c>. Every method takes the
/// business first (except the feed lookup by token hash, which is the capability itself).
/// </summary>
public sealed class CalendarSyncStore(Db db)
{
    private const string SourceColumns = """
        id, business_id, technician_id, url, url_hint, etag, last_modified, last_synced_at, last_attempt_at, last_error, busy_count, created_at,
        provider, refresh_token, account, broken_at
        """;
    private const string FeedColumns = "id, business_id, technician_id, token_hash, token_protected, created_at";

    public async Task<IReadOnlyList<CalendarSource>> SourcesAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<CalendarSource>($"SELECT {SourceColumns} FROM calendar_sources WHERE business_id = @businessId ORDER BY created_at, id",
            new { businessId })];
    }

    /// <summary>Businesses with at least one source, for the scheduled sync.</summary>
    public async Task<IReadOnlyList<string>> BusinessesWithSourcesAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>("SELECT DISTINCT business_id FROM calendar_sources ORDER BY business_id")];
    }

    public async Task AddSourceAsync(DbTx tx, CalendarSource s) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO calendar_sources ({SourceColumns})
            VALUES (@Id, @BusinessId, @TechnicianId, @Url, @UrlHint, NULL, NULL, NULL, NULL, NULL, 0, @CreatedAt, @Provider, @RefreshToken, @Account, NULL)
            """, s, tx.Transaction);

    /// <summary>Removes a source, its busy times and what it knew of our events there.</summary>
    public async Task RemoveSourceAsync(DbTx tx, string businessId, string sourceId)
    {
        await tx.Connection.ExecuteAsync("DELETE FROM calendar_events WHERE business_id = @businessId AND source_id = @sourceId", new { businessId, sourceId }, tx.Transaction);
        await tx.Connection.ExecuteAsync("DELETE FROM calendar_busy WHERE business_id = @businessId AND source_id = @sourceId", new { businessId, sourceId }, tx.Transaction);
        await tx.Connection.ExecuteAsync("DELETE FROM calendar_sources WHERE business_id = @businessId AND id = @sourceId", new { businessId, sourceId }, tx.Transaction);
    }

    /// <summary>A good fetch: its busy times replace the source's previous ones, in one transaction.</summary>
    public async Task ReplaceBusyAsync(DbTx tx, string businessId, string sourceId, string? technicianId, IReadOnlyList<Busy> busy, string? etag, string? lastModified,
        DateTimeOffset now)
    {
        await tx.Connection.ExecuteAsync("DELETE FROM calendar_busy WHERE business_id = @businessId AND source_id = @sourceId", new { businessId, sourceId }, tx.Transaction);
        await tx.Connection.ExecuteAsync("""
            INSERT INTO calendar_busy (source_id, business_id, technician_id, start_at, end_at) VALUES (@sourceId, @businessId, @technicianId, @Start, @End)
            """, busy.Select(b => new { sourceId, businessId, technicianId, b.Start, b.End }), tx.Transaction);
        await tx.Connection.ExecuteAsync("""
            UPDATE calendar_sources SET etag = @etag, last_modified = @lastModified, last_synced_at = @now, last_attempt_at = @now, last_error = NULL,
                busy_count = @count
            WHERE business_id = @businessId AND id = @sourceId
            """, new { businessId, sourceId, etag, lastModified, now, count = busy.Count }, tx.Transaction);
    }

    /// <summary>The calendar had not changed (304): the busy times stay, and they are as fresh as now.</summary>
    public async Task MarkUnchangedAsync(DbTx tx, string businessId, string sourceId, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE calendar_sources SET last_synced_at = @now, last_attempt_at = @now, last_error = NULL WHERE business_id = @businessId AND id = @sourceId
            """, new { businessId, sourceId, now }, tx.Transaction);

    /// <summary>A failed fetch: the last good busy times stay; the error is kept in plain words.</summary>
    public async Task MarkFailedAsync(DbTx tx, string businessId, string sourceId, string error, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE calendar_sources SET last_attempt_at = @now, last_error = @error WHERE business_id = @businessId AND id = @sourceId
            """, new { businessId, sourceId, error, now }, tx.Transaction);

    /// <summary>
    /// The provider refused our access: the source is broken until the owner connects again, and its busy times go (slots
    /// fall back to our own appointments rather than to a calendar we can no longer see change).
    /// </summary>
    /// <returns>True when it was working until now (so the owner is told once).</returns>
    public async Task<bool> MarkBrokenAsync(DbTx tx, string businessId, string sourceId, string error, DateTimeOffset now)
    {
        await tx.Connection.ExecuteAsync("DELETE FROM calendar_busy WHERE business_id = @businessId AND source_id = @sourceId", new { businessId, sourceId }, tx.Transaction);
        return await tx.Connection.ExecuteAsync("""
            UPDATE calendar_sources SET broken_at = @now, last_attempt_at = @now, last_error = @error, busy_count = 0
            WHERE business_id = @businessId AND id = @sourceId AND broken_at IS NULL
            """, new { businessId, sourceId, error, now }, tx.Transaction) == 1;
    }

    /// <summary>The provider rotated the refresh token: the new one replaces it.</summary>
    public async Task SetRefreshTokenAsync(DbTx tx, string businessId, string sourceId, string refreshToken) =>
        await tx.Connection.ExecuteAsync("UPDATE calendar_sources SET refresh_token = @refreshToken WHERE business_id = @businessId AND id = @sourceId",
            new { businessId, sourceId, refreshToken }, tx.Transaction);

    /// <summary>Whether the business has a connected calendar account that works (so a booking is worth pushing).</summary>
    public async Task<bool> HasWorkingAccountAsync(DbTx tx, string businessId) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM calendar_sources WHERE business_id = @businessId AND provider IS NOT NULL AND broken_at IS NULL", new { businessId }, tx.Transaction) > 0;

    public async Task<CalendarEventLink?> EventAsync(string businessId, string sourceId, string appointmentId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CalendarEventLink>("""
            SELECT source_id, appointment_id, remote_id, pushed, deleted_at
            FROM calendar_events WHERE business_id = @businessId AND source_id = @sourceId AND appointment_id = @appointmentId
            """, new { businessId, sourceId, appointmentId });
    }

    /// <summary>Records what was written for the appointment in the source's calendar (the first write makes the row).</summary>
    public async Task SaveEventAsync(DbTx tx, string businessId, string sourceId, string appointmentId, string remoteId, string pushed, DateTimeOffset? deletedAt,
        DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO calendar_events (source_id, appointment_id, business_id, remote_id, pushed, deleted_at, updated_at)
            VALUES (@sourceId, @appointmentId, @businessId, @remoteId, @pushed, @deletedAt, @now)
            ON CONFLICT (source_id, appointment_id) DO UPDATE SET remote_id = excluded.remote_id, pushed = excluded.pushed, deleted_at = excluded.deleted_at,
                updated_at = excluded.updated_at
            """, new { businessId, sourceId, appointmentId, remoteId, pushed, deletedAt, now }, tx.Transaction);

    /// <summary>
    /// The business's own busy times overlapping [from, to): its sources' and, when <paramref name="technicianId"/> is given,
    /// that technician's too.
    /// </summary>
    public async Task<IReadOnlyList<Busy>> BusyAsync(DbTx tx, string businessId, string? technicianId, DateTimeOffset from, DateTimeOffset to) =>
        [.. (await tx.Connection.QueryAsync<BusyRow>("""
            SELECT start_at, end_at FROM calendar_busy
            WHERE business_id = @businessId AND (technician_id IS NULL OR technician_id = @technicianId) AND start_at < @to AND end_at > @from
            ORDER BY start_at
            """, new { businessId, technicianId, from, to }, tx.Transaction)).Select(r => new Busy(r.StartAt, r.EndAt))];

    /// <summary>Every technician's own busy times overlapping [from, to).</summary>
    public async Task<IReadOnlyList<TechnicianBusy>> TechnicianBusyAsync(string businessId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. (await conn.QueryAsync<BusyRow>("""
            SELECT technician_id, start_at, end_at FROM calendar_busy
            WHERE business_id = @businessId AND technician_id IS NOT NULL AND start_at < @to AND end_at > @from
            """, new { businessId, from, to })).Select(r => new TechnicianBusy(r.TechnicianId!, r.StartAt, r.EndAt))];
    }

    private sealed class BusyRow
    {
        public string? TechnicianId { get; init; }
        public DateTimeOffset StartAt { get; init; }
        public DateTimeOffset EndAt { get; init; }
    }

    public async Task<CalendarFeed?> LiveFeedAsync(DbTx tx, string businessId, string? technicianId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<CalendarFeed>($"""
            SELECT {FeedColumns} FROM calendar_feeds
            WHERE business_id = @businessId AND (technician_id = @technicianId OR (technician_id IS NULL AND @technicianId IS NULL)) AND revoked_at IS NULL
            ORDER BY created_at DESC, id DESC
            """, new { businessId, technicianId }, tx.Transaction);

    public async Task<CalendarFeed?> FeedByTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CalendarFeed>($"SELECT {FeedColumns} FROM calendar_feeds WHERE token_hash = @tokenHash AND revoked_at IS NULL",
            new { tokenHash });
    }

    public async Task AddFeedAsync(DbTx tx, CalendarFeed f) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO calendar_feeds ({FeedColumns}, revoked_at) VALUES (@Id, @BusinessId, @TechnicianId, @TokenHash, @TokenProtected, @CreatedAt, NULL)
            """, f, tx.Transaction);

    /// <summary>Revokes the live feed links of the business (or technician): old links answer 404 from now on.</summary>
    public async Task RevokeFeedsAsync(DbTx tx, string businessId, string? technicianId, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE calendar_feeds SET revoked_at = @now
            WHERE business_id = @businessId AND (technician_id = @technicianId OR (technician_id IS NULL AND @technicianId IS NULL)) AND revoked_at IS NULL
            """, new { businessId, technicianId, now }, tx.Transaction);
}
