using System.Net;
using Bunit;
using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Booking.Pages;
using CallRecover.Compliance;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Booking;

/// <summary>
/// The dashboard's Appointments page: week view and list (real HTTP), its live actions on a circuit (bUnit on the real
/// services: status, move by form and by drag, cancel with its confirm step and the text), and booking a visit from a lead.
/// </summary>
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

    /// <summary>The Appointments page live (as on a circuit), signed in as the business's owner.</summary>
    private static async Task<(PageHarness Ui, IRenderedComponent<AppointmentsPage> Page)> OpenAsync(BookingScenario s, string url = "/appointments")
    {
        var ui = await PageHarness.SignedInAsync(s.App, s.Business.OwnerEmail);
        ui.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        var page = ui.Render<AppointmentsPage>();
        page.WaitForElement("#appointment-board");
        return (ui, page);
    }

    private static string Text(IRenderedComponent<AppointmentsPage> page, string selector) => WebUtility.HtmlDecode(page.Find(selector).TextContent);

    // Each action publishes a live event and the page reloads itself a moment later; finding the element and firing its
    // event on the renderer's dispatcher keeps that reload from landing in between.
    private static Task DragStartAsync(IRenderedComponent<AppointmentsPage> page, string selector) => page.InvokeAsync(() => page.Find(selector).DragStartAsync(new()));
    private static Task DropAsync(IRenderedComponent<AppointmentsPage> page, string selector) => page.InvokeAsync(() => page.Find(selector).DropAsync(new()));

    [Theory, DatabaseData]
    public async Task StatusButtons_MoveAnAppointment_WithOneTap_FinalOnesHaveNone_AndAreAudited(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var visit = await BookAsync(s, jane, Local(4, 9));
        var store = app.Service<AppointmentStore>();
        var (ui, page) = await OpenAsync(s);
        await using var _ = ui;

        page.Find("h1").GetAttribute("data-live").ShouldBe("on");
        await page.ClickAsync($"#appt-{visit.Id} [data-move=confirmed]");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("confirmed");
        PageHarness.Until(page, () => page.Find($"#appt-{visit.Id}").GetAttribute("data-status") == "confirmed", "the visit shows confirmed");
        page.FindAll($"#appt-{visit.Id} [data-move=confirmed]").ShouldBeEmpty();

        await page.ClickAsync($"#appt-{visit.Id} [data-move=completed]");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("completed");
        (await s.LeadAsync(jane)).Status.ShouldBe("completed");
        // Completed is final: no buttons to move it again, and no text went to the caller for it.
        PageHarness.Until(page, () => page.FindAll($"#appt-{visit.Id} button").Count == 0, "a completed visit has no actions");
        (await s.OutboundAsync(jane)).ShouldBeEmpty();

        // A stale tab still holding the visit: the move is refused with the reason, and nothing changes.
        var late = await app.Service<AppointmentAdmin>().ChangeStatusAsync(s.Business, visit.Id, new StatusInput { Status = "cancelled" }, ui.User.Actor);
        late.Conflict.ShouldNotBeNull().ShouldContain("completed is final");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("completed");

        var audit = await AuditLog.ListAsync(db.Db, s.Business.Id, "appointment", visit.Id);
        audit.Count(e => e.Action == "status_changed").ShouldBe(2);
        audit.ShouldAllBe(e => e.Action == "created" || e.Actor.StartsWith("user:"));
    }

    [Theory, DatabaseData]
    public async Task MoveForm_ReschedulesInLocalTime_TextsTheNewTime_AndExplainsWhatIsRefused(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var other = await s.QualifiedCallerAsync("Other Caller", "3 Elm St");
        var visit = await BookAsync(s, jane, Local(4, 9));
        await BookAsync(s, other, Local(6, 9));
        var store = app.Service<AppointmentStore>();
        var (ui, page) = await OpenAsync(s);
        await using var _ = ui;

        await page.ClickAsync($"#appt-{visit.Id} [data-action=move]");
        page.Find($"#move-date-{visit.Id}").GetAttribute("value").ShouldBe("2026-03-04");
        page.Find($"#move-time-{visit.Id}").GetAttribute("value").ShouldBe("09:00");
        page.Find($"#move-notify-{visit.Id}").HasAttribute("checked").ShouldBeTrue("the caller can be texted, so the text is on by default");

        // Overlapping another visit: refused in words, nothing moved, nothing texted.
        await page.ChangeAsync($"#move-date-{visit.Id}", "2026-03-06");
        await page.ChangeAsync($"#move-time-{visit.Id}", "09:30");
        await page.SubmitAsync("#move-form");
        Text(page, "#appointment-error").ShouldContain("Another appointment overlaps Fri Mar 6, 9:30–10:30am");
        (await store.GetAsync(s.Business.Id, visit.Id))!.StartAt.ShouldBe(visit.StartAt);

        await page.ChangeAsync($"#move-date-{visit.Id}", "2026-03-02");
        await page.SubmitAsync("#move-form");
        Text(page, "[data-error-for=start]").ShouldContain("in the past");
        await page.ChangeAsync($"#move-minutes-{visit.Id}", "ninety");
        await page.SubmitAsync("#move-form");
        Text(page, "[data-error-for=durationMinutes]").ShouldContain("whole number of minutes");
        (await s.OutboundAsync(jane)).ShouldBeEmpty();

        // 2:30 pm on Thu Mar 5 in New York is 19:30 UTC.
        await page.ChangeAsync($"#move-date-{visit.Id}", "2026-03-05");
        await page.ChangeAsync($"#move-time-{visit.Id}", "14:30");
        await page.ChangeAsync($"#move-minutes-{visit.Id}", "90");
        await page.SubmitAsync("#move-form");
        var moved = (await store.GetAsync(s.Business.Id, visit.Id))!;
        moved.StartAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 19, 30, 0, TimeSpan.Zero));
        moved.EndAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 21, 0, 0, TimeSpan.Zero));
        moved.IcsSequence.ShouldBeGreaterThan(visit.IcsSequence);
        var text = (await s.OutboundAsync(jane)).ShouldHaveSingleItem();
        text.Body.ShouldContain("moved to Thu Mar 5, 2:30–4pm");
        text.Sender.ShouldBe("human");
        text.ConversationId.ShouldBe(jane.Conversation.Id);
        Text(page, "#appointment-notice").ShouldContain("Moved Jane to Thu 5 Mar 2:30 PM");
        page.FindAll("#move-form").ShouldBeEmpty();
        PageHarness.Until(page, () => page.Find("[data-day='2026-03-05']").InnerHtml.Contains($"appt-{visit.Id}"), "the visit shows on Thursday");

        // Without the text: moved, and the caller is not texted again.
        await page.ClickAsync($"#appt-{visit.Id} [data-action=move]");
        await page.ChangeAsync($"#move-time-{visit.Id}", "15:00");
        await page.ChangeAsync($"#move-notify-{visit.Id}", false);
        await page.SubmitAsync("#move-form");
        (await store.GetAsync(s.Business.Id, visit.Id))!.StartAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 20, 0, 0, TimeSpan.Zero));
        (await s.OutboundAsync(jane)).Count.ShouldBe(1);
        (await AuditLog.ListAsync(db.Db, s.Business.Id, "appointment", visit.Id)).Count(e => e.Action == "rescheduled" && e.Actor == ui.User.Actor).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task DraggingAVisit_ToAnotherHourOfTheWeek_ReschedulesIt_AndATakenHourIsRefusedInWords(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var other = await s.QualifiedCallerAsync("Other Caller", "3 Elm St");
        var visit = await BookAsync(s, jane, Local(4, 9, 30));
        await BookAsync(s, other, Local(6, 11));
        var store = app.Service<AppointmentStore>();
        var (ui, page) = await OpenAsync(s, "/appointments?view=week&week=2026-03-04");
        await using var _ = ui;

        // Cells per day and hour within business hours (8:00–17:00 on weekdays); the visit sits in Wednesday's 9am.
        page.FindAll("[data-day='2026-03-04'] [data-slot]").Count.ShouldBe(9);
        page.Find("[data-slot='2026-03-04T09']").InnerHtml.ShouldContain($"appt-{visit.Id}");
        page.Find($"#appt-{visit.Id}").GetAttribute("draggable").ShouldBe("true");

        await DragStartAsync(page, $"#appt-{visit.Id}");
        await DropAsync(page, "[data-slot='2026-03-05T14']");
        var moved = (await store.GetAsync(s.Business.Id, visit.Id))!;
        // Dropped on Thursday 2pm: it keeps its half past and its length.
        moved.StartAt.ShouldBe(Local(5, 14, 30));
        moved.EndAt.ShouldBe(Local(5, 15, 30));
        (await s.LastTextAsync(jane)).ShouldContain("moved to Thu Mar 5, 2:30–3:30pm");
        PageHarness.Until(page, () => page.Find("[data-slot='2026-03-05T14']").InnerHtml.Contains($"appt-{visit.Id}"), "the visit shows in its new cell");

        await DragStartAsync(page, $"#appt-{visit.Id}");
        await DropAsync(page, "[data-slot='2026-03-06T11']");
        Text(page, "#appointment-error").ShouldContain("Another appointment overlaps Fri Mar 6, 11:30am–12:30pm");
        (await store.GetAsync(s.Business.Id, visit.Id))!.StartAt.ShouldBe(Local(5, 14, 30));

        // A drop with nothing dragged (a file from the desktop, say) changes nothing.
        await DropAsync(page, "[data-slot='2026-03-06T15']");
        (await store.GetAsync(s.Business.Id, visit.Id))!.StartAt.ShouldBe(Local(5, 14, 30));
    }

    [Theory, DatabaseData]
    public async Task Cancel_AsksFirst_SayingTheCustomerWillBeTexted_ThenCancelsAndTextsThemOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var visit = await BookAsync(s, jane, Local(4, 9));
        var store = app.Service<AppointmentStore>();
        var (ui, page) = await OpenAsync(s, "/appointments?view=list");
        await using var _ = ui;

        await page.ClickAsync($"#appt-{visit.Id} [data-action=cancel]");
        Text(page, "#cancel-question").ShouldBe(
            $"Cancel Wed 4 Mar 9:00 AM with Jane? We'll text {CallRecover.Dashboard.Shared.Fmt.Phone(jane.Lead.Phone)} that the visit is cancelled.", StringCompareShould.IgnoreCase);
        Text(page, "#cancel-confirm").Trim().ShouldBe("Yes, cancel and text Jane");
        // Nothing happens until the person confirms; "Keep" closes the step.
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("scheduled");
        await page.ClickAsync("#cancel-keep");
        page.FindAll("#cancel-step").ShouldBeEmpty();
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("scheduled");

        await page.ClickAsync($"#appt-{visit.Id} [data-action=cancel]");
        await page.ClickAsync("#cancel-confirm");
        (await store.GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("cancelled");
        (await s.LeadAsync(jane)).Status.ShouldBe("qualified");
        var text = (await s.OutboundAsync(jane)).ShouldHaveSingleItem();
        text.Body.ShouldBe($"{s.Business.Name}: your visit on Wed Mar 4, 9–10am at 12 Oak St is cancelled. Reply or call us to book a new time.");
        text.Status.ShouldNotBe("blocked"); // queued, or already with the carrier: the queue runs in this app
        text.PolicyReason.ShouldBeNull();
        text.Purpose.ShouldBe("booking");
        text.ConversationId.ShouldBe(jane.Conversation.Id);
        Text(page, "#appointment-notice").ShouldContain("We're texting");
        PageHarness.Until(page, () => page.Find($"#appt-{visit.Id}").GetAttribute("data-status") == "cancelled", "the visit shows cancelled");
        page.FindAll($"#appt-{visit.Id} button").ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Cancel_ForACallerWhoOptedOut_SaysTheyWontBeTexted_AndTextsNobody(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var visit = await BookAsync(s, jane, Local(4, 9));
        await db.Db.WriteAsync(tx => app.Service<OptOutStore>().OptOutAsync(tx, s.Business.Id, jane.Lead.Phone, "STOP"));
        var (ui, page) = await OpenAsync(s);
        await using var _ = ui;

        await page.ClickAsync($"#appt-{visit.Id} [data-action=cancel]");
        Text(page, "#cancel-question").ShouldContain("Cancel Wed 4 Mar 9:00 AM with Jane? They won't be texted (they opted out) — call them");
        Text(page, "#cancel-confirm").Trim().ShouldBe("Yes, cancel the visit");
        await page.ClickAsync("#cancel-confirm");
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, visit.Id))!.Status.ShouldBe("cancelled");
        (await s.OutboundAsync(jane)).ShouldBeEmpty();

        // The move form knows too: the text is off and says why.
        var later = await BookAsync(s, jane, Local(5, 9));
        PageHarness.Until(page, () => page.FindAll($"#appt-{later.Id}").Count == 1, "the new visit shows live");
        await page.ClickAsync($"#appt-{later.Id} [data-action=move]");
        page.Find($"#move-notify-{later.Id}").HasAttribute("checked").ShouldBeFalse();
        Text(page, "#move-no-text").ShouldContain("they opted out");
    }

    [Theory, DatabaseData]
    public async Task AVisitBookedByText_AppearsOnTheOpenPage_WithoutReload(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var (ui, page) = await OpenAsync(s);
        await using var _ = ui;
        page.FindAll(".appt").ShouldBeEmpty();

        // The caller is offered times by text and picks the first.
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "1");
        var visit = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        visit.Source.ShouldBe("sms");
        PageHarness.Until(page, () => page.FindAll($"#appt-{visit.Id}").Count == 1, "the visit booked by text shows live");
        page.Find($"#appt-{visit.Id}").TextContent.ShouldContain("Jane Doe");
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesAppointments_AreNeitherShownNorReschedulableNorCancellable(string provider)
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
        var (ui, page) = await OpenAsync(b);
        await using var _ = ui;
        page.FindAll($"#appt-{visit.Id}").ShouldBeEmpty();
        page.Markup.ShouldNotContain("Jane Of A");
        // The page acts only on the visits it shows, for the signed-in user's business: the same services, asked for
        // the other business's id as that user, find nothing and change nothing.
        var admin = app.Service<AppointmentAdmin>();
        (await admin.PreviewAsync(b.Business, visit.Id)).ShouldBeNull();
        (await admin.RescheduleAsync(b.Business, visit.Id, new RescheduleInput { Start = Local(5, 9) }, ui.User.Actor)).NotFound.ShouldBeTrue();
        (await admin.ChangeStatusAsync(b.Business, visit.Id, new StatusInput { Status = "cancelled" }, ui.User.Actor)).NotFound.ShouldBeTrue();
        var stored = (await app.Service<AppointmentStore>().GetAsync(a.Business.Id, visit.Id))!;
        stored.Status.ShouldBe("scheduled");
        stored.StartAt.ShouldBe(visit.StartAt);
        (await a.OutboundAsync(jane)).ShouldBeEmpty();

        (await PageAsync(intruder, "/api/dashboard/appointments?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z")).ShouldBe("[]");
        var mine = await PageAsync(await app.SignedInClientAsync(a.Business.OwnerEmail), "/api/dashboard/appointments?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z");
        mine.ShouldContain("Jane Of A");
        mine.ShouldContain(visit.Id);
        var backwards = await intruder.GetAsync("/api/dashboard/appointments?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z");
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("'to' must be after 'from'");
        // The last day of year 9999 overflowed adding the default range (found by probing); the operator's list too.
        var farOff = await intruder.GetAsync("/api/dashboard/appointments?from=9999-12-31");
        farOff.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await farOff.Content.ReadAsStringAsync()).ShouldContain("from must be a day between");
        var operatorFarOff = await app.OperatorClient().GetAsync($"/api/admin/businesses/{a.Business.Id}/appointments?from=9999-12-31");
        operatorFarOff.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await operatorFarOff.Content.ReadAsStringAsync()).ShouldContain("\"from\"");
        // Booking from the other business's lead page is not possible either: the lead is not found.
        var book = await intruder.PostFormAsync($"/leads/{jane.Lead.Id}", "/settings", ("_handler", "book"), ("date", "2026-03-05"), ("time", "09:00"));
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
