using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Crm;

public static class CrmKinds
{
    public const string Rukovoditel = "rukovoditel";
}

/// <summary>Which Rukovoditel field (the N of <c>field_N</c>) holds each lead value; null: not sent.</summary>
public sealed record CrmFieldMap
{
    public int? Name { get; init; }
    public int? Phone { get; init; }
    public int? Email { get; init; }
    public int? Service { get; init; }
    public int? Status { get; init; }
    public int? Address { get; init; }
    public int? Notes { get; init; }

    public IEnumerable<(string Key, int? Field)> All() =>
        [("name", Name), ("phone", Phone), ("email", Email), ("service", Service), ("status", Status), ("address", Address), ("notes", Notes)];
}

/// <summary>A business's CRM connection as stored: the secrets are Data Protection ciphertext and never serialized.</summary>
public sealed record CrmConnection
{
    public string BusinessId { get; init; } = "";
    public string Kind { get; init; } = CrmKinds.Rukovoditel;
    public string BaseUrl { get; init; } = "";
    public string Username { get; init; } = "";
    [JsonIgnore] public string Password { get; init; } = "";
    [JsonIgnore] public string ApiKey { get; init; } = "";
    public long EntityId { get; init; }
    [JsonIgnore] public string FieldMap { get; init; } = "{}";
    [JsonIgnore] public string StatusOut { get; init; } = "{}";
    [JsonIgnore] public string StatusIn { get; init; } = "{}";
    public bool Enabled { get; init; }
    public DateTimeOffset? LastSyncAt { get; init; }
    public DateTimeOffset? LastPollAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore] public CrmFieldMap Fields => Json.Deserialize<CrmFieldMap>(FieldMap);
    [JsonIgnore] public Dictionary<string, string> StatusOutMap => Json.Deserialize<Dictionary<string, string>>(StatusOut);
    [JsonIgnore] public Dictionary<string, string> StatusInMap => Json.Deserialize<Dictionary<string, string>>(StatusIn);
}

public sealed record CrmLink
{
    public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string RemoteId { get; init; } = "";
    public string? LeadStatus { get; init; }
    public string? RemoteStatus { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A lead linked to a CRM record, with the lead's status now (for the poll).</summary>
public sealed record CrmLinkedLead
{
    public string LeadId { get; init; } = "";
    public string RemoteId { get; init; } = "";
    public string? LeadStatus { get; init; }
    public string? RemoteStatus { get; init; }
    public string Status { get; init; } = "";
}

/// <summary>One line of the sync log: a push, a poll or a connection test, and the CRM's error when it failed.</summary>
public sealed record CrmLogEntry
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? LeadId { get; init; }
    public string Action { get; init; } = "";
    public bool Ok { get; init; }
    public string? RemoteId { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>CRM connections, lead ↔ record links and the sync log, always scoped by business: the only writer of all three.</summary>
public sealed class CrmStore(Db db)
{
    private const string Columns = """
        business_id, kind, base_url, username, password, api_key, entity_id, field_map, status_out, status_in, enabled,
        last_sync_at, last_poll_at, last_error, created_at, updated_at
        """;
    private const string LinkColumns = "business_id, lead_id, remote_id, lead_status, remote_status, created_at, updated_at";
    private const string LogColumns = "id, business_id, lead_id, action, ok, remote_id, error, created_at";

    // ---- connections ----

    public async Task<CrmConnection?> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CrmConnection>($"SELECT {Columns} FROM crm_connections WHERE business_id = @businessId", new { businessId });
    }

    public async Task<CrmConnection?> GetAsync(DbTx tx, string businessId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<CrmConnection>($"SELECT {Columns} FROM crm_connections WHERE business_id = @businessId",
            new { businessId }, tx.Transaction);

    /// <summary>The businesses with a connection turned on (for the poll).</summary>
    public async Task<IReadOnlyList<string>> EnabledBusinessesAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>("SELECT business_id FROM crm_connections WHERE enabled = TRUE ORDER BY business_id")];
    }

    /// <summary>Creates or replaces the business's connection (the caller has protected the secrets).</summary>
    public Task UpsertAsync(DbTx tx, CrmConnection c) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO crm_connections ({Columns})
            VALUES (@BusinessId, @Kind, @BaseUrl, @Username, @Password, @ApiKey, @EntityId, @FieldMap, @StatusOut, @StatusIn, @Enabled, NULL, NULL, NULL, @CreatedAt, @UpdatedAt)
            ON CONFLICT (business_id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, username = excluded.username,
                password = excluded.password, api_key = excluded.api_key, entity_id = excluded.entity_id, field_map = excluded.field_map,
                status_out = excluded.status_out, status_in = excluded.status_in, enabled = excluded.enabled, last_error = NULL, updated_at = excluded.updated_at
            """, c, tx.Transaction);

    /// <summary>Removes the connection and its links (a new connection may be another CRM, whose record ids mean nothing here).</summary>
    public async Task<bool> DeleteAsync(DbTx tx, string businessId)
    {
        await tx.Connection.ExecuteAsync("DELETE FROM crm_links WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        return await tx.Connection.ExecuteAsync("DELETE FROM crm_connections WHERE business_id = @businessId", new { businessId }, tx.Transaction) == 1;
    }

    public Task MarkSyncedAsync(DbTx tx, string businessId, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("UPDATE crm_connections SET last_sync_at = @now, last_error = NULL WHERE business_id = @businessId",
            new { businessId, now }, tx.Transaction);

    public Task MarkPolledAsync(DbTx tx, string businessId, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("UPDATE crm_connections SET last_poll_at = @now WHERE business_id = @businessId", new { businessId, now }, tx.Transaction);

    public Task MarkErrorAsync(DbTx tx, string businessId, string error) =>
        tx.Connection.ExecuteAsync("UPDATE crm_connections SET last_error = @error WHERE business_id = @businessId", new { businessId, error }, tx.Transaction);

    // ---- links ----

    /// <summary>Which of <paramref name="leadIds"/> have a record in the CRM.</summary>
    public async Task<IReadOnlyList<string>> LinkedLeadsAsync(DbTx tx, string businessId, string[] leadIds) =>
        [.. await tx.Connection.QueryAsync<string>($"SELECT lead_id FROM crm_links WHERE business_id = @businessId AND lead_id {tx.Dialect.InList("leadIds")}",
            new { businessId, leadIds }, tx.Transaction)];

    public async Task<CrmLink?> GetLinkAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CrmLink>($"SELECT {LinkColumns} FROM crm_links WHERE business_id = @businessId AND lead_id = @leadId",
            new { businessId, leadId });
    }

    /// <summary>
    /// Links a lead to its record, or answers the record it is linked to already (a second run that got here first wins,
    /// so one lead never ends up with two records on our side).
    /// </summary>
    public async Task<string> LinkAsync(DbTx tx, string businessId, string leadId, string remoteId, DateTimeOffset now)
    {
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO crm_links ({LinkColumns}) VALUES (@businessId, @leadId, @remoteId, NULL, NULL, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { businessId, leadId, remoteId, now }, tx.Transaction);
        return await tx.Connection.ExecuteScalarAsync<string>("SELECT remote_id FROM crm_links WHERE business_id = @businessId AND lead_id = @leadId",
            new { businessId, leadId }, tx.Transaction) ?? remoteId;
    }

    /// <summary>The lead's status the CRM now agrees with (after a push, or after the poll applied the CRM's status).</summary>
    public Task SetLinkStatusAsync(DbTx tx, string businessId, string leadId, string? leadStatus, string? remoteStatus, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("""
            UPDATE crm_links SET lead_status = COALESCE(@leadStatus, lead_status), remote_status = COALESCE(@remoteStatus, remote_status), updated_at = @now
            WHERE business_id = @businessId AND lead_id = @leadId
            """, new { businessId, leadId, leadStatus, remoteStatus, now }, tx.Transaction);

    /// <summary>The business's linked leads with their status now, a page at a time by lead id.</summary>
    public async Task<IReadOnlyList<CrmLinkedLead>> LinkedLeadsAsync(string businessId, string afterLeadId, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<CrmLinkedLead>("""
            SELECT l.lead_id AS LeadId, l.remote_id AS RemoteId, l.lead_status AS LeadStatus, l.remote_status AS RemoteStatus, d.status AS Status
            FROM crm_links l JOIN leads d ON d.business_id = l.business_id AND d.id = l.lead_id
            WHERE l.business_id = @businessId AND l.lead_id > @afterLeadId
            ORDER BY l.lead_id LIMIT @limit
            """, new { businessId, afterLeadId, limit })];
    }

    /// <summary>Leads created since the connection was made that have no record yet (a lead no event announced, e.g. from a web form).</summary>
    public async Task<IReadOnlyList<string>> UnlinkedLeadsAsync(string businessId, DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<string>("""
            SELECT d.id FROM leads d
            WHERE d.business_id = @businessId AND d.created_at >= @since
              AND NOT EXISTS (SELECT 1 FROM crm_links l WHERE l.business_id = d.business_id AND l.lead_id = d.id)
            ORDER BY d.created_at, d.id LIMIT @limit
            """, new { businessId, since, limit })];
    }

    // ---- log ----

    public Task LogAsync(DbTx tx, string businessId, string? leadId, string action, bool ok, string? remoteId, string? error, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO crm_sync_log ({LogColumns}) VALUES (@id, @businessId, @leadId, @action, @ok, @remoteId, @error, @now)
            """, new { id = Ids.New(), businessId, leadId, action, ok, remoteId, error = error is null ? null : Trim(error), now }, tx.Transaction);

    /// <summary>The business's sync log, newest first.</summary>
    public async Task<IReadOnlyList<CrmLogEntry>> LogAsync(string businessId, int limit = 50, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<CrmLogEntry>(
            $"SELECT {LogColumns} FROM crm_sync_log WHERE business_id = @businessId ORDER BY created_at DESC, id DESC LIMIT @limit", new { businessId, limit })];
    }

    private static string Trim(string s) => s.Length <= 500 ? s : s[..500];
}
