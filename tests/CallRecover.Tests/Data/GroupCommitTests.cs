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

    /// <summary>
    /// SQLite's writer hands a transaction over on its own thread (no thread-pool hop while it holds the one writer); a
    /// caller that rolls back and then blocks for a while must not be holding the writer when it does.
    /// </summary>
    [Theory, DatabaseData]
    public async Task ACallerThatRollsBackAndThenBlocks_DoesNotHoldUpTheNextWriter(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var release = new ManualResetEventSlim();
        var rolledBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(async () =>
        {
            await using (var tx = await db.Db.BeginAsync())
                await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES ('gone', NULL, 't', 'x', 'n', '0', '{}', @at)",
                    new { at = DateTimeOffset.UnixEpoch }, tx.Transaction);
            rolledBack.SetResult();
            release.Wait(TimeSpan.FromSeconds(90)); // a caller busy with something else after its rollback
        });
        await rolledBack.Task;

        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES ('next', NULL, 't', 'x', 'n', '0', '{}', @at)",
            new { at = DateTimeOffset.UnixEpoch }, tx.Transaction)).WaitAsync(TimeSpan.FromSeconds(45)); // well short of the 90 s block, and long enough for a busy 2-core runner
        release.Set();
        await first;
        await using var conn = await db.Db.OpenAsync();
        (await conn.QueryAsync<string>("SELECT id FROM audit_log WHERE action = 'x'")).ShouldBe(["next"]);
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

    /// <summary>
    /// A burst of writers on a node with a budget of 4 connections: every transaction commits (none fails for want of
    /// a connection), and the node never holds more than its budget on the server.
    /// </summary>
    [Theory, DatabaseData]
    public async Task ABurstOfWriters_AllCommit_WithinTheNodesConnectionBudget(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var settings = test.Settings;
        settings.MaxConnections = 4;
        var connectionString = test.ConnectionString;
        if (provider == TestDatabase.Postgres)
        {
            // The node's own budget decides the pool, not the suite's shared pool size.
            var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            csb.Remove("Maximum Pool Size");
            connectionString = csb.ConnectionString;
        }
        settings.ConnectionString = connectionString;
        await using var db = new CallRecover.Data.Db(Microsoft.Extensions.Options.Options.Create(settings));
        var peak = 0;
        using var stop = new CancellationTokenSource();
        var watch = provider == TestDatabase.Postgres ? Task.Run(async () =>
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
            await using var admin = new Npgsql.NpgsqlConnection(TestDatabase.PostgresAdmin);
            await admin.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                var n = await admin.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = @database", new { database });
                peak = Math.Max(peak, n);
                await Task.Delay(2);
            }
        }) : Task.CompletedTask;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            await Task.Yield();
            await db.WriteAsync(async tx =>
            {
                await tx.Connection.ExecuteAsync("INSERT INTO audit_log (id, business_id, actor, action, entity_type, entity_id, details, created_at) VALUES (@id, NULL, 't', 'burst', 'n', '0', '{}', @at)",
                    new { id = $"b{i}", at = DateTimeOffset.UnixEpoch }, tx.Transaction);
                // Hold the transaction a moment, as a webhook's several statements do.
                await Task.Delay(1);
            });
        }));
        await stop.CancelAsync();
        await watch;

        await using var conn = await db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'burst'")).ShouldBe(300);
        if (provider == TestDatabase.Postgres) peak.ShouldBeInRange(1, 4, "connections this node held on the server");
    }
}
