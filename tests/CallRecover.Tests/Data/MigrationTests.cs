using CallRecover.Data;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallRecover.Tests.Data;

public sealed class MigrationTests
{
    [Theory, DatabaseData]
    public async Task EveryEmbeddedMigration_IsApplied_AndRecorded(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var migrator = new Migrator(db.Db, NullLogger<Migrator>.Instance);
        (await migrator.PendingAsync()).ShouldBeEmpty();
        await using var conn = await db.Db.OpenAsync();
        var versions = (await conn.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        versions.ShouldBe(migrator.All().Select(m => m.Version).ToList());
        (await migrator.MigrateAsync(TimeProvider.System)).ShouldBe(0, "a second run applies nothing");
    }

    [Fact]
    public void BothDialects_HaveTheSameMigrationNumbers()
    {
        Migrator.Load(SqlDialect.Sqlite).Select(m => (m.Version, m.Name))
            .ShouldBe(Migrator.Load(SqlDialect.Postgres).Select(m => (m.Version, m.Name)));
    }

    [Theory, DatabaseData]
    public async Task FailedMigration_LeavesTheDatabaseAsItWas_AndStops(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var migrator = new Migrator(db.Db, NullLogger<Migrator>.Instance);
        var broken = new Migration(9001, "broken", """
            CREATE TABLE half_done (id TEXT PRIMARY KEY);
            INSERT INTO half_done (id) VALUES ('x');
            THIS IS NOT SQL;
            """);
        var after = new Migration(9002, "after", "CREATE TABLE never_reached (id TEXT PRIMARY KEY);");

        var ex = await Should.ThrowAsync<MigrationFailedException>(() => migrator.ApplyAsync([.. migrator.All(), broken, after], TimeProvider.System));
        ex.Message.ShouldContain("9001_broken");

        await using var conn = await db.Db.OpenAsync();
        var tables = db.Provider == TestDatabase.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('half_done','never_reached')"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('half_done','never_reached')";
        (await conn.ExecuteScalarAsync<int>(tables)).ShouldBe(0);
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations WHERE version >= 9001")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task TimesRoundTrip_AsUtc_AndCompareInSql(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var early = new DateTimeOffset(2026, 3, 8, 6, 59, 59, 123, TimeSpan.FromHours(-5));
        var late = early.AddMilliseconds(1);
        await db.Db.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, actor, entity_type, entity_id, action, details, created_at) VALUES ('a','t','x','1','early','{}',@early)", new { early }, tx.Transaction);
            await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, actor, entity_type, entity_id, action, details, created_at) VALUES ('b','t','x','1','late','{}',@late)", new { late }, tx.Transaction);
        });
        await using var conn = await db.Db.OpenAsync();
        var read = await conn.ExecuteScalarAsync<DateTimeOffset>("SELECT created_at FROM audit_log WHERE id = 'a'");
        read.ShouldBe(early);
        read.Offset.ShouldBe(TimeSpan.Zero);
        (await conn.ExecuteScalarAsync<string>("SELECT action FROM audit_log WHERE created_at > @early", new { early })).ShouldBe("late");
    }
}
