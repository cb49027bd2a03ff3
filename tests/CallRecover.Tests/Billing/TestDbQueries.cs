using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Billing;

internal static class TestDbQueries
{
    public static async Task<List<T>> QueryAsync<T>(this TestDatabase db, string sql, object? param = null)
    {
        await using var conn = await db.Db.OpenAsync();
        return [.. await conn.QueryAsync<T>(sql, param)];
    }

    public static async Task<T> ScalarAsync<T>(this TestDatabase db, string sql, object? param = null)
    {
        await using var conn = await db.Db.OpenAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, param))!;
    }
}
