using System.Net;
using CallRecover.Dashboard.Auth;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

public sealed class SignInTests
{
    [Theory, DatabaseData]
    public async Task EmailedLink_SignsInOnce_WithHttpOnlyCookie(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = app.Browser();

        (await client.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/login");

        var token = await app.RequestLinkTokenAsync(client, business.OwnerEmail);
        var email = (await app.Service<EmailOutbox>().RecentAsync(business.OwnerEmail))[0];
        email.Purpose.ShouldBe("login_link");
        email.BusinessId.ShouldBe(business.Id);

        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        verify.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        verify.Headers.Location!.ToString().ShouldBe("/");
        var cookie = verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);

        var me = await client.GetStringAsync("/api/dashboard/me");
        me.ShouldContain(business.Id);
        me.ShouldContain("\"role\":\"owner\"");

        // The same link a second time, from a fresh browser: refused.
        var other = app.Browser();
        var again = await other.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        again.Headers.Location!.ToString().ShouldBe("/login?error=invalid_link");
        (await other.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task OnlyTheTokenHash_IsStored(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var token = await app.RequestLinkTokenAsync(app.Browser(), business.OwnerEmail);
        await using var conn = await db.Db.OpenAsync();
        var hashes = (await conn.QueryAsync<string>("SELECT token_hash FROM login_tokens")).ToList();
        hashes.ShouldBe([MagicLinks.Hash(token)]);
        hashes[0].ShouldNotContain(token);
    }

    [Theory, DatabaseData]
    public async Task Link_Expires_After15Minutes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var client = app.Browser();
        var token = await app.RequestLinkTokenAsync(client, business.OwnerEmail);
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        verify.Headers.Location!.ToString().ShouldBe("/login?error=invalid_link");
        (await client.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task UnknownEmail_GetsTheSameAnswer_AndNoEmail(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        await app.CreateBusinessAsync();
        var client = app.Browser();
        var response = await client.PostFormAsync("/auth/link", "/login", ("email", "nobody@example.com"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/login?sent=1");
        // The lookup runs on the work queue: once it is done, nothing was minted or sent.
        await using var conn = await db.Db.OpenAsync();
        await Eventually.WaitAsync(async () => await conn.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM work_items WHERE kind = 'signin.link' AND status = 'done'") == 1, "the sign-in work");
        (await app.Service<EmailOutbox>().RecentAsync()).ShouldBeEmpty();
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM login_tokens")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task LinkRequests_AreRateLimited_PerEmail_WhetherOrNotItExists(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        foreach (var email in new[] { business.OwnerEmail, "ghost@example.com" })
        {
            var client = app.Browser();
            for (var i = 0; i < 5; i++)
                (await client.PostFormAsync("/auth/link", "/login", ("email", email))).Headers.Location!.ToString().ShouldBe("/login?sent=1");
            (await client.PostFormAsync("/auth/link", "/login", ("email", email.ToUpperInvariant()))).Headers.Location!.ToString()
                .ShouldBe("/login?error=rate_limited");
        }
        (await Eventually.WaitAsync(() => app.Service<EmailOutbox>().RecentAsync(business.OwnerEmail), e => e.Count >= 5, "five sign-in emails")).Count.ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task LinkRequests_AreRateLimited_PerIp(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["SignIn:MaxRequestsPerIp"] = "3" });
        var client = app.Browser();
        for (var i = 0; i < 3; i++)
            (await client.PostFormAsync("/auth/link", "/login", ("email", $"someone{i}@example.com"))).Headers.Location!.ToString().ShouldBe("/login?sent=1");
        (await client.PostFormAsync("/auth/link", "/login", ("email", "fresh@example.com"))).Headers.Location!.ToString().ShouldBe("/login?error=rate_limited");
    }

    [Theory, DatabaseData]
    public async Task LinkRequestLimits_HoldAcrossTwoNodes_AndKeepNoAddressesInTheClear(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?> { ["SignIn:MaxRequestsPerIp"] = "4" };
        await using var nodeA = new AppFactory(db, settings: settings);
        await using var nodeB = new AppFactory(db, settings: settings);
        var a = nodeA.Browser();
        var b = nodeB.Browser();
        // Behind a load balancer the same client alternates between nodes: the limit is one budget, not one per node.
        for (var i = 0; i < 4; i++)
            (await (i % 2 == 0 ? a : b).PostFormAsync("/auth/link", "/login", ("email", $"person{i}@example.com"))).Headers.Location!.ToString().ShouldBe("/login?sent=1");
        (await a.PostFormAsync("/auth/link", "/login", ("email", "another@example.com"))).Headers.Location!.ToString().ShouldBe("/login?error=rate_limited");
        (await b.PostFormAsync("/auth/link", "/login", ("email", "another@example.com"))).Headers.Location!.ToString().ShouldBe("/login?error=rate_limited");

        var stored = await db.Db.WriteAsync(tx => Dapper.SqlMapper.QueryAsync<string>(tx.Connection, "SELECT key_hash FROM sign_in_requests", transaction: tx.Transaction));
        stored.ShouldNotBeEmpty();
        stored.ShouldAllBe(k => !k.Contains('@') && k.Length == 64);
    }

    [Theory, DatabaseData]
    public async Task LinkRequestLimits_OpenAgainWhenTheWindowHasPassed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, settings: new Dictionary<string, string?> { ["SignIn:MaxRequestsPerIp"] = "2" });
        var client = app.Browser();
        for (var i = 0; i < 2; i++)
            (await client.PostFormAsync("/auth/link", "/login", ("email", $"p{i}@example.com"))).Headers.Location!.ToString().ShouldBe("/login?sent=1");
        (await client.PostFormAsync("/auth/link", "/login", ("email", "p9@example.com"))).Headers.Location!.ToString().ShouldBe("/login?error=rate_limited");
        clock.Advance(TimeSpan.FromMinutes(16));
        (await client.PostFormAsync("/auth/link", "/login", ("email", "p9@example.com"))).Headers.Location!.ToString().ShouldBe("/login?sent=1");
    }

    [Theory, DatabaseData]
    public async Task Forms_WithoutAntiforgeryToken_AreRejected(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = app.Browser();
        var response = await client.PostAsync("/auth/link", new FormUrlEncodedContent([new("email", business.OwnerEmail)]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Service<EmailOutbox>().RecentAsync()).ShouldBeEmpty();

        var signedIn = await app.SignedInClientAsync(business.OwnerEmail);
        (await signedIn.PostAsync("/auth/logout", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await signedIn.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task SignOut_EndsTheSession(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = await app.SignedInClientAsync(business.OwnerEmail);
        var response = await client.PostFormAsync("/auth/logout", "/", ("go", "1"));
        response.Headers.Location!.ToString().ShouldBe("/login?signed_out=1");
        (await client.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task SignOut_EndsTheSessionForGood_ACopiedCookieIsRefusedAfterwards_OtherSessionsStay(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        async Task<string> SignInCookieAsync()
        {
            var browser = app.Browser();
            var token = await app.RequestLinkTokenAsync(browser, business.OwnerEmail);
            var verify = await browser.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
            return verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal)).Split(';')[0];
        }
        HttpClient With(string cookie)
        {
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            return client;
        }
        var laptop = await SignInCookieAsync();
        var phone = await SignInCookieAsync();
        (await With(laptop).GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Signing out on the laptop (its antiforgery token comes from a page loaded with that cookie).
        var tab = app.Browser();
        tab.DefaultRequestHeaders.Add("Cookie", laptop);
        (await tab.PostFormAsync("/auth/logout", "/", ("go", "1"))).Headers.Location!.ToString().ShouldBe("/login?signed_out=1");

        // A copy of the laptop's cookie (taken before, replayed after) no longer works; the phone's sign-in does.
        (await With(laptop).GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await With(phone).GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Cookie_IsSecure_WhenThePublicUrlIsHttps(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://app.example.com" });
        var business = await app.CreateBusinessAsync();
        var client = app.Browser("https://app.example.com");
        var token = await app.RequestLinkTokenAsync(client, business.OwnerEmail);
        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal)).ShouldContain("secure", Case.Insensitive);
        // Behind a TLS-terminating proxy requests arrive as http: the forms still work (and the cookie stays Secure).
        var proxied = app.Browser();
        var viaProxy = await proxied.PostFormAsync("/auth/verify", "/login/link?token=x", ("token", await app.RequestLinkTokenAsync(proxied, business.OwnerEmail)));
        viaProxy.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal)).ShouldContain("secure", Case.Insensitive);
    }

    [Theory, DatabaseData]
    public async Task Cookie_SurvivesARestart_AndWorksOnASecondNode(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        string cookie;
        string email;
        await using (var first = new AppFactory(db))
        {
            var business = await first.CreateBusinessAsync();
            email = business.OwnerEmail;
            var client = first.Browser();
            var token = await first.RequestLinkTokenAsync(client, email);
            var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
            cookie = verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal)).Split(';')[0];
        }
        await using var second = new AppFactory(db);
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        var me = await other.GetAsync("/api/dashboard/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadAsStringAsync()).ShouldContain(email);
    }
}
