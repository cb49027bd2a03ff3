using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Data;

/// <summary>
/// Write transactions keep their own meaning when SQLite commits them in groups: a commit that returned is visible to
/// every other connection (and so on disk), a rollback undoes only its own changes, a failed statement in one
/// transaction leaves the others alone, after-commit actions run only once the change is visible, and a caller that
/// gives up waiting for the writer leaves it working. The same assertions hold on PostgreSQL, where each transaction is
/// its own.
/// </summary>
public sealed class GroupCommitTests
{
    [Theory, DatabaseData]
    public async Task ManyConcurrentWriters_EachCommitIsVisibleWhenItReturns_RollbacksLeaveNoTrace(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var visibleAtCommit = 0;
        var afterCommitSawRow = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Yield();
            await using var tx = await db.Db.BeginAsync();
            await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES (@id, NULL, 'test', 'group', 'n', @n, '{}', @at)",
                new { id = $"g{i}", n = i.ToString(System.Globalization.CultureInfo.InvariantCulture), at = DateTimeOffset.UnixEpoch }, tx.Transaction);
            if (i % 10 == 3) return; // disposed without commit: rolled back
            var seen = new TaskCompletionSource<bool>();
            tx.AfterCommit(() => seen.SetResult(true));
            await tx.CommitAsync();
            await seen.Task;
            await using var reader = await db.Db.OpenAsync();
            if (await reader.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE id = @id", new { id = $"g{i}" }) == 1) Interlocked.Increment(ref visibleAtCommit);
            Interlocked.Increment(ref afterCommitSawRow);
        }));

        visibleAtCommit.ShouldBe(180, "every committed row is visible to another connection as soon as its commit returned");
        afterCommitSawRow.ShouldBe(180);
        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'group'")).ShouldBe(180, "the 20 rolled-back transactions left nothing");
    }

    [Theory, DatabaseData]
    public async Task AFailedStatement_RollsBackItsTransactionOnly_WhileOthersCommit(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES ('dup', NULL, 't', 'x', 'n', '0', '{}', @at)",
            new { at = DateTimeOffset.UnixEpoch }, tx.Transaction));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await Task.Yield();
            try
            {
                await db.Db.WriteAsync(async tx =>
                {
                    await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES (@id, NULL, 't', 'ok', 'n', '0', '{}', @at)",
                        new { id = $"ok{i}", at = DateTimeOffset.UnixEpoch }, tx.Transaction);
                    // Every fifth one then breaks the primary key: its own first insert must go too.
                    if (i % 5 == 0)
                        await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES ('dup', NULL, 't', 'x', 'n', '0', '{}', @at)",
                            new { at = DateTimeOffset.UnixEpoch }, tx.Transaction);
                });
                return true;
            }
            catch (System.Data.Common.DbException)
            {
                return false;
            }
        }));

        results.Count(ok => !ok).ShouldBe(10);
        await using var conn = await db.Db.OpenAsync();
        (await conn.QueryAsync<string>("SELECT id FROM audit_log WHERE action = 'ok'")).Order().ShouldBe(
            Enumerable.Range(0, 50).Where(i => i % 5 != 0).Select(i => $"ok{i}").Order());
    }

    [Theory, DatabaseData]
    public async Task ACallerThatGivesUpWaiting_DoesNotStopTheWriter(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var holder = await db.Db.BeginAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        if (provider == TestDatabase.Sqlite)
        {
            // The writer is busy with the open transaction: this one waits, then gives up.
            await Should.ThrowAsync<OperationCanceledException>(() => db.Db.BeginAsync(cts.Token));
        }
        await holder.DisposeAsync();

        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES ('after', NULL, 't', 'x', 'n', '0', '{}', @at)",
            new { at = DateTimeOffset.UnixEpoch }, tx.Transaction));
        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE id = 'after'")).ShouldBe(1);
    }
}
