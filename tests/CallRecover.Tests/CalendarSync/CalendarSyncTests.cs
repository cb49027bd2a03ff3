using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.CalendarSync;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.CalendarSync.CalendarTestKit;
using CallRecover.Tests.Jobs;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallRecover.Tests.CalendarSync;

/// <summary>A calendar provider's secret iCal address on loopback: ETag, 304 on If-None-Match, scripted failures and delays.</summary>
public sealed class FakeIcsServer : LoopbackServer
{
    public string Body { get; set; } = "";
    public string Etag { get; set; } = "\"v1\"";
    public int? FailWith { get; set; }
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
    public ConcurrentQueue<string?> IfNoneMatch { get; } = new();

    public string CalendarUrl => Url + "/private-abc123/basic.ics";

    public static async Task<FakeIcsServer> StartAsync()
    {
        var server = new FakeIcsServer();
        await server.StartAsync(app => app.MapGet("/private-abc123/basic.ics", server.HandleAsync));
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        IfNoneMatch.Enqueue(http.Request.Headers.IfNoneMatch.Count == 0 ? null : http.Request.Headers.IfNoneMatch.ToString());
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (FailWith is { } status) { http.Response.StatusCode = status; return; }
        if (http.Request.Headers.IfNoneMatch.ToString() == Etag) { http.Response.StatusCode = 304; return; }
        http.Response.Headers.ETag = Etag;
        http.Response.ContentType = "text/calendar; charset=utf-8";
        await http.Response.WriteAsync(Body);
    }
}

public sealed class CalendarSyncTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Outbound:AllowPrivateTargets"] = "true",
        ["Queue:RunScheduledTasks"] = "false", // the tests sync themselves
        ["CalendarSync:FetchTimeoutSeconds"] = "1",
    };

    /// <summary>
    /// Around BookingScenario.Start (Tue Mar 3 2026, 10:00 New York): a weekly 13:00-14:00 New York meeting from Mar 3, four
    /// times, without Mar 10, across the change to summer time on Mar 8; Thu Mar 5 all day; Wed Mar 4 15:00-16:00 London
    /// (10:00-11:00 New York); and a free (TRANSPARENT) event Wed Mar 4 14:00-15:00 New York that takes nothing.
    /// </summary>
    private const string Ics = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Google Inc//Google Calendar 70.9054//EN
        CALSCALE:GREGORIAN
        BEGIN:VEVENT
        UID:weekly@example.com
        DTSTAMP:20260201T000000Z
        DTSTART;TZID=America/New_York:20260303T130000
        DTEND;TZID=America/New_York:20260303T140000
        RRULE:FREQ=WEEKLY;COUNT=4
        EXDATE;TZID=America/New_York:20260310T130000
        SUMMARY:Supplier call
        END:VEVENT
        BEGIN:VEVENT
        UID:allday@example.com
        DTSTAMP:20260201T000000Z
        DTSTART;VALUE=DATE:20260305
        DTEND;VALUE=DATE:20260306
        SUMMARY:Training day
        END:VEVENT
        BEGIN:VEVENT
        UID:london@example.com
        DTSTAMP:20260201T000000Z
        DTSTART;TZID=Europe/London:20260304T150000
        DTEND;TZID=Europe/London:20260304T160000
        SUMMARY:Call with London
        END:VEVENT
        BEGIN:VEVENT
        UID:free@example.com
        DTSTAMP:20260201T000000Z
        DTSTART;TZID=America/New_York:20260304T140000
        DTEND;TZID=America/New_York:20260304T150000
        TRANSP:TRANSPARENT
        SUMMARY:Maybe lunch
        END:VEVENT
        END:VCALENDAR
        """;

    private static readonly Busy[] Expected =
    [
        new(Z(3, 18), Z(3, 19)),   // Tue Mar 3 13:00 EST
        new(Z(4, 15), Z(4, 16)),   // Wed Mar 4 15:00 London = 10:00 EST
        new(Z(5, 5), Z(6, 5)),     // Thu Mar 5, the whole New York day
        new(Z(17, 17), Z(17, 18)), // Tue Mar 17 13:00 EDT (Mar 10 is an exception)
        new(Z(24, 17), Z(24, 18)), // Tue Mar 24 13:00 EDT
    ];

    private static string Url(string businessId, string rest = "/calendar-sync") => $"/api/admin/businesses/{businessId}{rest}";

    /// <summary>Every open slot, as the SMS booking computes them (BookingService's request, the slot finder).</summary>
    [Theory, DatabaseData]
    public async Task Sync_ExpandsRecurrencesExceptionsTimeZonesAndAllDay_IgnoresFreeTime_AndOfferedSlotsAvoidExactlyThatBusyTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Settings);
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = Ics.Replace("\n", "\r\n");
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var before = await OpenSlotsAsync(s);

        var put = await client.PutAsJsonAsync(Url(s.Business.Id), new { icsUrls = new[] { ics.CalendarUrl } }, Json.Options);
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var refreshed = await client.PostAsync(Url(s.Business.Id, "/calendar-sync/refresh"), null);
        var view = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sources")[0];
        view.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        view.GetProperty("busyCount").GetInt32().ShouldBe(5);
        view.GetProperty("lastSyncedAt").GetDateTimeOffset().ShouldBe(BookingScenario.Start);

        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe(Expected);
        // The offered slots are the ones without the calendar, less exactly those the busy times (and the buffer) take.
        var settings = await app.Service<BookingSettingsStore>().GetAsync(s.Business.Id);
        var buffer = TimeSpan.FromMinutes(settings.BufferMinutes);
        var after = await OpenSlotsAsync(s);
        after.ShouldBe([.. before.Where(slot => !Expected.Any(b => slot.Start < b.End + buffer && b.Start - buffer < slot.End))]);
        after.Count.ShouldBeLessThan(before.Count);
        after.ShouldNotContain(slot => slot.Start >= Z(5, 5) && slot.Start < Z(6, 5));
        after.ShouldContain(slot => slot.Start == Z(4, 19)); // the free event's hour (14:00 EST) is still offered
    }

    [Theory, DatabaseData]
    public async Task SecondFetch_IsConditional_AndA304_500OrTimeout_KeepsTheLastGoodBusyTimes_WithTheErrorInWords_WithoutDelayingOffers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock, Settings);
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = Ics.Replace("\n", "\r\n");
        var s = await BookingScenario.CreateAsync(app);
        var sync = app.Service<CalendarSyncService>();
        (await sync.SaveAsync(s.Business.Id, new CalendarSyncService.Input([ics.CalendarUrl]), "test")).Errors.ShouldBeEmpty();
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(0);
        var synced = await OpenSlotsAsync(s);

        clock.Advance(TimeSpan.FromMinutes(15));
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(0);
        ics.IfNoneMatch.ToArray().ShouldBe([null, "\"v1\""]);
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe(Expected);
        var source = (await sync.ViewAsync(s.Business.Id)).Sources.ShouldHaveSingleItem();
        (source.LastSyncedAt, source.LastError).ShouldBe((BookingScenario.Start.AddMinutes(15), null));

        clock.Advance(TimeSpan.FromMinutes(15));
        ics.FailWith = 500;
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(1);
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe(Expected);
        source = (await sync.ViewAsync(s.Business.Id)).Sources.ShouldHaveSingleItem();
        source.LastError.ShouldBe("The calendar provider answered with an error (HTTP 500). We keep the last good copy and try again.");
        source.LastSyncedAt.ShouldBe(BookingScenario.Start.AddMinutes(15));
        CalendarSyncService.Ago(source.LastSyncedAt!.Value, clock.GetUtcNow()).ShouldBe("15 min ago");

        // A provider slower than the fetch timeout (1 s here): while it hangs, offers are computed at once from the stored busy times.
        ics.FailWith = null;
        ics.Delay = TimeSpan.FromSeconds(3);
        var slow = sync.RefreshAsync(s.Business.Id);
        await Task.Delay(200);
        var watch = Stopwatch.StartNew();
        (await OpenSlotsAsync(s)).ShouldBe(synced);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        (await slow).ShouldBe(1);
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe(Expected);
        (await sync.ViewAsync(s.Business.Id)).Sources.ShouldHaveSingleItem().LastError
            .ShouldBe("The calendar provider did not answer within 1 seconds. We keep the last good copy and try again.");
        app.Logs.Lines.ShouldNotContain(l => l.Contains("private-abc123"));
    }

    [Theory, DatabaseData]
    public async Task PrivateOrLoopbackAddress_IsRefused_NamingIcsUrls_UnlessPrivateTargetsAreAllowed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, null, new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" });
        var b = await app.CreateBusinessAsync();
        var client = app.OperatorClient();
        foreach (var url in new[] { "http://127.0.0.1:8080/cal.ics", "http://10.0.0.5/cal.ics", "ftp://example.com/cal.ics" })
        {
            var r = await client.PutAsJsonAsync(Url(b.Id), new { icsUrls = new[] { url } }, Json.Options);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            errors.GetProperty("icsUrls")[0].GetString()!.ShouldStartWith("icsUrls[0]:");
        }
        (await client.PutAsJsonAsync(Url(b.Id), new { }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Service<CalendarSyncStore>().SourcesAsync(b.Id)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Feed_ListsOnlyThatBusinessOrTechniciansLiveVisits_WithoutPhones_AndOtherOrRotatedTokensAre404(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Settings);
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var sam = await JobsApi.AddTechnicianAsync(client, a, "Sam Rivera");
        var jane = await a.QualifiedCallerAsync();
        var joe = await a.QualifiedCallerAsync("Joe Smith", "9 Elm St", "Furnace tune-up");
        var other = await b.QualifiedCallerAsync("Bea Other", "1 Far Rd");
        var janeVisit = await VisitAsync(a, jane, Z(4, 15), null);
        var joeVisit = await VisitAsync(a, joe, Z(5, 15), sam);
        var cancelled = await VisitAsync(a, joe, Z(6, 15), null, AppointmentStatuses.Cancelled);
        var otherVisit = await VisitAsync(b, other, Z(4, 15), null);

        var link = (await (await client.GetAsync(Url(a.Business.Id, "/calendar-feed"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        link.ShouldStartWith("http://localhost/calendar/");
        (await (await client.GetAsync(Url(a.Business.Id, "/calendar-feed"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString().ShouldBe(link);
        var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync(new Uri(link).PathAndQuery);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        response.Headers.CacheControl!.Private.ShouldBeTrue();
        var body = await response.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(body)!;
        calendar.Events.Select(e => e.Uid).Order().ShouldBe(new[] { janeVisit.IcsUid, joeVisit.IcsUid }.Order());
        var janeEvent = calendar.Events.Single(e => e.Uid == janeVisit.IcsUid);
        janeEvent.DtStart!.AsUtc.ShouldBe(Z(4, 15).UtcDateTime);
        janeEvent.Location.ShouldBe("12 Oak St");
        janeEvent.Summary.ShouldBe("AC repair – Jane Doe");
        body.ShouldNotContain(cancelled.IcsUid);
        body.ShouldNotContain(otherVisit.IcsUid);
        // Two parsers we did not write read the same two visits: Python's icalendar and ical.js (Thunderbird's).
        foreach (var parsed in new[] { await Python.ParseIcsEventsAsync(body), await IcalJs.ParseAsync(body) })
        {
            var events = parsed.GetProperty("events").EnumerateArray().ToList();
            events.Select(e => e.GetProperty("uid").GetString()).Order().ShouldBe(new[] { janeVisit.IcsUid, joeVisit.IcsUid }.Order());
            var parsedJane = events.Single(e => e.GetProperty("uid").GetString() == janeVisit.IcsUid);
            DateTimeOffset.Parse(parsedJane.GetProperty("start").GetString()!, CultureInfo.InvariantCulture).ShouldBe(Z(4, 15));
            parsedJane.GetProperty("summary").GetString().ShouldBe("AC repair – Jane Doe");
            parsedJane.GetProperty("location").GetString().ShouldBe("12 Oak St");
        }
        foreach (var phone in new[] { jane.Lead.Phone, joe.Lead.Phone, a.Business.CarrierNumber! })
        {
            body.ShouldNotContain(phone);
            body.ShouldNotContain(Phone.Display(phone));
        }

        // The technician's feed has only Sam's visit; an unknown technician (or another business's) is 404.
        var samLink = (await (await client.GetAsync(Url(a.Business.Id, $"/calendar-feed?technicianId={sam}"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("url").GetString()!;
        samLink.ShouldNotBe(link);
        var samCalendar = Ical.Net.Calendar.Load(await anonymous.GetStringAsync(new Uri(samLink).PathAndQuery))!;
        samCalendar.Events.ShouldHaveSingleItem().Uid.ShouldBe(joeVisit.IcsUid);
        (await client.GetAsync(Url(b.Business.Id, $"/calendar-feed?technicianId={sam}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Business B's feed shows only B's visit; B's rotation leaves A's link working.
        var bLink = (await (await client.GetAsync(Url(b.Business.Id, "/calendar-feed"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var bBody = await anonymous.GetStringAsync(new Uri(bLink).PathAndQuery);
        bBody.ShouldContain(otherVisit.IcsUid);
        bBody.ShouldNotContain(janeVisit.IcsUid);
        (await client.PostAsync(Url(b.Business.Id, "/calendar-feed/rotate"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync(new Uri(bLink).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(new Uri(link).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A's rotation: the old link is 404, the new one works; unknown tokens are 404.
        var rotated = (await (await client.PostAsync(Url(a.Business.Id, "/calendar-feed/rotate"), null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        rotated.ShouldNotBe(link);
        (await anonymous.GetAsync(new Uri(link).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(new Uri(rotated).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/calendar/not-a-real-token-at-all-0123456789.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(new Uri(samLink).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinesssOperatorRoutes_NeverShowOrChangeThisBusinesssCalendars(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Settings);
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = Ics.Replace("\n", "\r\n");
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        (await client.PutAsJsonAsync(Url(a.Business.Id), new { icsUrls = new[] { ics.CalendarUrl } }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await client.PostAsync(Url(a.Business.Id, "/calendar-sync/refresh"), null);

        (await client.GetStringAsync(Url(b.Business.Id))).ShouldNotContain("private-abc123");
        (await client.PutAsJsonAsync(Url(b.Business.Id), new { icsUrls = Array.Empty<string>() }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await client.PostAsync(Url(b.Business.Id, "/calendar-sync/refresh"), null);
        (await app.Service<CalendarSyncService>().ViewAsync(a.Business.Id)).IcsUrls.ShouldBe([ics.CalendarUrl]);
        (await StoredBusyAsync(app, a.Business.Id)).Count.ShouldBe(5);
        (await StoredBusyAsync(app, b.Business.Id)).ShouldBeEmpty();
        // B's offers are not touched by A's calendar.
        (await OpenSlotsAsync(b)).ShouldContain(slot => slot.Start >= Z(5, 14) && slot.Start < Z(5, 22));
    }

    [Theory, DatabaseData]
    public async Task ATechniciansOwnAddress_IsSavedAndSyncedForThatTechnicianOnly_AndAnotherBusinesssTechnicianIs404(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Settings);
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = Ics.Replace("\n", "\r\n");
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var sam = await JobsApi.AddTechnicianAsync(client, a, "Sam Rivera");

        (await client.PutAsJsonAsync(Url(a.Business.Id) + $"?technicianId={sam}", new { icsUrls = new[] { ics.CalendarUrl } }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PutAsJsonAsync(Url(b.Business.Id) + $"?technicianId={sam}", new { icsUrls = new[] { ics.CalendarUrl } }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsJsonAsync(Url(a.Business.Id) + $"?technicianId={sam}", new { icsUrls = new[] { "not a url" } }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var view = await (await client.PostAsync(Url(a.Business.Id, "/calendar-sync/refresh"), null)).Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("icsUrls").GetArrayLength().ShouldBe(0); // the business's own list is untouched
        var source = view.GetProperty("sources").EnumerateArray().ShouldHaveSingleItem();
        (source.GetProperty("technicianId").GetString(), source.GetProperty("busyCount").GetInt32()).ShouldBe((sam, 5));
        // Sam's busy time is Sam's: the business's own offers do not lose those slots.
        (await StoredBusyAsync(app, a.Business.Id)).ShouldBeEmpty();
        (await app.Service<Db>().WriteAsync(tx => app.Service<CalendarSyncStore>().BusyAsync(tx, a.Business.Id, sam, Z(1, 0), Z(1, 0).AddDays(90)))).ShouldBe(Expected);
        // Saving the business's own addresses leaves Sam's alone.
        (await client.PutAsJsonAsync(Url(a.Business.Id), new { icsUrls = Array.Empty<string>() }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<CalendarSyncStore>().SourcesAsync(a.Business.Id)).ShouldHaveSingleItem().TechnicianId.ShouldBe(sam);
    }

    [Theory, DatabaseData]
    public async Task AutoAssign_PassesOverATechnicianBusyInTheirOwnCalendar(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Settings);
        await using var ics = await FakeIcsServer.StartAsync();
        ics.Body = Ics.Replace("\n", "\r\n");
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(address: "12 Oak St, New York, NY 10001");
        var client = app.OperatorClient();
        var pat = await JobsApi.AddTechnicianAsync(client, s, "Pat Lee", ["plumbing"], "10002", 5.0m);
        var sam = await JobsApi.AddTechnicianAsync(client, s, "Sam Rivera", ["furnace"], "10001", 4.8m); // the better fit for a furnace job
        (await client.PutAsJsonAsync(Url(s.Business.Id) + $"?technicianId={sam}", new { icsUrls = new[] { ics.CalendarUrl } }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync(Url(s.Business.Id, "/calendar-sync/refresh"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var jobId = await JobsApi.AddJobAsync(client, s, jane.Lead.Id, "Furnace repair");

        // Wed Mar 4 9–11am: Sam's own calendar is busy 10–11am (15:00 London), so Pat gets it.
        var busy = await client.PostJsonAsync(JobsApi.Url(s, $"/jobs/{jobId}/visits"), new { start = "2026-03-04T09:00:00-05:00", end = "2026-03-04T11:00:00-05:00" });
        busy.StatusCode.ShouldBe(HttpStatusCode.Created, await busy.Content.ReadAsStringAsync());
        (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("technicianId").GetString().ShouldBe(pat);
        // Fri Mar 6 9–11am: nothing in Sam's calendar, so Sam.
        var free = await client.PostJsonAsync(JobsApi.Url(s, $"/jobs/{jobId}/visits"), new { start = "2026-03-06T09:00:00-05:00", end = "2026-03-06T11:00:00-05:00" });
        free.StatusCode.ShouldBe(HttpStatusCode.Created, await free.Content.ReadAsStringAsync());
        (await free.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("technicianId").GetString().ShouldBe(sam);
    }
}
