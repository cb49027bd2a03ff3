using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using CallRecover.Webhooks;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Api;

public sealed class WebhookTests
{
    internal static readonly Dictionary<string, string?> Loopback = new() { ["Outbound:AllowPrivateTargets"] = "true", ["Queue:BaseBackoff"] = "00:00:00" };

    [Theory, DatabaseData]
    public async Task EventsReachAFlakyReceiver_EachOnce_InOrder_SignedAsPythonVerifies_AndARotatedSecretOverlaps(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Loopback);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Fails = n => n % 2 == 1; // every event's first try fails
        var s = await BookingScenario.CreateAsync(app);
        var caller = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var job = await AddJobAsync(client, s, caller.Lead.Id, stage: "quote_requested");

        var created = await client.PostJsonAsync(Url(s, "/webhooks"), new { url = receiver.Url + "/hook", events = new[] { "job.stage_changed" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var hook = await created.JsonAsync();
        var (hookId, secret) = (hook.GetProperty("id").GetString()!, hook.GetProperty("secret").GetString()!);
        (await client.GetStringAsync(Url(s, "/webhooks"))).ShouldNotContain(secret);

        string[] stages = ["quote_sent", "confirmed", "in_progress", "completed"];
        foreach (var stage in stages)
            (await client.PostJsonAsync(Url(s, $"/jobs/{job}/stage"), new { stage })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deliveries = await Eventually.WaitAsync(() => app.Service<WebhookStore>().DeliveriesAsync(s.Business.Id, hookId),
            d => d.Count == 4 && d.All(x => x.Status == DeliveryStatuses.Delivered), "four delivered events");
        deliveries.ShouldAllBe(d => d.Attempts == 2);
        var accepted = receiver.Accepted.ToList();
        accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("to").GetString()).ShouldBe(stages);
        accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct().Count().ShouldBe(4);
        accepted.ShouldAllBe(r => r.Event == "job.stage_changed");
        receiver.Requests.Count.ShouldBe(8);
        foreach (var r in accepted)
        {
            var check = await Python.VerifyWebhookSignatureAsync(r.Signature, r.Body, secret, "whsec_not_the_secret");
            check.GetProperty("valid").EnumerateArray().Select(v => v.GetBoolean()).ShouldBe([true, false]);
            check.GetProperty("t").GetInt64().ShouldBe(BookingScenario.Start.ToUnixTimeSeconds());
        }

        // The log answers the business's own token too; a resend after a rotation is signed with the new and the old secret.
        var (own, _, _) = await ApiScenario.TokenClientAsync(app, s.Business.Id);
        var log = await own.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hookId}/deliveries");
        log.GetArrayLength().ShouldBe(4);
        var rotated = await own.PostAsync($"/api/v1/webhooks/{hookId}/rotate-secret", null);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var newSecret = (await rotated.JsonAsync()).GetProperty("secret").GetString()!;
        newSecret.ShouldNotBe(secret);
        receiver.Fails = _ => false;
        (await own.PostAsync($"/api/v1/webhooks/{hookId}/deliveries/{deliveries[^1].Id}/resend", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Requests.Count == 9), "the resent event");
        var resent = receiver.Requests.Last();
        resent.Body.ShouldBe(deliveries[^1].Body);
        var both = await Python.VerifyWebhookSignatureAsync(resent.Signature, resent.Body, newSecret, secret);
        both.GetProperty("valid").EnumerateArray().Select(v => v.GetBoolean()).ShouldBe([true, true]);
        both.GetProperty("signatures").GetInt32().ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task ASubscriberFailingForADay_IsDisabled_AndTheOwnerIsTold(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Outbound:AllowPrivateTargets"] = "true", ["Queue:BaseBackoff"] = "00:01:00" });
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Fails = _ => true;
        var s = await BookingScenario.CreateAsync(app);
        var caller = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var job = await AddJobAsync(client, s, caller.Lead.Id);
        var hookId = (await (await client.PostJsonAsync(Url(s, "/webhooks"), new { url = receiver.Url + "/hook", events = new[] { "job.stage_changed" } })).JsonAsync())
            .GetProperty("id").GetString()!;
        (await client.PostJsonAsync(Url(s, $"/jobs/{job}/stage"), new { stage = "in_progress" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var failing = await Eventually.WaitAsync(() => app.Service<WebhookStore>().GetAsync(s.Business.Id, hookId), h => h!.FailingSince is not null, "the first failed try");
        failing!.FailingSince.ShouldBe(BookingScenario.Start);
        failing.Status.ShouldBe(SubscriptionStatuses.Active);
        // The failed try is put back in the queue (due a backoff after the fake now) after the subscription is marked failing:
        // moving the clock before that would set the retry a day later.
        await Eventually.WaitAsync(async () => (await app.Service<WorkQueue>().ListAsync(kind: WebhookEvents.DeliverKind, businessId: s.Business.Id))
            .Any(w => w.Status == "pending" && w.Attempts == 1), "the failed try back in the queue");

        clock.Advance(TimeSpan.FromHours(25));
        var sub = await Eventually.WaitAsync(() => app.Service<WebhookStore>().GetAsync(s.Business.Id, hookId), h => h!.Status == SubscriptionStatuses.Disabled, "disabled");
        (await app.Service<WebhookStore>().DeliveriesAsync(s.Business.Id, hookId)).ShouldAllBe(d => d.Status == DeliveryStatuses.Failed);
        (await app.Service<NotificationStore>().ListAsync(s.Business.Id)).ShouldContain(n => n.Event == "webhook_disabled");
        sub!.Status.ShouldBe(SubscriptionStatuses.Disabled);
    }

    [Theory, DatabaseData]
    public async Task PrivateTargets_AreRefused_WhenSubscribing_AndAgainWhenConnecting(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        await using var receiver = await WebhookReceiver.StartAsync();
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        string[] refused = [receiver.Url + "/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook", "http://[fe80::1]/hook", "http://0.0.0.0/", "http://100.64.0.1/", "ftp://203.0.113.7/", "http://user:pw@203.0.113.7/", "not a url"];
        foreach (var url in refused)
        {
            var response = await client.PostJsonAsync(Url(s, "/webhooks"), new { url, events = new[] { "call.missed" } });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            (await response.JsonAsync()).GetProperty("errors").TryGetProperty("url", out _).ShouldBeTrue(url);
        }
        (await client.PostJsonAsync(Url(s, "/webhooks"), new { url = "https://203.0.113.7/hook", events = new[] { "nope" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Service<WebhookStore>().ListAsync(s.Business.Id)).ShouldBeEmpty();

        // At connect time: a name that resolves to loopback (as a rebinding DNS answer would) is refused by the guarded handler.
        using var guarded = new HttpClient(OutboundTargets.GuardedHandler(allowPrivate: false));
        var port = new Uri(receiver.Url).Port;
        await Should.ThrowAsync<HttpRequestException>(() => guarded.PostAsync($"http://localhost:{port}/hook", new StringContent("{}")));
        receiver.Requests.ShouldBeEmpty();
        using var open = new HttpClient(OutboundTargets.GuardedHandler(allowPrivate: true));
        (await open.PostAsync($"http://localhost:{port}/hook", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class WebhooksPageTests
{
    [Theory, DatabaseData]
    public async Task OwnerAddsAUrl_SeesTheSecretOnce_TheDeliveryLog_AndResends(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start),
            new Dictionary<string, string?> { ["Outbound:AllowPrivateTargets"] = "true", ["Queue:BaseBackoff"] = "00:00:00" });
        await using var receiver = await WebhookReceiver.StartAsync();
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var caller = await s.QualifiedCallerAsync();
        var browser = await CallRecover.Tests.Dashboard.DashboardTestKit.SignedInClientAsync(app, s.Business.OwnerEmail);

        var bad = await CallRecover.Tests.Dashboard.DashboardTestKit.PostFormAsync(browser, "/settings/webhooks", "/settings/webhooks",
            ("_handler", "webhook-create"), ("url", "http://"), ("event-job.stage_changed", "on"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("url must be an absolute http(s) URL.");
        var created = await CallRecover.Tests.Dashboard.DashboardTestKit.PostFormAsync(browser, "/settings/webhooks", "/settings/webhooks",
            ("_handler", "webhook-create"), ("url", receiver.Url + "/hook"), ("event-job.stage_changed", "on"));
        var html = await created.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"webhook-secret\" readonly value=\"whsec_");
        var hook = (await app.Service<WebhookStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        hook.EventList.ShouldBe(["job.stage_changed"]);
        (await app.Service<WebhookStore>().ListAsync(other.Business.Id)).ShouldBeEmpty();

        var job = await AddJobAsync(app.OperatorClient(), s, caller.Lead.Id);
        (await app.OperatorClient().PostJsonAsync(Url(s, $"/jobs/{job}/stage"), new { stage = "in_progress" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var delivery = (await Eventually.WaitAsync(() => app.Service<WebhookStore>().DeliveriesAsync(s.Business.Id, hook.Id),
            d => d.Count == 1 && d[0].Status == DeliveryStatuses.Delivered, "the delivery")).Single();
        var page = await browser.GetStringAsync("/settings/webhooks");
        page.ShouldContain($"data-delivery=\"{delivery.Id}\" data-delivery-status=\"delivered\"");
        page.ShouldNotContain("whsec_");

        var resent = await CallRecover.Tests.Dashboard.DashboardTestKit.PostFormAsync(browser, "/settings/webhooks", "/settings/webhooks", ("_handler", $"webhook-resend-{delivery.Id}"));
        resent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Eventually.WaitAsync(() => Task.FromResult(receiver.Accepted.Count() == 2), "the resent delivery");
        receiver.Accepted.Select(r => r.Body).Distinct().ShouldHaveSingleItem();
    }

    [Theory, DatabaseData]
    public async Task APaidInvoice_IsDeliveredOnce_AsInvoicePaid_EvenWhenThePaymentIsReplayed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), WebhookTests.Loopback);
        await using var receiver = await WebhookReceiver.StartAsync();
        var p = await CallRecover.Tests.Payments.PaymentsScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var created = await client.PostJsonAsync(p.Url("/webhooks"), new { url = receiver.Url + "/hook", events = new[] { "invoice.paid" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var hookId = (await created.JsonAsync()).GetProperty("id").GetString()!;
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        var payUrl = (await (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).JsonAsync()).GetProperty("payUrl").GetString()!;
        var browser = p.PublicClient();
        var checkoutPath = (await browser.PostAsync(new Uri(payUrl).AbsolutePath, null)).Headers.Location!.PathAndQuery;

        (await browser.PostAsync(checkoutPath, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.PostAsync(checkoutPath, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await Eventually.WaitAsync(() => app.Service<WebhookStore>().DeliveriesAsync(p.S.Business.Id, hookId),
            d => d.Count == 1 && d[0].Status == DeliveryStatuses.Delivered, "the paid invoice delivered");
        var data = JsonDocument.Parse(receiver.Accepted.ShouldHaveSingleItem().Body).RootElement;
        data.GetProperty("type").GetString().ShouldBe("invoice.paid");
        data.GetProperty("data").GetProperty("invoiceId").GetString().ShouldBe(invoiceId);
        data.GetProperty("data").GetProperty("jobId").GetString().ShouldBe(p.JobId);
        data.GetProperty("data").GetProperty("amountCents").GetInt64().ShouldBe(25_000);
        (await app.Service<WebhookStore>().DeliveriesAsync(p.S.Business.Id, hookId)).Count.ShouldBe(1);
    }
}
