using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Queue;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Backups;

/// <summary>What a backup run wrote.</summary>
public sealed record BackupResult(string File, BackupManifest Manifest);

/// <summary>
/// One archive (a zip with <c>manifest.json</c>) holds everything a restore needs: the database (which also holds the
/// Data Protection keys, without which stored secrets and sign-in cookies are unreadable) and every registered
/// <see cref="DataFolder"/> (recordings, job photos), each under its name. The database is copied first and the folders
/// after, so every file the copied rows point at is in the archive.
/// </summary>
public sealed class BackupService(IDatabaseBackup database, Db db, Migrator migrator, IEnumerable<DataFolder> folders,
    IServiceProvider services, IOptions<QueueOptions> queue, TimeProvider clock, ILogger<BackupService> log)
{
    private IEnumerable<(string Name, string Path)> Folders => folders.Select(f => (f.Name, System.IO.Path.GetFullPath(f.Path(services))));

    /// <summary>The name scheduled backups get: sortable by time, recognisable when pruning.</summary>
    public string DefaultFileName() =>
        $"callrecover-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.backup.zip";

    /// <summary>Writes a backup to <paramref name="output"/> (a file, or an existing folder to put a dated file in).</summary>
    public async Task<BackupResult> CreateAsync(string output, CancellationToken ct = default)
    {
        var file = Directory.Exists(output) ? Path.Combine(output, DefaultFileName()) : Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var work = Directory.CreateTempSubdirectory("callrecover-backup-");
        try
        {
            var dbCopy = Path.Combine(work.FullName, "db");
            var dump = await database.DumpAsync(dbCopy, ct);
            var files = new List<(BackupFile Entry, string Source)> { (await BackupManifest.DescribeAsync(database.FileName, dbCopy, ct), dbCopy) };
            foreach (var (name, path) in Folders)
                if (Directory.Exists(path))
                    foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                        files.Add((await BackupManifest.DescribeAsync($"{name}/{Path.GetRelativePath(path, f).Replace('\\', '/')}", f, ct), f));
            var manifest = new BackupManifest
            {
                Provider = db.Dialect.Name, SchemaVersion = dump.SchemaVersion, CreatedAt = clock.GetUtcNow(),
                AppVersion = typeof(BackupService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
                DatabaseFile = database.FileName, Tables = dump.Tables, Files = [.. files.Select(f => f.Entry)],
            };
            // Written under a temporary name and renamed when complete: a crash never leaves a half archive that looks whole.
            var partial = file + ".partial";
            await using (var zip = await ZipFile.OpenAsync(partial, ZipArchiveMode.Create, ct))
            {
                await using (var m = await zip.CreateEntry(BackupManifest.FileName).OpenAsync(ct))
                    await JsonSerializer.SerializeAsync(m, manifest, Json.Options, ct);
                foreach (var (entry, source) in files)
                    // The database compresses well; audio and photos are compressed already.
                    await zip.CreateEntryFromFileAsync(source, entry.Path, entry.Path == database.FileName ? CompressionLevel.Optimal : CompressionLevel.NoCompression, ct);
            }
            File.Move(partial, file, overwrite: true);
            log.LogInformation("Backup written: {File}, {Tables} tables, {Files} files, schema {Schema}", file, manifest.Tables.Count, manifest.Files.Count, manifest.SchemaVersion);
            return new BackupResult(file, manifest);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Restores a backup over the configured database and recordings folder. Refuses a damaged archive, one from another
    /// database engine or a newer schema, and (without <paramref name="force"/>) a database that already holds a business.
    /// Nothing changes before every check has passed; a failure during the swap puts the old data back.
    /// Returns sentences for the person running it.
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(string input, bool force, CancellationToken ct = default)
    {
        var work = Directory.CreateTempSubdirectory("callrecover-restore-");
        try
        {
            var manifest = await BackupManifest.ExtractVerifiedAsync(Path.GetFullPath(input), work.FullName, ct);
            if (manifest.Provider != db.Dialect.Name)
                throw new BackupException($"This backup is of a {manifest.Provider} database; this CallRecover is set up for {db.Dialect.Name} (Database__Provider).");
            var known = migrator.All().Max(m => m.Version);
            if (manifest.SchemaVersion > known)
                throw new BackupException($"This backup has schema version {manifest.SchemaVersion}, newer than this CallRecover knows ({known}). Upgrade CallRecover first, then restore.");
            if (manifest.DatabaseFile != database.FileName || manifest.Files.All(f => f.Path != manifest.DatabaseFile))
                throw new BackupException("This backup holds no database for this engine.");
            if (await RunningNodesAsync(ct) is { Count: > 0 } nodes)
                throw new BackupException($"CallRecover is running on this database (node {string.Join(", ", nodes)} is beating): stop every node first, then restore. A restore under a running app would lose what it writes.");
            if (!force && await database.HoldsDataAsync(ct))
                throw new BackupException($"The database ({db.Describe()}) already holds businesses. Restoring would replace them: stop the app and run restore again with --force.");

            var said = new List<string>();
            said.Add("Database restored; " + await database.RestoreAsync(Path.Combine(work.FullName, manifest.DatabaseFile), manifest, ct));
            foreach (var (name, path) in Folders)
                said.Add(SwapFolder(name, path, Path.Combine(work.FullName, name), manifest.Files.Count(f => f.Path.StartsWith(name + "/", StringComparison.Ordinal))));
            var applied = await migrator.MigrateAsync(clock, ct);
            said.Add(applied > 0 ? $"{applied} newer migration(s) applied: the schema is current." : "The schema is current.");
            log.LogInformation("Backup restored: schema {Schema}, {Tables} tables, {Migrations} migrations applied", manifest.SchemaVersion, manifest.Tables.Count, applied);
            return said;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Worker nodes whose heartbeat (queue_nodes) is fresher than Queue:NodeTimeout: a running app. A node that stops forgets itself.</summary>
    private async Task<IReadOnlyList<string>> RunningNodesAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await db.OpenAsync(ct);
            return [.. await conn.QueryAsync<string>(new CommandDefinition("SELECT node FROM queue_nodes WHERE heartbeat_at >= @since",
                new { since = clock.GetUtcNow() - queue.Value.NodeTimeout }, cancellationToken: ct))];
        }
        catch (System.Data.Common.DbException)
        {
            return []; // no database or no schema yet: nothing runs on it
        }
    }

    /// <summary>Puts a restored folder in place; an existing folder with files moves aside under a dated name.</summary>
    private string SwapFolder(string name, string target, string restored, int count)
    {
        if (!Directory.Exists(restored)) Directory.CreateDirectory(restored);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            var before = $"{target}.before-restore-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            Directory.Move(target, before);
            CopyDirectory(restored, target);
            return $"{count} file(s) of {name} restored; the previous folder was kept as {before}.";
        }
        if (Directory.Exists(target)) Directory.Delete(target);
        CopyDirectory(restored, target);
        return $"{count} file(s) of {name} restored.";
    }

    // Copied, not moved: the temp folder may be on another file system than the data folder.
    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
