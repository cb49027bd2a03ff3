using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallRecover.Customers;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Notifications.Email;
using CallRecover.Requests;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CallRecover.Tests.Requests;

public sealed partial class RequestFormTests
{
    [GeneratedRegex("""name="(__RequestVerificationToken|t)" value="([^"]+)""")]
    private static partial Regex Hidden();

    [GeneratedRegex(@"R-[2-9A-HJ-NP-Z]{6}")]
    private static partial Regex Reference();

    private sealed record Form(HttpClient Browser, string Path, Dictionary<string, string> Hidden);

    private static HttpClient Browser(AppFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Opens the form as a person would (cookie + hidden fields), then lets <paramref name="typing"/> pass on the fake clock.</summary>
    private static async Task<Form> OpenAsync(AppFactory app, FakeClock clock, Business business, HttpClient? browser = null, TimeSpan? typing = null)
    {
        browser ??= Browser(app);
        var path = $"/request/{business.Slug}";
        var page = await browser.GetAsync(path);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var hidden = Hidden().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        hidden.Count.ShouldBe(2, html);
        clock.Advance(typing ?? TimeSpan.FromSeconds(20));
        return new Form(browser, path, hidden);
    }

    private static Dictionary<string, string> Jane(bool consent, string? email = "jane@example.com")
    {
        var f = new Dictionary<string, string>
        {
            ["name"] = "Jane Doe", ["phone"] = "(904) 555-0134", ["address"] = "12 Elm St", ["problem"] = "Brakes squeal when stopping, need brake pads",
            ["vehicleYear"] = "2016", ["vehicleMake"] = "Honda", ["vehicleModel"] = "Civic",
        };
        if (email is not null) f["email"] = email;
        if (consent) f["smsConsent"] = "yes";
        return f;
    }

    private static Task<HttpResponseMessage> PostAsync(Form form, Dictionary<string, string> fields, bool antiforgery = true, bool stamp = true)
    {
        var all = new Dictionary<string, string>(fields);
        foreach (var (k, v) in form.Hidden)
            if ((k == "t" && stamp) || (k != "t" && antiforgery)) all[k] = v;
        return form.Browser.PostAsync(form.Path, new FormUrlEncodedContent(all));
    }

    private static async Task<int> CountAsync(TestDatabase db, string table, string businessId)
    {
        await using var conn = await db.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE business_id = @businessId", new { businessId });
    }

    private static async Task<int> StoredAsync(TestDatabase db, string businessId) =>
        await CountAsync(db, "web_requests", businessId) + await CountAsync(db, "leads", businessId) + await CountAsync(db, "customers", businessId)
        + await CountAsync(db, "messages", businessId) + await CountAsync(db, "quotes", businessId);

    private static async Task<IReadOnlyList<(string Body, string Purpose)>> TextsAsync(TestDatabase db, string businessId)
    {
        await using var conn = await db.Db.OpenAsync();
        return [.. (await conn.QueryAsync<(string, string)>("SELECT body, purpose FROM messages WHERE business_id = @businessId AND direction = 'outbound' AND to_phone = '+19045550134'", new { businessId }))];
    }

    private static Task<Business> AutoShopAsync(AppFactory app, string name = "Smith's Auto & Tire") =>
        app.CreateBusinessAsync(i => i with { Name = name, Vertical = "auto", Services = null, EstimatesEnabled = true, LaborRate = 100 });

    [Theory, DatabaseData]
    public async Task ConsentedRequest_CreatesCustomerLeadQuote_AndTextsTheReference(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var shop = await AutoShopAsync(app);
        shop.Slug.ShouldStartWith("smiths-auto-tire");

        var page = await (await Browser(app).GetAsync($"/request/{shop.Slug}")).Content.ReadAsStringAsync();
        page.ShouldContain("Smith&#39;s Auto &amp; Tire");
        page.ShouldContain("vehicleMake");
        page.ShouldNotContain("checked");

        var form = await OpenAsync(app, clock, shop);
        var sent = await PostAsync(form, Jane(consent: true));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var thanks = await sent.Content.ReadAsStringAsync();
        var reference = Reference().Match(thanks).Value;
        reference.ShouldNotBeEmpty(thanks);
        thanks.ShouldContain("texted you a confirmation");

        var request = (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem();
        request.Reference.ShouldBe(reference);
        request.SmsConsent.ShouldBeTrue();
        request.ConsentText.ShouldBe(RequestService.ConsentWording(shop));
        (request.VehicleYear, request.VehicleMake, request.VehicleModel).ShouldBe((2016, "Honda", "Civic"));
        var lead = (await app.Service<LeadStore>().GetAsync(shop.Id, request.LeadId))!;
        (lead.Source, lead.Name, lead.Phone).ShouldBe((LeadSources.WebForm, "Jane Doe", "+19045550134"));
        // The service in a few words (it titles the job and the invoice text), the whole description in the notes.
        lead.ServiceNeeded.ShouldNotBeNull().Length.ShouldBeLessThanOrEqualTo(60, lead.ServiceNeeded);
        lead.ServiceNeeded.ShouldNotContain("when stopping");
        lead.Notes.ShouldNotBeNull().ShouldContain("Brakes squeal when stopping, need brake pads");
        await using (var tx = await db.Db.BeginAsync())
        {
            var customer = (await app.Service<CustomerStore>().GetAsync(tx, shop.Id, request.CustomerId))!;
            (customer.Source, customer.Email, customer.Address).ShouldBe((CustomerSources.WebForm, "jane@example.com", "12 Elm St"));
        }
        request.QuoteId.ShouldNotBeNull();
        (await app.Service<QuoteStore>().GetAsync(shop.Id, request.QuoteId))!.Quote.LeadId.ShouldBe(lead.Id);

        var text = (await TextsAsync(db, shop.Id)).ShouldHaveSingleItem();
        text.Purpose.ShouldBe("request");
        text.Body.ShouldContain(reference);
        (await app.Service<EmailOutbox>().RecentAsync("jane@example.com")).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task MergingTheFormsCustomer_MovesTheRequestToTheKeptCustomer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var shop = await AutoShopAsync(app);
        (await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: false))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var fromForm = (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem().CustomerId;
        var kept = await db.Db.WriteAsync(tx => app.Service<CustomerStore>().UpsertAsync(tx, shop.Id, "+19045550177", "Jane Doe", null, null, CustomerSources.Manual));

        var merged = await app.OperatorClient().PostAsync($"/api/admin/businesses/{shop.Id}/customers/merge",
            JsonContent.Create(new { keepId = kept.Id, mergeId = fromForm }));
        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());

        (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem().CustomerId.ShouldBe(kept.Id);
    }

    [Theory, DatabaseData]
    public async Task RequestWithoutConsent_SendsNoText_EmailsTheReferenceInstead(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var shop = await AutoShopAsync(app);

        var sent = await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: false));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reference = Reference().Match(await sent.Content.ReadAsStringAsync()).Value;
        reference.ShouldNotBeEmpty();
        (await TextsAsync(db, shop.Id)).ShouldBeEmpty();
        var mail = (await app.Service<EmailOutbox>().RecentAsync("jane@example.com")).ShouldHaveSingleItem();
        mail.Subject.ShouldContain(reference);
        var request = (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem();
        (request.SmsConsent, request.ConsentText).ShouldBe((false, null));

        // No consent and no email: stored, nobody is contacted.
        var again = await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: false, email: null));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TextsAsync(db, shop.Id)).ShouldBeEmpty();
        (await app.Service<WebRequestStore>().ListAsync(shop.Id)).Count.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Spam_HoneypotTooFastForgedOrMissingAntiforgery_StoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:MaxPostsPerIp"] = "100" });
        var shop = await AutoShopAsync(app);

        var honeypot = Jane(consent: true);
        honeypot[RequestFormEndpoints.Honeypot] = "http://spam.example";
        (await PostAsync(await OpenAsync(app, clock, shop), honeypot)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Too fast for a person: nothing stored, and the form comes back filled in asking to send again (never a false "thank you").
        var tooFast = await PostAsync(await OpenAsync(app, clock, shop, typing: TimeSpan.FromSeconds(1)), Jane(consent: true));
        tooFast.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var again = WebUtility.HtmlDecode(await tooFast.Content.ReadAsStringAsync());
        again.ShouldContain("Please check your details and press Send again.");
        again.ShouldContain("value=\"Jane Doe\"");
        again.ShouldNotContain("Thank you");
        (await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: true), antiforgery: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: true), stamp: false)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var forged = await OpenAsync(app, clock, shop);
        forged.Hidden["t"] = forged.Hidden["t"][..^4] + "AAAA";
        (await PostAsync(forged, Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(await OpenAsync(app, clock, shop, typing: TimeSpan.FromDays(2)), Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await StoredAsync(db, shop.Id)).ShouldBe(0);
        (await app.Service<EmailOutbox>().RecentAsync("jane@example.com")).ShouldBeEmpty();

        // The same form filled in by a person goes through: the guards above are what stopped the others.
        (await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<WebRequestStore>().ListAsync(shop.Id)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task OnlyAcceptedRequestsCount_TowardTheLimit_AndOverItA429StoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:MaxPostsPerIp"] = "2" });
        var shop = await AutoShopAsync(app);
        // People on one shared connection who mistype are not locked out by their own refused posts.
        var bad = new Dictionary<string, string> { ["name"] = "" };
        for (var i = 0; i < 5; i++) (await PostAsync(await OpenAsync(app, clock, shop), bad)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(await OpenAsync(app, clock, shop), Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = Jane(consent: false, email: "jim@example.com");
        second["name"] = "Jim Doe";
        second["phone"] = "(904) 555-0177";
        (await PostAsync(await OpenAsync(app, clock, shop), second)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Requests and leads only: the accepted posts' own texts and notices may still be landing in the background.
        async Task<int> RequestsAndLeadsAsync() => await CountAsync(db, "web_requests", shop.Id) + await CountAsync(db, "leads", shop.Id);
        var stored = await RequestsAndLeadsAsync();

        var third = Jane(consent: false, email: "joan@example.com");
        third["name"] = "Joan Doe";
        third["phone"] = "(904) 555-0188";
        var limited = await PostAsync(await OpenAsync(app, clock, shop), third);
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.Content.ReadAsStringAsync()).ShouldContain("Too many requests");
        (await RequestsAndLeadsAsync()).ShouldBe(stored);
        await using (var conn = await db.Db.OpenAsync())
            (await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "SELECT COUNT(*) FROM messages WHERE business_id = @b AND (to_phone = '+19045550188' OR from_phone = '+19045550188')",
                new { b = shop.Id })).ShouldBe(0, "nothing was texted to Joan");
        // Showing the form is not limited.
        (await Browser(app).GetAsync($"/request/{shop.Slug}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task AFloodOfPosts_RefusedOrNot_Gets429_FromTheFloodGuard(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        // The flood guard allows ten times the accepted limit: 10 posts here.
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:MaxPostsPerIp"] = "1" });
        var shop = await AutoShopAsync(app);
        var form = await OpenAsync(app, clock, shop);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) statuses.Add((await PostAsync(form, new Dictionary<string, string> { ["name"] = "" })).StatusCode);
        statuses.Take(10).ShouldAllBe(s => s == HttpStatusCode.BadRequest);
        statuses.Skip(10).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        (await StoredAsync(db, shop.Id)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task BadInput_GetsFieldMessages_KeepsWhatWasTyped_AndStoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var shop = await AutoShopAsync(app);
        var fields = Jane(consent: true);
        fields["name"] = " ";
        fields["phone"] = "12";
        fields["email"] = "not-an-email";
        fields["vehicleYear"] = "19x6";
        fields["problem"] = new string('x', RequestService.MaxProblem + 1);
        var bad = await PostAsync(await OpenAsync(app, clock, shop), fields);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await bad.Content.ReadAsStringAsync();
        foreach (var id in new[] { "name-error", "phone-error", "email-error", "vehicleYear-error", "problem-error" }) html.ShouldContain($"id=\"{id}\"");
        html.ShouldContain("Enter your name.");
        html.ShouldContain("value=\"not-an-email\"");
        (await StoredAsync(db, shop.Id)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessSlug_NeverShowsOrWritesThisBusinessData(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var mine = await AutoShopAsync(app, "Mine Motors");
        var theirs = await app.CreateBusinessAsync(i => i with { Name = "Their Heating" });

        var theirPage = await (await Browser(app).GetAsync($"/request/{theirs.Slug}")).Content.ReadAsStringAsync();
        theirPage.ShouldContain("Their Heating");
        theirPage.ShouldNotContain("Mine Motors");
        theirPage.ShouldNotContain("vehicleMake"); // not an auto business: no vehicle fields

        // A form shown for my business, posted to theirs: refused (its signed start names my business), nothing stored anywhere.
        var mineForm = await OpenAsync(app, clock, mine);
        var crossed = await mineForm.Browser.PostAsync($"/request/{theirs.Slug}",
            new FormUrlEncodedContent(Jane(consent: true).Concat(mineForm.Hidden)));
        crossed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StoredAsync(db, mine.Id) + await StoredAsync(db, theirs.Id)).ShouldBe(0);

        // Their form lands in their business only.
        (await PostAsync(await OpenAsync(app, clock, theirs), Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<WebRequestStore>().ListAsync(theirs.Id)).Count.ShouldBe(1);
        (await StoredAsync(db, mine.Id)).ShouldBe(0);
        (await Browser(app).GetAsync("/request/no-such-shop")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Slugs_AreDerivedUniqueAndEditable_AndOnlyTheFormMayBeFramed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var first = await app.CreateBusinessAsync(i => i with { Name = "Ace Plumbing" });
        var second = await app.CreateBusinessAsync(i => i with { Name = "Ace  Plumbing!" });
        first.Slug.ShouldBe("ace-plumbing");
        second.Slug.ShouldBe("ace-plumbing-2");

        var service = app.Service<BusinessService>();
        (await service.UpdateAsync(second.Id, JsonNode.Parse("""{"slug":"ace-plumbing"}"""), "test"))!.Conflict.ShouldNotBeNull();
        (await service.UpdateAsync(second.Id, JsonNode.Parse("""{"slug":"Bad Slug!"}"""), "test"))!.Errors.ShouldContainKey("slug");
        (await service.UpdateAsync(second.Id, JsonNode.Parse("""{"slug":"ace-north"}"""), "test"))!.Business!.Slug.ShouldBe("ace-north");
        (await app.Service<BusinessStore>().GetBySlugAsync("ace-north"))!.Id.ShouldBe(second.Id);

        var form = await Browser(app).GetAsync("/request/ace-north");
        form.Headers.Contains("X-Frame-Options").ShouldBeFalse();
        form.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldEndWith("; frame-ancestors *");
        var login = await Browser(app).GetAsync("/login");
        login.Headers.GetValues("X-Frame-Options").ShouldHaveSingleItem().ShouldBe("DENY");
        var api = await Browser(app).GetAsync("/health/live");
        api.Headers.GetValues("X-Frame-Options").ShouldHaveSingleItem().ShouldBe("DENY");
        api.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldEndWith("; frame-ancestors 'none'");
    }
}

public sealed class RequestServiceNameTests
{
    [Theory]
    [InlineData("furnace is making a banging noise when it starts. can someone come look this week?")]
    [InlineData("Our upstairs bathroom sink has been dripping for two weeks and now there is a stain on the ceiling below it, please help")]
    [InlineData("!!!")]
    public void TheServiceOfADescription_IsAFewWords_NeverTheWholeText(string problem)
    {
        var business = new CallRecover.Tenancy.Business
        {
            Id = "b1", Name = "Comfort HVAC", OwnerName = "Olga", OwnerEmail = "olga@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101",
            CarrierNumber = "+19045550102", Services = ["Furnace repair", "AC repair", "Plumbing"], Vertical = "hvac", TimeZone = "America/New_York",
        };
        var service = RequestService.ServiceOf(business, problem, DateTimeOffset.Parse("2026-03-04T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        service.Length.ShouldBeInRange(1, 61, service);
        service.ShouldNotContain("can someone");
        service.ShouldNotContain("stain on the ceiling");
        TestContext.Current.TestOutputHelper?.WriteLine($"{problem} -> {service}");
    }
}
