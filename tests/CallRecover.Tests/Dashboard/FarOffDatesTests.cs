using System.Net;
using System.Net.Http.Json;
using CallRecover.Estimates;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Dashboard;

/// <summary>Years like 9999 overflow calendar arithmetic: every page and API that takes a day says so instead of failing.</summary>
public sealed class FarOffDatesTests
{
    [Theory, DatabaseData]
    public async Task FarOffDays_GetAMessage_NeverAServerError(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow());
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        var calls = await owner.GetAsync("/calls?to=9999-12-31");
        calls.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await calls.Content.ReadAsStringAsync()).ShouldContain("The end date: Choose a day between the years 2000 and 2100.");

        var week = await owner.GetAsync("/appointments?week=9999-12-31");
        week.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await week.Content.ReadAsStringAsync()).ShouldContain("Choose a day between the years 2000 and 2100. Showing this week.");

        var url = $"/leads/{thread.LeadId}";
        var book = await owner.PostFormAsync(url, url, ("_handler", "book"), ("date", "9999-12-31"), ("time", "23:59"), ("minutes", "60"));
        book.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await book.Content.ReadAsStringAsync()).ShouldContain("Choose a day between the years 2000 and 2100.");

        var api = app.OperatorClient();
        var create = await api.PostAsJsonAsync($"/api/admin/businesses/{business.Id}/appointments",
            new { leadId = thread.LeadId, start = "9999-12-31T09:00:00-05:00", notifyCaller = false });
        create.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await create.Content.ReadAsStringAsync()).ShouldContain("between the years 2000 and 2100");
        (await app.Service<CallRecover.Booking.AppointmentStore>().ForLeadAsync(business.Id, thread.LeadId)).ShouldBeEmpty();
    }

    [Fact]
    public void AServiceWithThousandsOfKeywords_IsRefused()
    {
        var errors = new Dictionary<string, string[]>();
        var entry = new ServiceCatalogService.EntryInput("Zed", 1, 10, [.. Enumerable.Range(0, 5000).Select(i => "w" + i)], null, null);
        ServiceCatalogService.Validate(entry, null, errors).ShouldBeNull();
        errors["keywords"].ShouldHaveSingleItem().ShouldContain("30 words");
        ServiceCatalogService.Validate(entry with { Keywords = ["brakes", "squeaking"] }, null, []).ShouldNotBeNull();
    }
}
