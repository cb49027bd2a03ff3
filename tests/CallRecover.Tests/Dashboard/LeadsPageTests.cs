using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Dashboard;

public sealed class LeadsPageTests
{
    [Theory, DatabaseData]
    public async Task StatusChips_CountTheBusinessesOwnLeads(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var now = app.Service<TimeProvider>().GetUtcNow();
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-1), leadStatus: "qualified");
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-2), leadStatus: "qualified");
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-3), leadStatus: "booked");
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, other.Id, now.AddHours(-1), leadStatus: "booked");

        var counts = await app.Service<LeadStore>().CountByStatusAsync(business.Id);
        counts.ShouldBe(new Dictionary<string, int> { ["qualified"] = 2, ["booked"] = 1 }, ignoreOrder: true);

        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var html = await owner.GetStringAsync("/leads");
        html.ShouldContain("id=\"status-all\">All (3)</a>");
        html.ShouldContain("id=\"status-qualified\">Qualified (2)</a>");
        html.ShouldContain("id=\"status-booked\">Booked (1)</a>");
        html.ShouldContain("id=\"status-new\">New (0)</a>");
    }
}
