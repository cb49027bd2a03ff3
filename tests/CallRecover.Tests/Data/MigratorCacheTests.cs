using CallRecover.Data;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallRecover.Tests.Data;

public sealed class MigratorCacheTests
{
    [Fact]
    public async Task All_ParsesTheEmbeddedMigrationsOnce_PerMigrator()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var migrator = new Migrator(db.Db, NullLogger<Migrator>.Instance);
        var first = migrator.All();
        migrator.All().ShouldBeSameAs(first, "the readiness probe asks on every call");
        first.ShouldBe(Migrator.Load(SqlDialect.Sqlite));
    }
}
