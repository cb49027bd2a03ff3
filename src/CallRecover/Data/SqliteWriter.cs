using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace CallRecover.Data;

/// <summary>
/// SQLite's one writer, with group commit. SQLite takes one write transaction at a time, and a durable commit waits
/// for the disk (<c>synchronous=FULL</c>: a commit that returned is on disk, so a 2xx to the carrier means the event
/// is stored). One fsync per transaction caps a burst at the disk's sync rate; here a loop owns one connection, runs
/// the write transactions that are waiting one after another, each inside a savepoint of one physical transaction, and
/// commits them together once nobody else is waiting (or the group is full, or 10 ms old). A transaction that rolls back undoes its
/// savepoint only. Each caller's <see cref="DbTx.CommitAsync"/> returns once the group's commit is on disk, and its
/// after-commit actions run only then, so callers see exactly the guarantees of a transaction of their own.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    /// <summary>Most transactions in one group, and the longest a group stays open: bound how long the first one waits for the commit.</summary>
    public const int MaxGroup = 128;
    public static readonly TimeSpan MaxGroupTime = TimeSpan.FromMilliseconds(10);

    private readonly string _connectionString;
    private readonly SqlDialect _dialect;
    private readonly Channel<Slot> _waiting = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteWriter(string connectionString, SqlDialect dialect)
    {
        _connectionString = connectionString;
        _dialect = dialect;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Waits for the writer and returns a transaction (a savepoint of the current group).</summary>
    public async Task<DbTx> BeginAsync(CancellationToken ct)
    {
        var slot = new Slot();
        if (!_waiting.Writer.TryWrite(slot)) throw new ObjectDisposedException(nameof(SqliteWriter));
        // A caller that gives up while waiting cancels its slot; the loop skips a slot it can no longer hand over.
        await using var _ = ct.Register(() => slot.Granted.TrySetCanceled(ct));
        return await slot.Granted.Task;
    }

    private async Task LoopAsync()
    {
        SqliteConnection? conn = null;
        try
        {
            while (await _waiting.Reader.WaitToReadAsync())
            {
                conn ??= await OpenAsync();
                await RunGroupAsync(conn);
            }
        }
        finally
        {
            if (conn is not null) await conn.DisposeAsync();
        }
    }

    private async Task RunGroupAsync(SqliteConnection conn)
    {
        var done = new List<Slot>();
        SqliteTransaction? physical = null;
        try
        {
            physical = (SqliteTransaction)await conn.BeginTransactionAsync();
            var n = 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (done.Count < MaxGroup && System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxGroupTime && _waiting.Reader.TryRead(out var slot))
            {
                var savepoint = "t" + n++;
                await physical.SaveAsync(savepoint);
                var tx = new DbTx(conn, physical, _dialect, slot);
                if (!slot.Granted.TrySetResult(tx))
                {
                    await physical.ReleaseAsync(savepoint);
                    continue;
                }
                if (await slot.Finished.Task)
                {
                    done.Add(slot);
                    await physical.ReleaseAsync(savepoint);
                }
                else
                {
                    await physical.RollbackAsync(savepoint);
                    await physical.ReleaseAsync(savepoint);
                }
            }
            await physical.CommitAsync();
        }
        catch (Exception ex)
        {
            // The physical transaction failed (disk full, I/O error, or a statement that ended it): nothing in it is
            // stored, so every caller that had committed into it gets the error instead of a false success.
            foreach (var slot in done) slot.Durable.TrySetException(ex);
            done.Clear();
            try { if (physical is not null) await physical.RollbackAsync(); } catch (Exception) { /* already rolled back */ }
        }
        finally
        {
            if (physical is not null) await physical.DisposeAsync();
        }
        foreach (var slot in done) slot.Durable.TrySetResult();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        // FULL: a commit is on disk when it returns (one fsync per group, not per transaction).
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync();
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _loop;
    }

    /// <summary>One waiting transaction: handed its <see cref="DbTx"/>, then says commit or roll back, then hears when it is durable.</summary>
    internal sealed class Slot
    {
        public readonly TaskCompletionSource<DbTx> Granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource<bool> Finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Durable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
