using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Portal;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Payments;
using Dapper;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Portal;

public sealed partial class PortalTests
{
    [GeneratedRegex(@"http://localhost(/p/[A-Za-z0-9_-]+)")]
    private static partial Regex PortalLink();

    private static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    [Theory, DatabaseData]
    public async Task QuoteText_CarriesPortalLink_ApproveWithTypedName_OpensJob_ThenInvoicePaidInThePortal(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var quote = await QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start);
        await s.Db.WriteAsync(tx => app.Service<QuoteService>().SendAsync(tx, s.Business, jane.Lead, quote.Id, null, "operator"));
        var text = await s.LastTextAsync(jane);
        var path = PortalLink().Match(text).Groups[1].Value;
        path.ShouldNotBeEmpty(text);

        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        page.ShouldContain("Brake pads labor");
        page.ShouldContain("$250.00");
        page.ShouldContain("Approve quote");

        // No name: a message naming what is missing, nothing changes.
        var noName = await browser.PostAsync($"{path}/quotes/{quote.Id}/approve", Form(("name", "  ")));
        noName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noName.Content.ReadAsStringAsync()).ShouldContain("Type your full name");
        (await app.Service<QuoteStore>().GetAsync(s.Business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Sent);

        var approved = await browser.PostAsync($"{path}/quotes/{quote.Id}/approve", Form(("name", "Jane Q. Doe")));
        approved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        approved.Headers.Location!.OriginalString.ShouldBe($"{path}?done=approved");
        (await app.Service<QuoteStore>().GetAsync(s.Business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Approved);
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        job.QuoteId.ShouldBe(quote.Id);
        var signature = (await app.Service<PortalLinkStore>().SignaturesForLeadAsync(s.Business.Id, jane.Lead.Id)).ShouldHaveSingleItem();
        (signature.Decision, signature.SignedName, signature.SignedAt).ShouldBe(("approved", "Jane Q. Doe", BookingScenario.Start));
        // Approving again (a second tap) changes nothing.
        (await browser.PostAsync($"{path}/quotes/{quote.Id}/approve", Form(("name", "Jane")))).Headers.Location!.OriginalString.ShouldEndWith("done=unchanged");
        (await app.Service<JobStore>().ListAsync(s.Business.Id)).Count.ShouldBe(1);
        (await (await browser.GetAsync(path)).Content.ReadAsStringAsync()).ShouldContain("Confirmed");

        // The job completes, staff send the invoice, the customer pays it from the portal.
        var client = app.OperatorClient();
        var p = new PaymentsScenario(s, jane, quote, job.Id);
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await browser.GetAsync(path)).Content.ReadAsStringAsync()).ShouldContain("Pay $250.00");
        var checkout = await browser.PostAsync($"{path}/invoices/{invoiceId}/pay", null);
        checkout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var back = await browser.PostAsync(checkout.Headers.Location!.PathAndQuery, null);
        back.Headers.Location!.OriginalString.ShouldBe(path);
        var after = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
        after.ShouldContain("Paid");
        after.ShouldContain("Closed (paid)");
    }

    [Theory, DatabaseData]
    public async Task TamperedExpiredRevokedOrForeignTokens_Get404_AndRevealNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var jane = await a.QualifiedCallerAsync();
        var bob = await b.QualifiedCallerAsync("Bob Other");
        var bobsQuote = await QuoteSeed.QuoteAsync(app, b.Business.Id, bob.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent);
        var client = app.OperatorClient();
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<(string Id, string Path)> NewLinkAsync()
        {
            var made = await client.PostJsonAsync(Url(a, "/portal-links"), new { leadId = jane.Lead.Id });
            made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
            var json = await made.JsonAsync();
            return (json.GetProperty("id").GetString()!, new Uri(json.GetProperty("url").GetString()!).AbsolutePath);
        }

        async Task ShouldBeHiddenAsync(string path)
        {
            var response = await browser.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain(a.Business.Name);
            body.ShouldNotContain("Jane");
        }

        var (linkId, path) = await NewLinkAsync();
        (await browser.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Only the SHA-256 of the token is stored.
        await using (var conn = await app.Service<Db>().OpenAsync())
            (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM portal_links WHERE token_hash = @t", new { t = path[3..] })).ShouldBe(0);

        await ShouldBeHiddenAsync(path[..^2] + (path[^2..] == "AA" ? "BB" : "AA"));
        await ShouldBeHiddenAsync("/p/short");
        // A's token cannot act on B's quote: 404, and B's quote is untouched.
        (await browser.PostAsync($"{path}/quotes/{bobsQuote.Id}/approve", Form(("name", "Mallory")))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Service<QuoteStore>().GetAsync(b.Business.Id, bobsQuote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Sent);
        (await browser.PostAsync($"{path}/invoices/{bobsQuote.Id}/pay", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await browser.GetAsync(path)).Content.ReadAsStringAsync()).ShouldNotContain("Bob");
        // B's operator view does not list or revoke A's link.
        (await (await client.GetAsync(Url(b, "/portal-links"))).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await client.PostAsync(Url(b, $"/portal-links/{linkId}/revoke"), null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Revoked by staff: gone.
        (await client.PostAsync(Url(a, $"/portal-links/{linkId}/revoke"), null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeHiddenAsync(path);
        var listed = await (await client.GetAsync(Url(a, $"/portal-links?leadId={jane.Lead.Id}"))).JsonAsync();
        listed[0].GetProperty("revokedAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);

        // Expired after 30 days.
        var (_, fresh) = await NewLinkAsync();
        clock.Advance(PortalLinkIssuer.Validity - TimeSpan.FromMinutes(1));
        (await browser.GetAsync(fresh)).StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(2));
        await ShouldBeHiddenAsync(fresh);
        (await browser.PostAsync($"{fresh}/quotes/{bobsQuote.Id}/decline", Form(("reason", "x")))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
