using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Campaigns;

public static class CampaignStatuses
{
    public const string Draft = "draft", Scheduled = "scheduled", Sending = "sending", Paused = "paused", Done = "done", Cancelled = "cancelled";
    public static readonly string[] All = [Draft, Scheduled, Sending, Paused, Done, Cancelled];
}

public static class RecipientStatuses
{
    public const string Pending = "pending", Queued = "queued", Sent = "sent", Skipped = "skipped", Failed = "failed";
}

/// <summary>An imported list of past customers and the consent attestation that lets the business text them marketing.</summary>
public sealed record ContactList
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    public string ConsentBy { get; init; } = "";
    public string ConsentSource { get; init; } = "";
    public string? ConsentWording { get; init; }
    public DateTimeOffset ConsentAt { get; init; }
    public int Contacts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One person to text: a list contact or a customer, with the fields a template may use.</summary>
public sealed record Contact(string Phone, string? FirstName, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A list contact's tags: its <c>tag</c> or <c>tags</c> column, split at commas, semicolons and bars.</summary>
    [JsonIgnore]
    public IEnumerable<string> Tags => Fields.Where(f => f.Key is "tag" or "tags")
        .SelectMany(f => f.Value.Split([',', ';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}

public sealed record Campaign
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    public string Template { get; init; } = "";
    [JsonIgnore] public string Audience { get; init; } = "{}";
    public string? ConsentBy { get; init; }
    public string? ConsentSource { get; init; }
    public string Status { get; init; } = CampaignStatuses.Draft;
    public DateTimeOffset? StartAt { get; init; }
    public string? PausedReason { get; init; }
    public int Recipients { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    [JsonPropertyName("audience")] public CampaignAudience AudienceValue => Json.Deserialize<CampaignAudience>(Audience);
}

public sealed record CampaignRecipient
{
    [JsonIgnore] public string Id { get; init; } = "";
    [JsonIgnore] public string CampaignId { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? FirstName { get; init; }
    [JsonIgnore] public string Fields { get; init; } = "{}";
    [JsonIgnore] public string Zone { get; init; } = "";
    public string Status { get; init; } = RecipientStatuses.Pending;
    public string? Reason { get; init; }
    public string? MessageId { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>The carrier's delivery status of the text (delivered, undelivered, ...), when it went.</summary>
    public string? Delivery { get; init; }
    public string? ErrorCode { get; init; }
    public DateTimeOffset? RepliedAt { get; init; }
    public DateTimeOffset? OptedOutAt { get; init; }
    public bool Booked { get; init; }

    public IReadOnlyDictionary<string, string> FieldValues() => Json.Deserialize<Dictionary<string, string>>(Fields);
}

/// <summary>How a campaign is doing: counts the owner sees on its card and the sender's pause rules read.</summary>
public sealed record CampaignProgress
{
    public int Recipients { get; init; }
    public int Pending { get; init; }
    public int Queued { get; init; }
    public int Sent { get; init; }
    public int Delivered { get; init; }
    public int Failed { get; init; }
    public int Skipped { get; init; }
    public int Filtered { get; init; }
    public int Replied { get; init; }
    public int OptedOut { get; init; }
    public int Booked { get; init; }
}

/// <summary>
/// The only writer of <c>contact_lists</c>, <c>contacts</c>, <c>campaigns</c> and <c>campaign_recipients</c>. Every
/// method takes the business first, except the sender's scan of campaigns that are sending.
/// </summary>
public sealed class CampaignStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>An erased customer's number on the business's lists and campaigns becomes the erasure's pseudonym, with no name or fields left.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var contacts = await s.PerPhoneAsync(tx, "UPDATE contacts SET phone = @pseudonym, first_name = NULL, fields = '{}' WHERE business_id = @b AND phone = @phone");
        var recipients = await s.PerPhoneAsync(tx, "UPDATE campaign_recipients SET phone = @pseudonym, first_name = NULL, fields = '{}', updated_at = @now WHERE business_id = @b AND phone = @phone");
        return [new("contacts", contacts), new("campaign_recipients", recipients)];
    }

    /// <summary>Carrier errors that mean the text was filtered as spam or refused for the brand's registration (Twilio/SignalWire codes).</summary>
    public static readonly string[] FilteringErrors = ["30007", "30034", "30035", "30036", "30037", "30038", "30039"];

    private const string CampaignColumns = """
        id, business_id, name, template, audience, consent_by, consent_source, status, start_at, paused_reason, recipients, created_by, created_at, updated_at, finished_at
        """;

    // ---- contact lists

    public async Task<IReadOnlyList<ContactList>> ListsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<ContactList>("SELECT * FROM contact_lists WHERE business_id = @businessId ORDER BY created_at DESC, id", new { businessId })];
    }

    public async Task<ContactList?> ListByNameAsync(string businessId, string name, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ContactList>("SELECT * FROM contact_lists WHERE business_id = @businessId AND name = @name", new { businessId, name });
    }

    public Task<ContactList?> ListByNameAsync(DbTx tx, string businessId, string name) =>
        tx.Connection.QuerySingleOrDefaultAsync<ContactList>("SELECT * FROM contact_lists WHERE business_id = @businessId AND name = @name",
            new { businessId, name }, tx.Transaction);

    /// <summary>Creates the list (or takes the existing one of that name, its attestation renewed) and adds the contacts not already on it; returns the list and how many were added.</summary>
    public async Task<(ContactList List, int Added)> ImportAsync(DbTx tx, string businessId, string name, string consentBy, string consentSource, string? wording,
        IReadOnlyList<Contact> contacts)
    {
        var now = clock.GetUtcNow();
        var existing = await ListByNameAsync(tx, businessId, name);
        var listId = existing?.Id ?? Ids.New();
        if (existing is null)
            await tx.Connection.ExecuteAsync("""
                INSERT INTO contact_lists (id, business_id, name, consent_by, consent_source, consent_wording, consent_at, contacts, created_at)
                VALUES (@listId, @businessId, @name, @consentBy, @consentSource, @wording, @now, 0, @now)
                """, new { listId, businessId, name, consentBy, consentSource, wording, now }, tx.Transaction);
        else
            await tx.Connection.ExecuteAsync("""
                UPDATE contact_lists SET consent_by = @consentBy, consent_source = @consentSource, consent_wording = @wording, consent_at = @now
                WHERE id = @listId AND business_id = @businessId
                """, new { listId, businessId, consentBy, consentSource, wording, now }, tx.Transaction);
        var added = 0;
        foreach (var chunk in contacts.Chunk(500))
            added += await tx.Connection.ExecuteAsync("""
                INSERT INTO contacts (id, business_id, list_id, phone, first_name, fields, created_at) VALUES (@Id, @businessId, @listId, @Phone, @FirstName, @Fields, @now)
                ON CONFLICT (list_id, phone) DO NOTHING
                """, chunk.Select(c => new { Id = Ids.New(), businessId, listId, c.Phone, c.FirstName, Fields = Json.Serialize(c.Fields), now }), tx.Transaction);
        await tx.Connection.ExecuteAsync("UPDATE contact_lists SET contacts = (SELECT COUNT(*) FROM contacts WHERE list_id = @listId) WHERE id = @listId",
            new { listId }, tx.Transaction);
        var list = (await ListByNameAsync(tx, businessId, name))!;
        return (list, added);
    }

    /// <summary>The contacts of one list, or (<paramref name="listId"/> null) of every list of the business (an audience by tag).</summary>
    public async Task<IReadOnlyList<Contact>> ContactsAsync(DbTx tx, string businessId, string? listId) =>
        [.. (await tx.Connection.QueryAsync<(string Phone, string? FirstName, string Fields)>(
            $"SELECT phone, first_name, fields FROM contacts WHERE business_id = @businessId {(listId is null ? "" : "AND list_id = @listId")} ORDER BY created_at, id",
            new { businessId, listId }, tx.Transaction)).Select(r => new Contact(r.Phone, r.FirstName, Json.Deserialize<Dictionary<string, string>>(r.Fields)))];

    /// <summary>The tags the business's list contacts carry (their tag/tags column), for the campaign builder's suggestions.</summary>
    public async Task<IReadOnlyList<string>> ContactTagsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        // Only rows whose JSON can hold a "tag"/"tags" key are read and parsed.
        var rows = await conn.QueryAsync<string>(new CommandDefinition("""SELECT fields FROM contacts WHERE business_id = @businessId AND fields LIKE '%"tag%'""",
            new { businessId }, cancellationToken: ct));
        return [.. rows.SelectMany(f => new Contact("", null, Json.Deserialize<Dictionary<string, string>>(f)).Tags).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The phones already on a list (an import reports them instead of adding them twice).</summary>
    public async Task<IReadOnlySet<string>> PhonesOnListAsync(DbTx tx, string businessId, string listId) =>
        (await tx.Connection.QueryAsync<string>("SELECT phone FROM contacts WHERE business_id = @businessId AND list_id = @listId",
            new { businessId, listId }, tx.Transaction)).ToHashSet();

    /// <summary>
    /// Customers of the business (not merged away) with their last visit (the latest visit that was not cancelled, up to
    /// now) and that visit's service; with <paramref name="tag"/> (normalized), only those carrying it. Read-only, across
    /// the customers, customer_tags, leads and appointments tables.
    /// </summary>
    public async Task<IReadOnlyList<(string Phone, string? Name, DateTimeOffset? LastVisit, string? Service, string Services)>> CustomersAsync(DbTx tx, string businessId,
        string? tag = null)
    {
        var rows = await tx.Connection.QueryAsync<CustomerRow>($"""
            SELECT c.phone, c.name, a.start_at AS visit_at, a.service_type
            FROM customers c
            LEFT JOIN leads l ON l.business_id = c.business_id AND l.phone = c.phone
            LEFT JOIN appointments a ON a.business_id = c.business_id AND a.lead_id = l.id AND a.status NOT IN ('cancelled','no_show') AND a.start_at <= @now
            WHERE c.business_id = @businessId AND c.merged_into_id IS NULL
            {(tag is null ? "" : "AND " + CallRecover.Customers.CustomerStore.CarryingTag("c.id", "tag"))}
            """, new { businessId, now = clock.GetUtcNow(), tag }, tx.Transaction);
        return [.. rows.GroupBy(r => r.Phone).Select(g =>
        {
            var last = g.Where(r => r.VisitAt is not null).OrderByDescending(r => r.VisitAt).FirstOrDefault();
            var services = string.Join("\n", g.Select(r => r.ServiceType).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase));
            return (g.Key, g.First().Name, last?.VisitAt, last?.ServiceType, services);
        })];
    }

    private sealed record CustomerRow
    {
        public string Phone { get; init; } = "";
        public string? Name { get; init; }
        public DateTimeOffset? VisitAt { get; init; }
        public string? ServiceType { get; init; }
    }

    // ---- campaigns

    public async Task<IReadOnlyList<Campaign>> CampaignsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Campaign>($"SELECT {CampaignColumns} FROM campaigns WHERE business_id = @businessId ORDER BY created_at DESC, id DESC", new { businessId })];
    }

    public async Task<Campaign?> GetAsync(string businessId, string id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Campaign>($"SELECT {CampaignColumns} FROM campaigns WHERE business_id = @businessId AND id = @id", new { businessId, id });
    }

    public Task<Campaign?> GetAsync(DbTx tx, string businessId, string id) =>
        tx.Connection.QuerySingleOrDefaultAsync<Campaign>($"SELECT {CampaignColumns} FROM campaigns WHERE business_id = @businessId AND id = @id {tx.Dialect.ForUpdate}",
            new { businessId, id }, tx.Transaction);

    public Task InsertAsync(DbTx tx, Campaign c) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO campaigns ({CampaignColumns})
            VALUES (@Id, @BusinessId, @Name, @Template, @Audience, @ConsentBy, @ConsentSource, @Status, @StartAt, @PausedReason, 0, @CreatedBy, @CreatedAt, @UpdatedAt, NULL)
            """, c, tx.Transaction);

    public Task UpdateDraftAsync(DbTx tx, Campaign c) =>
        tx.Connection.ExecuteAsync("""
            UPDATE campaigns SET name = @Name, template = @Template, audience = @Audience, consent_by = @ConsentBy, consent_source = @ConsentSource,
                start_at = @StartAt, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id AND status = 'draft'
            """, c, tx.Transaction);

    /// <summary>Moves a campaign from one of <paramref name="from"/> to <paramref name="to"/>; false when it was in none of them.</summary>
    public async Task<bool> SetStatusAsync(DbTx tx, string businessId, string id, string[] from, string to, string? pausedReason = null, DateTimeOffset? startAt = null) =>
        await tx.Connection.ExecuteAsync($"""
            UPDATE campaigns SET status = @to, paused_reason = @pausedReason, updated_at = @now,
                start_at = COALESCE(@startAt, start_at),
                finished_at = CASE WHEN @to IN ('done','cancelled') THEN @now ELSE finished_at END
            WHERE business_id = @businessId AND id = @id AND status {tx.Dialect.InList("from")}
            """, new { businessId, id, from, to, pausedReason, startAt, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>Scheduled campaigns whose start has come (any business), for the sender.</summary>
    public async Task<IReadOnlyList<Campaign>> DueScheduledAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Campaign>($"SELECT {CampaignColumns} FROM campaigns WHERE status = 'scheduled' AND start_at <= @now ORDER BY start_at",
            new { now = clock.GetUtcNow() })];
    }

    /// <summary>Campaigns that are sending (any business), for the sender.</summary>
    public async Task<IReadOnlyList<Campaign>> SendingAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Campaign>($"SELECT {CampaignColumns} FROM campaigns WHERE status = 'sending' ORDER BY created_at, id")];
    }

    // ---- recipients

    /// <summary>Fixes the recipients of a campaign when it starts: one row per phone (the first occurrence wins).</summary>
    public async Task<int> AddRecipientsAsync(DbTx tx, string businessId, string campaignId, IEnumerable<(Contact Contact, string Zone)> recipients)
    {
        var now = clock.GetUtcNow();
        foreach (var chunk in recipients.Chunk(500))
            await tx.Connection.ExecuteAsync("""
                INSERT INTO campaign_recipients (id, campaign_id, business_id, phone, first_name, fields, zone, status, updated_at)
                VALUES (@Id, @campaignId, @businessId, @Phone, @FirstName, @Fields, @Zone, 'pending', @now)
                ON CONFLICT (campaign_id, phone) DO NOTHING
                """, chunk.Select(r => new { Id = Ids.New(), campaignId, businessId, r.Contact.Phone, r.Contact.FirstName, Fields = Json.Serialize(r.Contact.Fields), r.Zone, now }),
                tx.Transaction);
        return await tx.Connection.ExecuteAsync(
            "UPDATE campaigns SET recipients = (SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = @campaignId) WHERE id = @campaignId AND business_id = @businessId",
            new { campaignId, businessId }, tx.Transaction) > 0
            ? await tx.Connection.ExecuteScalarAsync<int>("SELECT recipients FROM campaigns WHERE id = @campaignId", new { campaignId }, tx.Transaction)
            : 0;
    }

    /// <summary>The distinct time zones of a campaign's recipients still waiting for their text.</summary>
    public async Task<IReadOnlyList<string>> PendingZonesAsync(string businessId, string campaignId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>("SELECT DISTINCT zone FROM campaign_recipients WHERE business_id = @businessId AND campaign_id = @campaignId AND status = 'pending'",
            new { businessId, campaignId })];
    }

    /// <summary>Up to <paramref name="limit"/> waiting recipients in the given zones, oldest first.</summary>
    public async Task<IReadOnlyList<CampaignRecipient>> PendingAsync(string businessId, string campaignId, IReadOnlyCollection<string> zones, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<CampaignRecipient>($"""
            SELECT id, campaign_id, phone, first_name, fields, zone, status FROM campaign_recipients
            WHERE business_id = @businessId AND campaign_id = @campaignId AND status = 'pending' AND zone {db.Dialect.InList("zones")}
            ORDER BY id LIMIT @limit
            """, new { businessId, campaignId, zones = zones.ToArray(), limit })];
    }

    /// <summary>Claims a waiting recipient for its text (false when another node or run took it first).</summary>
    public async Task<bool> ClaimAsync(DbTx tx, string businessId, string recipientId) =>
        await tx.Connection.ExecuteAsync(
            "UPDATE campaign_recipients SET status = 'queued', updated_at = @now WHERE business_id = @businessId AND id = @recipientId AND status = 'pending'",
            new { businessId, recipientId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    public Task SetQueuedAsync(DbTx tx, string businessId, string recipientId, string messageId) =>
        tx.Connection.ExecuteAsync("UPDATE campaign_recipients SET message_id = @messageId, reason = NULL, updated_at = @now WHERE business_id = @businessId AND id = @recipientId",
            new { businessId, recipientId, messageId, now = clock.GetUtcNow() }, tx.Transaction);

    public Task SetFinalAsync(DbTx tx, string businessId, string recipientId, string status, string? reason, string? messageId) =>
        tx.Connection.ExecuteAsync("""
            UPDATE campaign_recipients SET status = @status, reason = @reason, message_id = COALESCE(@messageId, message_id), updated_at = @now
            WHERE business_id = @businessId AND id = @recipientId
            """, new { businessId, recipientId, status, reason, messageId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>
    /// Brings queued recipients up to date with their texts: handed to the carrier → sent; refused by the carrier →
    /// failed; stopped by the texting policy → skipped with its reason, except a text that missed its sending window
    /// (<paramref name="retryReasons"/>), whose recipient waits again for the next window (it was never sent).
    /// </summary>
    public async Task<int> SyncQueuedAsync(DbTx tx, string businessId, string campaignId, IReadOnlyCollection<string> retryReasons)
    {
        var now = clock.GetUtcNow();
        var p = new { businessId, campaignId, now, retry = retryReasons.ToArray() };
        var queued = "campaign_id = @campaignId AND business_id = @businessId AND status = 'queued' AND message_id IS NOT NULL";
        var n = await tx.Connection.ExecuteAsync($"""
            UPDATE campaign_recipients SET status = 'sent', updated_at = @now,
                sent_at = (SELECT m.created_at FROM messages m WHERE m.id = campaign_recipients.message_id)
            WHERE {queued} AND EXISTS (SELECT 1 FROM messages m WHERE m.id = campaign_recipients.message_id AND m.carrier_sid IS NOT NULL AND m.status <> 'failed')
            """, p, tx.Transaction);
        n += await tx.Connection.ExecuteAsync($"""
            UPDATE campaign_recipients SET status = 'failed', updated_at = @now,
                reason = (SELECT COALESCE(m.error_code, m.error_message, 'failed') FROM messages m WHERE m.id = campaign_recipients.message_id)
            WHERE {queued} AND EXISTS (SELECT 1 FROM messages m WHERE m.id = campaign_recipients.message_id AND m.status = 'failed')
            """, p, tx.Transaction);
        n += await tx.Connection.ExecuteAsync($"""
            UPDATE campaign_recipients SET status = 'pending', message_id = NULL, updated_at = @now,
                reason = (SELECT m.policy_reason FROM messages m WHERE m.id = campaign_recipients.message_id)
            WHERE {queued} AND EXISTS (SELECT 1 FROM messages m WHERE m.id = campaign_recipients.message_id AND m.status IN ('blocked','canceled')
                AND m.policy_reason {tx.Dialect.InList("retry")})
            """, p, tx.Transaction);
        n += await tx.Connection.ExecuteAsync($"""
            UPDATE campaign_recipients SET status = 'skipped', updated_at = @now,
                reason = (SELECT COALESCE(m.policy_reason, m.status) FROM messages m WHERE m.id = campaign_recipients.message_id)
            WHERE {queued} AND EXISTS (SELECT 1 FROM messages m WHERE m.id = campaign_recipients.message_id AND m.status IN ('blocked','canceled'))
            """, p, tx.Transaction);
        return n;
    }

    /// <summary>Recipients still waiting for their text or for its outcome.</summary>
    public async Task<int> UnfinishedAsync(string businessId, string campaignId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM campaign_recipients WHERE business_id = @businessId AND campaign_id = @campaignId AND status IN ('pending','queued')",
            new { businessId, campaignId });
    }

    /// <summary>How many of the campaign's texts are in the send path and not handed to the carrier yet.</summary>
    public async Task<int> InFlightAsync(string businessId, string campaignId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM campaign_recipients r JOIN messages m ON m.id = r.message_id
            WHERE r.business_id = @businessId AND r.campaign_id = @campaignId AND r.status = 'queued' AND m.status IN ('queued','sending') AND m.carrier_sid IS NULL
            """, new { businessId, campaignId });
    }

    /// <summary>
    /// The recipients with what happened after their text: the carrier's delivery status, a reply, an opt-out (a STOP
    /// or an opt-out by any other way after the text), a booking (a reactivation lead of that phone that booked).
    /// </summary>
    public async Task<IReadOnlyList<CampaignRecipient>> RecipientsAsync(string businessId, string campaignId, string? status = null, int limit = 100_000,
        CancellationToken ct = default, string? afterId = null)
    {
        await using var conn = await db.OpenAsync(ct);
        var where = string.Join(" AND ", new[] { status is null ? null : "x.status = @status", afterId is null ? null : "x.id > @afterId" }.Where(w => w is not null));
        return [.. await conn.QueryAsync<CampaignRecipient>($"""
            SELECT x.*, {OutcomeColumns}
            FROM ({RecipientsNow}) x
            {(where == "" ? "" : "WHERE " + where)}
            ORDER BY x.id LIMIT @limit
            """, new { businessId, campaignId, status, limit, afterId })];
    }

    /// <summary>
    /// The campaign's recipients as they are now: a recipient whose text went since the sender's last step shows as
    /// sent already (the sender records it on its next step).
    /// </summary>
    private const string RecipientsNow = """
        SELECT r.id, r.campaign_id, r.phone, r.first_name, r.fields, r.zone, r.reason, r.message_id, m.error_code,
               CASE WHEN r.status = 'queued' AND m.status = 'failed' THEN 'failed'
                    WHEN r.status = 'queued' AND m.carrier_sid IS NOT NULL THEN 'sent' ELSE r.status END AS status,
               CASE WHEN m.carrier_sid IS NOT NULL THEN COALESCE(r.sent_at, m.created_at) END AS sent_at,
               CASE WHEN m.carrier_sid IS NOT NULL THEN m.status END AS delivery
        FROM campaign_recipients r LEFT JOIN messages m ON m.id = r.message_id
        WHERE r.business_id = @businessId AND r.campaign_id = @campaignId
        """;

    /// <summary>What happened after a recipient's text (x): a reply, an opt-out (a STOP or any other way), a booking.</summary>
    private const string OutcomeColumns = """
        (SELECT MIN(i.created_at) FROM messages i WHERE i.business_id = @businessId AND i.direction = 'inbound' AND i.from_phone = x.phone AND i.created_at >= x.sent_at) AS replied_at,
        (SELECT MIN(o.created_at) FROM opt_outs o WHERE o.phone = x.phone AND (o.business_id = @businessId OR o.business_id IS NULL) AND o.created_at >= x.sent_at) AS opted_out_at,
        CASE WHEN EXISTS (SELECT 1 FROM appointments a JOIN leads l ON l.id = a.lead_id
                          WHERE l.business_id = @businessId AND l.phone = x.phone AND a.created_at >= x.sent_at AND a.status <> 'cancelled')
             THEN 1 ELSE 0 END AS booked
        """;

    /// <summary>What the sender's pause rules read, in one aggregate: texts handed to the carrier, how many of their recipients opted out since, how many the carrier filtered.</summary>
    public async Task<(int Handed, int OptedOut, int Filtered)> PauseFactsAsync(string businessId, string campaignId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleAsync<(long Handed, long OptedOut, long Filtered)>($"""
            SELECT COUNT(*) AS handed,
                   COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM opt_outs o WHERE o.phone = r.phone AND (o.business_id = r.business_id OR o.business_id IS NULL)
                                                  AND o.created_at >= r.sent_at) THEN 1 ELSE 0 END), 0) AS opted_out,
                   COALESCE(SUM(CASE WHEN m.error_code {db.Dialect.InList("filtering")} THEN 1 ELSE 0 END), 0) AS filtered
            FROM campaign_recipients r LEFT JOIN messages m ON m.id = r.message_id
            WHERE r.business_id = @businessId AND r.campaign_id = @campaignId AND r.status IN ('sent','failed')
            """, new { businessId, campaignId, filtering = FilteringErrors });
        return ((int)row.Handed, (int)row.OptedOut, (int)row.Filtered);
    }

    /// <summary>The campaign's counts, added up in the database (a list of tens of thousands is not read row by row).</summary>
    public async Task<CampaignProgress> ProgressAsync(string businessId, string campaignId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleAsync<ProgressRow>($"""
            SELECT COUNT(*) AS recipients,
                   COALESCE(SUM(CASE WHEN y.status = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
                   COALESCE(SUM(CASE WHEN y.status = 'queued' THEN 1 ELSE 0 END), 0) AS queued,
                   COALESCE(SUM(CASE WHEN y.status = 'sent' THEN 1 ELSE 0 END), 0) AS sent,
                   COALESCE(SUM(CASE WHEN y.delivery = 'delivered' THEN 1 ELSE 0 END), 0) AS delivered,
                   COALESCE(SUM(CASE WHEN y.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
                   COALESCE(SUM(CASE WHEN y.status = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped,
                   COALESCE(SUM(CASE WHEN y.error_code {db.Dialect.InList("filtering")} THEN 1 ELSE 0 END), 0) AS filtered,
                   COALESCE(SUM(CASE WHEN y.replied_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS replied,
                   COALESCE(SUM(CASE WHEN y.opted_out_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS opted_out,
                   COALESCE(SUM(y.booked), 0) AS booked
            FROM (SELECT x.status, x.delivery, x.error_code, {OutcomeColumns} FROM ({RecipientsNow}) x) y
            """, new { businessId, campaignId, filtering = FilteringErrors });
        return new CampaignProgress
        {
            Recipients = (int)row.Recipients, Pending = (int)row.Pending, Queued = (int)row.Queued, Sent = (int)row.Sent, Delivered = (int)row.Delivered,
            Failed = (int)row.Failed, Skipped = (int)row.Skipped, Filtered = (int)row.Filtered, Replied = (int)row.Replied, OptedOut = (int)row.OptedOut,
            Booked = (int)row.Booked,
        };
    }

    private sealed record ProgressRow
    {
        public long Recipients { get; init; }
        public long Pending { get; init; }
        public long Queued { get; init; }
        public long Sent { get; init; }
        public long Delivered { get; init; }
        public long Failed { get; init; }
        public long Skipped { get; init; }
        public long Filtered { get; init; }
        public long Replied { get; init; }
        public long OptedOut { get; init; }
        public long Booked { get; init; }
    }
}
