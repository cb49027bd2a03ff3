using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Compliance;
using CallRecover.Billing;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Billing;

/// <summary>The operator's subscription API, the state machine, the trial expiry task and the release of the number on cancel.</summary>
public sealed class SubscriptionApiTests
{
    private static readonly Dictionary<string, string?> NoWorkers = new() { ["Queue:Enabled"] = "false" };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string businessId, object body) =>
        client.PostJsonAsync($"/api/admin/businesses/{businessId}/subscription", body);

    [Theory, DatabaseData]
    public async Task NewBusiness_IsOnTrial_ThenPauseResumeCancel_AreAuditedAndMirrored_AndImpossibleMovesAre409(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, NoWorkers);
        var b = await app.CreateBusinessAsync();
        var op = app.OperatorClient();

        var view = await JsonAsync(await op.GetAsync($"/api/admin/businesses/{b.Id}/subscription"));
        view.GetProperty("subscription").GetProperty("state").GetString().ShouldBe("trial");
        view.GetProperty("subscription").GetProperty("plan").GetString().ShouldBe("starter");
        view.GetProperty("planName").GetString().ShouldBe("Starter");
        view.GetProperty("monthlyPriceCents").GetInt64().ShouldBe(9_900);
        view.GetProperty("trialDaysLeft").GetInt32().ShouldBe(14);
        view.GetProperty("usage").GetProperty("segments").GetInt32().ShouldBe(0);

        (await PostAsync(op, b.Id, new { action = "pause" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("paused");
        var resumed = await PostAsync(op, b.Id, new { action = "resume", plan = "pro" });
        resumed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var r = await JsonAsync(resumed);
        r.GetProperty("subscription").GetProperty("state").GetString().ShouldBe("active");
        r.GetProperty("subscription").GetProperty("plan").GetString().ShouldBe("pro");
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("active");

        (await PostAsync(op, b.Id, new { action = "cancel" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("cancelled");
        var refused = await PostAsync(op, b.Id, new { action = "resume" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonAsync(refused)).GetProperty("detail").GetString().ShouldBe("A cancelled subscription cannot become active.");

        var audit = await db.QueryAsync<string>("SELECT action FROM audit_log WHERE business_id = @id AND entity_type = 'subscription' ORDER BY created_at, id", new { id = b.Id });
        audit.ShouldNotContain("created"); // a trial that began by itself is nobody's action
        audit.ShouldContain("pause");
        audit.ShouldContain("plan_changed");
        audit.ShouldContain("resume");
        audit.ShouldContain("cancel");
    }

    [Theory, DatabaseData]
    public async Task BadInput_Is400NamingTheField_AndAnUnknownBusinessIs404(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), NoWorkers);
        var b = await app.CreateBusinessAsync();
        var op = app.OperatorClient();

        foreach (var (body, field) in new (object, string)[] { (new { action = "explode" }, "action"), (new { plan = "gold" }, "plan"), (new { }, "action") })
        {
            var bad = await PostAsync(op, b.Id, body);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadAsStringAsync()).ShouldContain(field);
        }
        var malformed = await op.PostAsync($"/api/admin/businesses/{b.Id}/subscription", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        ((int)malformed.StatusCode).ShouldBeInRange(400, 499);
        (await op.GetAsync("/api/admin/businesses/nope/subscription")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/admin/businesses/{b.Id}/subscription")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("trial");
    }

    [Theory, DatabaseData]
    public async Task TrialEndingWithoutACard_BecomesPastDueAndStillTexts_ThenIsPausedAfterTheGracePeriod(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, NoWorkers);
        var b = await app.CreateBusinessAsync();
        var withCard = await app.CreateBusinessAsync();
        var task = app.Service<SubscriptionLifecycleTask>();
        var service = app.Service<SubscriptionService>();
        await task.RunAsync(CancellationToken.None);
        (await app.Service<SubscriptionStore>().GetAsync(b.Id))!.State.ShouldBe("trial");
        (await service.ActivateAsync(withCard.Id, null, "owner", null, null, null, null)).Subscription!.State.ShouldBe("active");

        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        (await task.RunAsync(CancellationToken.None))!.ShouldStartWith("1 trials ended");
        (await app.Service<SubscriptionStore>().GetAsync(b.Id))!.State.ShouldBe("past_due");
        var pastDue = (await app.Service<BusinessStore>().GetAsync(b.Id))!;
        pastDue.SubscriptionStatus.ShouldBe("past_due");
        // The grace period: the one texting policy lets a past-due business text.
        TextingPolicy.BusinessActive(new TextIntent("+19045550100", SmsPurposes.Greeting, false), new TextFacts { Business = pastDue, RecipientZone = pastDue.Zone })
            .ShouldBeNull();
        (await app.Service<SubscriptionStore>().GetAsync(withCard.Id))!.State.ShouldBe("active");

        clock.Advance(TimeSpan.FromDays(6));
        await task.RunAsync(CancellationToken.None);
        (await app.Service<SubscriptionStore>().GetAsync(b.Id))!.State.ShouldBe("past_due");
        clock.Advance(TimeSpan.FromDays(1));
        (await task.RunAsync(CancellationToken.None))!.ShouldEndWith("1 past-due subscriptions paused");
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("paused");
        await task.RunAsync(CancellationToken.None); // again: nothing more happens
        (await db.QueryAsync<string>("SELECT actor FROM audit_log WHERE business_id = @id AND action IN ('trial_ended','grace_ended')", new { id = b.Id }))
            .ShouldBe(["system", "system"]);
    }

    [Theory, DatabaseData]
    public async Task SimulatedCheckout_AddsACard_AndActivatesOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, NoWorkers);
        var b = await app.CreateBusinessAsync();
        var url = await app.Service<SubscriptionService>().StartCheckoutAsync(b, "pro", "/settings");
        var path = new Uri(url!).AbsolutePath;
        path.ShouldStartWith("/billing/simulated/sim_sub_");
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await browser.GetAsync(path);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("$199");
        (await browser.PostAsync(path, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.PostAsync(path, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var s = (await app.Service<SubscriptionStore>().GetAsync(b.Id))!;
        (s.State, s.Plan, s.HasPaymentMethod).ShouldBe(("active", "pro", true));
        s.CurrentPeriodEnd.ShouldBe(clock.GetUtcNow().AddMonths(1));
        (await db.QueryAsync<string>("SELECT action FROM audit_log WHERE business_id = @id AND action = 'activated'", new { id = b.Id })).Count.ShouldBe(1);
        (await browser.GetAsync("/billing/simulated/sim_sub_unknown")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Cancelling_ReleasesTheBoughtNumber_AndKeepsTheCalls(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();
        var buy = await op.PostJsonAsync($"/api/admin/businesses/{b.Id}/number", new { phoneNumber = "+19045550111" });
        buy.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sid = (await JsonAsync(buy)).GetProperty("number").GetProperty("carrierSid").GetString()!;
        h.Carrier.Owned.ContainsKey(sid).ShouldBeTrue();
        var moved = (await h.App.Service<BusinessStore>().GetAsync(b.Id))!;
        await h.MissedCallAsync(moved, "+19045550142");
        await h.IdleAsync();

        (await PostAsync(op, b.Id, new { action = "cancel" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT status FROM phone_numbers WHERE carrier_sid = @sid", new { sid }) == "released", "the number released");
        h.Carrier.Owned.ContainsKey(sid).ShouldBeFalse();
        (await h.App.Service<CallRecover.Tenancy.BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBeNull();
        (await h.CountAsync("calls", b.Id)).ShouldBe(1);
        (await h.CountAsync("leads", b.Id)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Owners_SeeOnlyTheirOwnPlanAndUsage_InSettings(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock); // workers on: the sign-in email goes through the queue
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var service = app.Service<SubscriptionService>();
        await service.ChangePlanAsync(b.Id, "pro", "operator");
        await service.MoveAsync(b.Id, SubscriptionStates.Paused, "operator", "pause");

        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var html = await owner.GetStringAsync("/settings");
        html.ShouldContain("id=\"billing-plan\">Starter");
        html.ShouldContain("data-state=\"trial\"");
        html.ShouldContain("14 days left");
        html.ShouldNotContain("data-state=\"paused\"");
        // The owner has no way to another business's subscription: the operator API needs the operator key.
        (await owner.GetAsync($"/api/admin/businesses/{b.Id}/subscription")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task Settings_AddAPlanAndChangeABuiltInOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), new Dictionary<string, string?>
        {
            ["Queue:Enabled"] = "false", ["Subscriptions:Plans:team:Name"] = "Team", ["Subscriptions:Plans:team:MonthlyPriceCents"] = "49900",
            ["Subscriptions:Plans:team:IncludedSegments"] = "20000", ["Subscriptions:Plans:pro:MonthlyPriceCents"] = "24900",
        });
        var b = await app.CreateBusinessAsync();
        var op = app.OperatorClient();
        var team = await JsonAsync(await PostAsync(op, b.Id, new { plan = "team" }));
        (team.GetProperty("planName").GetString(), team.GetProperty("monthlyPriceCents").GetInt64(), team.GetProperty("includedSegments").GetInt32())
            .ShouldBe(("Team", 49_900L, 20_000));
        (await JsonAsync(await PostAsync(op, b.Id, new { plan = "pro" }))).GetProperty("monthlyPriceCents").GetInt64().ShouldBe(24_900);
    }
}
