using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunit;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Estimates.Pages;
using CallRecover.Leads;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Estimates;

/// <summary>The labor guide and risk hint imports through the operator API, VINs on the estimate preview, and the hints on the quote page.</summary>
public sealed class EstimateDataApiTests
{
    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    [Theory, DatabaseData]
    public async Task LaborGuide_GoodFileWithMappedHeaders_ReplacesTheGuide_AndEstimatesSayWhichRowTheyUsed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/labor-guide";

        (await client.PostAsync(url, Csv("repair,labor_hours\nOil change,0.8\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = "Job;Words;Make;Model;From;To;Engine;Time\nBrake pads;brake job;;;;;;1.6\nBrake pads;;Honda;Civic;2016;2021;;1.1\n";
        var response = await client.PostAsync($"{url}?repair=Job&keywords=Words&year_from=From&year_to=To&labor_hours=Time&by=dana", Csv(csv));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        (body.GetProperty("imported").GetInt32(), body.GetProperty("replaced").GetInt32()).ShouldBe((2, 1));

        var guide = await client.GetFromJsonAsync<JsonElement>(url);
        guide.EnumerateArray().Select(r => (r.GetProperty("rowNumber").GetInt32(), r.GetProperty("repair").GetString(), r.GetProperty("laborHours").GetDecimal()))
            .ShouldBe([(2, "Brake pads", 1.6m), (3, "Brake pads", 1.1m)], "the oil change row was replaced, not kept");
        guide[0].GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).ShouldBe(["brake job"]);

        var preview = await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/estimates", new { text = "needs a brake job", vehicle = new { year = 2018, make = "Honda", model = "Civic" } });
        var estimate = await preview.Content.ReadFromJsonAsync<JsonElement>();
        var repair = estimate.GetProperty("repairs")[0];
        (repair.GetProperty("name").GetString(), repair.GetProperty("hours").GetDecimal(), repair.GetProperty("labor").GetDecimal()).ShouldBe(("Brake pads", 1.1m, 110m));
        repair.GetProperty("laborGuide").GetProperty("rowNumber").GetInt32().ShouldBe(3);
        estimate.GetProperty("rules").EnumerateArray().ShouldContain(r => r.GetString()!.StartsWith("labor guide row 3"));

        var audit = await AuditLog.ListAsync(db.Db, business.Id, "labor_guide", business.Id);
        audit.Select(a => (a.Action, a.Actor)).ShouldBe([("imported", "operator"), ("imported", "operator:dana")]);
        audit[1].Details.ShouldContain("\"rows\":2");
    }

    [Theory, DatabaseData]
    public async Task LaborGuide_BadFile_Is400NamingTheFirstBadRowAndColumn_AndChangesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto" });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/labor-guide";
        (await client.PostAsync(url, Csv(LaborGuideTests.Guide))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var bad = "repair,make,labor_hours\nBrake pads,Ford,1.5\nOil change,,0.5\nBrake pads,Honda,soon\nTransmission rebuild,,9\n";
        var response = await client.PostAsync(url, Csv(bad));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Row 4, labor_hours: \"soon\" is not a number of hours");
        (problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()).ShouldBe((4, "labor_hours"));
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["row 4.labor_hours", "row 5.repair"]);

        foreach (var (content, status) in new[]
        {
            (Csv("repair,labor_hours\nBrake pads,1\nBrake pads,\"2\n"), HttpStatusCode.BadRequest),
            (Csv("nothing,here\n1,2\n"), HttpStatusCode.BadRequest),
            (new StringContent("{}", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest),
            (Csv("repair,labor_hours\n" + new string('x', CsvTable.MaxBodyBytes)), HttpStatusCode.BadRequest),
        })
            (await client.PostAsync(url, content)).StatusCode.ShouldBe(status);

        var guide = await client.GetFromJsonAsync<JsonElement>(url);
        guide.GetArrayLength().ShouldBe(11, "a refused file leaves the guide as it was");
        (await AuditLog.ListAsync(db.Db, business.Id, "labor_guide", business.Id)).Count.ShouldBe(1);
    }

    /// <summary>Imports at once each replace the whole guide: the guide ends as one of the files, never a mix or a double.</summary>
    [Theory, DatabaseData]
    public async Task ConcurrentImports_LeaveExactlyOneFilesRows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto" });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/labor-guide";
        var files = Enumerable.Range(1, 8).Select(n => string.Concat(["repair,make,labor_hours\n", .. Enumerable.Range(0, 5).Select(i => $"Brake pads,Make{n}x{i},{n}\n")])).ToList();

        var answers = await Task.WhenAll(files.Select(f => client.PostAsync(url, Csv(f))));

        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        var guide = await client.GetFromJsonAsync<JsonElement>(url);
        guide.GetArrayLength().ShouldBe(5);
        guide.EnumerateArray().Select(r => r.GetProperty("laborHours").GetDecimal()).Distinct().Count().ShouldBe(1, "all rows from one file");
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinesssGuideAndHints_AreUnreachable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var a = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var b = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        (await client.PostAsync($"/api/admin/businesses/{a.Id}/labor-guide", Csv("repair,labor_hours\nBrake pads,3\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync($"/api/admin/businesses/{a.Id}/risk-hints", Csv("make,model,hint\nHonda,Civic,A's own hint\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/labor-guide")).GetArrayLength().ShouldBe(0);
        var bHints = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/risk-hints");
        bHints.GetProperty("builtIn").GetBoolean().ShouldBeTrue();
        bHints.GetRawText().ShouldNotContain("A's own hint");
        var bEstimate = await (await client.PostJsonAsync($"/api/admin/businesses/{b.Id}/estimates", new { text = "brakes" })).Content.ReadFromJsonAsync<JsonElement>();
        bEstimate.GetProperty("repairs")[0].GetProperty("hours").GetDecimal().ShouldBe(1.5m, "A's guide does not price B's estimates");

        foreach (var path in new[] { "labor-guide", "risk-hints" })
        {
            (await client.GetAsync($"/api/admin/businesses/nope/{path}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.PostAsync($"/api/admin/businesses/nope/{path}", Csv("repair,labor_hours\nBrake pads,3\n"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync($"/api/admin/businesses/{a.Id}/labor-guide")).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task EstimatePreview_RefusesABadVin_NamingIt_AndAGoodVinFillsYearAndMake(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/estimates";

        var bad = await client.PostJsonAsync(url, new { text = "brakes", vehicle = new { vin = "1HGCM82633A004353" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("vehicle.vin")[0].GetString()!.ShouldContain("check digit");

        var good = await (await client.PostJsonAsync(url, new { text = "brakes", vehicle = new { vin = "1HGCM82633A004352", model = "Accord" } })).Content.ReadFromJsonAsync<JsonElement>();
        var vehicle = good.GetProperty("vehicle");
        (vehicle.GetProperty("year").GetInt32(), vehicle.GetProperty("make").GetString(), vehicle.GetProperty("model").GetString()).ShouldBe((2003, "Honda", "Accord"));
        good.GetProperty("adjustments").EnumerateArray().Select(x => x.GetProperty("rule").GetString()).ShouldBe(["vehicle_age"], "the year from the VIN counts");

        var bmw = VinTests.WithCheckDigit("WBA3A5C5_CF256551");
        var luxury = await (await client.PostJsonAsync(url, new { text = "brakes", vehicle = new { vin = bmw } })).Content.ReadFromJsonAsync<JsonElement>();
        luxury.GetProperty("adjustments").EnumerateArray().Select(x => x.GetProperty("rule").GetString()).ShouldContain("luxury_make");
    }

    [Theory, DatabaseData]
    public async Task RiskHints_BuiltInUntilImported_BadFileRefused_ShownToStaffOnTheQuote_NeverInTheCustomersText(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var other = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/risk-hints";
        var builtIn = await client.GetFromJsonAsync<JsonElement>(url);
        builtIn.GetProperty("builtIn").GetBoolean().ShouldBeTrue();
        builtIn.GetProperty("hints").EnumerateArray().Select(h => h.GetProperty("text").GetString()).ShouldContain("2012–2016 Ford Focus: clutch shudder common (DPS6 dual-clutch automatic)");

        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await FocusQuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20));
        await using (var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail))
        {
            var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
            page.WaitForElement("#risk-hints");
            page.Find("#risk-hints").TextContent.ShouldContain("2012–2016 Ford Focus: clutch shudder common");
            await page.ClickAsync("#send-quote");
            page.Find("#send-preview").TextContent.ShouldNotContain("clutch");
        }
        var lead = (await app.Service<LeadStore>().GetAsync(business.Id, thread.LeadId))!;
        var stored = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!;
        QuoteService.ComposeSms(business, lead, stored.Quote, stored.Items, null).ShouldNotContain("clutch");
        stored.Items.ShouldAllBe(i => !i.Description.Contains("clutch"));

        var bad = await client.PostAsync(url, new StringContent("make,model,year_from,hint\nFord,Focus,2014,ok\nFord,,2014,\n", Encoding.UTF8, "text/csv"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldStartWith("Row 3, hint:");
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("builtIn").GetBoolean().ShouldBeTrue("a refused file changes nothing");

        var good = await client.PostAsync(url, new StringContent("Make,Model,Years from,Years to,Note\nFord,Focus,2013,2015,our own: check the clutch pack\n", Encoding.UTF8, "text/csv"));
        good.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "Years from / Note are not our columns until mapped");
        (await client.PostAsync($"{url}?year_from=Years%20from&year_to=Years%20to&hint=Note", new StringContent("Make,Model,Years from,Years to,Note\nFord,Focus,2013,2015,our own: check the clutch pack\n", Encoding.UTF8, "text/csv")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var own = await client.GetFromJsonAsync<JsonElement>(url);
        own.GetProperty("builtIn").GetBoolean().ShouldBeFalse();
        own.GetProperty("hints").EnumerateArray().Select(h => h.GetProperty("text").GetString()).ShouldBe(["2013–2015 Ford Focus: our own: check the clutch pack"]);
        (await AuditLog.ListAsync(db.Db, business.Id, "risk_hints", business.Id)).Single().Action.ShouldBe("imported");

        await using (var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail))
        {
            var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
            page.WaitForElement("#risk-hints");
            page.Find("#risk-hints").TextContent.ShouldContain("our own: check the clutch pack");
            page.Find("#risk-hints").TextContent.ShouldNotContain("DPS6", Case.Sensitive, "the business's list replaces the built-in one");
        }
        // Another business's owner cannot open this quote (nor its hints).
        await using (var ui = await PageHarness.SignedInAsync(app, other.OwnerEmail))
        {
            var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
            page.FindAll("#risk-hints").ShouldBeEmpty();
            page.FindAll("#quote-title").ShouldBeEmpty();
        }
    }

    /// <summary>A draft quote for a 2014 Ford Focus (the vehicle as the estimate read it), stored through the real QuoteStore.</summary>
    private static async Task<Quote> FocusQuoteAsync(AppFactory app, string businessId, string leadId, DateTimeOffset at)
    {
        var estimate = new Estimate { Priced = true, Vehicle = new VehicleInfo(2014, "Ford", "Focus SE") };
        IReadOnlyList<QuoteItem> items =
        [
            new() { Id = Ids.New(), Position = 0, Kind = QuoteItemKinds.Labor, Repair = "Brake pads", Description = "Brake pads labor", Hours = 1.5m, Qty = 1.5m, UnitPrice = 100, Amount = 150 },
        ];
        var quote = new Quote
        {
            Id = Ids.New(), BusinessId = businessId, LeadId = leadId, Status = QuoteStatuses.Draft, LaborTotal = 150, Total = 150, Estimate = Json.Serialize(estimate),
            ExpiresAt = at + QuoteService.Validity, CreatedAt = at, UpdatedAt = at,
        };
        await app.Service<Db>().WriteAsync(async tx =>
        {
            await app.Service<QuoteStore>().InsertAsync(tx, quote);
            await app.Service<QuoteStore>().ReplaceItemsAsync(tx, businessId, quote.Id, items);
        });
        return quote;
    }
}
