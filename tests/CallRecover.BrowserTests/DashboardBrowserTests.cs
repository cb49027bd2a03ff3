using CallRecover.Booking;
using CallRecover.Conversations;
using CallRecover.Tenancy;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The dashboard in a real browser (headless Chromium) against the app on loopback.</summary>
public sealed class DashboardBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 5000 };

    [Fact]
    public async Task Owner_SignsInThroughTheEmailedLink_AndSeesTheOverview()
    {
        var business = await fx.CreateBusinessAsync();
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(business.Name);
        await Assertions.Expect(page.Locator("#stats-today [data-stat=calls]")).ToHaveTextAsync("0");
        var cookies = await context.CookiesAsync();
        cookies.Single(c => c.Name == "callrecover_auth").HttpOnly.ShouldBeTrue();

        await page.ClickAsync("#sign-out");
        await page.Locator("#signed-out").WaitForAsync();
        (await page.GotoAsync("/"))!.Url.ShouldContain("/login");
    }

    [Fact]
    public async Task MissedCall_AppearsLive_OnTheOverviewAndInConversations_WithoutReload()
    {
        var business = await fx.CreateBusinessAsync();
        await using var context = await fx.NewContextAsync();
        var overview = await fx.SignInAsync(context, business.OwnerEmail);
        var inbox = await context.NewPageAsync();
        await inbox.GotoAsync("/conversations");
        await Task.WhenAll(BrowserApp.WaitForLiveAsync(overview), BrowserApp.WaitForLiveAsync(inbox));
        await overview.EvaluateAsync("window.__sameDocument = true");

        var thread = await Seed.MissedCallAsync(fx.App, business.Id, "+19045550142");

        await Assertions.Expect(overview.Locator("#stats-today [data-stat=missed]")).ToHaveTextAsync("1", Soon);
        await Assertions.Expect(overview.Locator("#activity")).ToContainTextAsync("Missed call from (904) 555-0142", new() { Timeout = 5000 });
        await Assertions.Expect(inbox.Locator($".conversation-item[data-id='{thread.ConversationId}']")).ToBeVisibleAsync(new() { Timeout = 5000 });
        (await overview.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue("the overview updated without a reload");
        // The live inbox's filter chips load their list (they once changed only the address): "Closed" has none of the
        // open thread, "All" has it again.
        await inbox.ClickAsync("#filter-closed");
        await Assertions.Expect(inbox.Locator("#filter-closed")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon\b"));
        await Assertions.Expect(inbox.Locator($".conversation-item[data-id='{thread.ConversationId}']")).ToHaveCountAsync(0);
        await inbox.ClickAsync("#filter-all");
        await Assertions.Expect(inbox.Locator($".conversation-item[data-id='{thread.ConversationId}']")).ToBeVisibleAsync();

        // A caller's text shows up in the open thread within a second.
        var threadPage = await context.NewPageAsync();
        await threadPage.GotoAsync($"/conversations/{thread.ConversationId}");
        await BrowserApp.WaitForLiveAsync(threadPage);
        await Seed.CallerTextsAsync(fx.App, business.Id, thread, "My furnace is making a banging noise");
        await Assertions.Expect(threadPage.Locator(".bubble.caller").Last).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("banging noise"), new() { Timeout = 1000 });
        await BrowserApp.ScreenshotAsync(overview, "overview-live-390");
        await BrowserApp.ScreenshotAsync(threadPage, "thread-390");
    }

    [Fact]
    public async Task TakeOver_IsSeenAtOnceInASecondTab_ManualTextIsSent_ThenBackToAi()
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, "+19045550143");
        await using var context = await fx.NewContextAsync();
        var first = await fx.SignInAsync(context, business.OwnerEmail);
        await first.GotoAsync($"/conversations/{thread.ConversationId}");
        var second = await context.NewPageAsync();
        await second.GotoAsync($"/conversations/{thread.ConversationId}");
        await Task.WhenAll(BrowserApp.WaitForLiveAsync(first), BrowserApp.WaitForLiveAsync(second));

        await first.ClickAsync("#take-over");
        await Assertions.Expect(first.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "human_active");
        await Assertions.Expect(second.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "human_active", new() { Timeout = 2000 });
        await Assertions.Expect(second.Locator("#return-to-ai")).ToBeVisibleAsync();

        await first.FillAsync("#reply-text", "Hi, this is Olive — I can be there at 3pm.");
        await first.ClickAsync("#send-reply");
        await Assertions.Expect(first.Locator(".bubble.human")).ToContainTextAsync("I can be there at 3pm.", new() { Timeout = 5000 });
        await Assertions.Expect(second.Locator(".bubble.human")).ToContainTextAsync("I can be there at 3pm.", new() { Timeout = 5000 });
        await Assertions.Expect(first.Locator("#reply-text")).ToHaveValueAsync("");
        var sent = (await fx.App.Service<ConversationStore>().MessagesAsync(business.Id, thread.ConversationId)).Last();
        sent.Sender.ShouldBe(Senders.Human);
        sent.ToPhone.ShouldBe(thread.Phone);

        await second.ClickAsync("#return-to-ai");
        await Assertions.Expect(first.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 2000 });
        (await fx.App.Service<ConversationStore>().GetAsync(business.Id, thread.ConversationId))!.Status.ShouldBe(ConversationStatuses.Active);
    }

    [Fact]
    public async Task ALiveUpdate_KeepsTheButtonsItDidNotChange_SoATapOnThemIsNotLost()
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, "+19045550147");
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await page.GotoAsync($"/conversations/{thread.ConversationId}");
        await BrowserApp.WaitForLiveAsync(page);
        await page.EvaluateAsync("window.__takeOver = document.querySelector('#take-over')");

        // The caller texts: the thread shows it live; Blazor patches only what changed, so the controls above it stay
        // the same elements (a tap that is on its way to the button still reaches it).
        await Seed.CallerTextsAsync(fx.App, business.Id, thread, "Is anyone there?");
        await Assertions.Expect(page.Locator(".bubble.caller").Last).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("anyone there"), Soon);
        (await page.EvaluateAsync<bool>("document.querySelector('#take-over') === window.__takeOver")).ShouldBeTrue("the unchanged controls were kept, not swapped for a copy");

        // And the kept button still works.
        await page.ClickAsync("#take-over");
        await Assertions.Expect(page.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "human_active", new() { Timeout = 5000 });
    }

    [Fact]
    public async Task Settings_ShowAValidationErrorForABadValue_AndSaveAGoodOne()
    {
        var business = await fx.CreateBusinessAsync();
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await page.ClickAsync("#nav-settings");
        await page.FillAsync("#quiet-start", "9pm");
        await page.FillAsync("#average-job-value", "-20");
        await page.ClickAsync("#save-settings");
        await Assertions.Expect(page.Locator("[data-error-for='notificationPrefs.quietStart']")).ToContainTextAsync("start of quiet hours as a time like 21:00");
        await Assertions.Expect(page.Locator("[data-error-for='averageJobValue']")).ToContainTextAsync("from $0 to $1,000,000");
        await Assertions.Expect(page.Locator("#quiet-start")).ToHaveValueAsync("9pm");
        (await fx.App.Service<BusinessStore>().GetAsync(business.Id))!.NotificationPrefs.QuietStart.ShouldBe("21:00");

        await page.FillAsync("#quiet-start", "22:00");
        await page.FillAsync("#average-job-value", "475");
        await page.ClickAsync("#save-settings");
        await page.Locator("#settings-saved").WaitForAsync();
        var saved = (await fx.App.Service<BusinessStore>().GetAsync(business.Id))!;
        saved.NotificationPrefs.QuietStart.ShouldBe("22:00");
        saved.AverageJobValue.ShouldBe(475m);

        // Pricing on a desktop: a service priced wrongly is explained, then added; the page says so where the owner is.
        await using var desk = await fx.NewContextAsync(1280, 900);
        var wide = await fx.SignInAsync(desk, business.OwnerEmail);
        await wide.GotoAsync("/settings#pricing");
        await wide.FillAsync("#new-name", "Duct cleaning");
        await wide.FillAsync("#new-keywords", "duct, vents");
        await wide.FillAsync("#new-laborHours", "three");
        await wide.ClickAsync("#catalog-add");
        await Assertions.Expect(wide.Locator("#catalog-add-form [data-error-for='laborHours']")).ToBeVisibleAsync();
        await wide.FillAsync("#new-laborHours", "3");
        await wide.FillAsync("#new-partsCost", "40");
        await wide.ClickAsync("#catalog-add");
        await Assertions.Expect(wide.Locator("#pricing-saved")).ToBeVisibleAsync();
        await Assertions.Expect(wide.Locator("#catalog-list")).ToContainTextAsync("Duct cleaning");
        await Axe.CheckAsync(wide, "/settings after adding a service at 1280 px");
    }

    [Fact]
    public async Task AnotherBusinessesOwner_GetsNotFound_ForTheConversation()
    {
        var mine = await fx.CreateBusinessAsync();
        var theirs = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, mine.Id, "+19045550144");
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, theirs.OwnerEmail);
        var response = await page.GotoAsync($"/conversations/{thread.ConversationId}");
        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.Locator("#not-found")).ToBeVisibleAsync();
        (await page.ContentAsync()).ShouldNotContain("555-0144");
        (await page.GotoAsync($"/leads/{thread.LeadId}"))!.Status.ShouldBe(404);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task EveryPage_FitsTheScreen_WithoutHorizontalScrolling(int width, int height)
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, "+19045550145");
        await Seed.CallerTextsAsync(fx.App, business.Id, thread,
            "Hi, my AC stopped blowing cold air this morning and it's 95 degrees inside; the unit outside is making a loud buzzing noise. Can someone come today? Address is 1234 Extremely-Long-Street-Name-Without-Breaks Avenue, Jacksonville");
        var today = business.LocalTime(fx.App.Service<TimeProvider>().GetUtcNow()).Date;
        (await fx.App.Service<AppointmentAdmin>().CreateAsync(business, new NewAppointmentInput
        {
            LeadId = thread.LeadId, Start = business.Zone.AtLeniently(today.At(new NodaTime.LocalTime(12, 0))).ToDateTimeOffset(),
            Address = "1234 Extremely-Long-Street-Name-Without-Breaks Avenue, Jacksonville", NotifyCaller = false,
        }, "test")).Ok.ShouldBeTrue();
        await using var context = await fx.NewContextAsync(width, height);
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        foreach (var path in new[] { "/", "/conversations", $"/conversations/{thread.ConversationId}", "/leads", $"/leads/{thread.LeadId}",
                     "/calls", "/appointments", "/appointments?view=list", "/notifications", "/settings", "/login" })
        {
            await page.GotoAsync(path);
            var fits = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth");
            if (!fits) await BrowserApp.ScreenshotAsync(page, "debug-wide");
            var wide = fits ? "" : await page.EvaluateAsync<string>("[...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 10).join(' | ')");
            fits.ShouldBeTrue($"{path} scrolls sideways at {width}px: {wide}");
            var name = path.Trim('/').Replace('/', '-').Replace("?view=", "-");
            await BrowserApp.ScreenshotAsync(page, $"{(name.Length == 0 ? "overview" : name)}-{width}");
        }
        if (width == 390)
        {
            // Tap targets in the thread are at least 44 px tall.
            await page.GotoAsync($"/conversations/{thread.ConversationId}");
            await BrowserApp.WaitForLiveAsync(page);
            await Assertions.Expect(page.Locator("#take-over")).ToBeEnabledAsync();
            var box = await page.Locator("#take-over").BoundingBoxAsync();
            box!.Height.ShouldBeGreaterThanOrEqualTo(44);
        }
    }
}
