using System.Net;
using CallRecover.Dashboard.Shared;
using CallRecover.Data;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Dashboard;

/// <summary>The business row is read once per request and shared by the layout and the page.</summary>
public sealed class CurrentBusinessTests
{
    [Theory, DatabaseData]
    public async Task OneRequest_SharesOneRead_AndTheNextRequestReadsAgain(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();

        using (var request = app.Services.CreateScope())
        {
            var current = request.ServiceProvider.GetRequiredService<CurrentBusiness>();
            var first = current.GetAsync(business.Id);
            current.GetAsync(business.Id).ShouldBeSameAs(first);
            (await first)!.Name.ShouldBe(business.Name);
        }

        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE businesses SET name = 'Renamed HVAC' WHERE id = @Id", new { business.Id }, tx.Transaction));
        using (var request = app.Services.CreateScope())
            (await request.ServiceProvider.GetRequiredService<CurrentBusiness>().GetAsync(business.Id))!.Name.ShouldBe("Renamed HVAC");
    }

    [Theory, DatabaseData]
    public async Task SettingsSave_TheRedirectedPageShowsTheSavedValues(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "settings", ["timeZone"] = "America/Chicago", ["services"] = string.Join("\n", business.Services),
            ["averageJobValue"] = "425", ["reviewUrl"] = "", ["greeting"] = "", ["aiInstructions"] = "",
            ["sms"] = "on", ["email"] = "on", ["quietStart"] = "21:00", ["quietEnd"] = "07:00",
        };
        foreach (var d in WeeklyHours.DayNames)
            if (business.BusinessHours.GetValueOrDefault(d) is { } h) { fields["open-" + d] = "on"; fields["from-" + d] = h.Open; fields["to-" + d] = h.Close; }

        var saved = await owner.PostFormAsync("/settings", "/settings", [.. fields.Select(f => (f.Key, f.Value))]);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await owner.GetStringAsync(saved.Headers.Location!.ToString());
        html.ShouldContain("id=\"settings-saved\"");
        html.ShouldContain("id=\"time-zone\" name=\"timeZone\" list=\"zones\" value=\"America/Chicago\"");
        html.ShouldContain("id=\"average-job-value\" name=\"averageJobValue\" inputmode=\"decimal\" value=\"425\"");
        html.ShouldContain(business.Name, customMessage: "the layout shows the business name from the same read");
    }
}
