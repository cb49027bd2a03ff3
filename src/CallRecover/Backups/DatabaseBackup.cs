namespace CallRecover.Backups;

/// <summary>A consistent copy of the database: its schema version and every table's row count in that same snapshot.</summary>
public sealed record DatabaseDump(int SchemaVersion, IReadOnlyDictionary<string, long> Tables);

/// <summary>Copies the configured database out and back in: SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore.</summary>
public interface IDatabaseBackup
{
    /// <summary>The file name of the copy inside the archive.</summary>
    string FileName { get; }

    /// <summary>Writes a consistent copy of the live database to <paramref name="file"/> while the app keeps running.</summary>
    Task<DatabaseDump> DumpAsync(string file, CancellationToken ct);

    /// <summary>Whether the configured database holds any business (a restore over it needs <c>--force</c>).</summary>
    Task<bool> HoldsDataAsync(CancellationToken ct);

    /// <summary>
    /// Replaces the configured database with the copy, after checking it against the manifest. On any failure the
    /// database is left as it was. Returns a sentence about what happened to the old data.
    /// </summary>
    Task<string> RestoreAsync(string file, BackupManifest manifest, CancellationToken ct);
}

/// <summary>Shared SQL: which tables exist and how many rows each has.</summary>
internal static class TableCounts
{
    public static async Task<Dictionary<string, long>> CountAsync(System.Data.Common.DbConnection conn, string listTablesSql,
        System.Data.Common.DbTransaction? tx, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var tables = (await Dapper.SqlMapper.QueryAsync<string>(conn, new Dapper.CommandDefinition(listTablesSql, transaction: tx, cancellationToken: ct))).ToList();
        foreach (var table in tables.Order(StringComparer.Ordinal))
            counts[table] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
                new Dapper.CommandDefinition($"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", transaction: tx, cancellationToken: ct));
        return counts;
    }

    public static async Task<int> SchemaVersionAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction? tx, CancellationToken ct) =>
        await Dapper.SqlMapper.ExecuteScalarAsync<int?>(conn, new Dapper.CommandDefinition("SELECT MAX(version) FROM schema_migrations", transaction: tx, cancellationToken: ct)) ?? 0;

    /// <summary>The first table whose count differs from the manifest's, as a sentence; null when all agree.</summary>
    public static string? Mismatch(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual)
    {
        foreach (var (table, rows) in expected)
            if (!actual.TryGetValue(table, out var got) || got != rows)
                return $"table {table} has {(actual.ContainsKey(table) ? got.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no")} rows where the backup recorded {rows}";
        return null;
    }
}
