using CallRecover.Data;
using Dapper;

namespace CallRecover.Portal;

/// <summary>Portal links and the quote signatures made through them.</summary>
public sealed class PortalLinkStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerMergeParticipant, CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: every portal link of theirs stops working; a signed quote keeps its decision and time, not the typed name, reason or address.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var theirs = $"business_id = @b AND (lead_id {tx.Dialect.InList("leadIds")} OR customer_id {tx.Dialect.InList("customerIds")})";
        var links = await s.ExecuteAsync(tx, $"UPDATE portal_links SET revoked_at = COALESCE(revoked_at, @now), revoked_by = COALESCE(revoked_by, 'erasure') WHERE {theirs}");
        var signatures = await s.ExecuteAsync(tx, $"UPDATE quote_signatures SET signed_name = NULL, reason = NULL, ip = NULL WHERE business_id = @b AND quote_id IN (SELECT id FROM quotes WHERE {theirs})");
        return [new("portal_links", links), new("quote_signatures", signatures)];
    }

    /// <summary>A merged customer's portal links keep working and now show the kept customer's quotes, visits and invoices.</summary>
    public async Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        await tx.Connection.ExecuteAsync("UPDATE portal_links SET customer_id = @toCustomerId WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId }, tx.Transaction);

    private const string Columns = "id, business_id, lead_id, customer_id, token_hash, purpose, created_at, expires_at, revoked_at, revoked_by, last_used_at";
    private const string SignatureColumns = "id, business_id, quote_id, portal_link_id, decision, signed_name, reason, ip, signed_at";

    public async Task InsertAsync(DbTx tx, PortalLink link) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO portal_links ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @CustomerId, @TokenHash, @Purpose, @CreatedAt, @ExpiresAt, @RevokedAt, @RevokedBy, @LastUsedAt)
            """, link, tx.Transaction);

    /// <summary>The link a token's hash names (unique across businesses); null for an unknown token. The caller checks expiry and revocation.</summary>
    public async Task<PortalLink?> ByTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PortalLink>($"SELECT {Columns} FROM portal_links WHERE token_hash = @tokenHash", new { tokenHash });
    }

    public async Task<IReadOnlyList<PortalLink>> ListAsync(string businessId, string? customerId, string? leadId, CancellationToken ct = default)
    {
        var filters = (customerId is null ? "" : " AND customer_id = @customerId") + (leadId is null ? "" : " AND lead_id = @leadId");
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<PortalLink>(
            $"SELECT {Columns} FROM portal_links WHERE business_id = @businessId{filters} ORDER BY created_at DESC, id DESC LIMIT 200",
            new { businessId, customerId, leadId })];
    }

    public async Task<PortalLink?> GetAsync(DbTx tx, string businessId, string linkId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<PortalLink>($"SELECT {Columns} FROM portal_links WHERE business_id = @businessId AND id = @linkId",
            new { businessId, linkId }, tx.Transaction);

    /// <summary>Revokes a link, once; false when it was already revoked.</summary>
    public async Task<bool> TryRevokeAsync(DbTx tx, string businessId, string linkId, string actor) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE portal_links SET revoked_at = @now, revoked_by = @actor WHERE business_id = @businessId AND id = @linkId AND revoked_at IS NULL
            """, new { businessId, linkId, actor, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    public async Task MarkUsedAsync(DbTx tx, string businessId, string linkId) =>
        await tx.Connection.ExecuteAsync("UPDATE portal_links SET last_used_at = @now WHERE business_id = @businessId AND id = @linkId",
            new { businessId, linkId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>Records the customer's answer to a quote; false when the quote was already answered in the portal.</summary>
    public async Task<bool> TryInsertSignatureAsync(DbTx tx, QuoteSignature signature) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO quote_signatures ({SignatureColumns}) VALUES (@Id, @BusinessId, @QuoteId, @PortalLinkId, @Decision, @SignedName, @Reason, @Ip, @SignedAt)
            ON CONFLICT (quote_id) DO NOTHING
            """, signature, tx.Transaction) == 1;

    public async Task<IReadOnlyList<QuoteSignature>> SignaturesForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<QuoteSignature>($"""
            SELECT s.{SignatureColumns.Replace(", ", ", s.")} FROM quote_signatures s JOIN quotes q ON q.business_id = s.business_id AND q.id = s.quote_id
            WHERE s.business_id = @businessId AND q.lead_id = @leadId
            """, new { businessId, leadId })];
    }
}
