using CallRecover.Conversations;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>Every everyday dashboard page on a phone and a desktop, checked with axe; reconnecting a live page.</summary>
public sealed class DashboardPagesBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task EveryPage_FitsTheScreen_AndHasNoSeriousAccessibilityViolation(int width, int height)
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, $"+1904555{width % 10000:D4}");
        await Seed.CallerTextsAsync(fx.App, business.Id, thread, "My furnace is making a banging noise");
        // A few more callers, so the lists look like a real day (and the screenshots show one).
        foreach (var (n, text, name) in new[] { (1, "AC is blowing warm air, can someone come today?", "Dana Whitfield"), (2, "Need a quote for a new water heater", "Marcus Lee") })
        {
            var other = await Seed.MissedCallAsync(fx.App, business.Id, $"+1904556{width % 1000:D3}{n}");
            await Seed.CallerTextsAsync(fx.App, business.Id, other, text);
            await fx.App.Service<CallRecover.Leads.LeadCorrections>().CorrectAsync(business.Id, other.LeadId, "name", name, "user:test");
        }
        await using var context = await fx.NewContextAsync(width, height);
        var page = await fx.SignInAsync(context, business.OwnerEmail);

        foreach (var (url, heading, shot) in new[]
        {
            ("/", "Overview", "overview"), ("/conversations", "Conversations", "conversations"), ($"/conversations/{thread.ConversationId}", null, "conversation"),
            ("/leads", "Leads", "leads"), ($"/leads/{thread.LeadId}", null, "lead"), ("/calls", "Calls", "calls"), ("/notifications", "Alerts", "alerts"),
            ("/appointments", "Appointments", null), ("/quotes", "Quotes", "quotes"), ("/customers", "Customers", "customers"),
            ("/reviews", "Reviews", null), ("/settings", "Settings", "settings"), ("/no-such-page", "Not found", "not-found"),
        })
        {
            await page.GotoAsync(url);
            if (heading is not null) await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            if (url is "/" or "/conversations" or "/leads" or "/calls" or "/appointments" or "/quotes") await BrowserApp.WaitForLiveAsync(page);
            if (shot is not null) await BrowserApp.PageShotAsync(page, shot);
            await Axe.CheckAsync(page, $"{url} at {width} px");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            overflow.ShouldBeLessThanOrEqualTo(1, $"{url} at {width} px scrolls sideways by {overflow} px");
        }

        // The favicon is served (no 404 in the tab), and the signed-out pages pass too.
        (await page.EvaluateAsync<int>("async () => (await fetch(document.querySelector(\"link[rel='icon']\").href)).status")).ShouldBe(200);
        await using var anonymous = await fx.NewContextAsync(width, height);
        var login = await anonymous.NewPageAsync();
        await login.GotoAsync("/login");
        await Axe.CheckAsync(login, $"/login at {width} px");
        await BrowserApp.PageShotAsync(login, "login");
    }

    [Fact]
    public async Task TheOperatorsBusinessList_PassesAxe_AndOpensABusiness()
    {
        var business = await fx.CreateBusinessAsync();
        var email = $"operator-{Guid.NewGuid():N}@example.com";
        await fx.App.Service<CallRecover.Data.Db>().WriteAsync(tx => fx.App.Service<CallRecover.Tenancy.UserStore>().InsertAsync(tx, null, email, "Opal Operator", CallRecover.Tenancy.Roles.Operator));
        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.CloseAsync();
        page = await BrowserApp.SignInAsync(fx.App, context, fx.BaseUrl, email, fx.BaseUrl + "/operator");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operator console");
        await page.Locator("#nav-businesses").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Businesses");
        await Axe.CheckAsync(page, "/operator/businesses at 390 px");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(business.Name);
    }

    [Fact]
    public async Task AnUnknownAddress_ShowsThePageNotFound_AsAPage()
    {
        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/this/does/not/exist");
        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.Locator("#not-found h1")).ToHaveTextAsync("Not found");
        (await page.ContentAsync()).ShouldNotContain("\"status\":404");
    }

    [Fact]
    public async Task AReconnect_ShowsWhatChangedMeanwhile_AndLosesNothingTyped()
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, "+19045550161");
        await using var context = await fx.NewContextAsync();
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await page.GotoAsync($"/conversations/{thread.ConversationId}");
        await BrowserApp.WaitForLiveAsync(page);
        await page.FillAsync("#reply-text", "Half-written reply about the filter");

        // The connection goes away (a phone locks, a deploy moves the circuit): the page's state is set aside.
        await page.EvaluateAsync("() => Blazor.pauseCircuit()");
        await Seed.CallerTextsAsync(fx.App, business.Id, thread, "Never mind, it's working again");

        // Back: the page shows what happened meanwhile, and the text being typed is still there and can be sent.
        await page.EvaluateAsync("() => Blazor.resumeCircuit()");
        // A resumed circuit starts a new component on a 2-core CI box running other tests: allow it time.
        await Assertions.Expect(page.Locator("#thread")).ToContainTextAsync("working again", new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync("Half-written reply about the filter");
        await Assertions.Expect(page.Locator("#send-reply")).ToBeEnabledAsync();
        await page.ClickAsync("#send-reply");
        await Assertions.Expect(page.Locator(".bubble.human")).ToContainTextAsync("Half-written reply", new() { Timeout = 5000 });

        // A reload (what Blazor does when the server no longer knows the circuit) keeps an unsent draft too.
        await page.FillAsync("#reply-text", "Second draft");
        await page.ReloadAsync();
        await BrowserApp.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync("Second draft");
        var sent = (await fx.App.Service<ConversationStore>().MessagesAsync(business.Id, thread.ConversationId)).Where(m => m.Sender == Senders.Human).ToList();
        sent.Select(m => m.Body).ShouldBe(["Half-written reply about the filter"], "the reload sent nothing by itself");
    }
}
