using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Payments;

/// <summary>The staff invoice pages (/invoices, /invoices/{id}) over HTTP with a signed-in browser, on the real services.</summary>
public sealed partial class InvoicePagesTests
{
    /// <summary>A completed job's draft invoice (the quote's two lines, $250.00) and its id.</summary>
    private static async Task<(PaymentsScenario P, string InvoiceId)> DraftAsync(AppFactory app)
    {
        var p = await PaymentsScenario.CreateAsync(app);
        var client = app.OperatorClient();
        await p.CompleteJobAsync(client);
        return (p, (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!);
    }

    [Theory, DatabaseData]
    public async Task Owner_AddsALine_SendsTheInvoice_CopiesThePayLink_AndTheListShowsItOutstandingThenPaid(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (p, id) = await DraftAsync(app);
        var owner = await app.SignedInClientAsync(p.S.Business.OwnerEmail);
        var store = app.Service<InvoiceStore>();

        var list = await owner.GetStringAsync("/invoices");
        list.ShouldContain("id=\"nav-invoices\"");
        Listed(list).ShouldBe([id]);
        list.ShouldContain("Jane Doe");
        list.ShouldContain("$250.00");
        Listed(await owner.GetStringAsync("/invoices?status=sent")).ShouldBeEmpty();
        Listed(await owner.GetStringAsync("/invoices?status=draft")).ShouldBe([id]);

        var detail = WebUtility.HtmlDecode(await owner.GetStringAsync($"/invoices/{id}"));
        detail.ShouldContain("Brake pads labor");
        detail.ShouldContain($"href=\"/jobs/{p.JobId}\"");
        // The job's card on the board links to its invoice.
        (await owner.GetStringAsync("/jobs")).ShouldContain($"href=\"/invoices/{id}\"");

        // A bad line: a message on each field at fault, and nothing stored.
        var bad = await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", "invoice-line"),
            ("description", " "), ("quantity", "two"), ("unitPrice", "lots"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var badHtml = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "description", "quantity", "unitPrice" }) badHtml.ShouldContain($"data-error-for=\"{field}\"");
        badHtml.ShouldContain("Unit price is required");
        var unchanged = (await store.GetAsync(p.S.Business.Id, id))!;
        (unchanged.Lines.Count, unchanged.Invoice.TotalCents).ShouldBe((2, 25_000L));
        // Fine except the price (three decimals): only that field is named.
        var badPrice = await (await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", "invoice-line"),
            ("description", "Fluid"), ("quantity", "1"), ("unitPrice", "1.005"))).Content.ReadAsStringAsync();
        badPrice.ShouldContain("data-error-for=\"unitPrice\"");
        badPrice.ShouldNotContain("data-error-for=\"description\"");
        (await store.GetAsync(p.S.Business.Id, id))!.Lines.Count.ShouldBe(2);

        var added = await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", "invoice-line"),
            ("description", "Brake fluid flush"), ("quantity", "1.5"), ("unitPrice", "$20.00"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        added.Headers.Location!.OriginalString.ShouldEndWith($"/invoices/{id}?saved=line");
        var withLine = (await store.GetAsync(p.S.Business.Id, id))!;
        withLine.Invoice.TotalCents.ShouldBe(28_000);
        withLine.Lines[^1].ShouldSatisfyAllConditions(l => l.Description.ShouldBe("Brake fluid flush"), l => l.Qty.ShouldBe(1.5m), l => l.UnitCents.ShouldBe(2_000));
        (await owner.GetStringAsync($"/invoices/{id}?saved=line")).ShouldContain("Line added.");

        // A line added by mistake (twice, or a discount shown as "-$50.00") is removed from the draft on the page.
        await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", "invoice-line"), ("description", "Oops"), ("quantity", "1"), ("unitPrice", "-50"));
        var oops = (await store.GetAsync(p.S.Business.Id, id))!.Lines[^1];
        var draftPage = WebUtility.HtmlDecode(await owner.GetStringAsync($"/invoices/{id}"));
        draftPage.ShouldContain("-$50.00");
        draftPage.ShouldContain($"id=\"line-remove-{oops.Id}\"");
        var removed = await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", $"invoice-line-remove-{oops.Id}"));
        removed.Headers.Location!.OriginalString.ShouldEndWith($"/invoices/{id}?saved=removed");
        (await store.GetAsync(p.S.Business.Id, id))!.ShouldSatisfyAllConditions(
            w => w.Lines.ShouldNotContain(l => l.Id == oops.Id), w => w.Invoice.TotalCents.ShouldBe(28_000));

        // Send: the same path as the operator API (a text with the total and the link), and the link shown to copy.
        var sent = await owner.PostFormAsync($"/invoices/{id}", $"/invoices/{id}", ("_handler", "invoice-send"));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sentHtml = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync());
        var payUrl = PayLink().Match(sentHtml).Groups[1].Value;
        payUrl.ShouldStartWith("http://localhost/pay/");
        sentHtml.ShouldContain("data-copy=\"pay-link\"");
        var text = await p.S.LastTextAsync(p.Caller);
        text.ShouldContain("$280.00");
        text.ShouldContain(payUrl);
        (await p.S.OutboundAsync(p.Caller))[^1].Purpose.ShouldBe("invoice");
        (await store.GetAsync(p.S.Business.Id, id))!.Invoice.Status.ShouldBe(InvoiceStatuses.Sent);
        // Sent: no more lines (the form is gone, and a post of it changes nothing).
        (await owner.GetStringAsync($"/invoices/{id}")).ShouldNotContain("id=\"line-add-form\"");
        // From a tab opened before the invoice was sent, a browser gets a page saying so (not a blank tab).
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/invoices/{id}"))
        {
            var token = await owner.AntiforgeryTokenAsync("/invoices");
            stale.Headers.Accept.ParseAdd("text/html");
            stale.Content = new FormUrlEncodedContent([new("_handler", "invoice-line"), new("description", "Late"), new("quantity", "1"), new("unitPrice", "5"),
                new("__RequestVerificationToken", token)]);
            var answer = await owner.SendAsync(stale);
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var body = await answer.Content.ReadAsStringAsync();
            body.ShouldContain("This page has changed", customMessage: $"{answer.Content.Headers} {answer.Headers}");
            body.ShouldContain($"href=\"/invoices/{id}\"");
        }
        (await store.GetAsync(p.S.Business.Id, id))!.Invoice.TotalCents.ShouldBe(28_000);

        var outstanding = WebUtility.HtmlDecode(await owner.GetStringAsync("/invoices?status=sent"));
        Listed(outstanding).ShouldBe([id]);
        Between(outstanding, "id=\"invoices-outstanding\"").ShouldContain("$280.00");
        Between(outstanding, "id=\"invoices-paid-month\"").ShouldContain("$0.00");

        // The customer pays through the link; the list counts it as paid this month and the page shows the payment.
        var browser = p.PublicClient();
        var payPath = new Uri(payUrl).AbsolutePath;
        var checkout = await browser.PostAsync(payPath, null);
        checkout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.PostAsync(checkout.Headers.Location!.PathAndQuery, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var paid = WebUtility.HtmlDecode(await owner.GetStringAsync("/invoices?status=paid"));
        Listed(paid).ShouldBe([id]);
        Between(paid, "id=\"invoices-outstanding\"").ShouldContain("$0.00");
        Between(paid, "id=\"invoices-paid-month\"").ShouldContain("$280.00");
        var paidDetail = await owner.GetStringAsync($"/invoices/{id}");
        paidDetail.ShouldContain("class=\"payment-item\" data-status=\"paid\"");
        paidDetail.ShouldNotContain("id=\"invoice-send-form\"");
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesInvoice_IsNotFound_AndATechnicianIsRefused_AndNothingChanges(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (p, id) = await DraftAsync(app);
        var store = app.Service<InvoiceStore>();
        var other = await app.CreateBusinessAsync();
        var stranger = await app.SignedInClientAsync(other.OwnerEmail);

        var denied = await stranger.GetAsync($"/invoices/{id}");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await denied.Content.ReadAsStringAsync();
        body.ShouldNotContain("Jane Doe");
        body.ShouldNotContain("Brake pads");
        Listed(await stranger.GetStringAsync("/invoices")).ShouldBeEmpty();
        (await stranger.GetStringAsync("/invoices")).ShouldNotContain("$250.00");
        // Posting to it from the other business (with a valid anti-forgery token of its own pages) is refused, reveals
        // nothing and changes nothing: the page has no such form for them (400) or no such invoice (404).
        foreach (var post in new[]
        {
            await stranger.PostFormAsync($"/invoices/{id}", "/invoices", ("_handler", "invoice-line"), ("description", "Mallory"), ("quantity", "1"), ("unitPrice", "1")),
            await stranger.PostFormAsync($"/invoices/{id}", "/invoices", ("_handler", "invoice-send")),
        })
        {
            post.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
            var answer = await post.Content.ReadAsStringAsync();
            answer.ShouldNotContain("Jane Doe");
            answer.ShouldNotContain("/pay/");
        }
        var after = (await store.GetAsync(p.S.Business.Id, id))!;
        (after.Invoice.Status, after.Lines.Count).ShouldBe((InvoiceStatuses.Draft, 2));
        (await p.S.OutboundAsync(p.Caller)).ShouldNotContain(m => m.Purpose == "invoice");

        (await app.Service<Team>().InviteAsync(p.S.Business, new InviteInput("sam@example.com", "Sam Rivera", "technician", "2125550142"), "owner")).Value.ShouldNotBeNull();
        var technician = await app.SignedInClientAsync("sam@example.com");
        foreach (var page in new[] { "/invoices", $"/invoices/{id}" })
        {
            var refused = await technician.GetAsync(page);
            refused.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            refused.Headers.Location!.AbsolutePath.ShouldBe("/not-found", page);
        }
        (await technician.GetStringAsync("/jobs")).ShouldNotContain("id=\"nav-invoices\"");
        (await store.GetAsync(p.S.Business.Id, id))!.Invoice.Status.ShouldBe(InvoiceStatuses.Draft);
    }

    [Theory, DatabaseData]
    public async Task TheCustomersPage_LinksToTheJobsInvoice_AndTheInvoiceLinksBackToTheCustomer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var customer = await s.Db.WriteAsync(tx => app.Service<CallRecover.Customers.CustomerStore>().UpsertAsync(tx, s.Business.Id, jane.Lead.Phone, "Jane Doe", null, "12 Oak St"));
        var quote = await CallRecover.Tests.Estimates.QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start, CallRecover.Estimates.QuoteStatuses.Sent, customer.Id);
        (await s.Db.WriteAsync(tx => app.Service<CallRecover.Estimates.QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "caller"))).ShouldBeTrue();
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        // No invoice before the job is done: no link.
        (await owner.GetStringAsync($"/customers/{customer.Id}")).ShouldNotContain("href=\"/invoices/");

        var p = new PaymentsScenario(s, jane, quote, job.Id);
        await p.CompleteJobAsync(app.OperatorClient());
        var id = (await p.InvoiceOfJobAsync(app.OperatorClient())).GetProperty("id").GetString()!;

        (await owner.GetStringAsync($"/customers/{customer.Id}")).ShouldContain($"href=\"/invoices/{id}\"");
        var detail = await owner.GetStringAsync($"/invoices/{id}");
        detail.ShouldContain($"href=\"/customers/{customer.Id}\"");
        detail.ShouldContain("Invoice for Jane Doe");
    }

    private static List<string> Listed(string html) => [.. InvoiceItem().Matches(html).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The markup of the element that starts with <paramref name="marker"/>, up to its closing tag.</summary>
    private static string Between(string html, string marker)
    {
        var start = html.LastIndexOf(marker, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, marker);
        return html[start..html.IndexOf("</dd>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("class=\"invoice-item\" data-id=\"([^\"]+)\"")]
    private static partial Regex InvoiceItem();

    [GeneratedRegex("id=\"pay-link\" type=\"url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex PayLink();
}
