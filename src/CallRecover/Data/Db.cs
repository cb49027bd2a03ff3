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

    // SQLite allows one writer at a time. Serializing writers in-process is far cheaper and fairer
    // than letting them collide on SQLITE_BUSY and back off (Microsoft.Data.Sqlite retries by sleeping).
    private readonly SemaphoreSlim _sqliteWriteLock = new(1, 1);

    public Db(IOptions<DatabaseOptions> options)
    {
        TypeHandlers.Register();
        var o = options.Value;
        Dialect = o.Provider == "postgres" ? SqlDialect.Postgres : SqlDialect.Sqlite;
        if (Dialect.IsPostgres)
        {
            _connectionString = o.EffectiveConnectionString;
            _npgsql = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            SQLitePCL.Batteries_V2.Init();
            var csb = new SqliteConnectionStringBuilder(o.EffectiveConnectionString);
            var dir = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            csb.ForeignKeys = true;
            _connectionString = csb.ToString();
        }
    }

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
        // WAL lets readers run beside the writer; busy_timeout covers a second process (e.g. the CLI).
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }

    /// <summary>Begins a write transaction. Dispose without commit rolls back.</summary>
    public async Task<DbTx> BeginAsync(CancellationToken ct = default)
    {
        var locked = false;
        if (_npgsql is null)
        {
            await _sqliteWriteLock.WaitAsync(ct);
            locked = true;
        }
        try
        {
            var conn = await OpenAsync(ct);
            var tx = await conn.BeginTransactionAsync(ct);
            return new DbTx(conn, tx, Dialect, locked ? () => _sqliteWriteLock.Release() : null);
        }
        catch
        {
            if (locked) _sqliteWriteLock.Release();
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
        _sqliteWriteLock.Dispose();
    }
}

/// <summary>An open write transaction. Actions registered with <see cref="AfterCommit"/> run once it commits.</summary>
public sealed class DbTx(DbConnection connection, DbTransaction transaction, SqlDialect dialect, Action? release) : IAsyncDisposable
{
    private List<Action>? _afterCommit;

    // Set once the transaction and connection are given back (after commit, or on dispose).
    private bool _released;

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public SqlDialect Dialect { get; } = dialect;

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

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Transaction.CommitAsync(ct);
        await ReleaseAsync();
        if (_afterCommit is null) return;
        foreach (var action in _afterCommit) action();
    }

    private async Task ReleaseAsync()
    {
        if (_released) return;
        _released = true;
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        release?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        // Not released yet means not committed: roll back.
        if (!_released)
        {
            try { await Transaction.RollbackAsync(); } catch (InvalidOperationException) { /* already gone */ }
        }
        await ReleaseAsync();
    }
}
