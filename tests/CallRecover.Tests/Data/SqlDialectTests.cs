using CallRecover.Data;

namespace CallRecover.Tests.Data;

public sealed class SqlDialectTests
{
    [Fact]
    public void InList_IsAnArrayMatchOnPostgres_AndADapperExpandedInOnSqlite()
    {
        SqlDialect.Postgres.InList("ids").ShouldBe("= ANY(@ids)");
        SqlDialect.Sqlite.InList("ids").ShouldBe("IN @ids");
    }
}
