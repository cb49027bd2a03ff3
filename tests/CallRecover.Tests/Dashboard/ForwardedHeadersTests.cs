using System.Net;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Dashboard;

/// <summary>
/// The per-IP sign-in limit behind the TLS proxy the README recommends: the client's address comes from
/// X-Forwarded-For only when the connection is from a configured proxy (ForwardedHeaders:KnownProxies), never
/// otherwise. Real HTTP on loopback (Kestrel), so the connection address is a real one (127.0.0.1).
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static Dictionary<string, string?> Limits(string? knownProxies) => new()
    {
        ["SignIn:MaxRequestsPerIp"] = "2",
        ["SignIn:MaxRequestsPerEmail"] = "100",
        ["ForwardedHeaders:KnownProxies"] = knownProxies,
    };

    [Theory, DatabaseData]
    public async Task BehindAKnownProxy_EachClientGetsItsOwnAllowance(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // The test's own connections come from 127.0.0.1: that is the proxy here. A second entry shows the list form.
        await using var app = new AppFactory(db, settings: Limits("10.20.0.0/16, 127.0.0.1"));
        var baseUrl = app.StartKestrel();
        using var alice = Client(baseUrl, "203.0.113.10");
        using var bob = Client(baseUrl, "203.0.113.11");

        (await RequestAsync(alice, "a1@example.com")).ShouldBe("/login?sent=1");
        (await RequestAsync(alice, "a2@example.com")).ShouldBe("/login?sent=1");
        (await RequestAsync(alice, "a3@example.com")).ShouldBe("/login?error=rate_limited");
        // Another client behind the same proxy is not held back by the first one's requests.
        (await RequestAsync(bob, "b1@example.com")).ShouldBe("/login?sent=1");
        (await RequestAsync(bob, "b2@example.com")).ShouldBe("/login?sent=1");
        (await RequestAsync(bob, "b3@example.com")).ShouldBe("/login?error=rate_limited");
    }

    [Theory, DatabaseData]
    public async Task AClientThatIsNotAKnownProxy_CannotDodgeItsLimit_WithXForwardedFor(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        foreach (var knownProxies in new[] { "10.9.8.7", null })
        {
            await using var app = new AppFactory(db, settings: Limits(knownProxies));
            var baseUrl = app.StartKestrel();
            var results = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                // A new made-up address on every request.
                using var client = Client(baseUrl, $"198.51.100.{i + 1 + (knownProxies is null ? 10 : 0)}");
                results.Add(await RequestAsync(client, $"spoof{i}-{knownProxies}@example.com"));
            }
            results.ShouldBe(["/login?sent=1", "/login?sent=1", "/login?error=rate_limited"], $"known proxies: {knownProxies ?? "(none)"}");
            // Start the next round with a fresh allowance for 127.0.0.1.
            await using var conn = await db.Db.OpenAsync();
            await Dapper.SqlMapper.ExecuteAsync(conn, "DELETE FROM sign_in_requests");
        }
    }

    private static HttpClient Client(string baseUrl, string forwardedFor)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private static async Task<string> RequestAsync(HttpClient client, string email)
    {
        var response = await client.PostFormAsync("/auth/link", "/login", ("email", email));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return response.Headers.Location!.ToString();
    }
}
