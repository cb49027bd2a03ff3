using CallRecover.Data;
using Dapper;

namespace CallRecover.Api;

/// <summary>A business's API token as its owner sees it (never the token or its hash).</summary>
public sealed record ApiToken
{
    public string Id { get; init; } = "";
    [System.Text.Json.Serialization.JsonIgnore] public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>Space-separated scopes as stored ("read write").</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string Scopes { get; init; } = "";
    public string Prefix { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("scopes")]
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Has(string scope) => ScopeList.Contains(scope, StringComparer.Ordinal);
}

/// <summary>API tokens, always scoped by business (except the lookup by hash, which is how a request finds its business).</summary>
public sealed class ApiTokenStore(Db db)
{
    private const string Columns = "id, business_id, name, scopes, prefix, created_by, created_at, last_used_at, revoked_at";

    public Task InsertAsync(DbTx tx, ApiToken token, string tokenHash) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO api_tokens (id, business_id, name, scopes, token_hash, prefix, created_by, created_at)
            VALUES (@Id, @BusinessId, @Name, @Scopes, @tokenHash, @Prefix, @CreatedBy, @CreatedAt)
            """, new { token.Id, token.BusinessId, token.Name, token.Scopes, tokenHash, token.Prefix, token.CreatedBy, token.CreatedAt }, tx.Transaction);

    /// <summary>The live (not revoked) token with this hash, of whichever business holds it.</summary>
    public async Task<ApiToken?> FindLiveByHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiToken>($"SELECT {Columns} FROM api_tokens WHERE token_hash = @tokenHash AND revoked_at IS NULL", new { tokenHash });
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<ApiToken>($"SELECT {Columns} FROM api_tokens WHERE business_id = @businessId ORDER BY created_at DESC, id", new { businessId })];
    }

    /// <summary>Revokes a live token; false when the business has no such live token.</summary>
    public async Task<bool> RevokeAsync(DbTx tx, string businessId, string tokenId, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE business_id = @businessId AND id = @tokenId AND revoked_at IS NULL",
            new { businessId, tokenId, now }, tx.Transaction) == 1;

    /// <summary>Records a use, at most once a minute per token (a busy integration does not write on every request).</summary>
    public Task MarkUsedAsync(DbTx tx, string businessId, string tokenId, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("""
            UPDATE api_tokens SET last_used_at = @now
            WHERE business_id = @businessId AND id = @tokenId AND (last_used_at IS NULL OR last_used_at < @before)
            """, new { businessId, tokenId, now, before = now.AddMinutes(-1) }, tx.Transaction);
}
