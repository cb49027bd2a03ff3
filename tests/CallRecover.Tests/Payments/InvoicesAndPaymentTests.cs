using System.Net;
using System.Text.Json;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Payments;

public sealed class InvoicesAndPaymentTests
{
    [Theory, DatabaseData]
    public async Task CompletedJob_DraftsInvoiceFromQuote_StaffEditsAndSends_SimulatedPayment_PaysInvoiceAndClosesJob(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var p = await PaymentsScenario.CreateAsync(app);
        var client = app.OperatorClient();

        // Before completion there is no invoice, and one cannot be drafted by hand.
        (await (await client.GetAsync(p.Url("/invoices"))).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await client.PostJsonAsync(p.Url("/invoices"), new { jobId = p.JobId })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await p.CompleteJobAsync(client);
        var invoice = await p.InvoiceOfJobAsync(client);
        var invoiceId = invoice.GetProperty("id").GetString()!;
        invoice.GetProperty("status").GetString().ShouldBe("draft");
        invoice.GetProperty("totalCents").GetInt64().ShouldBe(25_000);
        invoice.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("description").GetString(), l.GetProperty("amountCents").GetInt64(), l.GetProperty("source").GetString()))
            .ShouldBe([("Brake pads labor", 20_000L, "quote"), ("Brake pads parts", 5_000L, "quote")]);
        // A second draft for the same job: refused, still one invoice.
        (await client.PostJsonAsync(p.Url("/invoices"), new { jobId = p.JobId })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Staff add what was done on site and remove a line added by mistake.
        var added = await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "Brake fluid flush", qty = 1.5, unitCents = 2_000 });
        added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        var mistake = await (await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "Wrong line", unitCents = 999 })).JsonAsync();
        mistake.GetProperty("totalCents").GetInt64().ShouldBe(25_000 + 3_000 + 999);
        var wrongLine = mistake.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("description").GetString() == "Wrong line").GetProperty("id").GetString();
        var removed = await (await client.DeleteAsync(p.Url($"/invoices/{invoiceId}/lines/{wrongLine}"))).JsonAsync();
        removed.GetProperty("totalCents").GetInt64().ShouldBe(28_000);

        // Bad input names the field and changes nothing.
        var bad = await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "", unitCents = 100 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("description");
        (await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "x", unitCents = "lots" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "x", unitCents = 5, qty = -1 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await client.GetAsync(p.Url($"/invoices/{invoiceId}"))).JsonAsync()).GetProperty("totalCents").GetInt64().ShouldBe(28_000);

        // Send: a text with the total and the payment link, through the one send path.
        var sent = await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null);
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var sendBody = await sent.JsonAsync();
        var payUrl = sendBody.GetProperty("payUrl").GetString()!;
        sendBody.GetProperty("textBlockedReason").ValueKind.ShouldBe(JsonValueKind.Null);
        var text = await p.S.LastTextAsync(p.Caller);
        text.ShouldContain("$280.00");
        text.ShouldContain(payUrl);
        (await p.S.OutboundAsync(p.Caller))[^1].Purpose.ShouldBe("invoice");
        // Sent: no more edits.
        (await client.PostJsonAsync(p.Url($"/invoices/{invoiceId}/lines"), new { description = "Late", unitCents = 100 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The customer opens the link, pays on the simulator's checkout page and comes back.
        var browser = p.PublicClient();
        var payPath = new Uri(payUrl).AbsolutePath;
        var page = await browser.GetAsync(payPath);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Brake fluid flush");
        html.ShouldContain("Pay $280.00");
        var checkout = await browser.PostAsync(payPath, null);
        checkout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var checkoutPath = checkout.Headers.Location!.PathAndQuery;
        checkoutPath.ShouldStartWith("/pay/simulated/sim_");
        // A second tab (or a second tap on Pay) goes to the same open checkout: one checkout the customer can pay, not two.
        var secondTab = await p.PublicClient().PostAsync(payPath, null);
        secondTab.Headers.Location!.PathAndQuery.ShouldBe(checkoutPath);
        (await p.ScalarAsync<int>("SELECT COUNT(*) FROM payments WHERE business_id = @b", new { b = p.S.Business.Id })).ShouldBe(1);
        (await (await browser.GetAsync(checkoutPath)).Content.ReadAsStringAsync()).ShouldContain("$280.00");
        var paid = await browser.PostAsync(checkoutPath, null);
        paid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        paid.Headers.Location!.OriginalString.ShouldBe(payPath);
        (await (await browser.GetAsync(payPath)).Content.ReadAsStringAsync()).ShouldContain("Paid");

        var after = await (await client.GetAsync(p.Url($"/invoices/{invoiceId}"))).JsonAsync();
        after.GetProperty("status").GetString().ShouldBe("paid");
        var payment = after.GetProperty("payments").EnumerateArray().ShouldHaveSingleItem();
        (payment.GetProperty("status").GetString(), payment.GetProperty("amountCents").GetInt64(), payment.GetProperty("provider").GetString())
            .ShouldBe(("paid", 28_000L, "simulated"));
        var job = await app.Service<JobStore>().GetAsync(p.S.Business.Id, p.JobId);
        job!.Closed.ShouldBeTrue();
        (await p.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @b AND event = 'invoice_paid'", new { b = p.S.Business.Id })).ShouldBe(1);

        // Paying again (a replayed confirmation) changes nothing; a paid invoice cannot be sent again.
        (await browser.PostAsync(checkoutPath, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await p.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @b AND event = 'invoice_paid'", new { b = p.S.Business.Id })).ShouldBe(1);
        (await p.ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE business_id = @b AND action = 'closed_paid'", new { b = p.S.Business.Id })).ShouldBe(1);
        (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory, DatabaseData]
    public async Task AnotherBusiness_CannotReachTheInvoice_AndForeignOrTamperedLinksRevealNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var p = await PaymentsScenario.CreateAsync(app);
        var other = await app.CreateBusinessAsync();
        var client = app.OperatorClient();
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        var payUrl = (await (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).JsonAsync()).GetProperty("payUrl").GetString()!;

        (await client.GetAsync($"/api/admin/businesses/{other.Id}/invoices/{invoiceId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await client.GetAsync($"/api/admin/businesses/{other.Id}/invoices")).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await client.PostAsync($"/api/admin/businesses/{other.Id}/invoices/{invoiceId}/send", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync($"/api/admin/businesses/{other.Id}/invoices", new { jobId = p.JobId })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var browser = p.PublicClient();
        var path = new Uri(payUrl).AbsolutePath;
        var tampered = path[..^1] + (path[^1] == 'A' ? 'B' : 'A');
        var notFound = await browser.GetAsync(tampered);
        notFound.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await notFound.Content.ReadAsStringAsync();
        body.ShouldNotContain(p.S.Business.Name);
        body.ShouldNotContain("$");
        (await browser.PostAsync(tampered, null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostAsync("/pay/simulated/sim_unknown", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Sending again gives a new link; the old one stops working.
        var second = (await (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).JsonAsync()).GetProperty("payUrl").GetString()!;
        second.ShouldNotBe(payUrl);
        (await browser.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync(new Uri(second).AbsolutePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<InvoiceStore>().GetAsync(p.S.Business.Id, invoiceId))!.Invoice.Status.ShouldBe(InvoiceStatuses.Sent);
    }

    [Theory, DatabaseData]
    public async Task MergingTheCustomer_MovesTheirInvoiceAndPortalLinks_ToTheKeptCustomer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var store = app.Service<CallRecover.Customers.CustomerStore>();
        var dup = await s.Db.WriteAsync(tx => store.UpsertAsync(tx, s.Business.Id, jane.Lead.Phone, "Jane D", null, null, CallRecover.Customers.CustomerSources.Sms));
        var kept = await s.Db.WriteAsync(tx => store.UpsertAsync(tx, s.Business.Id, "+19045550177", "Jane Doe", null, null, CallRecover.Customers.CustomerSources.Manual));
        var quote = await CallRecover.Tests.Estimates.QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start, CallRecover.Estimates.QuoteStatuses.Sent, customerId: dup.Id);
        (await s.Db.WriteAsync(tx => app.Service<CallRecover.Estimates.QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "caller"))).ShouldBeTrue();
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        var p = new PaymentsScenario(s, jane, quote, job.Id);
        var client = app.OperatorClient();
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        (await p.ScalarAsync<string>("SELECT customer_id FROM invoices WHERE id = @invoiceId", new { invoiceId })).ShouldBe(dup.Id);
        var linksBefore = await p.ScalarAsync<long>("SELECT COUNT(*) FROM portal_links WHERE customer_id = @id", new { id = dup.Id });

        var merged = await client.PostJsonAsync(p.Url("/customers/merge"), new { keepId = kept.Id, mergeId = dup.Id });
        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());

        (await p.ScalarAsync<string>("SELECT customer_id FROM invoices WHERE id = @invoiceId", new { invoiceId })).ShouldBe(kept.Id);
        (await p.ScalarAsync<long>("SELECT COUNT(*) FROM portal_links WHERE customer_id = @id", new { id = dup.Id })).ShouldBe(0);
        (await p.ScalarAsync<long>("SELECT COUNT(*) FROM portal_links WHERE customer_id = @id", new { id = kept.Id })).ShouldBe(linksBefore);
    }
}
