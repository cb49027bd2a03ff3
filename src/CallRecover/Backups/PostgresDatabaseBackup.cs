using System.Diagnostics;
using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallRecover.Backups;

/// <summary>
/// PostgreSQL: pg_dump in custom format. A read-only repeatable-read transaction exports its snapshot, counts every
/// table in it, and pg_dump copies that very snapshot (<c>--snapshot</c>), so the counts in the manifest are the
/// counts of the copy while the app keeps writing. pg_restore runs as one transaction: a failure changes nothing.
/// </summary>
public sealed class PostgresDatabaseBackup(IOptions<DatabaseOptions> options, IOptions<BackupOptions> backup) : IDatabaseBackup
{
    private const string ListTables = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";

    public string FileName => "database/callrecover.pgdump";

    private NpgsqlConnectionStringBuilder Connection => new(options.Value.EffectiveConnectionString);

    public async Task<DatabaseDump> DumpAsync(string file, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(Connection.ConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await conn.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: tx);
        var snapshot = await conn.ExecuteScalarAsync<string>("SELECT pg_export_snapshot()", transaction: tx);
        var dump = new DatabaseDump(await TableCounts.SchemaVersionAsync(conn, tx, ct), await TableCounts.CountAsync(conn, ListTables, tx, ct));
        await RunToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={file}"], ct);
        await tx.CommitAsync(ct);
        return dump;
    }

    public async Task<bool> HoldsDataAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(Connection.ConnectionString);
        await conn.OpenAsync(ct);
        if (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'businesses'") == 0) return false;
        return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM businesses") > 0;
    }

    public async Task<string> RestoreAsync(string file, BackupManifest manifest, CancellationToken ct)
    {
        // pg_restore turns the dump into SQL; psql runs "drop what is there" and that SQL as ONE transaction, so a failure
        // anywhere leaves the old database exactly as it was, and tables of a newer schema never linger beside old data.
        var script = file + ".sql";
        var preamble = file + ".preamble.sql";
        // No comments: ours have none, and an extension's (COMMENT ON EXTENSION) may only be set by its owner, a superuser.
        await RunToolAsync("pg_restore", ["--no-owner", "--no-privileges", "--no-comments", $"--file={script}", file], ct);
        await File.WriteAllTextAsync(preamble, DropEverything, ct);
        await RunToolAsync("psql", ["--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", $"--file={preamble}", $"--file={script}"], ct);
        await using var conn = new NpgsqlConnection(Connection.ConnectionString);
        await conn.OpenAsync(ct);
        if (TableCounts.Mismatch(manifest.Tables, await TableCounts.CountAsync(conn, ListTables, null, ct)) is { } mismatch)
            throw new BackupException($"The restored database does not match the backup's manifest: {mismatch}.", changedNothing: false);
        return "the previous contents of the database were replaced (back it up first if you may need it).";
    }

    /// <summary>
    /// Drops every view, table, sequence, function and type of the current schema (the restore recreates what it needs),
    /// except what belongs to an extension (pg_stat_statements' views, say): those are the extension's to keep.
    /// </summary>
    private const string DropEverything = """
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT c.relname AS n, c.relkind AS k FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
                   LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
                   WHERE s.nspname = current_schema() AND c.relkind IN ('v', 'm', 'r', 'p', 'S') AND d.objid IS NULL
                   ORDER BY CASE WHEN c.relkind IN ('v', 'm') THEN 0 WHEN c.relkind = 'S' THEN 2 ELSE 1 END LOOP
            EXECUTE format(CASE r.k WHEN 'v' THEN 'DROP VIEW IF EXISTS %I.%I CASCADE' WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE'
                                    WHEN 'S' THEN 'DROP SEQUENCE IF EXISTS %I.%I CASCADE' ELSE 'DROP TABLE IF EXISTS %I.%I CASCADE' END,
                           current_schema(), r.n); END LOOP;
          FOR r IN SELECT p.oid::regprocedure AS n FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
                   LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
                   WHERE s.nspname = current_schema() AND d.objid IS NULL LOOP
            EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.n); END LOOP;
          FOR r IN SELECT t.typname AS n FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
                   LEFT JOIN pg_depend d ON d.objid = t.oid AND d.deptype = 'e'
                   WHERE s.nspname = current_schema() AND t.typtype IN ('e', 'd', 'c') AND d.objid IS NULL
                     AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid AND c.relkind <> 'c') LOOP
            EXECUTE format('DROP TYPE IF EXISTS %I.%I CASCADE', current_schema(), r.n); END LOOP;
        END $$;

        """;

    /// <summary>Runs a PostgreSQL client program with the connection in PG* variables (the password never on a command line).</summary>
    private async Task RunToolAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        var c = Connection;
        var psi = new ProcessStartInfo(Locate(backup.Value.PostgresTools, tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PGHOST"] = c.Host ?? "localhost";
        psi.Environment["PGPORT"] = c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["PGDATABASE"] = c.Database ?? "";
        if (c.Username is { Length: > 0 } user) psi.Environment["PGUSER"] = user;
        if (c.Password is { Length: > 0 } password) psi.Environment["PGPASSWORD"] = password;
        psi.Environment["PGSSLMODE"] = c.SslMode switch
        {
            SslMode.Disable => "disable", SslMode.Allow => "allow", SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => "prefer",
        };
        using var p = Process.Start(psi) ?? throw new BackupException($"{tool} could not be started.");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new BackupException($"{tool} failed (exit {p.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
    }

    /// <summary>The program in the configured folder, else on PATH, else the newest /usr/lib/postgresql/*/bin (Debian's layout).</summary>
    private static string Locate(string? folder, string tool)
    {
        if (!string.IsNullOrWhiteSpace(folder))
            return File.Exists(Path.Combine(folder, tool)) ? Path.Combine(folder, tool) : throw Missing(tool, $"no {tool} in {folder} (Backup__PostgresTools)");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
            foreach (var version in Directory.GetDirectories(debian).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                if (File.Exists(Path.Combine(version, "bin", tool))) return Path.Combine(version, "bin", tool);
        throw Missing(tool, "it is not on PATH");
    }

    private static BackupException Missing(string tool, string why) => new(
        $"{tool} was not found ({why}). PostgreSQL backups need the PostgreSQL client tools (pg_dump, pg_restore, psql) of your " +
        "server's major version or newer (Debian: apt-get install postgresql-client), or Backup__PostgresTools set to their folder.");
}
