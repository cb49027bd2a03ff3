using System.Net;
using CallRecover.CalendarSync;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Jobs;

namespace CallRecover.Tests.CalendarSync;

public sealed class CalendarSettingsPageTests
{
    [Theory, DatabaseData]
    public async Task OwnerPastesAnAddress_SeesTheLastSyncAndErrorsInWords_CopiesAndRotatesTheFeed_OnlyForTheirBusiness(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?>
        {
            ["Outbound:AllowPrivateTargets"] = "true", ["Queue:RunScheduledTasks"] = "false", ["CalendarSync:FetchTimeoutSeconds"] = "1",
        });
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260201T000000Z\r\nDTSTART:20260304T150000Z\r\nDTEND:20260304T160000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        (await owner.GetStringAsync("/settings")).ShouldContain("href=\"/settings/calendar\"");

        var bad = await owner.PostFormAsync("/settings/calendar", "/settings/calendar", ("_handler", "calendar-save"), ("icsUrls", "not a url"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("icsUrls[0]: the address must be an absolute http(s) URL.");

        (await owner.PostFormAsync("/settings/calendar", "/settings/calendar", ("_handler", "calendar-save"), ("icsUrls", ics.CalendarUrl)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        clock.Advance(TimeSpan.FromHours(2));
        ics.FailWith = 503;
        await app.Service<CalendarSyncService>().RefreshAsync(s.Business.Id);
        var page = await owner.GetStringAsync("/settings/calendar");
        page.ShouldContain("calendar last synced 2 h ago");
        page.ShouldContain("1 busy time(s) ahead");
        page.ShouldContain("Last try failed: The calendar provider answered with an error (HTTP 503).");
        var link = await app.Service<CalendarFeeds>().LinkAsync(s.Business.Id, null, "test");
        page.ShouldContain(link);
        page.ShouldContain("data-copy=\"calendar-feed-link\"");

        // The other owner sees neither the address nor the feed, and rotating there leaves this feed alone.
        var otherOwner = await app.SignedInClientAsync(other.Business.OwnerEmail);
        var theirs = await otherOwner.GetStringAsync("/settings/calendar");
        theirs.ShouldNotContain(ics.CalendarUrl);
        theirs.ShouldNotContain(link);
        await otherOwner.PostFormAsync("/settings/calendar", "/settings/calendar", ("_handler", "calendar-rotate"));
        (await app.Service<CalendarFeeds>().LinkAsync(s.Business.Id, null, "test")).ShouldBe(link);

        (await owner.PostFormAsync("/settings/calendar", "/settings/calendar", ("_handler", "calendar-rotate"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var rotated = await app.Service<CalendarFeeds>().LinkAsync(s.Business.Id, null, "test");
        rotated.ShouldNotBe(link);
        (await app.CreateClient().GetAsync(new Uri(link).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task OwnerSetsATechniciansAddress_AndCopiesTheTechniciansFeed_OnTheSamePage(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), new Dictionary<string, string?>
        {
            ["Outbound:AllowPrivateTargets"] = "true", ["Queue:RunScheduledTasks"] = "false", ["CalendarSync:FetchTimeoutSeconds"] = "1",
        });
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260201T000000Z\r\nDTSTART:20260304T150000Z\r\nDTEND:20260304T160000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var s = await BookingScenario.CreateAsync(app);
        var sam = await JobsApi.AddTechnicianAsync(app.OperatorClient(), s, "Sam Rivera");
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        var page = await owner.GetStringAsync("/settings/calendar");
        page.ShouldContain("Sam Rivera");
        page.ShouldContain(await app.Service<CalendarFeeds>().LinkAsync(s.Business.Id, sam, "test"));

        (await owner.PostFormAsync("/settings/calendar", "/settings/calendar", ($"_handler", $"calendar-technician-{sam}"), ("technicianIcsUrls", ics.CalendarUrl)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var source = (await app.Service<CalendarSyncStore>().SourcesAsync(s.Business.Id)).ShouldHaveSingleItem();
        (source.TechnicianId, source.BusyCount).ShouldBe((sam, 1));
        (await app.Service<CalendarSyncService>().ViewAsync(s.Business.Id)).IcsUrls.ShouldBeEmpty();
        (await owner.GetStringAsync("/settings/calendar")).ShouldContain("calendar last synced just now");
    }
}
