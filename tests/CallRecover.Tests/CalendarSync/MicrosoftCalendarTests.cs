using System.Collections.Concurrent;
using System.Net;
using System.Text;
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

/// <summary>
/// The Microsoft identity platform's token endpoint and Graph's getSchedule and /me/events on loopback: checks the client
/// credentials and the exact requests, rotates the refresh token, keeps the events (a repeated transactionId answers the
/// event already made, as Graph does), and scripts a revoked grant and a lost answer.
/// </summary>
public sealed class FakeGraph : LoopbackServer
{
    public const string ClientId = "11111111-2222-3333-4444-555555555555", ClientSecret = "test-graph-secret", Code = "ms-code", Mailbox = "owner@contoso.example";
    public ConcurrentQueue<GoogleRequest> Requests { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Events { get; } = new();
    public List<(DateTimeOffset Start, DateTimeOffset End, string Status)> Schedule { get; set; } = [];
    public bool Revoked { get; set; }
    public bool LoseNextCreateAnswer { get; set; }
    /// <summary>The refresh token the next refresh must present (each refresh hands out a new one).</summary>
    public string RefreshToken { get; private set; } = "ms-refresh-0";
    public string RedirectUri => "http://localhost/api/dashboard/calendar/microsoft/callback";
    private int _n;

    public IEnumerable<GoogleRequest> Api => Requests.Where(r => !r.Path.EndsWith("/token", StringComparison.Ordinal));

    public static async Task<FakeGraph> StartAsync()
    {
        var g = new FakeGraph();
        await g.StartAsync(app =>
        {
            app.MapPost("/tenant/oauth2/v2.0/token", (Delegate)g.TokenAsync);
            app.MapPost("/v1.0/me/calendar/getSchedule", (Delegate)g.ScheduleAsync);
            app.MapPost("/v1.0/me/events", (Delegate)g.CreateAsync);
            app.MapMethods("/v1.0/me/events/{id}", ["PATCH"], g.PatchAsync);
            app.MapDelete("/v1.0/me/events/{id}", g.DeleteAsync);
        });
        return g;
    }

    public Dictionary<string, string?> Settings(IDictionary<string, string?> more) => new(more)
    {
        ["CalendarSync:MicrosoftClientId"] = ClientId, ["CalendarSync:MicrosoftClientSecret"] = ClientSecret,
        ["CalendarSync:MicrosoftAuthority"] = Url + "/tenant", ["CalendarSync:MicrosoftGraphBaseUrl"] = Url + "/v1.0",
    };

    private async Task<string> RecordAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var auth = http.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new GoogleRequest(http.Request.Method, http.Request.Path, auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null, body));
        return body;
    }

    private bool Authorized() => Requests.Last().Bearer is { } b && b.StartsWith("ms-access-", StringComparison.Ordinal) && !Revoked;

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        var form = QueryHelpers.ParseQuery(await RecordAsync(http));
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        var valid = form["grant_type"] == "authorization_code" ? form["code"] == Code && form["redirect_uri"] == RedirectUri
            : form["grant_type"] == "refresh_token" && !Revoked && form["refresh_token"] == RefreshToken;
        if (!valid) return Results.Json(new { error = "invalid_grant", error_description = "AADSTS50173: The provided grant has expired." }, statusCode: 400);
        var n = Interlocked.Increment(ref _n);
        RefreshToken = $"ms-refresh-{n}";
        var idToken = "eyJ0eXAiOiJKV1QifQ." + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"preferred_username\":\"{Mailbox}\"}}")).TrimEnd('=') + ".sig";
        return Results.Json(new { access_token = $"ms-access-{n}", refresh_token = RefreshToken, id_token = idToken, expires_in = 3600, token_type = "Bearer" });
    }

    private async Task<IResult> ScheduleAsync(HttpContext http)
    {
        await RecordAsync(http);
        if (!Authorized()) return Results.Json(new { error = new { code = "InvalidAuthenticationToken", message = "Access token has expired." } }, statusCode: 401);
        return Results.Json(new
        {
            value = new[]
            {
                new
                {
                    scheduleId = Mailbox,
                    scheduleItems = Schedule.Select(i => new
                    {
                        status = i.Status,
                        start = new { dateTime = i.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff"), timeZone = "UTC" },
                        end = new { dateTime = i.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff"), timeZone = "UTC" },
                    }),
                },
            },
        });
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = JsonNode.Parse(await RecordAsync(http))!.AsObject();
        if (!Authorized()) return Results.StatusCode(401);
        var transaction = body["transactionId"]?.GetValue<string>();
        var existing = Events.Values.FirstOrDefault(e => transaction is not null && e["transactionId"]?.GetValue<string>() == transaction);
        if (existing is not null) return Results.Json(existing, statusCode: 201);
        body["id"] = "AAMk" + Guid.NewGuid().ToString("N");
        Events[body["id"]!.GetValue<string>()] = body;
        if (LoseNextCreateAnswer) { LoseNextCreateAnswer = false; return Results.StatusCode(503); }
        return Results.Json(body, statusCode: 201);
    }

    private async Task<IResult> PatchAsync(string id, HttpContext http)
    {
        var body = JsonNode.Parse(await RecordAsync(http))!.AsObject();
        if (!Authorized()) return Results.StatusCode(401);
        if (!Events.TryGetValue(id, out var e)) return Results.Json(new { error = new { code = "ErrorItemNotFound", message = "Not found." } }, statusCode: 404);
        foreach (var (k, v) in body.ToList()) e[k] = v?.DeepClone();
        return Results.Json(e);
    }

    private async Task<IResult> DeleteAsync(string id, HttpContext http)
    {
        await RecordAsync(http);
        if (!Authorized()) return Results.StatusCode(401);
        return Events.TryRemove(id, out _) ? Results.NoContent() : Results.Json(new { error = new { code = "ErrorItemNotFound", message = "Not found." } }, statusCode: 404);
    }
}

public sealed class MicrosoftCalendarTests
{
    private static readonly Dictionary<string, string?> Base = new()
    {
        ["Outbound:AllowPrivateTargets"] = "true",
        ["Queue:RunScheduledTasks"] = "false",
        ["Queue:BaseBackoff"] = "00:00:00",
    };

    private static async Task<HttpResponseMessage> ConnectAsync(HttpClient owner, FakeGraph graph)
    {
        var start = await owner.GetAsync("/api/dashboard/calendar/microsoft/connect");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = start.Headers.Location!.ToString();
        location.ShouldStartWith(graph.Url + "/tenant/oauth2/v2.0/authorize?");
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        query["client_id"].ToString().ShouldBe(FakeGraph.ClientId);
        query["redirect_uri"].ToString().ShouldBe(graph.RedirectUri);
        query["scope"].ToString().ShouldContain("offline_access");
        query["scope"].ToString().ShouldContain("Calendars.ReadWrite");
        return await owner.GetAsync($"/api/dashboard/calendar/microsoft/callback?code={FakeGraph.Code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    [Theory, DatabaseData]
    public async Task Outlook_ConnectsThroughGraph_GetScheduleBusyRemovesSlots_ABookingIsCreatedMovedAndDeletedOnce_AndRevocationFallsBack(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var graph = await FakeGraph.StartAsync();
        graph.Schedule = [(Z(4, 15), Z(4, 17), "busy"), (Z(5, 15), Z(5, 16), "free"), (Z(6, 15), Z(6, 16), "oof")];
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), graph.Settings(Base));
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var before = await OpenSlotsAsync(s);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        (await owner.GetStringAsync("/settings/calendar")).ShouldContain("href=\"/api/dashboard/calendar/microsoft/connect\"");

        (await ConnectAsync(owner, graph)).Headers.Location!.ToString().ShouldBe("/settings/calendar?saved=connected");
        var schedule = graph.Api.ShouldHaveSingleItem();
        (schedule.Method, schedule.Path, schedule.Bearer).ShouldBe(("POST", "/v1.0/me/calendar/getSchedule", "ms-access-2"));
        // The body exactly as Graph's SDK writes it (its action bodies keep the C# property names; Graph reads them case-insensitively).
        schedule.Body.ShouldBe("""
            {"AvailabilityViewInterval":30,"EndTime":{"dateTime":"2026-05-02T15:00:00","timeZone":"UTC"},"Schedules":["owner@contoso.example"],"StartTime":{"dateTime":"2026-03-03T15:00:00","timeZone":"UTC"}}
            """);
        // Busy and out of office take time; free does not.
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBe([new Busy(Z(4, 15), Z(4, 17)), new Busy(Z(6, 15), Z(6, 16))]);
        var after = await OpenSlotsAsync(s);
        after.Count.ShouldBeLessThan(before.Count);
        after.ShouldNotContain(slot => slot.Start < Z(4, 17) && slot.End > Z(4, 15));
        var account = (await app.Service<CalendarAccounts>().ViewAsync(s.Business.Id)).ShouldHaveSingleItem();
        (account.Provider, account.Account, account.BusyCount).ShouldBe(("microsoft", FakeGraph.Mailbox, 2));
        // The refresh token Microsoft rotated is the one kept: the next refresh presents it.
        (await app.Service<CalendarSyncService>().RefreshAsync(s.Business.Id)).ShouldBe(0);

        // Booked: one event, created once even though the first answer was lost (the retry's transactionId finds it).
        graph.LoseNextCreateAnswer = true;
        var jane = await s.QualifiedCallerAsync();
        var a = await VisitAsync(s, jane, Z(4, 19));
        var sourceId = account.Id;
        await Eventually.WaitAsync(() => app.Service<CalendarSyncStore>().EventAsync(s.Business.Id, sourceId, a.Id), l => l is not null, "the event recorded");
        var e = graph.Events.Values.ShouldHaveSingleItem();
        e["subject"]!.GetValue<string>().ShouldBe("AC repair – Jane Doe");
        e["location"]!["displayName"]!.GetValue<string>().ShouldBe("12 Oak St");
        e["start"]!["dateTime"]!.GetValue<string>().ShouldBe("2026-03-04T19:00:00");
        e["transactionId"]!.GetValue<string>().ShouldBe("callrecover-" + a.Id);
        e.ToJsonString().ShouldNotContain(jane.Lead.Phone);
        var link = await app.Service<CalendarSyncStore>().EventAsync(s.Business.Id, sourceId, a.Id);
        link!.RemoteId.ShouldBe(e["id"]!.GetValue<string>());
        int Count(string method) => graph.Api.Count(r => r.Method == method && r.Path.StartsWith("/v1.0/me/events", StringComparison.Ordinal));
        Count("POST").ShouldBe(2);
        await CalendarPushes.DoneAsync(app);
        await app.Service<CalendarAccounts>().PushAsync(s.Business.Id, a.Id);
        (Count("POST"), Count("PATCH")).ShouldBe((2, 0));

        // Moved: one update in place.
        (await s.Db.WriteAsync(tx => app.Service<AppointmentStore>().TryMoveAsync(tx, s.Business.Id, a.Id, Z(5, 18), Z(5, 19), 0))).ShouldBeTrue();
        await Eventually.WaitAsync(() => Task.FromResult(Count("PATCH")), n => n == 1, "the move pushed");
        graph.Api.Last().Path.ShouldBe($"/v1.0/me/events/{link.RemoteId}");
        graph.Events[link.RemoteId]["start"]!["dateTime"]!.GetValue<string>().ShouldBe("2026-03-05T18:00:00");

        // Another business's booking never reaches this mailbox.
        await VisitAsync(other, await other.QualifiedCallerAsync("Bea Other", "1 Far Rd"), Z(4, 15));

        // Cancelled: deleted once, also when the push runs again.
        (await s.Db.WriteAsync(tx => app.Service<AppointmentStore>().TryChangeStatusAsync(tx, s.Business.Id, a.Id, AppointmentStatuses.Scheduled,
            AppointmentStatuses.Cancelled))).ShouldBeTrue();
        await Eventually.WaitAsync(() => Task.FromResult(Count("DELETE")), n => n == 1, "the cancellation pushed");
        await CalendarPushes.DoneAsync(app);
        await app.Service<CalendarAccounts>().PushAsync(s.Business.Id, a.Id);
        await Task.Delay(300);
        (Count("POST"), Count("PATCH"), Count("DELETE")).ShouldBe((2, 1, 1));
        graph.Events.ShouldBeEmpty();

        // Revoked: broken, the owner told once, its busy times gone (our own data only), nothing called again.
        graph.Revoked = true;
        (await app.Service<CalendarSyncService>().RefreshAsync(s.Business.Id)).ShouldBe(1);
        (await app.Service<CalendarSyncService>().RefreshAsync(s.Business.Id)).ShouldBe(1);
        (await StoredBusyAsync(app, s.Business.Id)).ShouldBeEmpty();
        (await OpenSlotsAsync(s)).ShouldBe(before);
        (await s.NotificationsAsync()).Where(n => n.Event == "calendar_disconnected").ShouldHaveSingleItem().Title.ShouldBe("Outlook Calendar disconnected");
        (await owner.GetStringAsync("/settings/calendar")).ShouldContain("Outlook Calendar no longer lets us use your calendar");
        app.Logs.Lines.ShouldNotContain(l => l.Contains("ms-refresh-") || l.Contains("ms-access-") || l.Contains(FakeGraph.ClientSecret));
    }
}
