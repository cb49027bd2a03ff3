using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Recordings;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The quotes and customers pages in a real browser: edit, send, approve a quote, then find the customer and their history.</summary>
public sealed class QuotesCustomersBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 5000 };

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Owner_EditsSendsAndApprovesAQuote_ThenFindsTheCustomersHistory(int width, int height)
    {
        var business = await fx.CreateBusinessAsync();
        var phone = width == 390 ? "+19045550161" : "+19045550162";
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, phone);
        var (customer, quote, recording, audio) = await SeedCustomerAsync(business.Id, thread);
        try
        {
            await using var context = await fx.NewContextAsync(width, height);
            var page = await fx.SignInAsync(context, business.OwnerEmail);

            await page.ClickAsync("#nav-quotes");
            await BrowserApp.WaitForLiveAsync(page);
            await Assertions.Expect(page.Locator($".quote-item[data-id='{quote.Id}']")).ToContainTextAsync("Dana Reyes");
            await Axe.CheckAsync(page, "/quotes");
            await page.ClickAsync($".quote-item[data-id='{quote.Id}'] a");
            await BrowserApp.WaitForLoadedAsync(page, $"{fx.BaseUrl}/quotes/{quote.Id}");
            await BrowserApp.WaitForLiveAsync(page);
            await Assertions.Expect(page.Locator("#quote-total")).ToHaveTextAsync("$250.00");
            await Assertions.Expect(page.Locator("#quote-title")).ToHaveTextAsync("Quote for Dana Reyes");
            await Axe.CheckAsync(page, "/quotes/{id}");
            await BrowserApp.PageShotAsync(page, "quote");

            // A wrong quantity is named in words; a good one changes the totals as typed and when saved.
            await page.ClickAsync("#edit-items");
            await page.FillAsync("#qty-0", "two");
            await page.ClickAsync("#save-items");
            await Assertions.Expect(page.Locator("[data-error-for='items[0].qty']")).ToHaveTextAsync("Quantity must be a number above 0.", Soon);
            await Axe.CheckAsync(page, "/quotes/{id} editor with an error");
            await page.FillAsync("#qty-0", "3");
            await Assertions.Expect(page.Locator("#edit-total")).ToHaveTextAsync("$350.00", Soon);
            await page.ClickAsync("#save-items");
            await Assertions.Expect(page.Locator("#quote-total")).ToHaveTextAsync("$350.00", Soon);

            // Send shows the exact text first; approving ends the moves.
            await page.ClickAsync("#send-quote");
            await Assertions.Expect(page.Locator("#send-preview")).ToContainTextAsync("= $350.00 total. Reply YES to approve", new() { Timeout = 5000 });
            await Axe.CheckAsync(page, "/quotes/{id} send confirmation");
            await page.ClickAsync("#confirm-send");
            await Assertions.Expect(page.Locator("#quote-status")).ToHaveAttributeAsync("data-status", QuoteStatuses.Sent, new() { Timeout = 5000 });
            await page.ClickAsync("#approve-quote");
            await page.ClickAsync("#confirm-answer");
            await Assertions.Expect(page.Locator("#quote-status")).ToHaveAttributeAsync("data-status", QuoteStatuses.Approved, new() { Timeout = 5000 });
            await Assertions.Expect(page.Locator("#send-quote")).ToHaveCountAsync(0);
            (await fx.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Total.ShouldBe(350m);
            await BrowserApp.ScreenshotAsync(page, $"quote-{width}");

            // Customers: search by the phone as people type it, open the history.
            await page.ClickAsync("#nav-customers");
            await BrowserApp.WaitForLoadedAsync(page, $"{fx.BaseUrl}/customers");
            await Assertions.Expect(page.Locator($".customer-item[data-id='{customer.Id}']")).ToBeVisibleAsync(new() { Timeout = 5000 });
            await Axe.CheckAsync(page, "/customers");
            await page.FillAsync("#customer-search", "(904) 555-" + phone[^4..]);
            await page.ClickAsync("#customer-search-go");
            await Assertions.Expect(page.Locator("#customers-count")).ToContainTextAsync("1 customer", new() { Timeout = 5000 });
            await page.ClickAsync($".customer-item[data-id='{customer.Id}'] a");
            await BrowserApp.WaitForLoadedAsync(page, $"{fx.BaseUrl}/customers/{customer.Id}");
            await Assertions.Expect(page.Locator("#customer-name")).ToHaveTextAsync("Dana Reyes", Soon);
            await Assertions.Expect(page.Locator($".history-item[data-kind='quote'][data-id='{quote.Id}']")).ToContainTextAsync("$350.00 · Approved");
            await Assertions.Expect(page.Locator(".history-item[data-kind='call']")).ToContainTextAsync("Missed");
            await Assertions.Expect(page.Locator($".history-item[data-kind='recording'] audio[src='/api/dashboard/recordings/{recording.Id}/audio']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#customer-vehicles")).ToContainTextAsync("2020 Toyota Camry");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width, "no sideways scrolling");
            await Axe.CheckAsync(page, "/customers/{id}");
            await BrowserApp.PageShotAsync(page, "customer");
            await BrowserApp.ScreenshotAsync(page, $"customer-{width}");
        }
        finally { File.Delete(audio); }
    }

    private async Task<(Customer, Quote, Recording, string)> SeedCustomerAsync(string businessId, Seed.Thread thread)
    {
        var db = fx.App.Service<Db>();
        var now = fx.App.Service<TimeProvider>().GetUtcNow();
        var audio = Path.Combine(Path.GetTempPath(), $"callrecover-browser-{Ids.New()}.mp3");
        await File.WriteAllBytesAsync(audio, [0xFF, 0xFB, 0x90, 0x00]);
        var recording = new Recording
        {
            Id = Ids.New(), BusinessId = businessId, CallId = thread.CallId, CallerPhone = thread.Phone, Kind = RecordingKinds.Voicemail, Origin = "carrier",
            RecordingSid = "RE" + Ids.New(), Status = RecordingStatuses.Downloaded, StoragePath = audio, ContentType = "audio/mpeg", DurationSeconds = 12,
            CreatedAt = now, UpdatedAt = now,
        };
        var customers = fx.App.Service<CustomerStore>();
        var quotes = fx.App.Service<QuoteStore>();
        Customer customer = default!;
        Quote quote = default!;
        await db.WriteAsync(async tx =>
        {
            customer = await customers.UpsertAsync(tx, businessId, thread.Phone, "Dana Reyes", null, "12 Oak St");
            await customers.UpsertVehicleAsync(tx, businessId, customer.Id, 2020, "Toyota", "Camry", null, null);
            quote = new Quote
            {
                Id = Ids.New(), BusinessId = businessId, LeadId = thread.LeadId, CustomerId = customer.Id, Status = QuoteStatuses.Draft,
                LaborTotal = 200, PartsTotal = 50, Total = 250, ExpiresAt = now + QuoteService.Validity, CreatedAt = now, UpdatedAt = now,
            };
            await quotes.InsertAsync(tx, quote);
            await quotes.ReplaceItemsAsync(tx, businessId, quote.Id,
            [
                new() { Id = Ids.New(), Position = 0, Kind = QuoteItemKinds.Labor, Repair = "Brake pads", Description = "Brake pads labor", Hours = 2, Qty = 2, UnitPrice = 100, Amount = 200 },
                new() { Id = Ids.New(), Position = 1, Kind = QuoteItemKinds.Part, Repair = "Brake pads", Description = "Brake pads parts", Qty = 1, UnitPrice = 50, Amount = 50 },
            ]);
            await fx.App.Service<RecordingStore>().InsertAsync(tx, recording);
        });
        return (customer, quote, recording, audio);
    }
}
