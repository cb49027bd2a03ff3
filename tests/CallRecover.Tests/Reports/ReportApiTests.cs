using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Reports;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Reports.ReportScenario;

namespace CallRecover.Tests.Reports;

/// <summary>The operator's report API over the seeded scenario, against figures counted by hand.</summary>
public sealed class ReportApiTests
{
    private static readonly Dictionary<string, string?> NoQueue = new() { ["Queue:Enabled"] = "false" };

    private static async Task<(AppFactory App, CallRecover.Tenancy.Business Business, CallRecover.Tenancy.Business Other)> SeededAsync(TestDatabase db, FakeClock clock)
    {
        var app = new AppFactory(db, clock, NoQueue);
        var (business, other) = await SeedWithNeighbourAsync(app, clock);
        return (app, business, other);
    }

    private static decimal? Value(JsonElement report, string key, string field = "value")
    {
        var f = report.GetProperty("figures").EnumerateArray().Single(x => x.GetProperty("key").GetString() == key).GetProperty(field);
        return f.ValueKind == JsonValueKind.Null ? null : f.GetDecimal();
    }

    [Theory, DatabaseData]
    public async Task WeeklyReport_MatchesFiguresCountedByHand(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        var (app, business, other) = await SeededAsync(db, clock);
        await using var _ = app;
        // Wednesday noon: Monday and Tuesday come from the folded rows, today (Wednesday) from the source tables.
        var report = await app.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/reports?period=week&start=2026-03-02");

        (report.GetProperty("start").GetString(), report.GetProperty("end").GetString(), report.GetProperty("previousStart").GetString())
            .ShouldBe(("2026-03-02", "2026-03-08", "2026-02-23"));
        var counts = new Dictionary<string, decimal?>
        {
            ["calls"] = 6, ["missed"] = 4, ["recovered"] = 3, ["leads"] = 5, ["qualified"] = 2, ["booked"] = 2, ["recovered_booked"] = 2,
            ["jobs_completed"] = 1, ["messages_in"] = 3, ["messages_out"] = 4, ["opt_outs"] = 1, ["review_requests"] = 1, ["review_clicks"] = 1,
            // Text-back times 10, 30, 90 and 300 s: nearest-rank median is the 2nd, the 90th percentile the 4th.
            ["text_back_median"] = 30, ["text_back_p90"] = 300,
            // No invoices: 2 visits booked by missed callers × $500 (the one approved quote) = $1,000, an estimate.
            ["average_job_value"] = 500, ["recovered_revenue"] = 1000, ["revenue_per_missed_call"] = 250,
            // $300 a month is $69.04 a week (× 12 ÷ 365 × 7); 1000 ÷ 69.04 = 14.48.
            ["subscription_cost"] = 69.04m, ["roi"] = 14.48m, ["invoiced"] = 0, ["paid"] = 0,
        };
        foreach (var (key, expected) in counts) Value(report, key).ShouldBe(expected, key);
        Value(report, "calls", "previous").ShouldBe(0);
        report.GetProperty("revenueIsEstimate").GetBoolean().ShouldBeTrue();
        report.GetProperty("roiLine").GetString().ShouldBe("An estimated $1,000 recovered against $69 of CallRecover: 14.5× return.");
        report.GetProperty("figures").EnumerateArray().ShouldAllBe(f => f.GetProperty("definition").GetString()!.Length > 10);

        report.GetProperty("funnel").EnumerateArray().Select(s => (s.GetProperty("step").GetString(), s.GetProperty("count").ValueKind == JsonValueKind.Null ? -1 : s.GetProperty("count").GetInt32()))
            .ShouldBe([("missed", 4), ("replied", 3), ("qualified", 2), ("booked", 2), ("completed", 1), ("paid", 0)]);
        report.GetProperty("missedByHour").EnumerateArray().Where(h => h.GetProperty("missed").GetInt32() > 0).Select(h => h.GetProperty("hour").GetInt32())
            .ShouldBe([9, 12, 14, 23]);
        report.GetProperty("missedByWeekday").EnumerateArray().Select(w => w.GetProperty("missed").GetInt32()).ShouldBe([3, 1, 0, 0, 0, 0, 0]);
        report.GetProperty("leadSources").EnumerateArray().Select(s => (s.GetProperty("source").GetString(), s.GetProperty("leads").GetInt32()))
            .ShouldBe([("answered_call", 1), ("missed_call", 3), ("voicemail", 1)]);
        var tech = report.GetProperty("technicians").EnumerateArray().ShouldHaveSingleItem();
        (tech.GetProperty("name").GetString(), tech.GetProperty("jobs").GetInt32(), tech.GetProperty("revenue").GetDecimal(), tech.GetProperty("rating").GetDecimal())
            .ShouldBe(("Tina Tech", 1, 500m, 4.8m));
        report.GetProperty("days").GetArrayLength().ShouldBe(7);

        // The same week as a month's slice and the other tenant: nothing of one shows in the other.
        var theirs = await app.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{other.Id}/reports?period=month&start=2026-03-01");
        (Value(theirs, "calls"), Value(theirs, "missed"), Value(theirs, "booked")).ShouldBe((1m, 1m, 0m));
        theirs.GetProperty("technicians").GetArrayLength().ShouldBe(0);
        theirs.GetProperty("ratingNote").GetString().ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task APaidInvoiceOfAMissedCaller_IsRecoveredRevenue_NotAnEstimate(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(CallRecover.Tests.Booking.BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var p = await CallRecover.Tests.Payments.PaymentsScenario.CreateAsync(app);
        var client = app.OperatorClient();
        await p.CompleteJobAsync(client);
        var invoiceId = (await p.InvoiceOfJobAsync(client)).GetProperty("id").GetString()!;
        var payUrl = (await (await client.PostAsync(p.Url($"/invoices/{invoiceId}/send"), null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payUrl").GetString()!;
        var browser = p.PublicClient();
        var checkout = (await browser.PostAsync(new Uri(payUrl).AbsolutePath, null)).Headers.Location!.PathAndQuery;
        (await browser.PostAsync(checkout, null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var lead = await p.ScalarAsync<string>("SELECT source FROM leads WHERE id = @id", new { id = p.Caller.Lead.Id });

        var day = p.S.Business.LocalTime(clock.GetUtcNow()).Date;
        await app.Service<DailyMetricsBuilder>().RebuildAsync(p.S.Business, day, day);
        var month = $"{day.Year:D4}-{day.Month:D2}-01";
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{p.S.Business.Id}/reports?period=month&start={month}");

        Value(report, "invoiced").ShouldBe(250m);
        Value(report, "paid").ShouldBe(250m);
        report.GetProperty("funnel").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "paid").GetProperty("count").GetInt32().ShouldBe(1);
        // The caller came from a missed call: their paid invoice is recovered revenue, no longer an estimate.
        lead.ShouldBe("missed_call");
        report.GetProperty("revenueIsEstimate").GetBoolean().ShouldBeFalse();
        Value(report, "recovered_revenue").ShouldBe(250m);
        // Another business's report shows none of it.
        var other = await CallRecover.Tests.Booking.BookingScenario.CreateAsync(app);
        var theirs = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{other.Business.Id}/reports?period=month&start={month}");
        Value(theirs, "paid").ShouldBe(0m);
    }

    [Theory, DatabaseData]
    public async Task BadInput_Is400NamingTheField_AndCsvHasEveryTable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(L(1, 8));
        var (app, business, _) = await SeededAsync(db, clock);
        await using var __ = app;
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}";
        foreach (var (query, field) in new[] { ("period=year", "period"), ("start=2026-13-01", "start"), ("start=yesterday", "start"), ("start=1800-01-01", "start") })
            foreach (var path in new[] { "/reports", "/reports.csv" })
            {
                var r = await client.GetAsync($"{url}{path}?{query}");
                r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{path}?{query}");
                (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe(field);
            }
        var badTable = await client.GetAsync($"{url}/reports.csv?table=secrets");
        badTable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badTable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("table");
        (await client.PutAsJsonAsync($"{url}/report-settings", new { monthlyCostCents = -5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync($"/api/admin/businesses/nope/reports")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        foreach (var table in ReportCsv.Tables)
        {
            var r = await client.GetAsync($"{url}/reports.csv?period=week&start=2026-03-02&table={table}");
            r.StatusCode.ShouldBe(HttpStatusCode.OK, table);
            r.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var lines = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBeGreaterThan(1, table);
        }
        var figures = await client.GetStringAsync($"{url}/reports.csv?period=week&start=2026-03-02&table=figures");
        figures.ShouldStartWith("Key,Label,Value,Previous,Unit,Definition");
        figures.ShouldContain("recovered_revenue,Recovered revenue (estimate),1000,0,usd,");
    }
}
