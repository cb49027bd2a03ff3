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
}

public static class Roles
{
    public const string Owner = "owner", Staff = "staff", Technician = "technician", Operator = "operator";
    public static readonly string[] All = [Owner, Staff, Technician, Operator];
}

/// <summary>People who sign in. Email is unique across the platform.</summary>
public sealed class UserStore(Db db, TimeProvider clock)
{
    private const string Columns = "id, business_id, email, name, role, created_at";

    public async Task<User?> GetByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE email = @email", new { email = email.Trim().ToLowerInvariant() });
    }

    public async Task<User?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE id = @userId", new { userId });
    }

    public async Task<User?> GetByEmailAsync(DbTx tx, string email) =>
        await tx.Connection.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE email = @email", new { email = email.Trim().ToLowerInvariant() }, tx.Transaction);

    public async Task<User> InsertAsync(DbTx tx, string? businessId, string email, string name, string role)
    {
        var user = new User { Id = Ids.New(), BusinessId = businessId, Email = email.Trim().ToLowerInvariant(), Name = name.Trim(), Role = role, CreatedAt = clock.GetUtcNow() };
        await tx.Connection.ExecuteAsync($"INSERT INTO users ({Columns}) VALUES (@Id, @BusinessId, @Email, @Name, @Role, @CreatedAt)", user, tx.Transaction);
        return user;
    }
}
