using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Payments;

public sealed class StripePaymentTests
{
    private const string WebhookSecret = "whsec_test_0123456789abcdef";

    private static Dictionary<string, string?> Stripe(FakeStripeServer fake) => new()
    {
        ["Payments:Provider"] = "stripe", ["Payments:StripeSecretKey"] = "sk_test_fake_key", ["Payments:StripeWebhookSecret"] = WebhookSecret,
        ["Payments:StripeApiBase"] = fake.BaseUrl,
    };

    private static async Task<HttpResponseMessage> WebhookAsync(HttpClient client, string payload, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }

    [Theory, DatabaseData]
    public async Task CheckoutSession_ThenSignedWebhook_PaysOnce_WrongTamperedStaleOrReplayedChangeNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var fake = await FakeStripeServer.StartAsync();
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock, Stripe(fake));
        var p = await PaymentsScenario.CreateAsync(app);
        var client = app.OperatorClient();
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        var payUrl = (await (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).JsonAsync()).GetProperty("payUrl").GetString()!;

        // The customer's "Pay" opens a Stripe Checkout Session for the invoice total and goes to Stripe's page.
        var browser = p.PublicClient();
        var checkout = await browser.PostAsync(new Uri(payUrl).AbsolutePath, null);
        checkout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        checkout.Headers.Location!.Host.ShouldBe("checkout.stripe.com");
        var created = fake.Requests.ShouldHaveSingleItem();
        created.Authorization.ShouldBe("Bearer sk_test_fake_key");
        created.Form["mode"].ShouldBe("payment");
        created.Form["line_items[0][price_data][unit_amount]"].ShouldBe("25000");
        created.Form["line_items[0][price_data][currency]"].ShouldBe("usd");
        created.Form["metadata[invoice_id]"].ShouldBe(invoiceId);
        created.IdempotencyKey.ShouldBe(created.Form["client_reference_id"]);
        created.Form["success_url"].ShouldBe("http://localhost" + new Uri(payUrl).AbsolutePath);
        var sessionId = (await app.Service<PaymentStore>().ForInvoiceAsync(p.S.Business.Id, invoiceId)).ShouldHaveSingleItem().ProviderRef;
        sessionId.ShouldStartWith("cs_test_");

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var good = FakeStripeServer.CompletedEvent("evt_1", sessionId, 25_000, created: now);
        // Unsigned, signed with another secret, tampered after signing, too old: refused (400), nothing changes.
        (await WebhookAsync(browser, good, "")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await WebhookAsync(browser, good, FakeStripeServer.Sign(good, "whsec_other", now))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await WebhookAsync(browser, good.Replace("25000", "1"), FakeStripeServer.Sign(good, WebhookSecret, now))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await WebhookAsync(browser, good, FakeStripeServer.Sign(good, WebhookSecret, now - 3600))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await WebhookAsync(browser, "not json", FakeStripeServer.Sign("not json", WebhookSecret, now))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // Correctly signed but for another amount, or not paid yet: accepted, ignored.
        var wrongAmount = FakeStripeServer.CompletedEvent("evt_0", sessionId, 1, created: now);
        (await WebhookAsync(browser, wrongAmount, FakeStripeServer.Sign(wrongAmount, WebhookSecret, now))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unpaid = FakeStripeServer.CompletedEvent("evt_u", sessionId, 25_000, paymentStatus: "unpaid", created: now);
        (await WebhookAsync(browser, unpaid, FakeStripeServer.Sign(unpaid, WebhookSecret, now))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<InvoiceStore>().GetAsync(p.S.Business.Id, invoiceId))!.Invoice.Status.ShouldBe(InvoiceStatuses.Sent);
        (await app.Service<PaymentStore>().EventCountAsync(p.S.Business.Id)).ShouldBe(0);

        // Signed the way Stripe signs: paid, the job closed, the owner told.
        var ok = await WebhookAsync(browser, good, FakeStripeServer.Sign(good, WebhookSecret, now));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync()).ShouldContain("Paid");
        (await app.Service<InvoiceStore>().GetAsync(p.S.Business.Id, invoiceId))!.Invoice.Status.ShouldBe(InvoiceStatuses.Paid);
        (await app.Service<JobStore>().GetAsync(p.S.Business.Id, p.JobId))!.Closed.ShouldBeTrue();

        // Replayed (same event id, re-signed later) and a second event for the same session: nothing more happens.
        clock.Advance(TimeSpan.FromMinutes(1));
        var later = clock.GetUtcNow().ToUnixTimeSeconds();
        (await (await WebhookAsync(browser, good, FakeStripeServer.Sign(good, WebhookSecret, later))).Content.ReadAsStringAsync()).ShouldContain("AlreadyHandled");
        var again = FakeStripeServer.CompletedEvent("evt_2", sessionId, 25_000, created: later);
        (await (await WebhookAsync(browser, again, FakeStripeServer.Sign(again, WebhookSecret, later))).Content.ReadAsStringAsync()).ShouldContain("AlreadyHandled");
        (await p.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @b AND event = 'invoice_paid'", new { b = p.S.Business.Id })).ShouldBe(1);
        // Both event ids are on record (evt_1 paid, evt_2 found it paid); the replay of evt_1 was not recorded twice.
        (await app.Service<PaymentStore>().EventCountAsync(p.S.Business.Id)).ShouldBe(2);

        // The simulator's pages do not exist when Stripe is the provider.
        (await browser.PostAsync($"/pay/simulated/{sessionId}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void StripeChosenWithoutKeys_StopsStartUp_NamingTheSetting()
    {
        OptionsError(new() { ["Payments:Provider"] = "stripe" }).ShouldContain("Payments:StripeSecretKey");
        OptionsError(new() { ["Payments:Provider"] = "stripe", ["Payments:StripeSecretKey"] = "sk_test_x" }).ShouldContain("Payments:StripeWebhookSecret");
        OptionsError(new() { ["Payments:Provider"] = "paypal" }).ShouldContain("Payments:Provider");
    }

    /// <summary>The validation message the app's start-up would print for these settings.</summary>
    private static string OptionsError(Dictionary<string, string?> settings)
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        CallRecover.Common.OptionsRegistration.AddValidatedOptions<PaymentsOptions>(services, PaymentsOptions.Section);
        using var sp = services.BuildServiceProvider();
        return Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PaymentsOptions>>().Value).Message;
    }

    [Fact]
    public async Task SimulatedProvider_HasNoStripeWebhook()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new AppFactory(db);
        var payload = FakeStripeServer.CompletedEvent("evt_x", "cs_x", 100);
        (await WebhookAsync(app.CreateClient(), payload, FakeStripeServer.Sign(payload, WebhookSecret, 0))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
