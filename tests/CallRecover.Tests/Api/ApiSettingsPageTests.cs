using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CallRecover.Api;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Api;

public sealed partial class ApiSettingsPageTests
{
    [Theory, DatabaseData]
    public async Task OwnerCreatesATokenInSettings_SeesItOnce_ItWorks_AndRevokingItEndsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var browser = await app.SignedInClientAsync(s.Business.OwnerEmail);

        var bad = await browser.PostFormAsync("/settings/api", "/settings/api", ("_handler", "api-token-create"), ("name", ""), ("scope-read", "on"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("name is required");
        (await app.Service<ApiTokenStore>().ListAsync(s.Business.Id)).ShouldBeEmpty();

        var created = await browser.PostFormAsync("/settings/api", "/settings/api", ("_handler", "api-token-create"), ("name", "Zapier"), ("scope-read", "on"));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await created.Content.ReadAsStringAsync();
        var secret = SecretInput().Match(html).Groups[1].Value;
        secret.ShouldStartWith(ApiTokens.SecretPrefix);
        var token = (await app.Service<ApiTokenStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        (token.Name, token.Scopes).ShouldBe(("Zapier", "read"));
        token.CreatedBy.ShouldStartWith("user:");
        (await app.Service<ApiTokenStore>().ListAsync(other.Business.Id)).ShouldBeEmpty();
        (await browser.GetStringAsync("/settings/api")).ShouldNotContain(secret);

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        (await api.GetAsync("/api/v1/leads")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetStringAsync("/settings/api")).ShouldContain("last used");

        var revoked = await browser.PostFormAsync("/settings/api", "/settings/api", ("_handler", $"api-token-revoke-{token.Id}"));
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await api.GetAsync("/api/v1/leads")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("id=\"api-token-secret\" readonly value=\"([^\"]+)\"")]
    private static partial Regex SecretInput();
}
