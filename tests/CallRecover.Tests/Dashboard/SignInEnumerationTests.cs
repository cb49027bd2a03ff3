using System.Net;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

/// <summary>
/// Asking for a sign-in link must not tell whether the address has an account: not by the answer, and not by how long
/// the answer takes. Speed is never asserted here; instead both requests must do the same work — the same rows written,
/// in the same tables — and the difference (a link and an email, or nothing) happens later on the work queue.
/// </summary>
public sealed class SignInEnumerationTests
{
    [Theory, DatabaseData]
    public async Task LinkRequests_ForAKnownAndAnUnknownAddress_WriteTheSameRows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // No workers: what a request itself writes stays visible.
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var business = await app.CreateBusinessAsync();
        var client = app.Browser();
        // The first page view creates the data-protection key ring; do that before counting.
        await client.AntiforgeryTokenAsync("/login");

        var before = await RowCountsAsync(db.Db);
        await RequestAsync(client, business.OwnerEmail);
        var afterKnown = await RowCountsAsync(db.Db);
        await RequestAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.com");
        var afterUnknown = await RowCountsAsync(db.Db);

        var known = Delta(before, afterKnown);
        var unknown = Delta(afterKnown, afterUnknown);
        unknown.ShouldBe(known, "a known and an unknown address write the same rows");
        known.Keys.ShouldNotContain("login_tokens");
        known.Keys.ShouldNotContain("emails");

        // The queued work does not carry the address in the clear either way.
        await using var conn = await db.Db.OpenAsync();
        var payloads = (await conn.QueryAsync<string>("SELECT payload FROM work_items")).ToList();
        payloads.ShouldAllBe(p => !p.Contains("@example.com"));
    }

    [Theory, DatabaseData]
    public async Task QueuedLinkRequests_EmailAKnownAddress_AndDropAnUnknownOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = app.Browser();

        await RequestAsync(client, "ghost@example.com");
        var token = await app.RequestLinkTokenAsync(client, business.OwnerEmail);
        token.ShouldNotBeNullOrEmpty();
        await Eventually.WaitAsync(async () =>
        {
            await using var c = await db.Db.OpenAsync();
            // Work due now or retrying; later work (tomorrow's digest) is supposed to wait.
            return await c.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM work_items WHERE status = 'running' OR (status = 'pending' AND (due_at <= @now OR attempts > 0))",
                new { now = app.Service<TimeProvider>().GetUtcNow() }) == 0;
        }, "the sign-in work to finish");

        var emails = await app.Service<EmailOutbox>().RecentAsync();
        emails.ShouldHaveSingleItem().ToAddress.ShouldBe(business.OwnerEmail.ToLowerInvariant());
        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM login_tokens")).ShouldBe(1);
    }

    private static async Task RequestAsync(HttpClient client, string email)
    {
        var response = await client.PostFormAsync("/auth/link", "/login", ("email", email));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/login?sent=1");
    }

    private static Dictionary<string, long> Delta(Dictionary<string, long> from, Dictionary<string, long> to) =>
        to.Where(t => t.Value != from.GetValueOrDefault(t.Key)).ToDictionary(t => t.Key, t => t.Value - from.GetValueOrDefault(t.Key));

    /// <summary>Rows in every table of the schema.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(Db db)
    {
        await using var conn = await db.OpenAsync();
        var tables = db.Dialect.IsPostgres
            ? await conn.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
            : await conn.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var counts = new Dictionary<string, long>();
        foreach (var table in tables) counts[table] = await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        return counts;
    }
}
