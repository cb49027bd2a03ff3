using Dapper;
using CallRecover.Reports;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using NodaTime;
using static CallRecover.Tests.Reports.ReportScenario;

namespace CallRecover.Tests.Reports;

/// <summary>Daily metrics kept current by folding changes since a watermark, against a rebuild from the source tables.</summary>
public sealed class DailyMetricsTests
{
    private static readonly Dictionary<string, string?> NoQueue = new() { ["Queue:Enabled"] = "false" };

    private static async Task<Dictionary<string, DailyMetrics>> RowsAsync(AppFactory app, string businessId)
    {
        await using var conn = await app.Database.Db.OpenAsync();
        var rows = await app.Service<MetricsStore>().RangeAsync(conn, businessId, "2026-01-01", "2026-12-31");
        return rows.Where(r => !r.IsEmpty).ToDictionary(r => r.Day);
    }

    [Theory, DatabaseData]
    public async Task Folded_EqualsRebuilt_AndMatchesFiguresCountedByHand(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        await using var app = new AppFactory(db, clock, NoQueue);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var builder = app.Service<DailyMetricsBuilder>();
        // Another tenant's activity on the same days counts only for it.
        var otherKit = new ReportsTestKit(db.Db, other.Id);
        await otherKit.CallAsync(L(2, 9, 30), "missed");
        await otherKit.CallAsync(L(3, 9, 30), "missed");

        await SeedAsync(new ReportsTestKit(db.Db, business.Id), clock, async () =>
        {
            await builder.FoldAsync(business);
            await builder.FoldAsync(other);
        });

        var folded = await RowsAsync(app, business.Id);
        folded.Keys.Order().ShouldBe(["2026-03-02", "2026-03-03", "2026-03-04"]);
        var mar2 = folded["2026-03-02"];
        (mar2.Calls, mar2.Missed, mar2.Recovered, mar2.Leads, mar2.Qualified, mar2.Booked, mar2.MessagesIn, mar2.MessagesOut)
            .ShouldBe((5, 3, 3, 4, 2, 0, 2, 3));
        mar2.TextBackSeconds.ShouldBe("[10,30,90]");
        mar2.LeadsBySource.ShouldBe("""{"answered_call":1,"missed_call":3}""");
        Hours(mar2).ShouldBe(new Dictionary<int, int> { [9] = 1, [14] = 1, [23] = 1 });
        var mar3 = folded["2026-03-03"];
        (mar3.Calls, mar3.Missed, mar3.Recovered, mar3.Leads, mar3.Qualified, mar3.Booked, mar3.RecoveredBooked, mar3.JobsCompleted)
            .ShouldBe((1, 1, 0, 1, 0, 2, 2, 1)); // visit A and the completed job's visit (lead A); visit B was cancelled
        (mar3.MessagesIn, mar3.MessagesOut, mar3.OptOuts, mar3.ReviewRequests, mar3.ReviewClicks).ShouldBe((1, 1, 1, 1, 0));
        mar3.TextBackSeconds.ShouldBe("[300]");
        var mar4 = folded["2026-03-04"];
        (mar4.ReviewClicks, mar4.Calls, mar4.ReviewRequests).ShouldBe((1, 0, 0));

        // Nothing changed since the last fold: the next one recomputes no day at all.
        (await builder.FoldAsync(business)).ShouldBe(0);

        await builder.RebuildAsync(business, new LocalDate(2026, 2, 25), new LocalDate(2026, 3, 4));
        (await RowsAsync(app, business.Id)).ShouldBe(folded);

        (await RowsAsync(app, other.Id)).Values.Select(r => (r.Day, r.Calls, r.Missed)).ShouldBe([("2026-03-02", 1, 1), ("2026-03-03", 1, 1)]);
    }

    [Theory, DatabaseData]
    public async Task OverviewAndReport_ReadFoldedDays_AndComputeWhatChangedSinceTheFold(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(10, 12));
        await using var app = new AppFactory(db, clock, NoQueue);
        var business = await app.CreateBusinessAsync();
        var kit = new ReportsTestKit(db.Db, business.Id);
        await kit.CallAsync(L(2, 9), "missed");
        await kit.CallAsync(L(3, 9), "answered");
        await app.Service<DailyMetricsBuilder>().FoldAsync(business);
        // A folded day is read from its stored row, not by scanning that day's calls again: give it figures no scan would find.
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE daily_metrics SET calls = 40, missed = 30 WHERE business_id = @b AND day = '2026-03-02'", new { b = business.Id }, tx.Transaction));

        // After the fold, before the next one: a missed call on the 3rd logged late, and one today.
        clock.Advance(TimeSpan.FromMinutes(10));
        await kit.CallAsync(L(3, 18), "missed", updatedAt: clock.GetUtcNow());
        await kit.CallAsync(L(10, 12, 5), "missed", updatedAt: clock.GetUtcNow());

        var overview = await app.Service<CallRecover.Dashboard.Overview.OverviewQueries>().GetAsync(business);
        (overview.Today.Calls, overview.Today.Missed).ShouldBe((1, 1));
        (overview.Month.Calls, overview.Month.Missed).ShouldBe((40 + 2 + 1, 30 + 1 + 1));
        var report = await app.Service<ReportService>().BuildAsync(business, ReportPeriods.Month, new LocalDate(2026, 3, 1));
        (report["calls"].Value, report["missed"].Value).ShouldBe((43m, 32m));

        // Another business sees none of it.
        var other = await app.Service<CallRecover.Dashboard.Overview.OverviewQueries>().GetAsync(await app.CreateBusinessAsync());
        (other.Month.Calls, other.Today.Calls).ShouldBe((0, 0));
    }

    [Theory, DatabaseData]
    public async Task TwoNodesFoldingAtOnce_WriteTheSameRows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        await using var one = new AppFactory(db, clock, new Dictionary<string, string?>(NoQueue) { ["Queue:NodeName"] = "one" });
        await using var two = new AppFactory(db, clock, new Dictionary<string, string?>(NoQueue) { ["Queue:NodeName"] = "two" });
        var business = await one.CreateBusinessAsync();
        await SeedAsync(new ReportsTestKit(db.Db, business.Id), clock, () => Task.WhenAll(
            one.Service<DailyMetricsBuilder>().FoldAsync(business), two.Service<DailyMetricsBuilder>().FoldAsync(business)));
        var folded = await RowsAsync(one, business.Id);
        await one.Service<DailyMetricsBuilder>().RebuildAsync(business, new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 4));
        (await RowsAsync(one, business.Id)).ShouldBe(folded);
        folded["2026-03-02"].Recovered.ShouldBe(3);
    }

    private static Dictionary<int, int> Hours(DailyMetrics m) =>
        CallRecover.Common.Json.Deserialize<int[]>(m.MissedByHour).Select((n, h) => (n, h)).Where(x => x.n > 0).ToDictionary(x => x.h, x => x.n);
}
