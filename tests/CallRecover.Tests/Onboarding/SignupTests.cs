using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Notifications.Email;
using CallRecover.Onboarding;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Dapper;
using NodaTime;

namespace CallRecover.Tests.Onboarding;

public sealed class SignupTests
{
    private static async Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email, string? invite = null, string business = "Rosa Heating")
    {
        var fields = new List<(string, string)> { ("ownerName", "Rosa Diaz"), ("businessName", business), ("email", email), ("phone", "(904) 555-0142") };
        if (invite is not null) fields.Add(("invite", invite));
        return await client.PostFormAsync("/signup", "/signup", [.. fields]);
    }

    private static async Task<List<StoredEmail>> SignupEmailsAsync(AppFactory app, string email) =>
        [.. (await app.Service<EmailOutbox>().RecentAsync(email)).Where(m => m.Purpose == "signup_link")];

    [Theory, DatabaseData]
    public async Task InviteOnly_IsTheDefault_RefusesWithoutAnInvite_AndAnInviteOpensOneAccountOnly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var op = app.OperatorClient();
        (await op.GetFromJsonAsync<JsonObject>("/api/admin/signup"))!["mode"]!.GetValue<string>().ShouldBe(SignupModes.InviteOnly);

        var refused = await SignUpAsync(app.Browser(), "a@rosa.example.com");
        refused.Headers.Location!.ToString().ShouldStartWith("/signup?error=invite");
        (await app.Service<BusinessStore>().ListAsync()).ShouldBeEmpty();
        (await app.Browser().GetStringAsync("/signup")).ShouldContain("invitation only");

        var invite = await (await op.PostAsJsonAsync("/api/admin/signup/invites", new { note = "Rosa" })).Content.ReadFromJsonAsync<JsonObject>();
        var url = invite!["url"]!.GetValue<string>();
        var token = url[(url.IndexOf("invite=", StringComparison.Ordinal) + 7)..];
        (await SignUpAsync(app.Browser(), "a@rosa.example.com", token)).Headers.Location!.ToString().ShouldBe("/signup?sent=1");
        (await SignUpAsync(app.Browser(), "b@rosa.example.com", token, "Other Heating")).Headers.Location!.ToString().ShouldStartWith("/signup?error=invite");
        (await app.Service<BusinessStore>().ListAsync()).Count.ShouldBe(1);

        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM signup_invites WHERE used_at IS NOT NULL")).ShouldBe(1);
        (await conn.QueryAsync<string>("SELECT token_hash FROM signup_invites")).Single().ShouldNotContain(token);
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'signup' AND action = 'signed_up'")).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task OpenSignup_CreatesABusinessWithoutANumber_AndTheEmailedLinkLandsOnOnboarding(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var op = app.OperatorClient();
        (await op.PutAsJsonAsync("/api/admin/signup", new { mode = "open" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var client = app.Browser();
        (await SignUpAsync(client, "Rosa@Rosa.example.com")).Headers.Location!.ToString().ShouldBe("/signup?sent=1");
        var business = (await app.Service<BusinessStore>().ListAsync()).Single();
        business.CarrierNumber.ShouldBeNull();
        business.OwnerEmail.ShouldBe("rosa@rosa.example.com");
        (await app.Service<OnboardingStore>().GetAsync(business.Id))!.Step.ShouldBe(OnboardingSteps.Details);

        var mail = (await SignupEmailsAsync(app, "rosa@rosa.example.com")).Single();
        var token = DashboardTestKit.TokenFromEmail(mail.TextBody);
        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        verify.Headers.Location!.ToString().ShouldBe("/onboarding");
    }

    [Theory, DatabaseData]
    public async Task AKnownAddress_GetsTheSameAnswer_AndASignInLink_NotASecondAccount(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        await app.Service<SignupService>().SetModeAsync(SignupModes.Open, "test");
        var existing = await app.CreateBusinessAsync();

        var answer = await SignUpAsync(app.Browser(), existing.OwnerEmail, business: "Sneaky Co");
        answer.Headers.Location!.ToString().ShouldBe("/signup?sent=1");
        (await app.Service<BusinessStore>().ListAsync()).Count.ShouldBe(1);
        await Eventually.WaitAsync(async () => (await app.Service<EmailOutbox>().RecentAsync(existing.OwnerEmail)).Where(m => m.Purpose == "login_link").ToList(),
            l => l.Count == 1, "the ordinary sign-in link");
        (await SignupEmailsAsync(app, existing.OwnerEmail)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task SignUp_IsRateLimitedByAddress_AndBadFieldsAreNamed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["SignIn:MaxRequestsPerEmail"] = "2" });
        await app.Service<SignupService>().SetModeAsync(SignupModes.Open, "test");
        var client = app.Browser();
        var bad = await client.PostFormAsync("/signup", "/signup", ("ownerName", ""), ("businessName", "X"), ("email", "not-an-email"), ("phone", "12"));
        var where = bad.Headers.Location!.ToString();
        where.ShouldStartWith("/signup?error=fields");
        // The page names each bad field next to it, found again from the values redisplayed: no error text in the URL.
        where.ShouldNotContain("e.");
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(where));
        foreach (var field in new[] { "email", "phone", "ownerName" }) page.ShouldContain($"data-error-for=\"{field}\"", Case.Sensitive, field);
        page.ShouldNotContain("data-error-for=\"businessName\"");
        // Text written into a link to the page is never shown as an error (found by probing: a phishing line was).
        var forged = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/signup?error=fields&ownerName=Al&businessName=X&email=al%40x.com&phone=%2B19045550123&e.email=Your%20account%20is%20suspended.%20Call%201-800-555-0199"));
        forged.ShouldNotContain("suspended");
        forged.ShouldNotContain("data-error-for=");
        // Nor a value that fails its check: the message is fixed, it never repeats what the link put in the field.
        var echoed = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/signup?error=fields&ownerName=Al&businessName=X&email=Your%20account%20is%20suspended&phone=%2B19045550123"));
        System.Text.RegularExpressions.Regex.Match(echoed, "data-error-for=\"email\">([^<]*)<").Groups[1].Value.ShouldBe("Enter an email address, like you@example.com.");
        (await SignUpAsync(client, "not-an-email")).Headers.Location!.ToString().ShouldStartWith("/signup?error=fields");
        (await SignUpAsync(client, "not-an-email")).Headers.Location!.ToString().ShouldStartWith("/signup?error=rate_limited");
    }

    [Theory, DatabaseData]
    public async Task OperatorSignupRoutes_NeedTheKey_AndRefuseAnUnknownMode(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        (await app.CreateClient().GetAsync("/api/admin/signup")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CreateClient().PostAsJsonAsync("/api/admin/signup/invites", new { })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var op = app.OperatorClient();
        var bad = await op.PutAsJsonAsync("/api/admin/signup", new { mode = "everyone" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("mode");
        (await op.PutAsync("/api/admin/signup", new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task ABusinessWithoutANumber_IsNeverFoundByWebhooks_AndSendsNoText(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        // Two businesses without a number side by side: NULL is "none", not a shared value.
        var a = await app.CreateBusinessAsync(i => i with { CarrierNumber = null });
        var b = await app.CreateBusinessAsync(i => i with { CarrierNumber = null });
        a.CarrierNumber.ShouldBeNull();
        b.CarrierNumber.ShouldBeNull();
        var directory = app.Service<BusinessDirectory>();
        (await directory.ByCarrierNumberAsync("", CancellationToken.None)).ShouldBeNull();
        (await directory.ByCarrierNumberAsync("null", CancellationToken.None)).ShouldBeNull();

        // The carrier's voice webhook to an unknown number is not answered for either business.
        var facts = new TextFacts { Business = a, To = "+19045550111", RecipientZone = DateTimeZone.Utc, Now = DateTimeOffset.UtcNow };
        var decision = TextingPolicy.Decide(new TextIntent("+19045550111", SmsPurposes.Greeting, ByPerson: true), facts);
        decision.Verdict.ShouldBe(TextVerdict.Never);
        decision.Reason.ShouldBe(TextReasons.NoCarrierNumber);

        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM businesses WHERE carrier_number IS NULL")).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task WizardProgress_IsStored_AndResumesInANewHost(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        string businessId;
        await using (var app = new AppFactory(db))
        {
            var business = await app.CreateBusinessAsync(i => i with { CarrierNumber = null });
            businessId = business.Id;
            await db.Db.WriteAsync(tx => app.Service<OnboardingStore>().StartAsync(tx, business.Id, DateTimeOffset.UtcNow));
            var service = app.Service<OnboardingService>();
            var bad = await service.SaveAsync(business.Id, "test", new JsonObject { ["businessPhone"] = "12" }, OnboardingSteps.Hours);
            bad.Ok.ShouldBeFalse();
            bad.Errors.ShouldContainKey("businessPhone");
            (await service.ProgressAsync(business.Id))!.Step.ShouldBe(OnboardingSteps.Details);
            (await service.SaveAsync(business.Id, "test", new JsonObject { ["greeting"] = "Hi there" }, OnboardingSteps.Number)).Ok.ShouldBeTrue();
        }
        await using (var again = new AppFactory(db))
        {
            (await again.Service<OnboardingStore>().GetAsync(businessId))!.Step.ShouldBe(OnboardingSteps.Number);
            var preview = OnboardingService.PreviewFirstText((await again.Service<BusinessStore>().GetAsync(businessId))!, "Hi there");
            preview.ShouldContain("Hi there");
            preview.ShouldContain("STOP");
        }
    }

    [Theory, DatabaseData]
    public async Task AnOwner_SeesOnlyTheirOwnNumberAndOnboarding(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync(i => i with { CarrierNumber = null });
        await db.Db.WriteAsync(tx => app.Service<OnboardingStore>().StartAsync(tx, b.Id, DateTimeOffset.UtcNow));
        var ownerB = await app.SignedInClientAsync(b.OwnerEmail);
        var numberPage = await ownerB.GetStringAsync("/number");
        numberPage.ShouldContain("no CallRecover number yet");
        numberPage.ShouldNotContain(Phone.Display(a.CarrierNumber!));
        // A business id in the query changes nothing: the business comes from the cookie.
        (await ownerB.GetStringAsync($"/onboarding?businessId={a.Id}")).ShouldNotContain(a.Name);
        var ownerA = await app.SignedInClientAsync(a.OwnerEmail);
        (await ownerA.GetStringAsync("/number")).ShouldContain(Phone.Display(a.CarrierNumber!));
        (await ownerA.GetStringAsync("/onboarding")).ShouldContain("nothing to set up");
    }
}
