using System.Net;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Hosting;

/// <summary>What /health/ready says when the database is not ready (the texts operators and probes see).</summary>
public sealed class HealthReadyTests
{
    [Theory, DatabaseData]
    public async Task Ready_ReportsPendingMigrations(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var conn = await db.Db.OpenAsync())
            await conn.ExecuteAsync("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?>
        {
            ["Database:MigrateOnStart"] = "false", ["Queue:Enabled"] = "false",
        });
        var (status, description) = await ReadyAsync(app);
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        description.ShouldBe("1 migration(s) pending: run the 'migrate' verb");
    }

    [Fact]
    public async Task Ready_ReportsAnUnreachableDatabase_ByErrorType()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?>
        {
            // Nothing listens on port 1: the connection is refused at once.
            ["Database:Provider"] = "postgres",
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=nothing;Database=none;Timeout=2",
            ["Database:MigrateOnStart"] = "false", ["Queue:Enabled"] = "false",
        });
        var (status, description) = await ReadyAsync(app);
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        description.ShouldBe("database unreachable: NpgsqlException");
    }

    private static async Task<(HttpStatusCode Status, string? Description)> ReadyAsync(AppFactory app)
    {
        var response = await app.CreateClient().GetAsync("/health/ready");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var database = Property(Property(json.RootElement, "checks"), "database");
        return (response.StatusCode, Property(database, "description").GetString());
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
