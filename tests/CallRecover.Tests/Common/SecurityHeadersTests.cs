using System.Net;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.CommonFolder;

/// <summary>The security headers on pages, APIs, webhooks and errors; HSTS and Secure cookies on https.</summary>
public sealed class SecurityHeadersTests
{
    private static string Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? v.ShouldHaveSingleItem() : r.Content.Headers.TryGetValues(name, out var c) ? c.ShouldHaveSingleItem() : "";

    [Fact]
    public async Task EveryAnswer_CarriesTheHeaders_WithStrictScripts_AndFramingRefused()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db);
        var client = app.Browser();
        var webhook = await client.PostAsync("/webhook/sms/incoming", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        foreach (var response in new[]
                 {
                     await client.GetAsync("/login"), await client.GetAsync("/health/live"), await client.GetAsync("/api/v1/leads"),
                     await client.GetAsync("/no-such-page"), webhook,
                 })
        {
            var what = response.RequestMessage!.RequestUri!.AbsolutePath;
            var csp = Header(response, "Content-Security-Policy");
            csp.ShouldContain("default-src 'self'", customMessage: what);
            csp.ShouldContain("script-src 'self';", customMessage: what);
            csp.ShouldContain("object-src 'none'", customMessage: what);
            csp.ShouldEndWith("frame-ancestors 'none'", customMessage: what);
            Header(response, "X-Frame-Options").ShouldBe("DENY", what);
            Header(response, "X-Content-Type-Options").ShouldBe("nosniff", what);
            Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin", what);
            Header(response, "Strict-Transport-Security").ShouldBeEmpty(what); // plain http
        }
    }

    [Fact]
    public async Task PagesWithASecretInTheUrl_SendNoReferrer()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db);
        var client = app.Browser();
        foreach (var path in new[] { "/p/not-a-real-token-but-long-enough", "/pay/not-a-real-token-but-long-enough", "/login/link?token=abc", "/r/abcdefgh" })
            Header(await client.GetAsync(path), "Referrer-Policy").ShouldBe("no-referrer", path);
    }

    [Fact]
    public async Task OverHttps_HstsIsSent_AndBothCookiesAreSecureHttpOnlyAndSameSite()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://app.example.com" });
        var business = await app.CreateBusinessAsync();
        var client = app.Browser("https://app.example.com");

        var login = await client.GetAsync("/login");
        Header(login, "Strict-Transport-Security").ShouldBe("max-age=31536000");
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_af=", StringComparison.Ordinal));
        antiforgery.ShouldContain("secure", Case.Insensitive);
        antiforgery.ShouldContain("httponly", Case.Insensitive);
        antiforgery.ShouldContain("samesite=strict", Case.Insensitive);

        var token = await app.RequestLinkTokenAsync(client, business.OwnerEmail);
        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        var auth = verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal));
        auth.ShouldContain("secure", Case.Insensitive);
        auth.ShouldContain("httponly", Case.Insensitive);
        auth.ShouldContain("samesite=lax", Case.Insensitive);
    }

    [Fact]
    public async Task TheRequestForm_MayBeFramedByAnySite()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var form = await app.Browser().GetAsync($"/request/{business.Slug}");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        form.Headers.Contains("X-Frame-Options").ShouldBeFalse();
        Header(form, "Content-Security-Policy").ShouldEndWith("; frame-ancestors *");
        Header(form, "Content-Security-Policy").ShouldContain("script-src 'self';");
    }
}
