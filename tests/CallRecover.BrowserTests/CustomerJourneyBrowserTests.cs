using System.Diagnostics;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Requests;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// Issue 17's "done when" in a real browser at a phone's width: a customer goes from the public request form to a paid
/// invoice, each step as a person does it (the customer on their own phone and browser, staff signed in to the
/// dashboard, texts read off the carrier simulator's phone); and staff merge two customers who are one person.
/// </summary>
public sealed partial class CustomerJourneyBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 10_000 };
    private static int _next = Random.Shared.Next(1000, 8000);

    [GeneratedRegex(@"R-[2-9A-HJ-NP-Z]{6}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"https?://\S+/p/[A-Za-z0-9_\-]{20,}")]
    private static partial Regex PortalLink();

    [GeneratedRegex(@"https?://\S+/pay/[A-Za-z0-9_\-]{20,}")]
    private static partial Regex PayLink();

    [GeneratedRegex(@"/pay/[A-Za-z0-9_\-]{20,}$")]
    private static partial Regex PayPath();

    [Fact]
    public async Task Customer_FromTheWebFormToAPaidInvoice_AtPhoneWidth()
    {
        var clock = Stopwatch.StartNew();
        var business = await AutoShopAsync();
        var phone = $"+1904558{Random.Shared.Next(1000, 9999)}";

        // 1. The customer fills in the business's public form on their phone, ticking the text consent box.
        await using var customer = await CustomerBrowserAsync();
        var form = await customer.NewPageAsync();
        var reference = await SendRequestAsync(form, business, "Jane Journey", phone, "jane.journey@example.com", "12 Elm St, Jacksonville FL",
            "Brakes squeal when stopping, need brake pads");

        // 2. The confirmation text with that reference reaches the phone (the carrier simulator's phone, as a person sees it).
        await using var handset = await fx.NewContextAsync(1280, 800);
        var sim = await OpenPhoneAsync(handset, business, phone);
        await Assertions.Expect(Received(sim, "got your request, reference")).ToContainTextAsync(reference, SoonContains);

        // 3. Staff open the drafted quote from the dashboard and send it; the quote text carries the portal link.
        await using var office = await fx.NewContextAsync(390, 844);
        var staff = await fx.SignInAsync(office, business.OwnerEmail);
        await staff.ClickAsync("#nav-quotes");
        await BrowserApp.WaitForLiveAsync(staff);
        var quoteItem = staff.Locator(".quote-item", new() { HasText = "Jane Journey" });
        await Assertions.Expect(quoteItem).ToBeVisibleAsync(Visible);
        var quoteId = await quoteItem.GetAttributeAsync("data-id");
        await quoteItem.Locator("a").First.ClickAsync();
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/quotes/{quoteId}");
        await BrowserApp.WaitForLiveAsync(staff);
        var quoteTotal = await staff.Locator("#quote-total").InnerTextAsync();
        quoteTotal.ShouldNotBe("$0.00", "the estimate priced the brake pads");
        await staff.ClickAsync("#send-quote");
        await Assertions.Expect(staff.Locator("#send-preview")).ToContainTextAsync(quoteTotal, SoonContains);
        await staff.ClickAsync("#confirm-send");
        await Assertions.Expect(staff.Locator("#quote-status")).ToHaveAttributeAsync("data-status", "sent", SoonAttribute);
        var quoteText = Received(sim, "See it online");
        await Assertions.Expect(quoteText).ToContainTextAsync(quoteTotal, SoonContains);
        var portalLink = PortalLink().Match(await quoteText.InnerTextAsync()).Value;
        portalLink.ShouldNotBeEmpty("the quote text carries the portal link");

        // 4. The customer opens the link in a fresh browser (not signed in to anything) and approves with their typed name.
        await using var portalContext = await CustomerBrowserAsync();
        var portal = await portalContext.NewPageAsync();
        await portal.GotoAsync(portalLink);
        await Assertions.Expect(portal.Locator("section[aria-label=Quote] tfoot")).ToContainTextAsync(quoteTotal, SoonContains);
        await CheckAsync(portal, "/p/{token} with a quote");
        await portal.FillAsync("form[action$='/approve'] input[name=name]", "Jane Journey");
        await portal.ClickAsync("button:has-text('Approve quote')");
        await Assertions.Expect(portal.Locator("[role=status]")).ToContainTextAsync("the quote is approved", SoonContains);
        await CheckAsync(portal, "/p/{token} after approving");

        // 5. The job is on staff's board; staff move it through the work to completed (the stage menu on the card).
        await staff.ClickAsync("#nav-jobs");
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/jobs");
        await BrowserApp.WaitForLiveAsync(staff);
        var card = staff.Locator(".job-card", new() { HasText = "Jane Journey" });
        await Assertions.Expect(card).ToBeVisibleAsync(Visible);
        var jobId = (await card.GetAttributeAsync("data-job"))!;
        await Assertions.Expect(staff.Locator($"#stage-{JobStages.Confirmed} #job-{jobId}")).ToBeVisibleAsync(Visible);
        foreach (var stage in new[] { JobStages.InProgress, JobStages.Completed })
        {
            await staff.SelectOptionAsync($"#move-{jobId}", stage);
            await Assertions.Expect(staff.Locator($"#stage-{stage} #job-{jobId}")).ToBeVisibleAsync(Visible);
        }

        // 6. Completing it drafted the invoice from the quote's lines; staff open it from the card and send it.
        var invoiceLink = staff.Locator($"#invoice-of-{jobId}");
        await Assertions.Expect(invoiceLink).ToBeVisibleAsync(Visible);
        var invoiceId = await invoiceLink.GetAttributeAsync("data-invoice");
        await invoiceLink.ClickAsync();
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/invoices/{invoiceId}");
        await Assertions.Expect(staff.Locator("#invoice-status")).ToHaveAttributeAsync("data-status", InvoiceStatuses.Draft, SoonAttribute);
        await Assertions.Expect(staff.Locator("#invoice-total")).ToHaveTextAsync(quoteTotal, new() { Timeout = 10_000 });
        await staff.ClickAsync("#invoice-send-go");
        await Assertions.Expect(staff.Locator("#pay-link")).ToHaveValueAsync(PayPath(), new() { Timeout = 10_000 });
        await Assertions.Expect(staff.Locator("#invoice-status")).ToHaveAttributeAsync("data-status", InvoiceStatuses.Sent, SoonAttribute);

        // 7. The invoice text with the pay link reaches the phone; the customer opens it and pays on the simulated checkout.
        var invoiceText = Received(sim, "/pay/");
        await Assertions.Expect(invoiceText).ToContainTextAsync(quoteTotal, SoonContains);
        var payLink = PayLink().Match(await invoiceText.InnerTextAsync()).Value;
        payLink.ShouldNotBeEmpty("the invoice text carries the pay link");
        var payPath = new Uri(payLink).AbsolutePath;
        var pay = await customer.NewPageAsync();
        await pay.GotoAsync(payLink);
        await Assertions.Expect(pay.Locator("section[aria-label=Invoice] tfoot")).ToContainTextAsync(quoteTotal, SoonContains);
        await CheckAsync(pay, "/pay/{token}");
        await pay.ClickAsync($"button:has-text('Pay {quoteTotal}')");
        await Assertions.Expect(pay.Locator("h1")).ToHaveTextAsync("Test checkout", new() { Timeout = 10_000 });
        await CheckAsync(pay, "/pay/simulated/{session}");
        await pay.ClickAsync($"button:has-text('Pay {quoteTotal}')");
        await BrowserApp.WaitForLoadedAsync(pay, fx.BaseUrl + payPath);
        await Assertions.Expect(pay.Locator("[role=status]")).ToContainTextAsync("Paid — thank you!", SoonContains);
        await CheckAsync(pay, "/pay/{token} paid");

        // 8. Paid everywhere: the customer's portal (invoice paid, job closed) and staff's invoice list.
        await portal.GotoAsync(portalLink);
        await Assertions.Expect(portal.Locator("section[aria-label=Invoice] [role=status]")).ToContainTextAsync("Paid — thank you!", SoonContains);
        await Assertions.Expect(portal.Locator("section[aria-label=Jobs]")).ToContainTextAsync("Closed (paid)", SoonContains);
        await CheckAsync(portal, "/p/{token} paid");
        await staff.ClickAsync("#nav-invoices");
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/invoices");
        await Assertions.Expect(staff.Locator($".invoice-item[data-id='{invoiceId}']")).ToHaveAttributeAsync("data-status", InvoiceStatuses.Paid, SoonAttribute);
        await Assertions.Expect(staff.Locator($".invoice-item[data-id='{invoiceId}']")).ToContainTextAsync("Jane Journey", SoonContains);
        TestContext.Current.TestOutputHelper?.WriteLine($"customer journey took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Staff_MergeTheCustomerFromTheFormWithTheSamePersonAddedByHand_AtPhoneWidth()
    {
        var business = await AutoShopAsync();
        var mobile = $"+1904559{Random.Shared.Next(1000, 5000)}";
        var work = $"+1904559{Random.Shared.Next(5000, 9999)}";

        // One customer from the web form (their mobile)...
        await using var customer = await fx.NewContextAsync(390, 844);
        var reference = await SendRequestAsync(await customer.NewPageAsync(), business, "Sam Merger", mobile, "sam.merger@example.com", "40 Pine Rd",
            "Grinding noise when I brake");

        // ...and the same person's work phone: a missed call from it on the simulator, then staff add it by hand.
        await using var handset = await fx.NewContextAsync(1280, 800);
        var sim = await OpenPhoneAsync(handset, business, work);
        await sim.ClickAsync("#call-missed");
        await Assertions.Expect(sim.Locator("#call-result")).ToContainTextAsync("ended", SoonContains);

        await using var office = await fx.NewContextAsync(390, 844);
        var staff = await fx.SignInAsync(office, business.OwnerEmail);
        await staff.GotoAsync("/customers/new");
        await staff.FillAsync("#new-phone", Display(work));
        await staff.FillAsync("#new-name", "Sam Merger");
        await staff.ClickAsync("#customer-new-save");
        await staff.WaitForFunctionAsync("() => /\\/customers\\/[^/?]+\\?saved=created$/.test(location.pathname + location.search) && document.readyState === 'complete'");
        var duplicateId = new Uri(staff.Url).AbsolutePath.Split('/')[^1];
        await Assertions.Expect(staff.Locator(".history-item[data-kind=call]")).ToContainTextAsync("Missed", SoonContains);

        // Staff find the form customer, then the duplicate from its page, and merge it in.
        await staff.ClickAsync("#nav-customers");
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/customers");
        await staff.FillAsync("#customer-search", Display(mobile));
        await staff.ClickAsync("#customer-search-go");
        await Assertions.Expect(staff.Locator("#customers-count")).ToContainTextAsync("1 customer", SoonContains);
        var kept = staff.Locator(".customer-item", new() { HasText = "Sam Merger" });
        var keptId = (await kept.GetAttributeAsync("data-id"))!;
        keptId.ShouldNotBe(duplicateId);
        await kept.Locator("a").First.ClickAsync();
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/customers/{keptId}");
        await Assertions.Expect(staff.Locator("#customer-source")).ToHaveTextAsync("Web form", new() { Timeout = 10_000 });
        await Assertions.Expect(staff.Locator(".history-item[data-kind=call]")).ToHaveCountAsync(0);
        await staff.FillAsync("#merge-q", Display(work));
        await staff.ClickAsync("#merge-search-go");
        await staff.ClickAsync($"#merge-{duplicateId}");
        await Assertions.Expect(staff.Locator("#confirm-merge")).ToContainTextAsync("Merge Sam Merger into Sam Merger?", SoonContains);
        await staff.ClickAsync("#confirm-merge-yes");
        await Assertions.Expect(staff.Locator("#customer-saved")).ToContainTextAsync("Merged", SoonContains);

        // The kept customer's page has both phones and both histories: the form's text and quote, the work phone's call.
        staff.Url.ShouldStartWith($"{fx.BaseUrl}/customers/{keptId}");
        await Assertions.Expect(staff.Locator(".merged-phone")).ToContainTextAsync(Display(work), SoonContains);
        await Assertions.Expect(staff.Locator(".history-item[data-kind=call]")).ToContainTextAsync("Missed", SoonContains);
        await Assertions.Expect(staff.Locator(".history-item[data-kind=message]", new() { HasText = reference })).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator(".history-item[data-kind=quote]")).ToHaveCountAsync(1);
        await CheckAsync(staff, "/customers/{id} after a merge");

        // The other customer's address now leads to the kept one, and search finds only the kept one by either phone.
        await staff.GotoAsync($"/customers/{duplicateId}");
        await BrowserApp.WaitForLoadedAsync(staff, $"{fx.BaseUrl}/customers/{keptId}");
        await Assertions.Expect(staff.Locator("#customer-name")).ToHaveTextAsync("Sam Merger", new() { Timeout = 10_000 });
        var found = await fx.App.Service<CustomerStore>().ListAsync(business.Id, work, 10, region: "US");
        found.ShouldHaveSingleItem().Id.ShouldBe(keptId);
    }

    /// <summary>
    /// Fills in and sends the public form as a person does, and returns the reference on the thank-you page. The form
    /// refuses a post sooner than <see cref="RequestOptions.MinFillTime"/> after it was shown (a robot's speed): a
    /// person types for longer than that, Playwright does not, so the test waits out what is left of it before sending.
    /// </summary>
    private async Task<string> SendRequestAsync(IPage page, Business business, string name, string phone, string email, string address, string problem)
    {
        await page.GotoAsync($"/request/{business.Slug}");
        var shown = Stopwatch.StartNew();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(business.Name);
        await CheckAsync(page, "/request/{slug}");
        await page.FillAsync("#name", name);
        await page.FillAsync("#phone", Display(phone));
        await page.FillAsync("#email", email);
        await page.FillAsync("#address", address);
        await page.FillAsync("#vehicleYear", "2016");
        await page.FillAsync("#vehicleMake", "Honda");
        await page.FillAsync("#vehicleModel", "Civic");
        await page.FillAsync("#problem", problem);
        await page.CheckAsync("#sms-consent");
        var minimum = fx.App.Service<IOptions<RequestOptions>>().Value.MinFillTime + TimeSpan.FromMilliseconds(250);
        if (shown.Elapsed < minimum) await Task.Delay(minimum - shown.Elapsed);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("We've texted you a confirmation.", SoonContains);
        var reference = await page.Locator("#reference").InnerTextAsync();
        reference.ShouldMatch(Reference().ToString());
        await CheckAsync(page, "/request/{slug} thank-you");
        return reference;
    }

    /// <summary>
    /// A customer's phone browser at 390 px. The app writes its configured public address (PublicBaseUrl) into texts and
    /// into the simulated checkout's address; in tests that address has no port, so this browser is sent from it to the
    /// test server, as the public address would lead to the app in a real deployment. Links are then followed as tapped.
    /// </summary>
    private async Task<IBrowserContext> CustomerBrowserAsync()
    {
        var context = await fx.NewContextAsync(390, 844);
        var publicBase = fx.App.Service<IOptions<AppOptions>>().Value.BaseUrl;
        await context.RouteAsync(publicBase + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 302, Headers = new Dictionary<string, string> { ["Location"] = fx.BaseUrl + route.Request.Url[publicBase.Length..] },
        }));
        return context;
    }

    /// <summary>The carrier simulator's phone for <paramref name="phone"/>: every text sent to that number, as it arrives.</summary>
    private static async Task<IPage> OpenPhoneAsync(IBrowserContext context, Business business, string phone)
    {
        var sim = await context.NewPageAsync();
        await sim.GotoAsync("/simulator");
        await Assertions.Expect(sim.Locator($"#business option[value='{business.CarrierNumber}']")).ToBeAttachedAsync();
        await sim.SelectOptionAsync("#business", business.CarrierNumber!);
        await sim.FillAsync("#caller-phone", phone);
        await sim.Locator("#caller-phone").DispatchEventAsync("change");
        return sim;
    }

    private static ILocator Received(IPage sim, string text) =>
        sim.Locator("#phone-messages [data-testid=phone-received]", new() { HasText = text }).Last;

    /// <summary>A US number as a person types it: (904) 555-0134.</summary>
    private static string Display(string e164) => $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";

    /// <summary>Axe finds no serious violation and the page does not scroll sideways.</summary>
    private static async Task CheckAsync(IPage page, string what)
    {
        await Axe.CheckAsync(page, $"{what} at 390 px");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(1, $"{what} at 390 px scrolls sideways by {overflow} px");
    }

    /// <summary>
    /// An auto shop with estimates on (so the form drafts a quote), in a fixed-offset zone where it is near midday
    /// whenever the test runs, so no quiet-hours rule holds a text back.
    /// </summary>
    private async Task<Business> AutoShopAsync()
    {
        var n = Interlocked.Increment(ref _next);
        var offset = 12 - fx.App.Service<TimeProvider>().GetUtcNow().Hour;
        if (offset > 14) offset -= 24;
        if (offset < -12) offset += 24;
        // Etc/GMT zones have the sign reversed: Etc/GMT-3 is UTC+3.
        var zone = offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
        var result = await fx.App.Service<BusinessService>().CreateAsync(new BusinessInput
        {
            Name = $"Journey Auto {n}", OwnerName = "Olive Owner", OwnerEmail = $"owner-{Guid.NewGuid():N}@example.com",
            OwnerPhone = $"+1904555{n:D4}", BusinessPhone = $"+1905555{n:D4}", CarrierNumber = $"+1906555{n:D4}", TimeZone = zone,
            Vertical = "auto", EstimatesEnabled = true, LaborRate = 100,
        }, "test");
        return result.Business ?? throw new InvalidOperationException($"test business rejected: {result.Conflict}");
    }
}
