using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallRecover.Billing;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Payments;

namespace CallRecover.Tests.Billing;

/// <summary>Billing through Stripe: a subscription checkout, and the signed subscription/invoice events on /webhooks/stripe, once per event id.</summary>
public sealed class StripeSubscriptionTests
{
    private const string WebhookSecret = "whsec_test_0123456789abcdef";

    private static Dictionary<string, string?> Stripe(FakeStripeServer fake) => new()
    {
        ["Payments:Provider"] = "stripe", ["Payments:StripeSecretKey"] = "sk_test_fake_key", ["Payments:StripeWebhookSecret"] = WebhookSecret,
        ["Payments:StripeApiBase"] = fake.BaseUrl, ["Queue:Enabled"] = "false",
    };

    private static async Task<string> SendAsync(HttpClient client, string payload, long now)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", FakeStripeServer.Sign(payload, WebhookSecret, now));
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    private static Dictionary<string, object?> Invoice(string id, string subscriptionId, string customerId) => new()
    {
        ["id"] = id, ["object"] = "invoice", ["customer"] = customerId, ["status"] = "open", ["livemode"] = false,
        ["parent"] = new Dictionary<string, object?>
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new Dictionary<string, object?> { ["subscription"] = subscriptionId, ["metadata"] = new Dictionary<string, string>() },
        },
    };

    [Theory, DatabaseData]
    public async Task Checkout_ThenSignedEvents_MoveTheState_OncePerEvent_AndDeletedCancelsAndReleases(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var fake = await FakeStripeServer.StartAsync();
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Stripe(fake));
        var b = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var client = app.CreateClient();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();

        // The owner's "add a card" opens a Checkout Session in subscription mode for the plan's monthly price.
        var url = await app.Service<SubscriptionService>().StartCheckoutAsync(b, "pro", "/settings");
        new Uri(url!).Host.ShouldBe("checkout.stripe.com");
        var created = fake.Requests.ShouldHaveSingleItem();
        created.Form["mode"].ShouldBe("subscription");
        created.Form["client_reference_id"].ShouldBe(b.Id);
        created.Form["line_items[0][price_data][unit_amount]"].ShouldBe("19900");
        created.Form["line_items[0][price_data][recurring][interval]"].ShouldBe("month");
        created.Form["subscription_data[metadata][business_id]"].ShouldBe(b.Id);
        created.IdempotencyKey.ShouldNotBeNullOrEmpty();

        var completed = FakeStripeServer.Event("evt_s1", "checkout.session.completed", new()
        {
            ["id"] = "cs_test_sub1", ["object"] = "checkout.session", ["mode"] = "subscription", ["status"] = "complete", ["payment_status"] = "paid",
            ["client_reference_id"] = b.Id, ["customer"] = "cus_1", ["subscription"] = "sub_1", ["livemode"] = false,
            ["metadata"] = new Dictionary<string, string> { ["business_id"] = b.Id, ["plan"] = "pro" },
        }, now);
        (await SendAsync(client, completed, now)).ShouldBe("active");
        (await SendAsync(client, completed, now)).ShouldBe("duplicate");
        var s = (await app.Service<SubscriptionStore>().GetAsync(b.Id))!;
        (s.State, s.Plan, s.ProviderCustomerId, s.ProviderSubscriptionId, s.HasPaymentMethod).ShouldBe(("active", "pro", "cus_1", "sub_1", true));

        var failed = FakeStripeServer.Event("evt_s2", "invoice.payment_failed", Invoice("in_1", "sub_1", "cus_1"), now);
        (await SendAsync(client, failed, now)).ShouldBe("past_due");
        (await SendAsync(client, failed, now)).ShouldBe("duplicate");
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("past_due");
        (await SendAsync(client, FakeStripeServer.Event("evt_s3", "invoice.paid", Invoice("in_1", "sub_1", "cus_1"), now), now)).ShouldBe("active");

        var updated = FakeStripeServer.Event("evt_s4", "customer.subscription.updated", new()
        {
            ["id"] = "sub_1", ["object"] = "subscription", ["customer"] = "cus_1", ["status"] = "past_due", ["livemode"] = false,
            ["metadata"] = new Dictionary<string, string> { ["business_id"] = b.Id, ["plan"] = "pro" },
        }, now);
        (await SendAsync(client, updated, now)).ShouldBe("past_due");

        var deleted = FakeStripeServer.Event("evt_s5", "customer.subscription.deleted", new()
        {
            ["id"] = "sub_1", ["object"] = "subscription", ["customer"] = "cus_1", ["status"] = "canceled", ["livemode"] = false,
            ["metadata"] = new Dictionary<string, string> { ["business_id"] = b.Id },
        }, now);
        (await SendAsync(client, deleted, now)).ShouldBe("cancelled");
        (await app.Service<BusinessStore>().GetAsync(b.Id))!.SubscriptionStatus.ShouldBe("cancelled");
        // The number's release is queued (durable); Stripe already ended the subscription, so it is not cancelled there again.
        (await db.ScalarAsync<string>("SELECT payload FROM work_items WHERE kind = 'subscription.cancelled' AND business_id = @id", new { id = b.Id }))
            .ShouldContain("\"cancelAtProvider\":false");
        // An event about a subscription nobody here has is acknowledged and changes nothing.
        (await SendAsync(client, FakeStripeServer.Event("evt_s6", "invoice.paid", Invoice("in_9", "sub_unknown", "cus_unknown"), now), now)).ShouldBe("unknown_business");
        (await app.Service<SubscriptionStore>().GetAsync(other.Id)).ShouldBeNull();
        (await db.ScalarAsync<long>("SELECT COUNT(*) FROM subscription_events WHERE business_id = @id", new { id = b.Id })).ShouldBe(5);
    }

    /// <summary>The app on Stripe with its work queue running (the cancel and the plan change reach Stripe from work items).</summary>
    private static AppFactory WithQueue(TestDatabase db, FakeStripeServer fake)
    {
        var settings = Stripe(fake);
        settings["Queue:Enabled"] = "true";
        return new AppFactory(db, new FakeClock(), settings);
    }

    /// <summary>A business whose starter plan Stripe already bills (customer and subscription ids as Stripe's events bring them).</summary>
    private static async Task<CallRecover.Tenancy.Business> BilledBusinessAsync(AppFactory app, string customerId, string subscriptionId)
    {
        var b = await app.CreateBusinessAsync();
        await app.Service<SubscriptionService>().ActivateAsync(b.Id, "starter", "stripe", customerId, subscriptionId, null, null);
        return b;
    }

    [Theory, DatabaseData]
    public async Task OperatorCancel_CancelsAtStripe_WithAnIdempotencyKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var fake = await FakeStripeServer.StartAsync();
        await using var app = WithQueue(db, fake);
        var b = await BilledBusinessAsync(app, "cus_9", "sub_9");

        (await app.OperatorClient().PostJsonAsync($"/api/admin/businesses/{b.Id}/subscription", new { action = "cancel" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancel = await Eventually.WaitAsync(() => Task.FromResult(fake.Requests.FirstOrDefault(r => r.Path == "/v1/subscriptions/sub_9")), r => r is not null,
            "the cancel at Stripe");
        cancel!.IdempotencyKey.ShouldBe("cancel_sub_9");
    }

    [Theory, DatabaseData]
    public async Task APlanChange_MovesStripesSubscriptionItemToTheNewPrice_Prorated_OnlyWhenStripeAlreadyBills(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var fake = await FakeStripeServer.StartAsync();
        await using var app = WithQueue(db, fake);
        var billed = await BilledBusinessAsync(app, "cus_7", "sub_7");
        var onTrial = await app.CreateBusinessAsync();

        (await app.OperatorClient().PostJsonAsync($"/api/admin/businesses/{billed.Id}/subscription", new { plan = "pro" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.OperatorClient().PostJsonAsync($"/api/admin/businesses/{onTrial.Id}/subscription", new { plan = "pro" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var update = await Eventually.WaitAsync(() => Task.FromResult(fake.Requests.FirstOrDefault(r => r.Path == "/v1/subscriptions/sub_7")), r => r is not null,
            "the plan change at Stripe");
        update!.Form["items[0][id]"].ShouldBe("si_sub_7");
        update.Form["items[0][price_data][unit_amount]"].ShouldBe("19900");
        update.Form["items[0][price_data][product]"].ShouldBe("prod_callrecover");
        update.Form["items[0][price_data][recurring][interval]"].ShouldBe("month");
        update.Form["proration_behavior"].ShouldBe("create_prorations");
        update.Form["metadata[plan]"].ShouldBe("pro");
        update.IdempotencyKey!.ShouldStartWith("plan_sub_7_pro_");
        // The trial business has nothing at Stripe to change; the activation itself (the provider's own news) sent nothing either.
        await Eventually.WaitAsync(() => db.ScalarAsync<long>("SELECT COUNT(*) FROM work_items WHERE kind = 'subscription.plan_changed' AND status = 'done'"),
            n => n == 1, "the one plan change handled");
        fake.Requests.Count(r => r.Path.StartsWith("/v1/subscriptions/", StringComparison.Ordinal) && r.Form.Count > 0).ShouldBe(1);
    }
}
