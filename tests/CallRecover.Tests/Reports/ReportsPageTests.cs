using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CallRecover.Jobs;
using CallRecover.Notifications.Email;
using CallRecover.Reports;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Reports.ReportScenario;

namespace CallRecover.Tests.Reports;

/// <summary>The /reports page and its CSV downloads: the signed-in owner's business only; staff see no money.</summary>
public sealed partial class ReportsPageTests
{
    [Theory, DatabaseData]
    public async Task OwnerSeesTheirReport_WithChartsAndRoi_AnotherOwnerSeesOnlyTheirs_StaffSeeNone(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" });
        var (business, other) = await SeedWithNeighbourAsync(app, clock);

        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var html = await owner.GetStringAsync("/reports?period=week&start=2026-03-02");
        html.ShouldContain("id=\"nav-reports\"");
        RoiLine(html).ShouldBe("An estimated $1,000 recovered against $69 of CallRecover: 14.5× return.");
        var charts = ChartImage().Matches(html).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(
            System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)["data:image/svg+xml;base64,".Length..]))).ToList();
        charts.Count.ShouldBe(4);
        charts.ShouldAllBe(svg => svg.Contains("<svg") && svg.Contains("viewBox=\"0 0 600 360\"") && svg.Contains("<text"));
        html.ShouldContain("Tina Tech");
        var csv = await owner.GetStringAsync("/api/dashboard/reports.csv?period=week&start=2026-03-02&table=days");
        csv.ShouldContain("2026-03-02,5,3,3,0");
        (await owner.GetAsync("/api/dashboard/reports.csv?period=decade")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A bad period on the page shows this week and says why, never an error page.
        (await owner.GetStringAsync("/reports?period=decade")).ShouldContain("id=\"report-invalid\"");

        // Settings → Reports: a bad cost changes nothing and says why; a good one (and the email switch) is saved.
        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "reports"), ("monthlyCost", "lots"), ("weeklyEmail", "on"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()).ShouldContain("Enter what CallRecover costs you per month in dollars");
        (await app.Service<ReportSettingsStore>().GetAsync(business.Id)).ShouldBe(new ReportSettings { BusinessId = business.Id, MonthlyCostCents = 30000, WeeklyEmail = true });
        // A cost past what fits in cents was a 500 (found by probing): it is out of range like any other.
        var huge = await owner.PostFormAsync("/settings", "/settings", ("_handler", "reports"), ("monthlyCost", "100000000000000000"));
        huge.StatusCode.ShouldBe(HttpStatusCode.OK);
        System.Net.WebUtility.HtmlDecode(await huge.Content.ReadAsStringAsync()).ShouldContain("from $0 to $1,000,000");
        (await app.Service<ReportSettingsStore>().GetAsync(business.Id)).MonthlyCostCents.ShouldBe(30000);
        var ok = await owner.PostFormAsync("/settings", "/settings", ("_handler", "reports"), ("monthlyCost", "$249.50"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<ReportSettingsStore>().GetAsync(business.Id)).ShouldBe(new ReportSettings { BusinessId = business.Id, MonthlyCostCents = 24950, WeeklyEmail = false });

        var otherOwner = await app.SignedInClientAsync(other.OwnerEmail);
        var theirs = await otherOwner.GetStringAsync("/reports?period=week&start=2026-03-02");
        RoiLine(theirs).ShouldBe("An estimated $0 recovered. Add your monthly CallRecover cost in Settings to see the return.");
        theirs.ShouldNotContain("Tina Tech");
        (await otherOwner.GetStringAsync("/api/dashboard/reports.csv?period=week&start=2026-03-02&table=days")).ShouldContain("2026-03-02,1,1,0,0");

        // Staff run the office but do not see the money.
        var staff = await app.SignedInStaffAsync(business);
        (await staff.GetAsync("/api/dashboard/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.GetAsync("/reports")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var staffCsv = await staff.GetAsync("/api/dashboard/reports.csv");
        staffCsv.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await staffCsv.Content.ReadAsStringAsync()).ShouldNotContain("Key,Label");
        (await staff.GetStringAsync("/")).ShouldNotContain("id=\"nav-reports\"");
    }

    private static string RoiLine(string html) =>
        System.Net.WebUtility.HtmlDecode(RoiParagraph().Match(html).Groups[1].Value);

    [GeneratedRegex("<p class=\"notice\" id=\"roi-line\">([^<]*)</p>")]
    private static partial Regex RoiParagraph();

    [GeneratedRegex("src=\"(data:image/svg[^\"]+)\"")]
    private static partial Regex ChartImage();
}
