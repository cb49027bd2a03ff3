using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallRecover.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database for one test: a SQLite file copied from a migrated template file, or a PostgreSQL
/// database cloned from a migrated template (migrating once per run, not once per test). PostgreSQL comes from CALLRECOVER_TEST_POSTGRES (an admin connection
/// string); when it is missing the test is skipped loudly, and fails if CALLRECOVER_REQUIRE_POSTGRES=1
/// (scripts/test.sh sets it, so CI can never skip them silently).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => SqliteTemplateAsync(Path.Combine(Path.GetTempPath(), "callrecover-tests")));
    private readonly string? _pgName;

    private TestDatabase(string provider, string connectionString, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _pgName = pgName;
        Db = new Db(Options.Create(Settings));
    }

    public string Provider { get; }
    public string ConnectionString { get; }

    /// <summary>A <see cref="Data.Db"/> on this database for direct store tests.</summary>
    public Db Db { get; }

    public DatabaseOptions Settings => new() { Provider = Provider, ConnectionString = ConnectionString };

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("CALLRECOVER_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable("CALLRECOVER_REQUIRE_POSTGRES") == "1";

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "callrecover-tests");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
            File.Copy(await SqliteTemplate.Value, file);
            return new TestDatabase(Sqlite, $"Data Source={file}", null);
        }
        var admin = PostgresAdmin;
        if (admin is null)
        {
            if (PostgresRequired) throw new InvalidOperationException("CALLRECOVER_REQUIRE_POSTGRES=1 but CALLRECOVER_TEST_POSTGRES is not set.");
            Assert.Skip("PostgreSQL test skipped: set CALLRECOVER_TEST_POSTGRES to an admin connection string (scripts/test.sh does).");
        }
        var template = await TemplateAsync(admin);
        var name = $"cr_test_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        }
        return new TestDatabase(Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(), name);
    }

    /// <summary>
    /// A place with no database yet (a fresh install): a SQLite path with no file, or an empty PostgreSQL database.
    /// Dropped on dispose like the others.
    /// </summary>
    public static async Task<TestDatabase> CreateEmptyAsync(string provider)
    {
        if (provider == Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "callrecover-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return new TestDatabase(Sqlite, $"Data Source={Path.Combine(dir, "callrecover.db")}", null);
        }
        var admin = PostgresAdmin ?? throw new InvalidOperationException("CALLRECOVER_TEST_POSTGRES is not set.");
        var name = $"cr_test_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"CREATE DATABASE {name}");
        }
        return new TestDatabase(Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(), name);
    }

    /// <summary>
    /// Migrates one SQLite file per test run and folds its write-ahead log into it, so a copy of the file alone is a
    /// whole, migrated database.
    /// </summary>
    private static async Task<string> SqliteTemplateAsync(string dir)
    {
        var file = Path.Combine(dir, $"template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { Provider = Sqlite, ConnectionString = $"Data Source={file}" };
        await using (var db = new Db(Options.Create(options)))
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(TimeProvider.System);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return file;
    }

    /// <summary>Migrates one template database per test run; each test database is a cheap copy of it.</summary>
    private static async Task<string> TemplateAsync(string admin)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            var name = $"cr_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await conn.ExecuteAsync($"CREATE DATABASE {name}");
            }
            var options = new DatabaseOptions { Provider = Postgres, ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString() };
            await using (var db = new Db(Options.Create(options)))
                await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(TimeProvider.System);
            NpgsqlConnection.ClearAllPools();
            return _template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        if (Provider == Sqlite)
        {
            DeleteSqliteFiles();
            return;
        }
        if (_pgName is null || PostgresAdmin is not { } admin) return;
        NpgsqlConnection.ClearAllPools();
        await DropPostgresAsync(admin, _pgName);
    }

    /// <summary>
    /// Deletes the test's SQLite file with its write-ahead log (a fresh install's folder too). Linux lets a file go
    /// while a pooled connection still has it open; the space comes back when that connection closes.
    /// </summary>
    private void DeleteSqliteFiles()
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        if (Path.GetFileName(file) == "callrecover.db" && Path.GetDirectoryName(file) is { } dir)
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Drops a test's PostgreSQL database, best effort: FORCE cannot end a backend of another role (an autovacuum worker
    /// that happens to be on it), which is not the test's failure; scripts/test.sh drops leftovers.
    /// </summary>
    public static async Task DropPostgresAsync(string admin, string name)
    {
        try
        {
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
        catch (NpgsqlException) { }
    }
}

/// <summary>Runs a test once per database: <c>[Theory, DatabaseData]</c> with a <c>string provider</c> parameter.</summary>
public sealed class DatabaseDataAttribute : Xunit.v3.DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(System.Reflection.MethodInfo testMethod, Xunit.Sdk.DisposalTracker disposalTracker) =>
        new([new TheoryDataRow(TestDatabase.Sqlite), new TheoryDataRow(TestDatabase.Postgres)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
