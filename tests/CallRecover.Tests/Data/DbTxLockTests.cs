using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Data;

public sealed class DbTxLockTests
{
    /// <summary>
    /// The lock keys are shared with nodes running other versions, so <c>LockAsync</c> must take exactly the
    /// advisory locks the hand-written SQL used to take: hashtext of the key string, and the bare number.
    /// </summary>
    [Theory, DatabaseData]
    public async Task LockAsync_HoldsTheSameAdvisoryLocks_UntilCommit(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var tx = await db.Db.BeginAsync();
        await tx.LockAsync("booking:b1");
        await tx.LockAsync(7231001);
        if (db.Provider == TestDatabase.Postgres)
        {
            (await TryLockAsync(db, "hashtext('booking:b1')")).ShouldBeFalse("held by the open transaction");
            (await TryLockAsync(db, "7231001")).ShouldBeFalse("held by the open transaction");
            (await TryLockAsync(db, "hashtext('booking:b2')")).ShouldBeTrue("another key is free");
        }
        await tx.CommitAsync();
        if (db.Provider == TestDatabase.Postgres)
        {
            (await TryLockAsync(db, "hashtext('booking:b1')")).ShouldBeTrue("released at commit");
            (await TryLockAsync(db, "7231001")).ShouldBeTrue("released at commit");
        }
    }

    /// <summary>From another connection; in autocommit the transaction-scoped lock is released as the statement ends.</summary>
    private static async Task<bool> TryLockAsync(TestDatabase db, string key)
    {
        await using var conn = await db.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<bool>($"SELECT pg_try_advisory_xact_lock({key})");
    }
}
