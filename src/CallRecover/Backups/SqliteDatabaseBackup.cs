using CallRecover.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CallRecover.Backups;

/// <summary>
/// SQLite: SQLite's online backup API copies every page under one read snapshot while writers go on (WAL). A restore
/// builds the new file beside the old one, checks it, and only then swaps the two; the old file is kept beside it.
/// </summary>
public sealed class SqliteDatabaseBackup(IOptions<DatabaseOptions> options, TimeProvider clock) : IDatabaseBackup
{
    private const string ListTables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

    public string FileName => "database/callrecover.db";

    private string DatabasePath => Path.GetFullPath(new SqliteConnectionStringBuilder(options.Value.EffectiveConnectionString).DataSource);

    private static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        conn.Open();
        conn.Execute("PRAGMA busy_timeout=10000;");
        return conn;
    }

    public async Task<DatabaseDump> DumpAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(DatabasePath)) throw new BackupException($"There is no database at {DatabasePath} to back up.");
        await using (var source = Open(DatabasePath, SqliteOpenMode.ReadOnly))
        await using (var copy = Open(file))
            source.BackupDatabase(copy);
        await using var check = Open(file);
        // The copy stands alone: one file, no write-ahead log beside it.
        await check.ExecuteAsync("PRAGMA journal_mode=DELETE;");
        return new DatabaseDump(await TableCounts.SchemaVersionAsync(check, null, ct), await TableCounts.CountAsync(check, ListTables, null, ct));
    }

    public async Task<bool> HoldsDataAsync(CancellationToken ct)
    {
        if (!File.Exists(DatabasePath) || new FileInfo(DatabasePath).Length == 0) return false;
        try
        {
            await using var conn = Open(DatabasePath, SqliteOpenMode.ReadOnly);
            if (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'businesses'") == 0) return false;
            return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM businesses") > 0;
        }
        catch (SqliteException)
        {
            return true; // not readable as a database: never overwrite it without --force
        }
    }

    public async Task<string> RestoreAsync(string file, BackupManifest manifest, CancellationToken ct)
    {
        var target = DatabasePath;
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var staged = $"{target}.restoring-{stamp}";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, staged, overwrite: true);
        try
        {
            await using (var conn = Open(staged))
            {
                var integrity = await conn.ExecuteScalarAsync<string>("PRAGMA integrity_check;");
                if (integrity != "ok") throw new BackupException($"The database in the backup is damaged ({integrity}).");
                if (TableCounts.Mismatch(manifest.Tables, await TableCounts.CountAsync(conn, ListTables, null, ct)) is { } mismatch)
                    throw new BackupException($"The database in the backup does not match its manifest: {mismatch}.");
            }
            // Pooled connections would keep reading the file that moves aside.
            SqliteConnection.ClearAllPools();
            if (!File.Exists(target))
            {
                File.Move(staged, target);
                return "there was no database before.";
            }
            // Swap: the old file (with its write-ahead log, so nothing committed is lost) moves aside under a dated name.
            var before = $"{target}.before-restore-{stamp}";
            var moved = new List<(string From, string To)>();
            try
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    if (File.Exists(target + suffix)) { File.Move(target + suffix, before + suffix); moved.Add((target + suffix, before + suffix)); }
                File.Move(staged, target);
            }
            catch
            {
                foreach (var (from, to) in moved) File.Move(to, from, overwrite: true);
                throw;
            }
            return $"the previous database was kept as {before}.";
        }
        finally
        {
            if (File.Exists(staged)) File.Delete(staged);
        }
    }
}
