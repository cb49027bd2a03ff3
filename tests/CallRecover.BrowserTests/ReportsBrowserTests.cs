using CallRecover.Booking;
using CallRecover.Reports;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The reports page on a phone: the ROI line, the server-drawn charts at the width of the screen, no sideways scrolling, axe-clean.</summary>
public sealed class ReportsBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ReportsPage_At390px_ShowsTheChartsAndTheRoiLine()
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, $"+1904557{Random.Shared.Next(1000, 9999)}");
        var now = fx.App.Service<TimeProvider>().GetUtcNow();
        (await fx.App.Service<AppointmentAdmin>().CreateAsync(business, new NewAppointmentInput
        {
            LeadId = thread.LeadId, Start = now.AddDays(2), NotifyCaller = false,
        }, "test")).Ok.ShouldBeTrue();
        (await fx.App.Service<ReportSettingsService>().SaveAsync(business.Id, new ReportSettingsInput { MonthlyCostCents = 19900 }, "test", [])).ShouldNotBeNull();

        await using var context = await fx.NewContextAsync(390, 844);
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await page.Locator("#nav-reports").ClickAsync();
        await page.WaitForURLAsync("**/reports");
        // One visit booked by a missed caller × the $350 average job value, against $199 a month (a week of it: $45.80).
        await Assertions.Expect(page.Locator("#roi-line")).ToHaveTextAsync("An estimated $350 recovered against $46 of CallRecover: 7.6× return.");
        await Assertions.Expect(page.Locator("#revenue-note")).ToContainTextAsync("Estimate");
        var charts = page.Locator("#report-charts figure.chart img");
        (await charts.CountAsync()).ShouldBe(4);
        for (var i = 0; i < 4; i++)
        {
            var chart = charts.Nth(i);
            await Assertions.Expect(chart).ToBeVisibleAsync();
            (await chart.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(600);
            var box = await chart.BoundingBoxAsync();
            box!.Width.ShouldBeLessThanOrEqualTo(390);
            box.Width.ShouldBeGreaterThan(300);
        }
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the page scrolls sideways at 390 px");
        await BrowserApp.PageShotAsync(page, "reports");
        await Axe.CheckAsync(page, "reports");

        // The period picker: the month, then a CSV of a table.
        await page.Locator("#report-period").SelectOptionAsync("month");
        await page.Locator("#report-start").FillAsync("");
        await page.Locator("#report-show").ClickAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToContainTextAsync("Month of");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-funnel").ClickAsync());
        download.SuggestedFilename.ShouldStartWith("report-month-");
    }
}
