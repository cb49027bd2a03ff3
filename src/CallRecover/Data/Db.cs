using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallRecover.Data;

/// <summary>
/// Opens connections and runs write transactions for whichever database is configured.
/// Stores take a <see cref="DbTx"/> for writes so that a state change and the work it causes
/// (queue items) commit together.
/// </summary>
public sealed class Db : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _npgsql;

    // SQLite allows one writer at a time: one in-process writer with group commit (see SqliteWriter) is far cheaper and
    // fairer than letting writers collide on SQLITE_BUSY and back off (Microsoft.Data.Sqlite retries by sleeping).
    private readonly SqliteWriter? _sqliteWriter;

    // PostgreSQL: write transactions take a turn here first, so they never exhaust the pool (reads keep a few connections)
    // and a burst queues in order in the node rather than timing out waiting for a pooled connection.
    private readonly SemaphoreSlim? _pgWriters;

    public Db(IOptions<DatabaseOptions> options)
    {
        TypeHandlers.Register();
        var o = options.Value;
        Dialect = o.Provider == "postgres" ? SqlDialect.Postgres : SqlDialect.Sqlite;
        if (Dialect.IsPostgres)
        {
            var csb = new NpgsqlConnectionStringBuilder(o.EffectiveConnectionString);
            // The pool is the node's budget of server connections: Database:MaxConnections unless the string sets its own.
            var raw = o.EffectiveConnectionString.Replace(" ", "", StringComparison.Ordinal);
            if (!raw.Contains("PoolSize", StringComparison.OrdinalIgnoreCase)) csb.MaxPoolSize = o.MaxConnections;
            // A connection going back to the pool keeps its session as it is (no DISCARD ALL on its next use): nothing here
            // sets session state (transactions use SET TRANSACTION and xact-scoped advisory locks; LISTEN has its own
            // connection), and the reset was a round trip on every open — 33 per missed call in the burst (issue 13).
            if (!raw.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase)) csb.NoResetOnClose = true;
            // Npgsql's automatic preparation: a statement run twice on a connection is prepared there, so the server
            // parses and plans it once per connection instead of on every execution (the app runs the same few dozen
            // statements for every call). Kept per connection, least recently used out; the session is kept (above),
            // so they survive a return to the pool. The hot queries name their columns; a "SELECT *" whose result a
            // rolling migration changed fails once with 0A000 and Npgsql drops its prepared statements on that error, so
            // the retry is prepared afresh. The connection string's own "Max Auto Prepare" wins.
            if (!raw.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            {
                csb.MaxAutoPrepare = AutoPreparedStatements;
                csb.AutoPrepareMinUsages = 2;
            }
            _connectionString = csb.ConnectionString;
            _npgsql = NpgsqlDataSource.Create(_connectionString);
            var writers = Math.Max(1, csb.MaxPoolSize - Math.Max(2, csb.MaxPoolSize / 5));
            _pgWriters = new SemaphoreSlim(writers, writers);
        }
        else
        {
            var csb = new SqliteConnectionStringBuilder(o.EffectiveConnectionString);
            var dir = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            csb.ForeignKeys = true;
            _connectionString = csb.ToString();
            _sqliteWriter = new SqliteWriter(_connectionString, Dialect);
        }
    }

    /// <summary>Statements Npgsql keeps prepared per pooled connection (the server holds each one's plan).</summary>
    public const int AutoPreparedStatements = 100;

    public SqlDialect Dialect { get; }

    /// <summary>A short description for logs and health output (never includes credentials).</summary>
    public string Describe() => Dialect.IsPostgres
        ? $"postgres {new NpgsqlConnectionStringBuilder(_connectionString).Host}/{new NpgsqlConnectionStringBuilder(_connectionString).Database}"
        : $"sqlite {new SqliteConnectionStringBuilder(_connectionString).DataSource}";

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_npgsql is not null) return await _npgsql.OpenConnectionAsync(ct);
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        // busy_timeout covers a second process (e.g. the CLI). WAL (readers beside the writer) is the file's own setting,
        // made once by the writer's connection; foreign keys come from the connection string.
        cmd.CommandText = "PRAGMA busy_timeout=10000;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }

    /// <summary>Begins a write transaction. Dispose without commit rolls back.</summary>
    public async Task<DbTx> BeginAsync(CancellationToken ct = default)
    {
        if (_sqliteWriter is not null) return await _sqliteWriter.BeginAsync(ct);
        await _pgWriters!.WaitAsync(ct);
        DbConnection? conn = null;
        try
        {
            conn = await OpenAsync(ct);
            return new DbTx(conn, await conn.BeginTransactionAsync(ct), Dialect, () => _pgWriters.Release());
        }
        catch
        {
            if (conn is not null) await conn.DisposeAsync();
            _pgWriters.Release();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<DbTx, Task<T>> work, CancellationToken ct = default)
    {
        await using var tx = await BeginAsync(ct);
        var result = await work(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public Task WriteAsync(Func<DbTx, Task> work, CancellationToken ct = default) =>
        WriteAsync(async tx => { await work(tx); return true; }, ct);

    public async ValueTask DisposeAsync()
    {
        if (_npgsql is not null) await _npgsql.DisposeAsync();
        if (_sqliteWriter is not null) await _sqliteWriter.DisposeAsync();
        _pgWriters?.Dispose();
    }
}

/// <summary>An open write transaction. Actions registered with <see cref="AfterCommit"/> run once it commits.</summary>
public sealed class DbTx : IAsyncDisposable
{
    private readonly SqliteWriter.Slot? _slot;
    private readonly Action? _release;
    private List<Action>? _afterCommit;

    // Set once the transaction is finished (committed, or rolled back on dispose).
    private bool _finished;

    /// <summary>A transaction of its own on its own connection (PostgreSQL); <paramref name="release"/> gives back its turn.</summary>
    internal DbTx(DbConnection connection, DbTransaction transaction, SqlDialect dialect, Action release)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        _release = release;
    }

    /// <summary>A savepoint in SQLite's group commit: the writer's connection and transaction, not ours to close.</summary>
    internal DbTx(DbConnection connection, DbTransaction transaction, SqlDialect dialect, SqliteWriter.Slot slot)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        _slot = slot;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    public SqlDialect Dialect { get; }

    /// <summary>Something to do only if the transaction commits (wake a worker, publish a live event).</summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    /// <summary>
    /// Serializes transactions that use the same <paramref name="key"/> across nodes: a PostgreSQL advisory lock held
    /// until commit or rollback. No-op on SQLite, whose single writer already serializes write transactions.
    /// </summary>
    public async Task LockAsync(string key)
    {
        if (Dialect.IsPostgres)
            await Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key }, Transaction);
    }

    /// <summary>As <see cref="LockAsync(string)"/>, for a fixed numeric key (no-op on SQLite).</summary>
    public async Task LockAsync(long key)
    {
        if (Dialect.IsPostgres)
            await Connection.ExecuteAsync($"SELECT pg_advisory_xact_lock({key.ToString(CultureInfo.InvariantCulture)})", transaction: Transaction);
    }

    /// <summary>Commits; returns once the change is durable, then runs the after-commit actions.</summary>
    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_finished) throw new InvalidOperationException("The transaction is already finished.");
        _finished = true;
        if (_slot is not null)
        {
            _slot.Finished.TrySetResult(true);
            await _slot.Durable.Task;
        }
        else
        {
            try
            {
                await Transaction.CommitAsync(ct);
            }
            finally
            {
                await Transaction.DisposeAsync();
                await Connection.DisposeAsync();
                _release?.Invoke();
            }
        }
        if (_afterCommit is null) return;
        foreach (var action in _afterCommit) action();
    }

    public async ValueTask DisposeAsync()
    {
        // Not finished means not committed: roll back.
        if (_finished) return;
        _finished = true;
        if (_slot is not null)
        {
            _slot.Finished.TrySetResult(false);
            // Rolled back on the writer's thread (its code ran inline there): carry on elsewhere, the writer has others waiting.
            if (SqliteWriter.OnWriterThread) await Task.Yield();
            return;
        }
        try
        {
            try { await Transaction.RollbackAsync(); } catch (InvalidOperationException) { /* already gone */ }
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _release?.Invoke();
        }
    }
}
