using CallRecover.Data;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Data;

/// <summary>
/// <see cref="SqlDialect.InList"/> is how a store asks "is this column in that list" (queue leases, the calls
/// log's recordings); what matters is the rows a real query returns on each database, not the SQL text.
/// </summary>
public sealed class SqlDialectTests
{
    [Theory, DatabaseData]
    public async Task InList_ReturnsExactlyTheListedRows_ForTextAndNumberIds(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var conn = await db.Db.OpenAsync();
        await conn.ExecuteAsync("CREATE TEMPORARY TABLE picks (id TEXT NOT NULL, n BIGINT NOT NULL, business_id TEXT NOT NULL)");
        foreach (var (id, n, b) in new[] { ("a", 1L, "b1"), ("b", 2L, "b1"), ("c", 3L, "b1"), ("d", 4L, "b2"), ("it's", 5L, "b1") })
            await conn.ExecuteAsync("INSERT INTO picks (id, n, business_id) VALUES (@id, @n, @b)", new { id, n, b });
        var inIds = db.Db.Dialect.InList("ids");

        async Task<string[]> TextAsync(string[] ids, string businessId = "b1") =>
            [.. (await conn.QueryAsync<string>($"SELECT id FROM picks WHERE business_id = @businessId AND id {inIds} ORDER BY id", new { businessId, ids }))];
        async Task<long[]> NumbersAsync(long[] ids) =>
            [.. (await conn.QueryAsync<long>($"SELECT n FROM picks WHERE n {inIds} ORDER BY n", new { ids }))];

        (await TextAsync(["c", "a", "zzz"])).ShouldBe(["a", "c"]);
        (await TextAsync(["b"])).ShouldBe(["b"]);
        (await TextAsync(["it's", "' OR 1=1 --"])).ShouldBe(["it's"], "values are parameters, never SQL");
        (await TextAsync(["d"])).ShouldBeEmpty("the other filters still apply");
        (await TextAsync([])).ShouldBeEmpty();
        (await NumbersAsync([4, 2, 99])).ShouldBe([2L, 4L]);
        (await NumbersAsync([])).ShouldBeEmpty();

        // As an UPDATE filter (the queue's lease renewal): only the listed rows change.
        var changed = await conn.ExecuteAsync($"UPDATE picks SET business_id = 'moved' WHERE n {inIds}", new { ids = new long[] { 1, 3 } });
        changed.ShouldBe(2);
        (await conn.QueryAsync<long>("SELECT n FROM picks WHERE business_id = 'moved' ORDER BY n")).ShouldBe([1L, 3L]);
    }
}
