using CallRecover.Data;
using Dapper;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The operator console on a phone: axe, no sideways page scroll, a dead item discarded, and "view as business" marked.</summary>
public sealed class OperatorConsoleBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheConsole_OnAPhone_PassesAxe_DiscardsDeadWork_AndMarksViewingABusiness()
    {
        var business = await fx.CreateBusinessAsync();
        var db = fx.App.Service<Db>();
        var now = fx.App.Service<TimeProvider>().GetUtcNow();
        var dead = await db.WriteAsync(tx => tx.Connection.QuerySingleAsync<long>("""
            INSERT INTO work_items (kind, business_id, payload, status, due_at, attempts, max_attempts, last_error, created_at, updated_at)
            VALUES ('browser.test', @businessId, '{}', 'dead', @now, 8, 8, 'The carrier answered 500 eight times', @now, @now) RETURNING id
            """, new { businessId = business.Id, now }, tx.Transaction));
        var email = $"operator-{Guid.NewGuid():N}@example.com";
        await db.WriteAsync(tx => fx.App.Service<CallRecover.Tenancy.UserStore>().InsertAsync(tx, null, email, "Opal Operator", CallRecover.Tenancy.Roles.Operator));
        await using var context = await fx.NewContextAsync(390, 844);
        var page = await BrowserApp.SignInAsync(fx.App, context, fx.BaseUrl, email, fx.BaseUrl + "/operator");

        await page.GotoAsync("/operator");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operator console");
        await Assertions.Expect(page.Locator($"tr[data-business='{business.Id}']")).ToBeVisibleAsync();
        await Axe.CheckAsync(page, "/operator at 390 px");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(1, $"/operator at 390 px scrolls sideways by {overflow} px (its tables scroll inside their cards)");
        await BrowserApp.PageShotAsync(page, "operator-console");

        await page.Locator($"#discard-{dead}").ClickAsync();
        await Assertions.Expect(page.Locator("#console-done")).ToContainTextAsync($"#{dead} was discarded");
        await Assertions.Expect(page.Locator($"tr[data-work='{dead}']")).ToHaveCountAsync(0);

        await page.Locator($"tr[data-business='{business.Id}'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#acting-banner")).ToContainTextAsync($"Viewing {business.Name} as operator");
        await Axe.CheckAsync(page, "/ viewed as operator at 390 px");
        await page.Locator("#back-to-console").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operator console");
    }
}
