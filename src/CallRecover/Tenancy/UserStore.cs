using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Tenancy;

public sealed record User
{
    public string Id { get; init; } = "";
    public string? BusinessId { get; init; }
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Set when the owner removed the person: they can no longer sign in, and their open sessions end.</summary>
    public DateTimeOffset? RemovedAt { get; init; }
}

public static class Roles
{
    public const string Owner = "owner", Staff = "staff", Technician = "technician", Operator = "operator";
    public static readonly string[] All = [Owner, Staff, Technician, Operator];
}

/// <summary>People who sign in. Email is unique across the platform.</summary>
public sealed class UserStore(Db db, TimeProvider clock)
{
    private const string Columns = "id, business_id, email, name, role, created_at, removed_at";

    /// <summary>The user who signs in with this email; a removed user is none.</summary>
    public async Task<User?> GetByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE email = @email AND removed_at IS NULL", new { email = email.Trim().ToLowerInvariant() });
    }

    /// <summary>The user (sign-in, session checks); a removed user is none, so their cookie and their links stop working.</summary>
    public async Task<User?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE id = @userId AND removed_at IS NULL", new { userId });
    }

    /// <summary>The business's team (owner, staff, technicians), removed people included, owner first.</summary>
    public async Task<IReadOnlyList<User>> ForBusinessAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<User>($"""
            SELECT {Columns} FROM users WHERE business_id = @businessId
            ORDER BY CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END, CASE role WHEN 'owner' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END, name, id
            """, new { businessId })];
    }

    /// <summary>
    /// Adds a staff member or technician to the business, or gives a person the business removed earlier their access back
    /// (with the new role). Null when the email belongs to someone active, or to another business's account.
    /// </summary>
    public async Task<User?> InviteAsync(DbTx tx, string businessId, string email, string name, string role)
    {
        if (role is not (Roles.Staff or Roles.Technician)) throw new ArgumentException("Only staff and technicians are invited.", nameof(role));
        var existing = await GetByEmailAsync(tx, email);
        if (existing is null) return await InsertAsync(tx, businessId, email, name, role);
        if (existing.BusinessId != businessId || existing.RemovedAt is null) return null;
        await tx.Connection.ExecuteAsync("UPDATE users SET removed_at = NULL, role = @role, name = @name WHERE id = @Id AND business_id = @businessId",
            new { existing.Id, businessId, role, name = name.Trim() }, tx.Transaction);
        return existing with { Role = role, Name = name.Trim(), RemovedAt = null };
    }

    /// <summary>Removes a staff member or technician (never the owner). False when there is no such active person in the business.</summary>
    public async Task<bool> RemoveAsync(DbTx tx, string businessId, string userId) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE users SET removed_at = @now WHERE business_id = @businessId AND id = @userId AND removed_at IS NULL AND role IN ('staff','technician')
            """, new { businessId, userId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>The platform's operators, removed ones included, active first.</summary>
    public async Task<IReadOnlyList<User>> OperatorsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<User>($"""
            SELECT {Columns} FROM users WHERE role = 'operator' ORDER BY CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END, name, id
            """)];
    }

    /// <summary>
    /// Adds an operator (no business: they may look at every one), or gives a removed operator their access back. Null
    /// when the email belongs to an active account or to a business's (removed) person.
    /// </summary>
    public async Task<User?> AddOperatorAsync(DbTx tx, string email, string name)
    {
        var existing = await GetByEmailAsync(tx, email);
        if (existing is null) return await InsertAsync(tx, null, email, name, Roles.Operator);
        if (existing.Role != Roles.Operator || existing.RemovedAt is null) return null;
        await tx.Connection.ExecuteAsync("UPDATE users SET removed_at = NULL, name = @name WHERE id = @Id AND role = 'operator'",
            new { existing.Id, name = name.Trim() }, tx.Transaction);
        return existing with { Name = name.Trim(), RemovedAt = null };
    }

    /// <summary>Removes an operator. False when there is no such active operator.</summary>
    public async Task<bool> RemoveOperatorAsync(DbTx tx, string userId) =>
        await tx.Connection.ExecuteAsync("UPDATE users SET removed_at = @now WHERE id = @userId AND role = 'operator' AND removed_at IS NULL",
            new { userId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>Any account with this email, removed ones included (an email is unique across the platform).</summary>
    public async Task<User?> GetByEmailAsync(DbTx tx, string email) =>
        await tx.Connection.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE email = @email", new { email = email.Trim().ToLowerInvariant() }, tx.Transaction);

    public async Task<User> InsertAsync(DbTx tx, string? businessId, string email, string name, string role)
    {
        var user = new User { Id = Ids.New(), BusinessId = businessId, Email = email.Trim().ToLowerInvariant(), Name = name.Trim(), Role = role, CreatedAt = clock.GetUtcNow() };
        await tx.Connection.ExecuteAsync($"INSERT INTO users ({Columns}) VALUES (@Id, @BusinessId, @Email, @Name, @Role, @CreatedAt, NULL)", user, tx.Transaction);
        return user;
    }
}
