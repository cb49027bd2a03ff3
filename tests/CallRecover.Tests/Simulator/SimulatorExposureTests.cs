using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Simulator;

/// <summary>
/// The simulator (page, API, voicemail form and the email outbox) is a stand-in for the carrier and the mailbox: it
/// must not exist once a real carrier is configured, because its outbox holds every tenant's sign-in links.
/// </summary>
public sealed partial class SimulatorExposureTests
{
    public static Dictionary<string, string?> RealCarrier() => new()
    {
        ["Carrier:Provider"] = "twilio",
        // The test carrier's made-up credentials: a real carrier is configured, nothing real is reached.
        ["Carrier:AccountSid"] = Telephony.FakeCarrier.AccountSid,
        ["Carrier:AuthToken"] = Telephony.FakeCarrier.AuthToken,
        // Nothing is sent in these tests; a closed port keeps any accidental call local.
        ["Carrier:BaseUrl"] = "http://127.0.0.1:9",
    };

    [Theory, DatabaseData]
    public async Task RealCarrier_EverySimulatorRoute_Is404_ForAnonymousCallers_AndTheOperatorReadsTheOutbox(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: RealCarrier());
        var business = await app.CreateBusinessAsync();
        // No SMTP server is set, so a sign-in link waits in the outbox.
        await app.Service<Db>().WriteAsync(tx => app.Service<EmailOutbox>().QueueAsync(tx, new EmailMessage(business.OwnerEmail,
            "Your CallRecover sign-in link", "Tap http://localhost/login/link?token=secret-sign-in-token to sign in.", "login_link", business.Id)));
        var client = app.CreateClient();

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/simulator", StringComparison.Ordinal))
            .ToList();
        // The page, businesses, calls, texts, a phone's messages, voicemails and the outbox.
        routes.Count.ShouldBeGreaterThanOrEqualTo(7);
        routes.ShouldContain(r => r.RoutePattern.RawText!.Contains("outbox", StringComparison.Ordinal));
        routes.ShouldContain(r => r.RoutePattern.RawText!.Contains("voicemails", StringComparison.Ordinal));
        foreach (var route in routes)
        {
            var path = RouteParameter().Replace("/" + route.RoutePattern.RawText!.TrimStart('/'), "%2B19045550134");
            var methods = route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Append("GET").Distinct())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                    request.Content = JsonContent.Create(new { carrierNumber = business.CarrierNumber, from = "+19045550134", outcome = "missed", body = "hi", text = "hi" });
                var response = await client.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
                (await response.Content.ReadAsStringAsync()).ShouldNotContain("secret-sign-in-token");
            }
        }
        (await client.GetAsync("/simulator/api/outbox?to=" + Uri.EscapeDataString(business.OwnerEmail))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/simulator/anything-added-later")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Nothing slipped through: no call was placed and no text or voicemail left.
        await using (var conn = await db.Db.OpenAsync())
        {
            (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM calls")).ShouldBe(0);
            (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM messages")).ShouldBe(0);
            (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM recordings")).ShouldBe(0);
        }

        // The emails stay readable, but only with the operator key.
        (await client.GetAsync("/api/admin/emails")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var emails = (await app.OperatorClient().GetFromJsonAsync<List<JsonElement>>("/api/admin/emails?to=" + Uri.EscapeDataString(business.OwnerEmail)))!;
        var email = emails.ShouldHaveSingleItem();
        email.GetProperty("textBody").GetString()!.ShouldContain("secret-sign-in-token");
        email.GetProperty("purpose").GetString().ShouldBe("login_link");
        email.GetProperty("businessId").GetString().ShouldBe(business.Id);
    }

    [Theory, DatabaseData]
    public async Task Simulator_ServesItsOutbox_AndTheOperatorRouteToo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        await app.Service<Db>().WriteAsync(tx => app.Service<EmailOutbox>().QueueAsync(tx, new EmailMessage("someone@example.com", "Hello", "Body", "notification")));
        var client = app.CreateClient();
        (await client.GetAsync("/simulator")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<List<JsonElement>>("/simulator/api/outbox"))!.ShouldHaveSingleItem();
        (await app.OperatorClient().GetFromJsonAsync<List<JsonElement>>("/api/admin/emails?limit=5"))!.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RealCarrier_WithoutSmtp_WarnsAtStartUp_NamingEmailHost()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using (var app = new AppFactory(db, settings: RealCarrier()))
        {
            app.CreateClient();
            var warning = await Eventually.WaitAsync(() => Task.FromResult(app.Logs.Lines.FirstOrDefault(l => l.Contains("Email:Host (Email__Host)", StringComparison.Ordinal))),
                l => l is not null, "the missing-SMTP warning");
            warning!.ShouldStartWith("Warning");
            warning.ShouldContain("sign-in links");
            warning.ShouldContain("/api/admin/emails");
        }
        await using (var withSmtp = new AppFactory(db, settings: new Dictionary<string, string?>(RealCarrier()) { ["Email:Host"] = "smtp.example.com" }))
        {
            withSmtp.CreateClient();
            await Eventually.WaitAsync(() => Task.FromResult(withSmtp.Logs.Lines.Any(l => l.Contains("CallRecover is running", StringComparison.Ordinal))), "the start-up line");
            withSmtp.Logs.Lines.ShouldNotContain(l => l.Contains("Email:Host (Email__Host)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Simulator_ListeningBeyondLoopback_WarnsThatAnyoneCanReadItsOutbox()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using (var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator", ["urls"] = "http://0.0.0.0:5080" }))
        {
            app.CreateClient();
            var warning = await Eventually.WaitAsync(() => Task.FromResult(app.Logs.Lines.FirstOrDefault(l => l.Contains("anyone who can reach", StringComparison.Ordinal))),
                l => l is not null, "the exposed-simulator warning");
            warning!.ShouldStartWith("Warning");
            warning.ShouldContain("0.0.0.0");
            warning.ShouldContain("outbox");
        }
        await using (var local = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator", ["urls"] = "http://localhost:5080" }))
        {
            local.CreateClient();
            await Eventually.WaitAsync(() => Task.FromResult(local.Logs.Lines.Any(l => l.Contains("CallRecover is running", StringComparison.Ordinal))), "the start-up line");
            local.Logs.Lines.ShouldNotContain(l => l.Contains("anyone who can reach", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://LOCALHOST:5001", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://callrecover.example.com:80", false)]
    public void ListenAddresses_AreLoopback_OnlyWhenNobodyElseCanConnect(string address, bool loopback) =>
        StartupBanner.IsLoopback(address).ShouldBe(loopback);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
