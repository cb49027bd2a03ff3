using System.Net;
using System.Net.Http.Json;
using CallRecover.Notifications.Email;
using CallRecover.Reports;
using CallRecover.Tests.Infrastructure;
using Dapper;
using static CallRecover.Tests.Reports.ReportScenario;

namespace CallRecover.Tests.Reports;

/// <summary>The Monday report email, queued on two nodes: one email a week, at 07:00 in the business's time zone, until turned off.</summary>
public sealed class WeeklyReportEmailTests
{
    /// <summary>New York is on daylight time (UTC−4) from Sunday Mar 8 2026.</summary>
    private static DateTimeOffset Edt(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(-4));

    private static async Task<int> PendingAsync(TestDatabase db, string key)
    {
        await using var conn = await db.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE dedupe_key = @key", new { key });
    }

    private static async Task<List<StoredEmail>> WeeklyAsync(AppFactory app, string to) =>
        [.. (await app.Service<EmailOutbox>().RecentAsync(to)).Where(e => e.Purpose == "weekly_report")];

    [Theory, DatabaseData]
    public async Task OneEmailAWeek_FromTwoNodes_OnMondayMorningLocal_UntilTurnedOff(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        Dictionary<string, string?> Node(string name) => new() { ["Queue:RunScheduledTasks"] = "false", ["Queue:NodeName"] = name };
        await using var one = new AppFactory(db, clock, Node("one"));
        await using var two = new AppFactory(db, clock, Node("two"));
        var business = await one.CreateBusinessAsync();
        await SeedAsync(new ReportsTestKit(db.Db, business.Id), clock, () => one.Service<DailyMetricsBuilder>().FoldAsync(business));
        (await one.OperatorClient().PutAsJsonAsync($"/api/admin/businesses/{business.Id}/report-settings", new { monthlyCostCents = 30000 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Both nodes make sure the next one is queued: one work item, due Monday Mar 9 at 07:00 New York time.
        await Task.WhenAll(one.Service<WeeklyReportEmail>().EnsureScheduledAsync(), two.Service<WeeklyReportEmail>().EnsureScheduledAsync());
        (await PendingAsync(db, WeeklyReportEmail.DedupeKey(business.Id, "2026-03-09"))).ShouldBe(1);

        clock.Set(Edt(9, 6, 59));
        await Task.Delay(400); // the queue polls a few times: nothing is due yet
        (await WeeklyAsync(one, business.OwnerEmail)).ShouldBeEmpty();

        clock.Set(Edt(9, 7));
        var first = (await Eventually.WaitAsync(() => WeeklyAsync(one, business.OwnerEmail), l => l.Count >= 1, "the weekly email"))!.ShouldHaveSingleItem();
        first.Subject.ShouldBe($"Your week – {business.Name} – Mon Mar 2");
        first.TextBody.ShouldContain("An estimated $1,000 recovered against $69 of CallRecover: 14.5× return.");
        first.TextBody.ShouldContain("- Missed calls: 4 (the week before: 0)");
        first.TextBody.ShouldContain("http://localhost/reports?period=week&start=2026-03-02");
        // The run queued next Monday's; asking again on both nodes adds nothing.
        await Eventually.WaitAsync(() => PendingAsync(db, WeeklyReportEmail.DedupeKey(business.Id, "2026-03-16")), n => n == 1, "next week's email queued");
        await Task.WhenAll(one.Service<WeeklyReportEmail>().EnsureScheduledAsync(), two.Service<WeeklyReportEmail>().EnsureScheduledAsync());
        (await WeeklyAsync(one, business.OwnerEmail)).Count.ShouldBe(1);

        clock.Set(Edt(16, 7));
        await Eventually.WaitAsync(() => WeeklyAsync(one, business.OwnerEmail), l => l.Count >= 2, "the second weekly email");

        // Turned off in Settings → Reports: the Monday run happens (and queues the next) but sends nothing.
        (await one.OperatorClient().PutAsJsonAsync($"/api/admin/businesses/{business.Id}/report-settings", new { weeklyEmail = false }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        clock.Set(Edt(23, 7));
        await Eventually.WaitAsync(() => PendingAsync(db, WeeklyReportEmail.DedupeKey(business.Id, "2026-03-30")), n => n == 1, "the run after opting out");
        (await WeeklyAsync(one, business.OwnerEmail)).Count.ShouldBe(2);
    }
}
