using System.Security.Cryptography;
using System.Text;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;

namespace CallRecover.Api;

/// <summary>What an API token may do: <c>read</c> (every GET under /api/v1) and <c>write</c> (everything else).</summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public static readonly IReadOnlyList<string> All = [Read, Write];
}

/// <summary>A new token: the stored row and the secret, which is shown once and never again.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);

/// <summary>Creates, checks and revokes a business's API tokens (the dashboard's settings and the operator API call this).</summary>
public sealed class ApiTokens(Db db, ApiTokenStore store, AuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "crk_";

    public sealed record Input(string? Name, IReadOnlyList<string>? Scopes);

    /// <summary>Field errors of a token request (empty when it is valid).</summary>
    public static Dictionary<string, string[]> Validate(Input input)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 80) errors["name"] = ["name is required: at most 80 characters (what the token is for, e.g. \"CRM sync\")."];
        if (input.Scopes is not { Count: > 0 } scopes || scopes.Any(s => !ApiScopes.All.Contains(s)))
            errors["scopes"] = [$"scopes must list one or more of: {string.Join(", ", ApiScopes.All)}."];
        return errors;
    }

    public async Task<CreatedApiToken> CreateAsync(string businessId, Input input, string actor, CancellationToken ct = default)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Ids.New(), BusinessId = businessId, Name = input.Name!.Trim(), Scopes = string.Join(' ', ApiScopes.All.Where(s => input.Scopes!.Contains(s))),
            Prefix = secret[..(SecretPrefix.Length + 6)], CreatedBy = actor, CreatedAt = clock.GetUtcNow(),
        };
        await db.WriteAsync(async tx =>
        {
            await store.InsertAsync(tx, token, Hash(secret));
            await audit.WriteAsync(tx, businessId, actor, "api_token", token.Id, "created", new { token.Name, scopes = token.ScopeList });
        }, ct);
        return new CreatedApiToken(token, secret);
    }

    public async Task<bool> RevokeAsync(string businessId, string tokenId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (!await store.RevokeAsync(tx, businessId, tokenId, clock.GetUtcNow())) return false;
            await audit.WriteAsync(tx, businessId, actor, "api_token", tokenId, "revoked");
            return true;
        }, ct);

    /// <summary>The live token a presented secret belongs to (recording the use), or null.</summary>
    public async Task<ApiToken?> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var token = await store.FindLiveByHashAsync(Hash(secret), ct);
        if (token is null) return null;
        if (token.LastUsedAt is null || token.LastUsedAt < clock.GetUtcNow().AddMinutes(-1))
            await db.WriteAsync(tx => store.MarkUsedAsync(tx, token.BusinessId, token.Id, clock.GetUtcNow()), ct);
        return token;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
