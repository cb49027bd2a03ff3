using Bunit;
using CallRecover.Audit;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Estimates.Pages;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;

namespace CallRecover.Tests.Estimates;

public sealed class LaborGuidePageTests
{
    [Theory, DatabaseData]
    public async Task Owner_MapsTheirColumns_SeesEachBadRow_ThenImports_AndStaffOnlyRead(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto" });
        var other = await app.CreateBusinessAsync(i => i with { Vertical = "auto" });
        await using (var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail))
        {
            var page = ui.Render<LaborGuidePage>();
            page.WaitForElement("#guide-empty");

            // Each step waits for the page to show its result: a preview reads the catalog, so the page renders again meanwhile.
            bool Shows(params string[] problems) =>
                page.FindAll("#guide-errors tbody tr").Select(r => $"{r.GetAttribute("data-row")}.{r.GetAttribute("data-column")}").SequenceEqual(problems);
            async Task MapAsync(string column, string header, params string[] problems)
            {
                await page.ChangeAsync($"#map-{column}", header);
                PageHarness.Until(page, () => Shows(problems), $"{column} mapped to {header}: {string.Join(", ", problems)}");
            }

            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Job,Car,Time\nBrake pads,Honda,1.2\nOil change,Ford,lots\nBrake pads,,1.6\n", "guide.csv"));
            PageHarness.Until(page, () => Shows("1.repair"), "no column is named repair yet");
            page.Find("#guide-import-go").HasAttribute("disabled").ShouldBeTrue();
            await MapAsync("repair", "Job", "1.labor_hours");
            await MapAsync("labor_hours", "Time", "3.labor_hours", "4.repair");
            page.Find("#guide-errors").TextContent.ShouldContain("The same repair and vehicles as row 2");
            await MapAsync("make", "Car", "3.labor_hours");
            page.Find("#guide-errors").TextContent.ShouldContain("\"lots\" is not a number of hours");
            (await app.Service<LaborGuideStore>().ListAsync(business.Id)).ShouldBeEmpty("a preview imports nothing");

            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Job,Car,Time\nBrake pads,Honda,1.2\nOil change,Ford,0.7\nBrake pads,,1.6\n", "guide.csv"));
            PageHarness.Until(page, () => Shows("1.repair"), "a new file starts with no columns chosen");
            await MapAsync("repair", "Job", "1.labor_hours");
            await MapAsync("labor_hours", "Time", "4.repair");
            await MapAsync("make", "Car");
            PageHarness.Until(page, () => page.FindAll("#guide-ready").Count == 1, "the file is ready");
            page.Find("#guide-ready").TextContent.ShouldContain("3 rows");
            await page.ClickAsync("#guide-import-go");
            PageHarness.Until(page, () => page.FindAll("#guide-rows tbody tr").Count == 3, "the new guide shown");
            page.Find("#guide-done").TextContent.ShouldContain("Imported 3 rows");
            page.Find("#guide-rows tbody tr").TextContent.ShouldContain("Honda");

            // Risk hints: the built-in list until the owner imports their own; a bad file changes nothing.
            page.Find("#hints-list").TextContent.ShouldContain("2012–2016 Ford Focus: clutch shudder common");
            page.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromText("make,model,hint\nFord,Focus,\n", "hints.csv"));
            PageHarness.Until(page, () => page.FindAll("#hints-errors li").Count == 1, "the bad hint row shown");
            page.Find("#hints-errors li").TextContent.ShouldStartWith("Row 2, hint:");
            page.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromText("make,model,year_from,year_to,hint\nFord,Focus,2012,2016,check the clutch first\n", "hints.csv"));
            PageHarness.Until(page, () => page.FindAll("#hints-done").Count == 1, "the hints imported");
            page.Find("#hints-list").TextContent.Trim().ShouldBe("2012–2016 Ford Focus: check the clutch first");
        }
        var stored = await app.Service<LaborGuideStore>().ListAsync(business.Id);
        stored.Select(r => (r.RowNumber, r.Repair, r.Make, r.LaborHours)).ShouldBe([(2, "Brake pads", "Honda", 1.2m), (3, "Oil change", "Ford", 0.7m), (4, "Brake pads", null, 1.6m)]);
        (await AuditLog.ListAsync(db.Db, business.Id, "labor_guide", business.Id)).Single().Actor.ShouldStartWith("user:");

        // Staff read the guide but get no import; another business's owner sees only their own (empty) guide.
        await db.Db.WriteAsync(async tx => await app.Service<UserStore>().InsertAsync(tx, business.Id, "stan@example.com", "Stan Staff", Roles.Staff));
        await using (var ui = await PageHarness.SignedInAsync(app, "stan@example.com"))
        {
            var page = ui.Render<LaborGuidePage>();
            page.WaitForElement("#guide-rows");
            page.FindAll("#guide-rows tbody tr").Count.ShouldBe(3);
            page.FindAll("#guide-import, #guide-file, #hints-file").ShouldBeEmpty();
            // The hints load on their own after the guide: wait for them rather than read an empty list.
            PageHarness.Until(page, () => page.FindAll("#hints-list").Count == 1 && page.Find("#hints-list").TextContent.Trim().Length > 0, "the hints shown");
            page.Find("#hints-list").TextContent.ShouldContain("check the clutch first");
        }
        await using (var ui = await PageHarness.SignedInAsync(app, other.OwnerEmail))
        {
            var page = ui.Render<LaborGuidePage>();
            page.WaitForElement("#guide-empty");
            page.FindAll("#guide-rows").ShouldBeEmpty();
            PageHarness.Until(page, () => page.FindAll("#hints-list").Count == 1 && page.Find("#hints-list").TextContent.Trim().Length > 0, "the built-in hints shown");
            page.Find("#hints-list").TextContent.ShouldNotContain("check the clutch first");
        }
    }
}
