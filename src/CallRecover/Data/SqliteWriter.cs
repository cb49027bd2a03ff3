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
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [ThreadStatic] private static bool _onWriterThread;

    public SqliteWriter(string connectionString, SqlDialect dialect)
    {
        _connectionString = connectionString;
        _dialect = dialect;
        _thread = new Thread(Loop) { IsBackground = true, Name = "SQLite writer" };
        _thread.Start();
    }

    /// <summary>
    /// True on the writer's own thread: a transaction's code runs there from the moment it is granted until it first
    /// waits on something, so what it does after finishing (a rolled-back caller carrying on) should leave the thread.
    /// </summary>
    public static bool OnWriterThread => _onWriterThread;

    /// <summary>Waits for the writer and returns a transaction (a savepoint of the current group).</summary>
    public async Task<DbTx> BeginAsync(CancellationToken ct)
    {
        var slot = new Slot();
        if (!_waiting.Writer.TryWrite(slot)) throw new ObjectDisposedException(nameof(SqliteWriter));
        // A caller that gives up while waiting cancels its slot; the loop skips a slot it can no longer hand over.
        await using var _ = ct.Register(() => slot.Granted.TrySetCanceled(ct));
        return await slot.Granted.Task;
    }

    // The loop has a thread of its own and hands each transaction over without a thread-pool hop: under a burst the pool's
    // queue holds hundreds of requests, and every hop inside the writer's turn (granting, hearing it finished) waited
    // behind them while the one writer sat idle. The grant runs the caller's code inline here until it first awaits
    // something truly asynchronous; the writer then blocks until the transaction says commit or roll back.
    private void Loop()
    {
        _onWriterThread = true;
        SqliteConnection? conn = null;
        try
        {
            while (_waiting.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                try { conn ??= Open(); }
                catch (Exception ex)
                {
                    // The file cannot be opened (a full disk, a missing folder): those waiting hear why; later ones try again.
                    while (_waiting.Reader.TryRead(out var slot)) slot.Granted.TrySetException(ex);
                    continue;
                }
                RunGroup(conn);
            }
        }
        finally
        {
            conn?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void RunGroup(SqliteConnection conn)
    {
        var done = new List<Slot>();
        SqliteTransaction? physical = null;
        try
        {
            physical = conn.BeginTransaction();
            var n = 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (done.Count < MaxGroup && System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxGroupTime && _waiting.Reader.TryRead(out var slot))
            {
                var savepoint = "t" + n++;
                physical.Save(savepoint);
                var tx = new DbTx(conn, physical, _dialect, slot);
                if (!slot.Granted.TrySetResult(tx))
                {
                    physical.Release(savepoint);
                    continue;
                }
                if (slot.Finished.Task.GetAwaiter().GetResult())
                {
                    done.Add(slot);
                    physical.Release(savepoint);
                }
                else
                {
                    physical.Rollback(savepoint);
                    physical.Release(savepoint);
                }
            }
            physical.Commit();
        }
        catch (Exception ex)
        {
            // The physical transaction failed (disk full, I/O error, or a statement that ended it): nothing in it is
            // stored, so every caller that had committed into it gets the error instead of a false success.
            foreach (var slot in done) slot.Durable.TrySetException(ex);
            done.Clear();
            try { physical?.Rollback(); } catch (Exception) { /* already rolled back */ }
        }
        finally
        {
            physical?.Dispose();
        }
        foreach (var slot in done) slot.Durable.TrySetResult();
    }

    private SqliteConnection Open()
    {
        var conn = new SqliteConnection(_connectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        // FULL: a commit is on disk when it returns (one fsync per group, not per transaction).
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _stopped.Task;
    }

    /// <summary>One waiting transaction: handed its <see cref="DbTx"/>, then says commit or roll back, then hears when it is durable.</summary>
    internal sealed class Slot
    {
        // Granted runs its continuation inline (on the writer's thread, see Loop); Finished is waited for synchronously.
        public readonly TaskCompletionSource<DbTx> Granted = new();
        public readonly TaskCompletionSource<bool> Finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Durable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
