using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>
/// Each business's service catalog. A business without one gets its vertical's default on first use, so the
/// estimate engine always has something to read; every edit bumps the version that estimates record.
/// </summary>
public sealed class ServiceCatalogStore(Db db, TimeProvider clock)
{
    private const string Columns = "id, business_id, name, keywords AS keywords_json, labor_hours, parts_cost, complexity, diagnostic, position, created_at, updated_at";

    public async Task<ServiceCatalog> GetAsync(string businessId, string vertical, CancellationToken ct = default)
    {
        await using (var conn = await db.OpenAsync(ct))
        {
            var existing = await ReadAsync(conn, null, businessId);
            if (existing is not null) return existing;
        }
        return await db.WriteAsync(tx => GetAsync(tx, businessId, vertical), ct);
    }

    /// <summary>The catalog, seeding the vertical's default in <paramref name="tx"/> when the business has none yet.</summary>
    public async Task<ServiceCatalog> GetAsync(DbTx tx, string businessId, string vertical)
    {
        var existing = await ReadAsync(tx.Connection, tx.Transaction, businessId);
        if (existing is not null) return existing;
        var now = clock.GetUtcNow();
        var inserted = await tx.Connection.ExecuteAsync("""
            INSERT INTO service_catalog_meta (business_id, version, seeded_from, trip_charge, updated_at)
            VALUES (@businessId, 1, @vertical, NULL, @now) ON CONFLICT (business_id) DO NOTHING
            """, new { businessId, vertical, now }, tx.Transaction);
        if (inserted == 1) await InsertEntriesAsync(tx, businessId, CatalogDefaults.For(vertical), now);
        return (await ReadAsync(tx.Connection, tx.Transaction, businessId))!;
    }

    /// <summary>Replaces the whole catalog (and the trip charge) and bumps the version.</summary>
    public async Task<ServiceCatalog> ReplaceAsync(DbTx tx, string businessId, string vertical, IReadOnlyList<CatalogEntryInput> entries, decimal? tripCharge, string seededFrom = "edited")
    {
        await GetAsync(tx, businessId, vertical);
        var now = clock.GetUtcNow();
        // The meta row first: its update locks this business's catalog until commit, so a concurrent change waits and
        // then deletes what this one inserted (PostgreSQL; SQLite runs writers one at a time anyway). Deleting first
        // would let two replacements each delete only the rows they saw and then insert the same names twice.
        await tx.Connection.ExecuteAsync("""
            UPDATE service_catalog_meta SET version = version + 1, trip_charge = @tripCharge, seeded_from = @seededFrom, updated_at = @now
            WHERE business_id = @businessId
            """, new { businessId, tripCharge, seededFrom, now }, tx.Transaction);
        await tx.Connection.ExecuteAsync("DELETE FROM service_catalog WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        await InsertEntriesAsync(tx, businessId, entries, now);
        return (await ReadAsync(tx.Connection, tx.Transaction, businessId))!;
    }

    /// <summary>Adds or replaces one entry by name and bumps the version.</summary>
    public async Task<CatalogEntry> UpsertEntryAsync(DbTx tx, string businessId, string vertical, CatalogEntryInput entry)
    {
        await GetAsync(tx, businessId, vertical);
        var now = clock.GetUtcNow();
        // Lock the catalog (its meta row) before reading which entry to change, as in ReplaceAsync: two upserts of one
        // new name at once would otherwise both insert it.
        await BumpAsync(tx, businessId, now);
        var catalog = (await ReadAsync(tx.Connection, tx.Transaction, businessId))!;
        var existing = catalog.Entries.FirstOrDefault(e => string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
            await InsertEntriesAsync(tx, businessId, [entry], now, catalog.Entries.Count);
        else
            await tx.Connection.ExecuteAsync("""
                UPDATE service_catalog SET name = @Name, keywords = @Keywords, labor_hours = @LaborHours, parts_cost = @PartsCost,
                    complexity = @Complexity, diagnostic = @Diagnostic, updated_at = @now
                WHERE business_id = @businessId AND id = @Id
                """, new { existing.Id, businessId, entry.Name, Keywords = Json.Serialize(entry.Keywords), entry.LaborHours, entry.PartsCost, entry.Complexity, entry.Diagnostic, now }, tx.Transaction);
        return (await ReadAsync(tx.Connection, tx.Transaction, businessId))!.Entries.First(e => string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Changes one entry of <paramref name="businessId"/> by id and bumps the version; null when it has no such entry.</summary>
    public async Task<CatalogEntry?> UpdateEntryAsync(DbTx tx, string businessId, string entryId, CatalogEntryInput entry)
    {
        var now = clock.GetUtcNow();
        var rows = await tx.Connection.ExecuteAsync("""
            UPDATE service_catalog SET name = @Name, keywords = @Keywords, labor_hours = @LaborHours, parts_cost = @PartsCost,
                complexity = @Complexity, diagnostic = @Diagnostic, updated_at = @now
            WHERE business_id = @businessId AND id = @entryId
            """, new { entryId, businessId, entry.Name, Keywords = Json.Serialize(entry.Keywords), entry.LaborHours, entry.PartsCost, entry.Complexity, entry.Diagnostic, now }, tx.Transaction);
        if (rows == 0) return null;
        await BumpAsync(tx, businessId, now);
        return (await ReadAsync(tx.Connection, tx.Transaction, businessId))!.Entries.First(e => e.Id == entryId);
    }

    public async Task<bool> DeleteEntryAsync(DbTx tx, string businessId, string entryId)
    {
        var rows = await tx.Connection.ExecuteAsync("DELETE FROM service_catalog WHERE business_id = @businessId AND id = @entryId", new { businessId, entryId }, tx.Transaction);
        if (rows > 0) await BumpAsync(tx, businessId, clock.GetUtcNow());
        return rows > 0;
    }

    private static Task BumpAsync(DbTx tx, string businessId, DateTimeOffset now) =>
        tx.Connection.ExecuteAsync("UPDATE service_catalog_meta SET version = version + 1, seeded_from = 'edited', updated_at = @now WHERE business_id = @businessId",
            new { businessId, now }, tx.Transaction);

    private static async Task InsertEntriesAsync(DbTx tx, string businessId, IReadOnlyList<CatalogEntryInput> entries, DateTimeOffset now, int firstPosition = 0)
    {
        var position = firstPosition;
        foreach (var e in entries)
            await tx.Connection.ExecuteAsync("""
                INSERT INTO service_catalog (id, business_id, name, keywords, labor_hours, parts_cost, complexity, diagnostic, position, created_at, updated_at)
                VALUES (@Id, @businessId, @Name, @Keywords, @LaborHours, @PartsCost, @Complexity, @Diagnostic, @position, @now, @now)
                """, new { Id = Ids.New(), businessId, e.Name, Keywords = Json.Serialize(e.Keywords), e.LaborHours, e.PartsCost, e.Complexity, e.Diagnostic, position = position++, now }, tx.Transaction);
    }

    private static async Task<ServiceCatalog?> ReadAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction? tx, string businessId)
    {
        var meta = await conn.QuerySingleOrDefaultAsync<Meta>(
            "SELECT version, seeded_from, trip_charge FROM service_catalog_meta WHERE business_id = @businessId", new { businessId }, tx);
        if (meta is null) return null;
        var entries = await conn.QueryAsync<CatalogEntry>(
            $"SELECT {Columns} FROM service_catalog WHERE business_id = @businessId ORDER BY position, name", new { businessId }, tx);
        return new ServiceCatalog(meta.Version, meta.SeededFrom, meta.TripCharge, [.. entries]);
    }

    private sealed record Meta
    {
        public int Version { get; init; }
        public string SeededFrom { get; init; } = "";
        public decimal? TripCharge { get; init; }
    }
}
