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

            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Job,Car,Time\nBrake pads,Honda,1.2\nOil change,Ford,lots\nBrake pads,,1.6\n", "guide.csv"));
            PageHarness.Until(page, () => page.FindAll("#guide-errors").Count == 1, "the file's problem shown");
            page.Find("#guide-errors tbody tr").GetAttribute("data-column").ShouldBe("repair", "no column is named repair yet");
            page.Find("#guide-import-go").HasAttribute("disabled").ShouldBeTrue();

            page.Find("#map-repair").Change("Job");
            page.Find("#map-make").Change("Car");
            page.Find("#map-labor_hours").Change("Time");
            PageHarness.Until(page, () => page.FindAll("#guide-errors tbody tr").Count == 1 && page.Find("#guide-errors tbody tr").GetAttribute("data-row") == "3", "the bad row shown");
            page.Find("#guide-errors").TextContent.ShouldContain("\"lots\" is not a number of hours");
            (await app.Service<LaborGuideStore>().ListAsync(business.Id)).ShouldBeEmpty("a preview imports nothing");

            page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Job,Car,Time\nBrake pads,Honda,1.2\nOil change,Ford,0.7\nBrake pads,,1.6\n", "guide.csv"));
            page.Find("#map-repair").Change("Job");
            page.Find("#map-make").Change("Car");
            page.Find("#map-labor_hours").Change("Time");
            PageHarness.Until(page, () => page.FindAll("#guide-ready").Count == 1, "the file is ready");
            page.Find("#guide-ready").TextContent.ShouldContain("3 rows");
            await page.Find("#guide-import-go").ClickAsync(new());
            PageHarness.Until(page, () => page.FindAll("#guide-rows tbody tr").Count == 3, "the new guide shown");
            page.Find("#guide-done").TextContent.ShouldContain("Imported 3 rows");
            page.Find("#guide-rows tbody tr").TextContent.ShouldContain("Honda");
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
            page.FindAll("#guide-import, #guide-file").ShouldBeEmpty();
        }
        await using (var ui = await PageHarness.SignedInAsync(app, other.OwnerEmail))
        {
            var page = ui.Render<LaborGuidePage>();
            page.WaitForElement("#guide-empty");
            page.FindAll("#guide-rows").ShouldBeEmpty();
        }
    }
}
