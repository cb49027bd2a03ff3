using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Compliance;

/// <summary>
/// The carrier-aware send budget: counted for every outbound text in counters the nodes share, transactional texts
/// always go, less urgent texts wait for room (rescheduled, not lost), and the operator sets it per business.
/// </summary>
public sealed class SendBudgetTests
{
    /// <summary>Tue 2026-03-03 10:00 in New York: daytime for every unprompted text.</summary>
    private static readonly DateTimeOffset Day = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    private static int _next = Random.Shared.Next(1000, 8000);

    /// <summary>A Jacksonville mobile (New York time).</summary>
    private static string Caller() => $"+1904555{Interlocked.Increment(ref _next) % 10000:D4}";

    private static async Task SetBudgetAsync(AppFactory app, Business b, int perSecond, int perDay) =>
        (await app.OperatorClient().PutAsJsonAsync($"/api/admin/businesses/{b.Id}/send-budget", new { perSecond, perDay })).EnsureSuccessStatusCode();

    private static Task<SendResult> QueueAsync(AppFactory app, Business b, string to, string purpose) =>
        app.Service<CallRecover.Data.Db>().WriteAsync(tx => app.Service<SmsSender>().QueueAsync(tx,
            new OutboundSms(b.Id, to, $"{purpose} text {Guid.NewGuid():N}", Senders.System, purpose, MarketingConsent: purpose == SmsPurposes.Campaign)));

    private static Task<int> AtCarrierAsync(TelephonyHarness h, Business b, string purpose) =>
        h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @b AND purpose = @purpose AND carrier_sid IS NOT NULL", new { b = b.Id, purpose });

    private static Task<int> HeldByBudgetAsync(TelephonyHarness h, Business b, string purpose) =>
        h.ScalarAsync<int>("""
            SELECT COUNT(*) FROM messages WHERE business_id = @b AND purpose = @purpose AND status = 'queued' AND policy_reason = 'send_budget'
              AND carrier_sid IS NULL
            """, new { b = b.Id, purpose });

    [Theory, DatabaseData]
    public async Task CampaignTexts_GoAtTheBudgetRate_WhileGreetingsAlwaysGo(string provider)
    {
        var clock = new FakeClock(Day);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();
        await SetBudgetAsync(h.App, b, perSecond: 1, perDay: 1000);

        foreach (var _ in Enumerable.Range(0, 3)) await QueueAsync(h.App, b, Caller(), SmsPurposes.Campaign);
        await h.IdleAsync();
        (await AtCarrierAsync(h, b, SmsPurposes.Campaign)).ShouldBe(1);
        (await HeldByBudgetAsync(h, b, SmsPurposes.Campaign)).ShouldBe(2);

        // The second is used up: a caller is answered anyway, at once.
        var (first, second) = (Caller(), Caller());
        await h.MissedCallAsync(b, first);
        await h.MissedCallAsync(b, second);
        await h.IdleAsync();
        (await AtCarrierAsync(h, b, SmsPurposes.Greeting)).ShouldBe(2);

        // A held text is rescheduled, not lost, and a hold costs no attempt.
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE business_id = @b AND kind = 'sms.send' AND status = 'pending' AND attempts = 0", new { b = b.Id })).ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(2));
        await h.IdleAsync();
        (await AtCarrierAsync(h, b, SmsPurposes.Campaign)).ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(2));
        await h.IdleAsync();
        (await AtCarrierAsync(h, b, SmsPurposes.Campaign)).ShouldBe(3);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE business_id = @b AND status = 'dead'", new { b = b.Id })).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task DailyCap_HoldsAcrossTwoNodes(string provider)
    {
        var clock = new FakeClock(Day);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        await using var node2 = h.SecondNode("node-2");
        _ = node2.Services; // start its workers
        var b = await h.BusinessAsync();
        await SetBudgetAsync(h.App, b, perSecond: 1000, perDay: 5);

        var phones = Enumerable.Range(0, 16).Select(_ => Caller()).ToList();
        await Task.WhenAll(phones.Select((p, i) => QueueAsync(i % 2 == 0 ? h.App : node2, b, p, SmsPurposes.FollowUp)));
        await h.IdleAsync();

        (await AtCarrierAsync(h, b, SmsPurposes.FollowUp)).ShouldBe(5);
        (await HeldByBudgetAsync(h, b, SmsPurposes.FollowUp)).ShouldBe(11);
        h.Carrier.Accepted.Count.ShouldBe(5);

        // The next (UTC) day has room again: the held texts go, five of them.
        // (A day's jump makes each node's heartbeat look stale to the other for a moment, so an item can be claimed twice
        // and carry an attempt: wait for nothing running or due rather than for the harness's idle.)
        clock.Advance(TimeSpan.FromDays(1));
        await Eventually.WaitAsync(() => AtCarrierAsync(h, b, SmsPurposes.FollowUp), n => n >= 10, "the next day's texts");
        await Eventually.WaitAsync(() => h.ScalarAsync<int>(
            "SELECT COUNT(*) FROM work_items WHERE status = 'running' OR (status = 'pending' AND due_at <= @now)", new { now = clock.GetUtcNow() }),
            n => n == 0, "nothing running or due");
        (await AtCarrierAsync(h, b, SmsPurposes.FollowUp)).ShouldBe(10);
    }

    [Theory, DatabaseData]
    public async Task Take_NeverGrantsMoreThanTheDay_WhenTwoNodesRace(string provider)
    {
        var clock = new FakeClock(Day);
        await using var db = await TestDatabase.CreateAsync(provider);
        var off = new Dictionary<string, string?> { ["Queue:Enabled"] = "false" };
        await using var a = new AppFactory(db, clock, off);
        await using var c = new AppFactory(db, clock, off);
        var b = await a.CreateBusinessAsync();
        await SetBudgetAsync(a, b, perSecond: 1000, perDay: 7);

        var grants = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var app = i % 2 == 0 ? a : c;
            return app.Service<CallRecover.Data.Db>().WriteAsync(tx => app.Service<SendBudget>().TakeAsync(tx, b.Id, b.CarrierNumber!, SmsPurposes.Review));
        }));

        grants.Count(g => g.Granted).ShouldBe(7);
        var tomorrow = new DateTimeOffset(Day.Date.AddDays(1), TimeSpan.Zero);
        grants.Where(g => !g.Granted).ShouldAllBe(g => g.RetryAt >= tomorrow);
        var counters = await a.Service<SendBudgetStore>().CountersAsync(b.Id);
        counters.Single(x => x.Period == SendBudgetStore.Day).Sent.ShouldBe(7);
    }

    [Theory, DatabaseData]
    public async Task ATextHeldForTheSecond_ComesBackAsTheNextSecondOpens(string provider)
    {
        // 250 ms into a second: the second's one slot goes, the rest come back in the first tenth of the next one
        // (a random moment of it would leave its slot unused until then, and a second's unused room is never made up).
        var clock = new FakeClock(Day.AddMilliseconds(250));
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await app.CreateBusinessAsync();
        await SetBudgetAsync(app, b, perSecond: 1, perDay: 1000);
        var budget = app.Service<SendBudget>();
        var grants = new List<BudgetGrant>();
        for (var i = 0; i < 5; i++) grants.Add(await db.Db.WriteAsync(tx => budget.TakeAsync(tx, b.Id, b.CarrierNumber!, SmsPurposes.Campaign)));
        grants.Count(g => g.Granted).ShouldBe(1);
        var next = Day.AddSeconds(1);
        grants.Where(g => !g.Granted).ShouldAllBe(g => g.RetryAt >= next && g.RetryAt < next.AddMilliseconds(SendBudget.NextSecondSpreadMs));
    }

    [Theory, DatabaseData]
    public async Task LessUrgentTexts_WaitWhileAMoreUrgentOneIsDue(string provider)
    {
        var clock = new FakeClock(Day);
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await app.CreateBusinessAsync();
        var budget = app.Service<SendBudget>();
        Task<BudgetGrant> Take(string purpose) => db.Db.WriteAsync(tx => budget.TakeAsync(tx, b.Id, b.CarrierNumber!, purpose));

        // A follow-up is queued and due (no worker runs here): reviews and campaigns leave it the slot, it takes it.
        await QueueAsync(app, b, Caller(), SmsPurposes.FollowUp);
        (await Take(SmsPurposes.Campaign)).Granted.ShouldBeFalse();
        (await Take(SmsPurposes.Review)).Granted.ShouldBeFalse();
        (await Take(SmsPurposes.FollowUp)).Granted.ShouldBeTrue();
        // Transactional texts never wait, and a campaign waits for a queued review too.
        (await Take(SmsPurposes.Greeting)).Granted.ShouldBeTrue();
        await QueueAsync(app, b, Caller(), SmsPurposes.Review);
        (await Take(SmsPurposes.Campaign)).RetryAt!.Value.ShouldBeGreaterThan(Day);

        // Campaigns leave the reserve of the day: 10 % of 20 = 2 of the day's texts.
        await SetBudgetAsync(app, b, perSecond: 1000, perDay: 20);
        var fresh = Caller(); // a new sending number's counters: the business's number is already counted above
        Task<BudgetGrant> TakeFrom(string purpose) => db.Db.WriteAsync(tx => budget.TakeAsync(tx, b.Id, fresh, purpose));
        var campaign = 0;
        for (var i = 0; i < 25; i++) if ((await TakeFrom(SmsPurposes.Campaign)).Granted) campaign++;
        campaign.ShouldBe(18);
        (await TakeFrom(SmsPurposes.FollowUp)).Granted.ShouldBeTrue();
        (await TakeFrom(SmsPurposes.FollowUp)).Granted.ShouldBeTrue();
        (await TakeFrom(SmsPurposes.FollowUp)).Granted.ShouldBeFalse();
        (await TakeFrom(SmsPurposes.Reply)).Granted.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_SetsTheBudget_RejectsBadInput_AndKeepsTenantsApart(string provider)
    {
        var clock = new FakeClock(Day);
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?>
        {
            ["Queue:Enabled"] = "false", ["SendBudget:DefaultPerSecond"] = "1", ["SendBudget:DefaultPerDay"] = "1000",
        });
        var (a, other) = (await app.CreateBusinessAsync(), await app.CreateBusinessAsync());
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{a.Id}/send-budget";

        var view = await client.GetFromJsonAsync<SendBudgetView>(url, Json.Options);
        view.ShouldNotBeNull();
        (view.PerSecond, view.PerDay, view.IsDefault).ShouldBe((1, 1000, true));

        (await client.PutAsJsonAsync(url, new { perSecond = 3, perDay = 2000 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        view = await client.GetFromJsonAsync<SendBudgetView>(url, Json.Options);
        (view!.PerSecond, view.PerDay, view.IsDefault).ShouldBe((3, 2000, false));

        foreach (var (body, field) in new (string, string)[]
        {
            ("{\"perSecond\": 0, \"perDay\": 10}", "perSecond"), ("{\"perSecond\": 2}", "perDay"), ("{\"perSecond\": \"2\", \"perDay\": 10}", "perSecond"),
            ("{\"perSecond\": 1.5, \"perDay\": 10}", "perSecond"), ("{\"perSecond\": 5, \"perDay\": 0}", "perDay"), ("{\"perSecond\": 1001, \"perDay\": 9}", "perSecond"), ("not json", "body"), ("[1,2]", "body"),
        })
        {
            var r = await client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            problem.RootElement.GetProperty("field").GetString().ShouldBe(field, body);
        }
        view = await client.GetFromJsonAsync<SendBudgetView>(url, Json.Options);
        (view!.PerSecond, view.PerDay).ShouldBe((3, 2000));

        // Another business keeps the defaults and sees none of a's counters.
        await db.Db.WriteAsync(tx => app.Service<SendBudget>().TakeAsync(tx, a.Id, a.CarrierNumber!, SmsPurposes.Reply));
        var others = await client.GetFromJsonAsync<SendBudgetView>($"/api/admin/businesses/{other.Id}/send-budget", Json.Options);
        (others!.PerSecond, others.PerDay, others.IsDefault).ShouldBe((1, 1000, true));
        others.Counters.ShouldBeEmpty();
        (await client.GetFromJsonAsync<SendBudgetView>(url, Json.Options))!.Counters.Count.ShouldBe(2);
        (await client.GetAsync("/api/admin/businesses/nope/send-budget")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
