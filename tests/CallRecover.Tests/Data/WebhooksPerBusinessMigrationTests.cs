using System.Data.Common;
using CallRecover.Data;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallRecover.Tests.Data;

/// <summary>
/// Migration 0008 rebuilds calls and webhook_receipts on SQLite (a UNIQUE constraint cannot be dropped there) and
/// swaps their constraints on PostgreSQL: the rows already there, and the tables that point at calls, must survive.
/// </summary>
public sealed class WebhooksPerBusinessMigrationTests
{
    private const int Version = 8;

    [Theory, DatabaseData]
    public async Task Migration0008_KeepsCallsAndReceipts_AndScopesThemPerBusiness(string provider)
    {
        await using var fresh = await FreshDatabase.CreateAsync(provider);
        var db = fresh.Db;
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);
        await migrator.ApplyAsync([.. migrator.All().Where(m => m.Version < Version)], TimeProvider.System);

        var now = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
        await db.WriteAsync(async tx =>
        {
            foreach (var (id, number) in new[] { ("b1", "+19045550301"), ("b2", "+19045550302") })
                await tx.Connection.ExecuteAsync("""
                    INSERT INTO businesses (id, name, owner_name, owner_email, owner_phone, business_phone, carrier_number, business_hours, vertical,
                                            notification_prefs, created_at, updated_at)
                    VALUES (@id, 'Biz', 'Owner', @email, '+19045550399', '+19045550398', @number, '{}', 'hvac', '{}', @now, @now)
                    """, new { id, email = id + "@example.com", number, now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at, leg_status)
                VALUES ('c1', 'b1', 'CA1', '+19045550134', 'missed', TRUE, @now, @now, 'completed')
                """, new { now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO call_events (id, business_id, call_id, call_sid, status, received_at) VALUES ('e1', 'b1', 'c1', 'CA1', 'completed', @now)
                """, new { now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, response_content_type, response_body, received_at)
                VALUES ('r1', 'voice/incoming', 'CA1', 'b1', 200, 'text/xml', '<Response/>', @now),
                       ('r2', 'voice/status', 'CA1:completed:', NULL, 204, NULL, NULL, @now)
                """, new { now }, tx.Transaction);
        });

        (await migrator.MigrateAsync(TimeProvider.System)).ShouldBeGreaterThanOrEqualTo(1);

        await using (var conn = await db.OpenAsync())
        {
            var call = await conn.QuerySingleAsync<(string BusinessId, string CallSid, string Status, string LegStatus)>(
                "SELECT business_id, call_sid, status, leg_status FROM calls WHERE id = 'c1' AND after_hours");
            call.ShouldBe(("b1", "CA1", "missed", "completed"));
            (await conn.ExecuteScalarAsync<string>("SELECT call_id FROM call_events WHERE id = 'e1'")).ShouldBe("c1");
            (await conn.ExecuteScalarAsync<string>("SELECT response_body FROM webhook_receipts WHERE id = 'r1'")).ShouldBe("<Response/>");
            (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts")).ShouldBe(2);
        }

        // The same CallSid for another business is a new call and a new receipt; for the same business it is a duplicate.
        await db.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync("""
                INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
                VALUES ('c2', 'b2', 'CA1', '+19045550134', 'ringing', FALSE, @now, @now)
                """, new { now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, received_at)
                VALUES ('r3', 'voice/incoming', 'CA1', 'b2', 0, @now)
                """, new { now }, tx.Transaction);
        });
        await ShouldFailAsync(db, "INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at) VALUES ('c3', 'b1', 'CA1', 'x', 'ringing', FALSE, @now, @now)", now);
        await ShouldFailAsync(db, "INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, received_at) VALUES ('r4', 'voice/incoming', 'CA1', 'b1', 0, @now)", now);
        // Receipts with no business stay unique per (endpoint, key) although NULLs are distinct in a unique index.
        await ShouldFailAsync(db, "INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, received_at) VALUES ('r5', 'voice/status', 'CA1:completed:', NULL, 0, @now)", now);
        // Foreign keys to calls still hold after the rebuild.
        await ShouldFailAsync(db, "INSERT INTO call_events (id, business_id, call_id, call_sid, status, received_at) VALUES ('e2', 'b1', 'no-such-call', 'CA9', 'ringing', @now)", now);
    }

    private static async Task ShouldFailAsync(Db db, string sql, DateTimeOffset now) =>
        await Should.ThrowAsync<DbException>(() => db.WriteAsync(tx => tx.Connection.ExecuteAsync(sql, new { now }, tx.Transaction)));

    /// <summary>An empty database (no migrations), unlike <see cref="TestDatabase"/> whose PostgreSQL copies come migrated.</summary>
    private sealed class FreshDatabase : IAsyncDisposable
    {
        private readonly string? _pgName;

        private FreshDatabase(Db db, string? pgName)
        {
            Db = db;
            _pgName = pgName;
        }

        public Db Db { get; }

        public static async Task<FreshDatabase> CreateAsync(string provider)
        {
            if (provider == TestDatabase.Sqlite)
            {
                var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "callrecover-tests")).FullName;
                var options = new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(dir, $"{Guid.NewGuid():N}.db")}" };
                return new FreshDatabase(new Db(Options.Create(options)), null);
            }
            // Skips (or fails when PostgreSQL is required) exactly as every other PostgreSQL test does.
            await (await TestDatabase.CreateAsync(provider)).DisposeAsync();
            var admin = TestDatabase.PostgresAdmin!;
            var name = $"cr_test_{Guid.NewGuid():N}";
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await conn.ExecuteAsync($"CREATE DATABASE {name}");
            }
            var pg = new DatabaseOptions { Provider = provider, ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString() };
            return new FreshDatabase(new Db(Options.Create(pg)), name);
        }

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            if (_pgName is null) return;
            NpgsqlConnection.ClearAllPools();
            await TestDatabase.DropPostgresAsync(TestDatabase.PostgresAdmin!, _pgName);
        }
    }
}
