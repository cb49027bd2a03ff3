using System.Data;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Queue;
using Dapper;

namespace CallRecover.Notifications.Email;

/// <summary>A file attached to an email (e.g. the booking's .ics).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, string Base64Content);

/// <summary>An email to send.</summary>
/// <param name="Purpose">login_link, notification, digest, ...</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string Purpose, string? BusinessId = null,
    string? HtmlBody = null, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A stored email as the outbox shows it.</summary>
public sealed record StoredEmail
{
    public string Id { get; init; } = "";
    public string? BusinessId { get; init; }
    public string ToAddress { get; init; } = "";
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string? HtmlBody { get; init; }
    public string Attachments { get; init; } = "[]";
    public string Purpose { get; init; } = "";
    public string Status { get; init; } = "";
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>
/// Every email is stored first and sent by an <c>email.send</c> work item, so a slow or failing mail server
/// retries on the queue and never blocks the SMS flow or a web request.
/// </summary>
public sealed class EmailOutbox(WorkQueue queue, Db db, TimeProvider clock)
{
    public const string SendKind = "email.send";
    public const string Columns = "id, business_id, to_address, subject, text_body, html_body, attachments, purpose, status, last_error, created_at, sent_at";

    public Task<StoredEmail> QueueAsync(DbTx tx, EmailMessage email) => InsertAsync(tx, email, dedupeKey: null);

    /// <summary>
    /// Queues the email unless one was already queued under <paramref name="dedupeKey"/> (a re-run of the same
    /// delivery or digest); returns the id of the email stored under the key.
    /// </summary>
    public async Task<string> QueueOnceAsync(DbTx tx, string dedupeKey, EmailMessage email) =>
        await tx.Connection.ExecuteScalarAsync<string?>("SELECT id FROM emails WHERE dedupe_key = @dedupeKey", new { dedupeKey }, tx.Transaction)
        ?? (await InsertAsync(tx, email, dedupeKey)).Id;

    /// <summary>Whether an email was already queued under <paramref name="dedupeKey"/> (a rerun's check before it does more work).</summary>
    public async Task<bool> IsQueuedAsync(DbTx tx, string dedupeKey) =>
        await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM emails WHERE dedupe_key = @dedupeKey", new { dedupeKey }, tx.Transaction) > 0;

    private async Task<StoredEmail> InsertAsync(DbTx tx, EmailMessage email, string? dedupeKey)
    {
        var stored = new StoredEmail
        {
            Id = Ids.New(), BusinessId = email.BusinessId, ToAddress = email.To.Trim().ToLowerInvariant(), Subject = email.Subject,
            TextBody = email.TextBody, HtmlBody = email.HtmlBody, Attachments = Json.Serialize(email.Attachments ?? []),
            Purpose = email.Purpose, Status = "queued", CreatedAt = clock.GetUtcNow(),
        };
        var args = new DynamicParameters(stored);
        args.Add("DedupeKey", dedupeKey, DbType.String);
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO emails ({Columns}, dedupe_key)
            VALUES (@Id, @BusinessId, @ToAddress, @Subject, @TextBody, @HtmlBody, @Attachments, @Purpose, @Status, NULL, @CreatedAt, NULL, @DedupeKey)
            """, args, tx.Transaction);
        await queue.EnqueueAsync(tx, new NewWork(SendKind, new SendEmailPayload(stored.Id), email.BusinessId, DedupeKey: $"email:{stored.Id}", MaxAttempts: 10));
        return stored;
    }

    public async Task<StoredEmail?> GetAsync(string emailId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StoredEmail>($"SELECT {Columns} FROM emails WHERE id = @emailId", new { emailId });
    }

    /// <summary>What happened when the email was handed on: sent, outbox (no SMTP server set) or failed with the reason.</summary>
    public Task SetStatusAsync(string emailId, string status, string? error, DateTimeOffset? sentAt, CancellationToken ct = default) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE emails SET status = @status, last_error = @error, sent_at = @sentAt WHERE id = @emailId",
            new { emailId, status, error = error is { Length: > 1000 } ? error[..1000] : error, sentAt }, tx.Transaction), ct);

    /// <summary>The most recent emails (the simulator's outbox), optionally to one address.</summary>
    public async Task<IReadOnlyList<StoredEmail>> RecentAsync(string? to = null, int limit = 50, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<StoredEmail>(
            $"SELECT {Columns} FROM emails WHERE (@to IS NULL OR to_address = @to) ORDER BY created_at DESC, id LIMIT @limit",
            new { to = to?.Trim().ToLowerInvariant(), limit })];
    }

    public sealed record SendEmailPayload(string EmailId);
}
