using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.CommonFolder;

/// <summary>ASP.NET Core's rate limiter on the customer links, the public API and the webhooks: a 429 with Retry-After, never a 5xx.</summary>
public sealed class RateLimitTests
{
    private static AppFactory App(TestDatabase db, bool enabled = true) => new(db, settings: new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = enabled ? "true" : "false",
        ["RateLimits:LinksPerIp"] = "3", ["RateLimits:ApiPerToken"] = "2", ["RateLimits:WebhooksPerIp"] = "2",
    });

    private static async Task<List<HttpStatusCode>> StatusesAsync(int n, Func<Task<HttpResponseMessage>> send)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < n; i++) statuses.Add((await send()).StatusCode);
        return statuses;
    }

    [Fact]
    public async Task PortalLinks_OverTheLimit_Get429_WithRetryAfter_AsAPageOrAProblem()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = App(db);
        var client = app.CreateClient();
        (await StatusesAsync(3, () => client.GetAsync("/p/guessed-token-000000000000"))).ShouldAllBe(s => s == HttpStatusCode.NotFound);

        var problem = await client.GetAsync("/p/guessed-token-000000000001");
        problem.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        problem.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        problem.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await problem.Content.ReadAsStringAsync()).ShouldContain("Too many requests");

        var page = new HttpRequestMessage(HttpMethod.Get, "/p/guessed-token-000000000002");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await client.SendAsync(page);
        html.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        // The payment link shares the allowance: both are a customer's links.
        (await client.GetAsync("/pay/guessed-token-000000000000")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheApi_IsLimitedPerToken()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = App(db);
        HttpClient WithToken(string token)
        {
            var c = app.CreateClient();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        }
        var a = WithToken("cr_token_a_0000000000000000000000");
        (await StatusesAsync(3, () => a.GetAsync("/api/v1/leads"))).ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
        // Another token has its own allowance.
        (await WithToken("cr_token_b_0000000000000000000000").GetAsync("/api/v1/leads")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Webhooks_OverTheLimit_Get429_NotA5xx()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = App(db);
        var client = app.CreateClient();
        var statuses = await StatusesAsync(3, () => client.PostAsync("/webhook/sms/incoming",
            new StringContent("From=%2B19045550134&Body=hi", Encoding.UTF8, "application/x-www-form-urlencoded")));
        statuses.Take(2).ShouldAllBe(s => (int)s >= 400 && (int)s < 500 && s != HttpStatusCode.TooManyRequests);
        statuses[2].ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.PostAsync("/webhooks/stripe", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task WithLimitsOff_NothingIs429()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = App(db, enabled: false);
        var client = app.CreateClient();
        (await StatusesAsync(10, () => client.GetAsync("/p/guessed-token-000000000000"))).ShouldAllBe(s => s == HttpStatusCode.NotFound);
    }
}
