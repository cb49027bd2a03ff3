using System.Data.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Jobs;

/// <summary>A business's technicians. Email is unique per business (the index decides, so two adds racing still make one).</summary>
public sealed class TechnicianStore(Db db, TimeProvider clock)
{
    public const string Columns = "id, business_id, user_id, name, phone, email, skills, home_area, shifts, status, rating, created_at, updated_at";

    public async Task<IReadOnlyList<Technician>> ListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await ListAsync(conn, null, businessId);
    }

    public async Task<IReadOnlyList<Technician>> ListAsync(DbConnection conn, DbTransaction? transaction, string businessId) =>
        [.. await conn.QueryAsync<Technician>($"SELECT {Columns} FROM technicians WHERE business_id = @businessId ORDER BY name, id", new { businessId }, transaction)];

    public async Task<Technician?> GetAsync(string businessId, string technicianId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Technician>($"SELECT {Columns} FROM technicians WHERE business_id = @businessId AND id = @technicianId",
            new { businessId, technicianId });
    }

    public async Task<Technician?> GetAsync(DbTx tx, string businessId, string technicianId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Technician>($"SELECT {Columns} FROM technicians WHERE business_id = @businessId AND id = @technicianId",
            new { businessId, technicianId }, tx.Transaction);

    /// <summary>The technician record a signed-in user is (linked by user id).</summary>
    public async Task<Technician?> ForUserAsync(string businessId, string userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<Technician>($"SELECT {Columns} FROM technicians WHERE business_id = @businessId AND user_id = @userId",
            new { businessId, userId });
    }

    public async Task<Technician?> ByEmailAsync(DbTx tx, string businessId, string email) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Technician>($"SELECT {Columns} FROM technicians WHERE business_id = @businessId AND email = @email",
            new { businessId, email = email.Trim().ToLowerInvariant() }, tx.Transaction);

    /// <summary>Adds the technician unless the business has one with this email; false then.</summary>
    public async Task<bool> TryInsertAsync(DbTx tx, Technician t) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO technicians ({Columns}) VALUES (@Id, @BusinessId, @UserId, @Name, @Phone, @Email, @Skills, @HomeArea, @Shifts, @Status, @Rating,
                @CreatedAt, @UpdatedAt)
            ON CONFLICT (business_id, email) DO NOTHING
            """, t, tx.Transaction) == 1;

    public async Task SetStatusAsync(DbTx tx, string businessId, string technicianId, string status) =>
        await tx.Connection.ExecuteAsync("UPDATE technicians SET status = @status, updated_at = @now WHERE business_id = @businessId AND id = @technicianId",
            new { businessId, technicianId, status, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>Links the technician to the user who signs in as them (null: unlinked, e.g. the user was removed).</summary>
    public async Task LinkUserAsync(DbTx tx, string businessId, string technicianId, string? userId) =>
        await tx.Connection.ExecuteAsync("UPDATE technicians SET user_id = @userId, updated_at = @now WHERE business_id = @businessId AND id = @technicianId",
            new { businessId, technicianId, userId, now = clock.GetUtcNow() }, tx.Transaction);
}
