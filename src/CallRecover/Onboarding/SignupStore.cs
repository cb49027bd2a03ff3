using CallRecover.Data;
using Dapper;

namespace CallRecover.Onboarding;

/// <summary>Whether sign-up is open to anyone or needs an operator's invite.</summary>
public static class SignupModes
{
    public const string Open = "open", InviteOnly = "invite_only";
    public static readonly string[] All = [Open, InviteOnly];
}

public sealed record SignupSetting(string Mode, string? UpdatedBy, DateTimeOffset? UpdatedAt);

public sealed record SignupInvite(string Id, string? Note, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt, string? UsedByBusinessId);

/// <summary>The sign-up setting (one row) and operators' single-use invites: the one writer of both tables.</summary>
public sealed class SignupStore(Db db)
{
    /// <summary>The mode; invite-only until an operator opens sign-up (a fresh install is not open to the internet by default).</summary>
    public async Task<SignupSetting> GetAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SignupSetting>(
            "SELECT mode AS Mode, updated_by AS UpdatedBy, updated_at AS UpdatedAt FROM signup_settings WHERE id = 1")
            ?? new SignupSetting(SignupModes.InviteOnly, null, null);
    }

    public async Task SetAsync(DbTx tx, string mode, string by, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO signup_settings (id, mode, updated_by, updated_at) VALUES (1, @mode, @by, @at)
            ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """, new { mode, by, at }, tx.Transaction);

    public async Task InsertInviteAsync(DbTx tx, string id, string tokenHash, string? note, string by, DateTimeOffset at, DateTimeOffset expiresAt) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO signup_invites (id, token_hash, note, created_by, created_at, expires_at, used_at, used_by_business_id)
            VALUES (@id, @tokenHash, @note, @by, @at, @expiresAt, NULL, NULL)
            """, new { id, tokenHash, note, by, at, expiresAt }, tx.Transaction);

    /// <summary>Whether an unused, unexpired invite has this hash (checked before the form's other work; spent by <see cref="SpendInviteAsync"/>).</summary>
    public async Task<bool> InviteUsableAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM signup_invites WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now", new { tokenHash, now }) > 0;
    }

    /// <summary>Spends an invite in the sign-up's transaction: true for exactly one caller, so a link cannot open two accounts.</summary>
    public async Task<bool> SpendInviteAsync(DbTx tx, string tokenHash, string businessId, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE signup_invites SET used_at = @now, used_by_business_id = @businessId
            WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now
            """, new { tokenHash, businessId, now }, tx.Transaction) == 1;

    public async Task<IReadOnlyList<SignupInvite>> ListInvitesAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<SignupInvite>("""
            SELECT id AS Id, note AS Note, created_by AS CreatedBy, created_at AS CreatedAt, expires_at AS ExpiresAt,
                   used_at AS UsedAt, used_by_business_id AS UsedByBusinessId
            FROM signup_invites ORDER BY created_at DESC LIMIT 200
            """)];
    }
}
