using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallRecover.Booking;
using CallRecover.CalendarSync;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.CalendarSync.CalendarTestKit;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallRecover.Tests.CalendarSync;

/// <summary>One request the fake Google received: method, path, bearer token, body (JSON or form).</summary>
public sealed record GoogleRequest(string Method, string Path, string? Bearer, string Body);

/// <summary>
/// Google's OAuth token endpoint and Calendar API on loopback: checks the client credentials and the exact requests, keeps the
/// events written to the primary calendar, and scripts a revoked grant, failures and delays.
/// </summary>
public sealed class FakeGoogle : LoopbackServer
{
    public const string ClientId = "test-client.apps.googleusercontent.com", ClientSecret = "test-google-secret", Code = "the-code", RefreshToken = "1//refresh-token-xyz";
    public ConcurrentQueue<GoogleRequest> Requests { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Events { get; } = new();
    public List<(DateTimeOffset Start, DateTimeOffset End)> Busy { get; set; } = [];
    public bool Revoked { get; set; }
    public int? FreeBusyFailWith { get; set; }
    public TimeSpan FreeBusyDelay { get; set; }
    /// <summary>The next insert keeps the event but answers 500, as if the answer was lost.</summary>
    public bool LoseNextInsertAnswer { get; set; }
    public string RedirectUri { get; set; } = "http://localhost/api/dashboard/calendar/google/callback";
    private int _access;

    public IEnumerable<GoogleRequest> Api => Requests.Where(r => r.Path != "/token");

    public static async Task<FakeGoogle> StartAsync()
    {
        var g = new FakeGoogle();
        await g.StartAsync(app =>
        {
            app.MapPost("/token", (Delegate)g.TokenAsync);
            app.MapPost("/calendar/v3/freeBusy", (Delegate)g.FreeBusyAsync);
            app.MapPost("/calendar/v3/calendars/primary/events", (Delegate)g.InsertAsync);
            app.MapMethods("/calendar/v3/calendars/primary/events/{id}", ["PATCH"], g.PatchAsync);
            app.MapDelete("/calendar/v3/calendars/primary/events/{id}", g.DeleteAsync);
        });
        return g;
    }

    public Dictionary<string, string?> Settings(IDictionary<string, string?> more) => new(more)
    {
        ["CalendarSync:GoogleClientId"] = ClientId, ["CalendarSync:GoogleClientSecret"] = ClientSecret, ["CalendarSync:GoogleAuthUrl"] = Url + "/auth",
        ["CalendarSync:GoogleTokenUrl"] = Url + "/token", ["CalendarSync:GoogleApiBaseUrl"] = Url,
    };

    private async Task<string> RecordAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var auth = http.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new GoogleRequest(http.Request.Method, http.Request.Path, auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null, body));
        return body;
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        var form = QueryHelpers.ParseQuery(await RecordAsync(http));
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        if (form["grant_type"] == "authorization_code")
        {
            if (form["code"] != Code || form["redirect_uri"] != RedirectUri) return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var idToken = "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"email\":\"owner@gmail.example\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";
            return Results.Json(new { access_token = "access-0", refresh_token = RefreshToken, id_token = idToken, expires_in = 3599, token_type = "Bearer" });
        }
        if (form["grant_type"] == "refresh_token")
        {
            if (Revoked || form["refresh_token"] != RefreshToken) return Results.Json(new { error = "invalid_grant", error_description = "Token has been expired or revoked." }, statusCode: 400);
            return Results.Json(new { access_token = $"access-{Interlocked.Increment(ref _access)}", expires_in = 3599, token_type = "Bearer" });
        }
        return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
    }

    private static bool Authorized(GoogleRequest r) => r.Bearer is { } b && b.StartsWith("access-", StringComparison.Ordinal);

    private async Task<IResult> FreeBusyAsync(HttpContext http)
    {
        await RecordAsync(http);
        if (!Authorized(Requests.Last())) return Results.StatusCode(401);
        if (FreeBusyDelay > TimeSpan.Zero) await Task.Delay(FreeBusyDelay);
        if (FreeBusyFailWith is { } status) return Results.Json(new { error = new { code = status, message = "Backend Error" } }, statusCode: status);
        return Results.Json(new
        {
            kind = "calendar#freeBusy",
            calendars = new Dictionary<string, object> { ["primary"] = new { busy = Busy.Select(b => new { start = b.Start.ToString("O"), end = b.End.ToString("O") }) } },
        });
    }

    private async Task<IResult> InsertAsync(HttpContext http)
    {
        var body = JsonNode.Parse(await RecordAsync(http))!.AsObject();
        if (!Authorized(Requests.Last())) return Results.StatusCode(401);
        var id = body["id"]!.GetValue<string>();
        if (!Events.TryAdd(id, body)) return Results.Json(new { error = new { code = 409, message = "The requested identifier already exists." } }, statusCode: 409);
        if (LoseNextInsertAnswer) { LoseNextInsertAnswer = false; return Results.StatusCode(500); }
        return Results.Json(body);
    }

    private async Task<IResult> PatchAsync(string id, HttpContext http)
    {
        var body = JsonNode.Parse(await RecordAsync(http))!.AsObject();
        if (!Authorized(Requests.Last())) return Results.StatusCode(401);
        if (!Events.TryGetValue(id, out var e)) return Results.StatusCode(404);
        foreach (var (k, v) in body.ToList()) e[k] = v?.DeepClone();
        return Results.Json(e);
    }

    private async Task<IResult> DeleteAsync(string id, HttpContext http)
    {
        await RecordAsync(http);
        if (!Authorized(Requests.Last())) return Results.StatusCode(401);
        return Events.TryRemove(id, out _) ? Results.NoContent() : Results.StatusCode(410);
    }
}

public static class CalendarPushes
{
    /// <summary>The queued pushes are done (none pending or running), so a push run by the test does not race the queue's.</summary>
    public static Task DoneAsync(AppFactory app) =>
        Eventually.WaitAsync(async () =>
        {
            await using var conn = await app.Service<Db>().OpenAsync();
            return await Dapper.SqlMapper.ExecuteScalarAsync<int>(conn,
                "SELECT COUNT(*) FROM work_items WHERE kind = 'calendar.push' AND status IN ('pending', 'running')") == 0;
        }, "the queued calendar pushes done");
}

public sealed class GoogleCalendarTests
{
    private static readonly Dictionary<string, string?> Base = new()
    {
        ["Outbound:AllowPrivateTargets"] = "true",
        ["Queue:RunScheduledTasks"] = "false", // the tests sync themselves
        ["Queue:BaseBackoff"] = "00:00:00",
    };

    private static string Url(string businessId, string rest = "/calendar-sync") => $"/api/admin/businesses/{businessId}{rest}";

    /// <summary>The owner's round trip: Connect sends the browser to Google with a state; Google sends it back with the code.</summary>
    private static async Task<HttpResponseMessage> ConnectAsync(HttpClient owner, FakeGoogle google, Func<string, string>? changeState = null, HttpClient? callbackBy = null)
    {
        var start = await owner.GetAsync("/api/dashboard/calendar/google/connect");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = start.Headers.Location!.ToString();
        location.ShouldStartWith(google.Url + "/auth?");
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        query["client_id"].ToString().ShouldBe(FakeGoogle.ClientId);
        query["redirect_uri"].ToString().ShouldBe(google.RedirectUri);
        query["response_type"].ToString().ShouldBe("code");
        query["access_type"].ToString().ShouldBe("offline");
        query["scope"].ToString().ShouldContain("https://www.googleapis.com/auth/calendar.events");
        query["scope"].ToString().ShouldContain("https://www.googleapis.com/auth/calendar.freebusy");
        var state = (changeState ?? (s => s))(query["state"].ToString());
        return await (callbackBy ?? owner).GetAsync($"/api/dashboard/calendar/google/callback?code={FakeGoogle.Code}&state={Uri.EscapeDataString(state)}");
    }

    [Theory, DatabaseData]
    public async Task OwnerConnectsGoogle_TheExactTokenAndFreeBusyRequests_BusyTimeRemovesSlots_OnlyForThatBusiness_AndNoTokenIsShown(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var google = await FakeGoogle.StartAsync();
        google.Busy = [(Z(4, 15), Z(4, 17)), (Z(5, 19), Z(5, 20))];
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), google.Settings(Base));
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(a.Business.OwnerEmail);
        var otherOwner = await app.SignedInClientAsync(b.Business.OwnerEmail);
        var page = await owner.GetStringAsync("/settings/calendar");
        page.ShouldContain("href=\"/api/dashboard/calendar/google/connect\"");
        var before = await OpenSlotsAsync(a);

        // A state made for A's owner is refused when B's owner brings it back (and a tampered one too): nothing is connected.
        var stolen = await ConnectAsync(owner, google, callbackBy: otherOwner);
        stolen.Headers.Location!.ToString().ShouldStartWith("/settings/calendar?connectError=");
        (await owner.GetStringAsync(stolen.Headers.Location!.ToString())).ShouldContain("Not connected: The connection link expired or was started by someone else.");
        // The page shows only reasons we sealed, never text put in a link.
        (await owner.GetStringAsync("/settings/calendar?connectError=Call%20us%20at%20555")).ShouldNotContain("Call us at 555");
        (await ConnectAsync(owner, google, s => s + "x")).Headers.Location!.ToString().ShouldStartWith("/settings/calendar?connectError=");
        google.Requests.ShouldBeEmpty();

        var done = await ConnectAsync(owner, google);
        done.Headers.Location!.ToString().ShouldBe("/settings/calendar?saved=connected");
        var requests = google.Requests.ToArray();
        requests.Length.ShouldBe(3); // the code exchange, a refresh, the free/busy read
        var exchange = QueryHelpers.ParseQuery(requests[0].Body);
        (exchange["grant_type"].ToString(), exchange["code"].ToString(), exchange["redirect_uri"].ToString()).ShouldBe(("authorization_code", FakeGoogle.Code, google.RedirectUri));
        QueryHelpers.ParseQuery(requests[1].Body)["refresh_token"].ToString().ShouldBe(FakeGoogle.RefreshToken);
        var freeBusy = JsonNode.Parse(requests[2].Body)!;
        (requests[2].Method, requests[2].Path, requests[2].Bearer).ShouldBe(("POST", "/calendar/v3/freeBusy", "access-1"));
        freeBusy["timeMin"]!.GetValue<string>().ShouldBe("2026-03-03T15:00:00Z");
        freeBusy["timeMax"]!.GetValue<string>().ShouldBe("2026-05-02T15:00:00Z"); // HorizonDays = 60
        freeBusy["items"]![0]!["id"]!.GetValue<string>().ShouldBe("primary");

        (await StoredBusyAsync(app, a.Business.Id)).ShouldBe([new Busy(Z(4, 15), Z(4, 17)), new Busy(Z(5, 19), Z(5, 20))]);
        var settings = await app.Service<BookingSettingsStore>().GetAsync(a.Business.Id);
        var buffer = TimeSpan.FromMinutes(settings.BufferMinutes);
        var after = await OpenSlotsAsync(a);
        after.ShouldBe([.. before.Where(slot => !google.Busy.Any(x => slot.Start < x.End + buffer && x.Start - buffer < slot.End))]);
        after.Count.ShouldBeLessThan(before.Count);

        page = await owner.GetStringAsync("/settings/calendar");
        page.ShouldContain("Connected as owner@gmail.example: calendar last synced just now");
        page.ShouldContain("2 busy time(s) ahead");
        var view = await app.OperatorClient().GetStringAsync(Url(a.Business.Id));
        var account = JsonNode.Parse(view)!["accounts"]![0]!;
        (account["provider"]!.GetValue<string>(), account["account"]!.GetValue<string>(), account["broken"]!.GetValue<bool>(), account["busyCount"]!.GetValue<int>())
            .ShouldBe(("google", "owner@gmail.example", false, 2));
        JsonNode.Parse(view)!["offered"]![0]!.GetValue<string>().ShouldBe("google");
        foreach (var text in new[] { view, page })
        {
            text.ShouldNotContain(FakeGoogle.RefreshToken);
            text.ShouldNotContain("access-1");
        }
        app.Logs.Lines.ShouldNotContain(l => l.Contains(FakeGoogle.RefreshToken) || l.Contains("access-1") || l.Contains(FakeGoogle.ClientSecret));

        // B sees no account, offers B's slots untouched, and cannot disconnect A's.
        JsonNode.Parse(await app.OperatorClient().GetStringAsync(Url(b.Business.Id)))!["accounts"]!.AsArray().ShouldBeEmpty();
        (await otherOwner.GetStringAsync("/settings/calendar")).ShouldNotContain("owner@gmail.example");
        (await StoredBusyAsync(app, b.Business.Id)).ShouldBeEmpty();
        (await app.OperatorClient().DeleteAsync(Url(b.Business.Id, "/calendar-sync/accounts/google"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Service<CalendarAccounts>().ViewAsync(a.Business.Id)).ShouldHaveSingleItem();
        // Anonymous: no way in.
        (await app.CreateClient().GetAsync("/api/dashboard/calendar/google/connect")).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        // Disconnect: the account and its busy times go.
        (await owner.PostFormAsync("/settings/calendar", "/settings/calendar", ("_handler", "calendar-disconnect-google"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<CalendarAccounts>().ViewAsync(a.Business.Id)).ShouldBeEmpty();
        (await StoredBusyAsync(app, a.Business.Id)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task SlowOrFailingGoogle_FallsBackWithinTwoSeconds_KeepingTheLastGoodBusyTimes_WithTheErrorInWords(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var google = await FakeGoogle.StartAsync();
        google.Busy = [(Z(4, 15), Z(4, 17))];
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock, google.Settings(Base));
        var s = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        await ConnectAsync(owner, google);
        var sync = app.Service<CalendarSyncService>();

        clock.Advance(TimeSpan.FromHours(2));
        google.FreeBusyFailWith = 503;
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(1);
        var synced = await OpenSlotsAsync(s);
        synced.ShouldNotContain(slot => slot.Start < Z(4, 17) && slot.End > Z(4, 15));
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe([new Busy(Z(4, 15), Z(4, 17))]);
        var account = (await sync.ViewAsync(s.Business.Id)).Accounts.ShouldHaveSingleItem();
        account.LastError.ShouldBe("Google Calendar answered with an error (HTTP 503: Backend Error). We try again later.");
        (await owner.GetStringAsync("/settings/calendar")).ShouldContain("calendar last synced 2 h ago");

        // Slower than the 2 s provider timeout: the refresh gives up at 2 s, and offers never wait on it.
        google.FreeBusyFailWith = null;
        google.FreeBusyDelay = TimeSpan.FromSeconds(6);
        var watch = Stopwatch.StartNew();
        var slow = sync.RefreshAsync(s.Business.Id);
        await Task.Delay(200);
        var offerWatch = Stopwatch.StartNew();
        (await OpenSlotsAsync(s)).ShouldBe(synced);
        offerWatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (await slow).ShouldBe(1);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe([new Busy(Z(4, 15), Z(4, 17))]);
        (await sync.ViewAsync(s.Business.Id)).Accounts.ShouldHaveSingleItem().LastError
            .ShouldBe("Google Calendar did not answer within 2 seconds. We keep the last good copy and try again.");
    }

    [Theory, DatabaseData]
    public async Task ABooking_CreatesMovesAndDeletesItsGoogleEventOnceEach_AlsoWhenThePushIsRetried_AndAnotherBusinesssBookingsNeverGoThere(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var google = await FakeGoogle.StartAsync();
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), google.Settings(Base));
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        await ConnectAsync(await app.SignedInClientAsync(s.Business.OwnerEmail), google);
        var store = app.Service<AppointmentStore>();
        var accounts = app.Service<CalendarAccounts>();
        int Count(string method) => google.Api.Count(r => r.Method == method && r.Path.Contains("/events", StringComparison.Ordinal));

        // The first insert's answer is lost after Google made the event: the queue's retry finds it (409) and updates it in place.
        google.LoseNextInsertAnswer = true;
        var jane = await s.QualifiedCallerAsync();
        var a = await VisitAsync(s, jane, Z(4, 15));
        var id = GoogleCalendar.EventId(a.Id);
        await Eventually.WaitAsync(() => app.Service<CalendarSyncStore>().EventAsync(s.Business.Id, accounts.ViewAsync(s.Business.Id).Result[0].Id, a.Id),
            l => l is not null, "the event recorded");
        google.Events.Keys.ShouldBe([id]);
        var e = google.Events[id];
        e["summary"]!.GetValue<string>().ShouldBe("AC repair – Jane Doe");
        e["location"]!.GetValue<string>().ShouldBe("12 Oak St");
        e["start"]!["dateTime"]!.GetValue<string>().ShouldBe("2026-03-04T15:00:00Z");
        e["start"]!["timeZone"]!.GetValue<string>().ShouldBe(s.Business.TimeZone);
        e["end"]!["dateTime"]!.GetValue<string>().ShouldBe("2026-03-04T16:00:00Z");
        e.ToJsonString().ShouldNotContain(jane.Lead.Phone);
        (Count("POST"), Count("PATCH")).ShouldBe((2, 1)); // the lost answer, the retry's 409, its update
        google.Api.Where(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal))
            .ShouldAllBe(r => JsonNode.Parse(r.Body)!["id"]!.GetValue<string>() == id);

        // Running the same push again (a retried job) writes nothing: the event is as it should be.
        await CalendarPushes.DoneAsync(app);
        var calls = google.Api.Count();
        await accounts.PushAsync(s.Business.Id, a.Id);
        google.Api.Count().ShouldBe(calls);

        // Moved: one update in place, the same event.
        (await s.Db.WriteAsync(tx => store.TryMoveAsync(tx, s.Business.Id, a.Id, Z(5, 18), Z(5, 19), 0))).ShouldBeTrue();
        await Eventually.WaitAsync(() => Task.FromResult(Count("PATCH")), n => n == 2, "the move pushed");
        await CalendarPushes.DoneAsync(app);
        await accounts.PushAsync(s.Business.Id, a.Id);
        google.Events.Keys.ShouldBe([id]);
        google.Events[id]["start"]!["dateTime"]!.GetValue<string>().ShouldBe("2026-03-05T18:00:00Z");
        google.Api.Last().Path.ShouldBe($"/calendar/v3/calendars/primary/events/{id}");

        // Another business's booking never reaches this calendar.
        await VisitAsync(other, await other.QualifiedCallerAsync("Bea Other", "1 Far Rd"), Z(4, 15));

        // The customer is erased (data rights): the event loses their name and address, in place.
        var customer = await s.Db.WriteAsync(tx => app.Service<CallRecover.Customers.CustomerStore>().UpsertAsync(tx, s.Business.Id, jane.Lead.Phone, "Jane Doe", null, "12 Oak St"));
        (await app.Service<CallRecover.DataRights.CustomerErasure>().EraseAsync(s.Business.Id, customer.Id, "owner")).ShouldNotBeNull();
        await Eventually.WaitAsync(() => Task.FromResult(Count("PATCH")), n => n == 3, "the erasure pushed");
        google.Events[id]["summary"]!.GetValue<string>().ShouldBe("AC repair – customer");
        google.Events[id].ToJsonString().ShouldNotContain("Jane");
        google.Events[id].ToJsonString().ShouldNotContain("Oak");

        // Cancelled: deleted once, also when the push runs again.
        (await s.Db.WriteAsync(tx => store.TryChangeStatusAsync(tx, s.Business.Id, a.Id, AppointmentStatuses.Scheduled, AppointmentStatuses.Cancelled))).ShouldBeTrue();
        await Eventually.WaitAsync(() => Task.FromResult(Count("DELETE")), n => n == 1, "the cancellation pushed");
        await CalendarPushes.DoneAsync(app);
        await accounts.PushAsync(s.Business.Id, a.Id);
        await Task.Delay(300);
        (Count("POST"), Count("PATCH"), Count("DELETE")).ShouldBe((2, 3, 1));
        google.Events.ShouldBeEmpty();
        google.Api.ShouldAllBe(r => r.Bearer != null && r.Bearer.StartsWith("access-"));
    }

    [Theory, DatabaseData]
    public async Task RevokedAccess_MarksTheAccountBroken_TellsTheOwnerOnce_SlotsFallBackToOurOwnData_AndNothingIsPushed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var google = await FakeGoogle.StartAsync();
        google.Busy = [(Z(4, 15), Z(4, 17))];
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), google.Settings(Base));
        var s = await BookingScenario.CreateAsync(app);
        var before = await OpenSlotsAsync(s);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        await ConnectAsync(owner, google);
        (await OpenSlotsAsync(s)).Count.ShouldBeLessThan(before.Count);

        google.Revoked = true;
        var sync = app.Service<CalendarSyncService>();
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(1);
        (await sync.RefreshAsync(s.Business.Id)).ShouldBe(1);
        (await OpenSlotsAsync(s)).ShouldBe(before);
        var account = (await sync.ViewAsync(s.Business.Id)).Accounts.ShouldHaveSingleItem();
        account.Broken.ShouldBeTrue();
        account.LastError.ShouldBe("Google Calendar no longer lets us use your calendar (the access was removed or has expired). Connect Google Calendar again.");
        var notices = (await s.NotificationsAsync()).Where(n => n.Event == "calendar_disconnected").ToList();
        notices.ShouldHaveSingleItem().Title.ShouldBe("Google Calendar disconnected");
        notices[0].Body.ShouldContain("we offer times from your CallRecover bookings only");
        var page = await owner.GetStringAsync("/settings/calendar");
        page.ShouldContain("Connect again");
        page.ShouldContain("Google Calendar no longer lets us use your calendar");

        // A broken account is not called again: no refresh, and a new booking queues no push.
        var calls = google.Requests.Count;
        await sync.RefreshAsync(s.Business.Id);
        await VisitAsync(s, await s.QualifiedCallerAsync(), Z(4, 19));
        await Task.Delay(300);
        google.Requests.Count.ShouldBe(calls);
        google.Events.ShouldBeEmpty();

        // Connecting again makes it work again.
        google.Revoked = false;
        (await ConnectAsync(owner, google)).Headers.Location!.ToString().ShouldBe("/settings/calendar?saved=connected");
        (await sync.ViewAsync(s.Business.Id)).Accounts.ShouldHaveSingleItem().Broken.ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task WithoutGoogleSettings_GoogleIsNotOffered(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), Base);
        var s = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        (await owner.GetStringAsync("/settings/calendar")).ShouldNotContain("/api/dashboard/calendar/google/connect");
        (await owner.GetAsync("/api/dashboard/calendar/google/connect")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await app.OperatorClient().GetStringAsync(Url(s.Business.Id)))!["offered"]!.AsArray().ShouldBeEmpty();
    }
}
