using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace CallRecover.Data;

/// <summary>One numbered SQL file, e.g. <c>0003_conversations.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the numbered SQL files embedded under Data/Migrations/{dialect}. Each migration runs in its
/// own transaction together with its row in schema_migrations, so a failure leaves the database as it
/// was (both SQLite and PostgreSQL have transactional DDL).
/// </summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    // The embedded files never change while the process runs, so read and parse them once (the readiness probe
    // asks on every call). Two first callers at once just both load the same list.
    private IReadOnlyList<Migration>? _all;

    public IReadOnlyList<Migration> All() => _all ??= Load(db.Dialect);

    public static IReadOnlyList<Migration> Load(SqlDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{dialect.Name}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success) throw new InvalidOperationException($"Migration file '{file}' must be named NNNN_name.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var duplicate = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two {dialect} migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return [.. list.OrderBy(m => m.Version)];
    }

    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var applied = await AppliedAsync(conn);
        return [.. All().Where(m => !applied.Contains(m.Version))];
    }

    /// <summary>Applies every pending migration in order; returns how many ran.</summary>
    public Task<int> MigrateAsync(TimeProvider clock, CancellationToken ct = default) => ApplyAsync(All(), clock, ct);

    /// <summary>Applies the given migrations that are not yet recorded, in version order.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<Migration> migrations, TimeProvider clock, CancellationToken ct = default)
    {
        var count = 0;
        HashSet<int> applied;
        await using (var conn = await db.OpenAsync(ct)) applied = await AppliedAsync(conn);
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await using var tx = await db.BeginAsync(ct);
            try
            {
                // Two nodes may start at once. PostgreSQL: an advisory lock held until commit serializes them;
                // SQLite: the write transaction already does. Re-checking inside the lock makes the loser skip.
                await tx.LockAsync(7231001);
                if (await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", migration, tx.Transaction) > 0)
                    continue;
                await tx.Connection.ExecuteAsync(migration.Sql, transaction: tx.Transaction);
                await tx.Connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = clock.GetUtcNow() }, tx.Transaction);
                await tx.CommitAsync(ct);
            }
            catch (DbException ex)
            {
                throw new MigrationFailedException(migration, ex);
            }
            logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
            count++;
        }
        return count;
    }

    private async Task<HashSet<int>> AppliedAsync(DbConnection conn)
    {
        await conn.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at {db.Dialect.TimestampType} NOT NULL
            )
            """);
        return [.. await conn.QueryAsync<int>("SELECT version FROM schema_migrations")];
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}

public sealed class MigrationFailedException(Migration migration, Exception inner)
    : Exception($"Migration {migration.Version:D4}_{migration.Name} failed and was rolled back: {inner.Message}", inner)
{
    public Migration Migration { get; } = migration;
}
