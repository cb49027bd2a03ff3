using System.Net;
using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

/// <summary>The dashboard's Appointments page (week view, list, status buttons) and booking a visit from a lead.</summary>
public sealed class AppointmentsPageTests
{
    private static DateTimeOffset Local(int day, int hour, int minute = 0) =>
        // March 2026 in New York: EST (-5) until Sun Mar 8 02:00, EDT (-4) after.
        new(2026, 3, day, hour, minute, 0, day >= 8 && !(day == 8 && hour < 2) ? TimeSpan.FromHours(-4) : TimeSpan.FromHours(-5));

    /// <summary>The page as the owner reads it (entities such as the en dash decoded).</summary>
    private static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static async Task<Appointment> BookAsync(BookingScenario s, BookingScenario.Caller caller, DateTimeOffset start)
    {
        var result = await s.App.Service<AppointmentAdmin>().CreateAsync(s.Business,
            new NewAppointmentInput { LeadId = caller.Lead.Id, Start = start, NotifyCaller = false }, "test");
        result.Ok.ShouldBeTrue(result.Conflict);
        return result.Appointment!;
    }

    [Theory, DatabaseData]
    public async Task WeekView_ShowsTheWeeksVisitsOnTheirLocalDays_AndPagesBetweenWeeks(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start)); // Tue Mar 3, 10:00 New York
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync("Jane Doe");
        var sunday = await s.QualifiedCallerAsync("Sunday Evening", "9 Late Rd");
        var later = await s.QualifiedCallerAsync("Mike Later", "1 Far Ave");
        await BookAsync(s, jane, Local(4, 9));
        // 20:00 on Sunday in New York is 00:00 Monday in UTC: it belongs to this week's Sunday, not next week.
        var sundayVisit = await BookAsync(s, sunday, Local(8, 20));
        await BookAsync(s, later, Local(10, 14));
        var nameless = await s.QualifiedCallerAsync(name: null!, "5 Quiet Ln");
        await BookAsync(s, nameless, Local(6, 13));
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);

        var week = await PageAsync(owner, "/appointments");
        week.ShouldContain("Mar 2 – Mar 8, 2026");
        week.ShouldContain("Jane Doe");
        week.ShouldContain("9–10am");
        week.ShouldContain("12 Oak St");
        week.ShouldNotContain("Mike Later");
        // A caller who never gave a name is shown by their number.
        week.ShouldContain(CallRecover.Dashboard.Shared.Fmt.Phone(nameless.Lead.Phone));
        var sundayColumn = week[week.IndexOf("data-day=\"2026-03-08\"", StringComparison.Ordinal)..];
        sundayColumn.ShouldContain($"id=\"appt-{sundayVisit.Id}\"");
        sundayColumn.ShouldContain("8–9pm");

        var next = await PageAsync(owner, "/appointments?view=week&week=2026-03-11");
        next.ShouldContain("Mar 9 – Mar 15, 2026");
        next.ShouldContain("Mike Later");
        next.ShouldContain("2–3pm");
        next.ShouldNotContain("Jane Doe");
        next.ShouldNotContain("Sunday Evening");

        var bad = await PageAsync(owner, "/appointments?week=someday");
        bad.ShouldContain("id=\"week-error\"");
        bad.ShouldContain("Jane Doe");
    }

    [Theory, DatabaseData]
    public async Task List_ShowsUpcomingInOrder_FiltersByStatus_AndLooksBack(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var past = await s.QualifiedCallerAsync("Past Customer");
        var soon = await s.QualifiedCallerAsync("Soon Customer");
        var later = await s.QualifiedCallerAsync("Later Customer");
        var done = await BookAsync(s, past, Local(3, 12));
        await BookAsync(s, later, Local(20, 9));
        await BookAsync(s, soon, Local(5, 15));
        clock.Advance(TimeSpan.FromDays(1)); // Wed Mar 4: Tuesday's visit is in the past now.
        (await app.Service<AppointmentAdmin>().ChangeStatusAsync(s.Business, done.Id, new StatusInput { Status = "completed" }, "test")).Ok.ShouldBeTrue();
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);

        var upcoming = await PageAsync(owner, "/appointments?view=list");
        upcoming.ShouldNotContain("Past Customer");
        upcoming.IndexOf("Soon Customer", StringComparison.Ordinal).ShouldBeLessThan(upcoming.IndexOf("Later Customer", StringComparison.Ordinal));
        upcoming.ShouldContain("Thu Mar 5, 2026");

        var completedOnly = await PageAsync(owner, "/appointments?view=list&show=upcoming&status=completed");
        completedOnly.ShouldContain("id=\"appointments-empty\"");

        var pastView = await PageAsync(owner, "/appointments?view=list&show=past&status=completed");
        pastView.ShouldContain("Past Customer");
        pastView.ShouldNotContain("Soon Customer");
        // A completed visit is final: no buttons to move it again.
        pastView.ShouldNotContain("data-move=");
    }

    [Theory, DatabaseData]
    public async Task StatusButtons_MoveAnAppointment_RefuseFinalOnes_AndAreAudited(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var visit = await BookAsync(s, jane, Local(4, 9));
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        var store = app.Service<AppointmentStore>();

        var page = await PageAsync(owner, "/appointments");
        page.ShouldContain($"value=\"{visit.Id}:confirmed\"");
        page.ShouldContain($"value=\"{visit.Id}:cancelled\"");

        var confirm = await owner.PostFormAsync("/appointments", "/appointments", ("_handler", "appointment-status"), ("change", $"{visit.Id}:confirmed"));
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("confirmed");

        // The buttons post back to the view they are on (the list stays a list after the page swaps its regions).
        (await PageAsync(owner, "/appointments?view=list&show=upcoming")).ShouldContain("action=\"/appointments?view=list&show=upcoming\"");
        var complete = await owner.PostFormAsync("/appointments?view=list", "/appointments?view=list", ("_handler", "appointment-status"), ("change", $"{visit.Id}:completed"));
        complete.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        complete.Headers.Location!.ToString().ShouldContain("view=list");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("completed");
        (await s.LeadAsync(jane)).Status.ShouldBe("completed");

        // A stale tab still showing the buttons: the move is refused with the reason, and nothing changes.
        var late = await owner.PostFormAsync("/appointments", "/appointments", ("_handler", "appointment-status"), ("change", $"{visit.Id}:cancelled"));
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()).ShouldContain("completed is final");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("completed");

        var garbage = await owner.PostFormAsync("/appointments", "/appointments", ("_handler", "appointment-status"), ("change", "nonsense"));
        (await garbage.Content.ReadAsStringAsync()).ShouldContain("id=\"appointment-error\"");

        var audit = await AuditLog.ListAsync(db.Db, s.Business.Id, "appointment", visit.Id);
        audit.Count(e => e.Action == "status_changed").ShouldBe(2);
        audit.ShouldAllBe(e => e.Action == "created" || e.Actor.StartsWith("user:"));
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesAppointments_AreNeitherShownNorChangeable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var jane = await a.QualifiedCallerAsync("Jane Of A");
        var visit = await BookAsync(a, jane, Local(4, 9));
        var intruder = await app.SignedInClientAsync(b.Business.OwnerEmail);

        (await PageAsync(intruder, "/appointments")).ShouldNotContain("Jane Of A");
        (await PageAsync(intruder, "/appointments?view=list")).ShouldNotContain("Jane Of A");
        (await PageAsync(intruder, "/api/dashboard/appointments?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z")).ShouldBe("[]");
        var mine = await PageAsync(await app.SignedInClientAsync(a.Business.OwnerEmail), "/api/dashboard/appointments?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z");
        mine.ShouldContain("Jane Of A");
        mine.ShouldContain(visit.Id);
        var backwards = await intruder.GetAsync("/api/dashboard/appointments?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z");
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("'to' must be after 'from'");
        var cancel = await intruder.PostFormAsync("/appointments", "/appointments", ("_handler", "appointment-status"), ("change", $"{visit.Id}:cancelled"));
        cancel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Service<AppointmentStore>().GetAsync(a.Business.Id, visit.Id))!.Status.ShouldBe("scheduled");
        // Booking from the other business's lead page is not possible either: the lead is not found.
        var book = await intruder.PostFormAsync($"/leads/{jane.Lead.Id}", "/appointments", ("_handler", "book"), ("date", "2026-03-05"), ("time", "09:00"));
        // The lead is not found, so its booking form does not exist for them: refused before anything is written.
        ((int)book.StatusCode).ShouldBeOneOf(400, 404);
        (await a.AppointmentsAsync(jane)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task LeadPage_BooksAVisitInLocalTime_TextsTheCaller_AndExplainsBadInput(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var other = await s.QualifiedCallerAsync("Other Caller");
        await BookAsync(s, other, Local(10, 9));
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        var url = $"/leads/{jane.Lead.Id}";
        (await PageAsync(owner, url)).ShouldContain("No visits booked yet.");

        var missingTime = await owner.PostFormAsync(url, url, ("_handler", "book"), ("date", "2026-03-10"), ("time", ""), ("notify", "1"));
        missingTime.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await missingTime.Content.ReadAsStringAsync()).ShouldContain("data-error-for=\"start\"");
        var badLength = await owner.PostFormAsync(url, url, ("_handler", "book"), ("date", "2026-03-10"), ("time", "11:00"), ("minutes", "ninety"));
        (await badLength.Content.ReadAsStringAsync()).ShouldContain("whole number of minutes");
        var overlap = await owner.PostFormAsync(url, url, ("_handler", "book"), ("date", "2026-03-10"), ("time", "09:30"));
        WebUtility.HtmlDecode(await overlap.Content.ReadAsStringAsync()).ShouldContain("id=\"book-conflict\"");
        (await s.AppointmentsAsync(jane)).ShouldBeEmpty();

        // 11:00 on Tue Mar 10 in New York (daylight time since the 8th) is 15:00 UTC.
        var booked = await owner.PostFormAsync(url, url, ("_handler", "book"), ("date", "2026-03-10"), ("time", "11:00"), ("minutes", "90"),
            ("notes", "Side gate"), ("notify", "1"));
        booked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var visit = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        visit.StartAt.ShouldBe(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
        visit.EndAt.ShouldBe(new DateTimeOffset(2026, 3, 10, 16, 30, 0, TimeSpan.Zero));
        visit.Source.ShouldBe("manual");
        visit.Notes.ShouldBe("Side gate");
        (await s.LastTextAsync(jane)).ShouldContain("Tue Mar 10, 11am–12:30pm");
        (await s.LeadAsync(jane)).Status.ShouldBe("booked");

        var page = await PageAsync(owner, url + "?booked=1");
        page.ShouldContain("id=\"book-saved\"");
        page.ShouldContain($"id=\"appt-{visit.Id}\"");
        page.ShouldContain("Tue Mar 10, 2026");
    }
}
