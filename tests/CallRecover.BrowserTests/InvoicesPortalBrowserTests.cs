using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Portal;
using CallRecover.Tenancy;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The staff invoice pages and the portal's reschedule in a real browser, at a phone's width and a desktop's, checked with axe.</summary>
public sealed class InvoicesPortalBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 5000 };
    private static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 5000 };

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Owner_AddsALineAndSendsTheInvoice_ThenTheCustomerMovesTheirVisit(int width, int height)
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, width == 390 ? "+19045550173" : "+19045550174");
        var (customer, invoiceId) = await CompletedJobWithInvoiceAsync(business, thread);
        await using var context = await fx.NewContextAsync(width, height);
        var page = await fx.SignInAsync(context, business.OwnerEmail);

        await page.ClickAsync("#nav-invoices");
        await BrowserApp.WaitForLoadedAsync(page, $"{fx.BaseUrl}/invoices");
        await Assertions.Expect(page.Locator($".invoice-item[data-id='{invoiceId}']")).ToContainTextAsync("Dana Reyes", SoonContains);
        await CheckAsync(page, width, "/invoices");
        await page.ClickAsync($".invoice-item[data-id='{invoiceId}'] a");
        await BrowserApp.WaitForLoadedAsync(page, $"{fx.BaseUrl}/invoices/{invoiceId}");
        await Assertions.Expect(page.Locator("#invoice-total")).ToHaveTextAsync("$250.00", Soon);
        await Assertions.Expect(page.Locator("#open-customer")).ToHaveAttributeAsync("href", $"/customers/{customer.Id}");
        await CheckAsync(page, width, "/invoices/{id}");

        await page.ClickAsync("#line-add summary");
        await page.FillAsync("#line-description", "Brake fluid flush");
        await page.FillAsync("#line-unit-price", "lots");
        await page.ClickAsync("#line-add-save");
        await Assertions.Expect(page.Locator("[data-error-for='unitPrice']")).ToContainTextAsync("Unit price is required", SoonContains);
        await CheckAsync(page, width, "/invoices/{id} with a field message");
        await page.FillAsync("#line-unit-price", "30");
        await page.ClickAsync("#line-add-save");
        await Assertions.Expect(page.Locator("#invoice-total")).ToHaveTextAsync("$280.00", Soon);
        await page.ClickAsync("#invoice-send-go");
        await Assertions.Expect(page.Locator("#pay-link")).ToHaveValueAsync(new Regex("/pay/[A-Za-z0-9_-]{20,}$"), new() { Timeout = 5000 });
        await CheckAsync(page, width, "/invoices/{id} sent");
        await BrowserApp.ScreenshotAsync(page, $"invoice-{width}");

        // The customer opens their portal and moves their visit to another open time.
        var visit = await VisitAsync(business, thread.LeadId);
        var link = (await fx.App.Service<PortalService>().CreateForLeadAsync(business.Id, thread.LeadId, "test"))!.Value;
        await using var phone = await fx.NewContextAsync(width, height);
        var portal = await phone.NewPageAsync();
        await portal.GotoAsync(fx.BaseUrl + new Uri(link.Url).AbsolutePath);
        await portal.ClickAsync("text=Choose another time");
        await Assertions.Expect(portal.Locator("legend")).ToHaveTextAsync("Pick a new time", Soon);
        await CheckAsync(portal, width, "/p/{token}/visits/{id}/reschedule");
        var smallest = await portal.EvaluateAsync<double>("() => Math.min(...[...document.querySelectorAll('fieldset.slots label, button')].map(e => e.getBoundingClientRect().height))");
        smallest.ShouldBeGreaterThanOrEqualTo(44, "every time and the button are at least 44 px tall");
        await portal.ClickAsync("label[for='slot-1']");
        await portal.ClickAsync("text=Move my visit");
        await Assertions.Expect(portal.Locator("[role=status]")).ToContainTextAsync("Your visit is moved", SoonContains);
        await CheckAsync(portal, width, "/p/{token} after a move");
        (await fx.App.Service<AppointmentStore>().GetAsync(business.Id, visit.Id))!.StartAt.ShouldNotBe(visit.StartAt);
    }

    private static async Task CheckAsync(IPage page, int width, string what)
    {
        await Axe.CheckAsync(page, $"{what} at {width} px");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(1, $"{what} at {width} px scrolls sideways by {overflow} px");
    }

    /// <summary>Dana's approved quote became a job that is now completed, so its invoice is drafted from the quote's lines.</summary>
    private async Task<(Customer, string)> CompletedJobWithInvoiceAsync(Business business, Seed.Thread thread)
    {
        var now = fx.App.Service<TimeProvider>().GetUtcNow();
        Customer customer = default!;
        await fx.App.Service<Db>().WriteAsync(async tx =>
        {
            customer = await fx.App.Service<CustomerStore>().UpsertAsync(tx, business.Id, thread.Phone, "Dana Reyes", null, "12 Oak St");
            var quote = new Quote
            {
                Id = Ids.New(), BusinessId = business.Id, LeadId = thread.LeadId, CustomerId = customer.Id, Status = QuoteStatuses.Sent,
                LaborTotal = 200, PartsTotal = 50, Total = 250, SentAt = now, ExpiresAt = now + QuoteService.Validity, CreatedAt = now, UpdatedAt = now,
            };
            await fx.App.Service<QuoteStore>().InsertAsync(tx, quote);
            await fx.App.Service<QuoteStore>().ReplaceItemsAsync(tx, business.Id, quote.Id,
            [
                new() { Id = Ids.New(), Position = 0, Kind = QuoteItemKinds.Labor, Repair = "Brake pads", Description = "Brake pads labor", Hours = 2, Qty = 2, UnitPrice = 100, Amount = 200 },
                new() { Id = Ids.New(), Position = 1, Kind = QuoteItemKinds.Part, Repair = "Brake pads", Description = "Brake pads parts", Qty = 1, UnitPrice = 50, Amount = 50 },
            ]);
            (await fx.App.Service<QuoteService>().ApproveAsync(tx, business, quote.Id, "caller")).ShouldBeTrue();
        });
        var job = (await fx.App.Service<JobStore>().ListAsync(business.Id)).ShouldHaveSingleItem();
        foreach (var stage in new[] { JobStages.InProgress, JobStages.Completed })
            (await fx.App.Service<JobService>().ChangeStageAsync(business, job.Id, stage, "test")).Conflict.ShouldBeNull();
        var invoice = (await fx.App.Service<InvoiceStore>().ListAsync(business.Id, jobId: job.Id)).ShouldHaveSingleItem();
        return (customer, invoice.Id);
    }

    /// <summary>A visit three days out at 10:00 in the business's zone (booked by hand, no text).</summary>
    private async Task<Appointment> VisitAsync(Business business, string leadId)
    {
        var day = business.LocalTime(fx.App.Service<TimeProvider>().GetUtcNow()).Date.PlusDays(3);
        var start = business.Zone.AtLeniently(day.At(new NodaTime.LocalTime(10, 0))).ToDateTimeOffset();
        var made = await fx.App.Service<AppointmentAdmin>().CreateAsync(business,
            new NewAppointmentInput { LeadId = leadId, Start = start, DurationMinutes = 60, NotifyCaller = false }, "test");
        made.Ok.ShouldBeTrue(made.Conflict);
        return made.Appointment!;
    }
}
