using System.Text;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Booking;

public sealed class BookingBySmsTests
{
    private static DateTimeOffset Utc(int d, int h, int m = 0) => new(2026, 3, d, h, m, 0, TimeSpan.Zero);

    private const string ExpectedOffer =
        "Jane, we can come out: 1) Tue Mar 3, 12–1pm 2) Tue Mar 3, 4–5pm 3) Wed Mar 4, 8–9am 4) Thu Mar 5, 4–5pm. Reply with the number that works, or tell us another time.";

    [Theory, DatabaseData]
    public async Task QualifiedLead_GetsOneOfferText_PicksByNumber_AndIsBookedConfirmedAndOwnerEmailedWithIcs(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(address: "12 Oak St, Apt 4");

        await s.QualifyAsync(jane);

        var offerText = (await s.OutboundAsync(jane)).ShouldHaveSingleItem();
        offerText.Body.ShouldBe(ExpectedOffer);
        offerText.Purpose.ShouldBe("booking");
        offerText.ConversationId.ShouldBe(jane.Conversation.Id);
        (await s.OffersAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("pending");

        await s.ReplyAsync(jane, "3");

        var appointment = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        appointment.StartAt.ShouldBe(Utc(4, 13));
        appointment.EndAt.ShouldBe(Utc(4, 14));
        appointment.Status.ShouldBe("scheduled");
        appointment.Address.ShouldBe("12 Oak St, Apt 4");
        appointment.ServiceType.ShouldBe("AC repair");
        appointment.ConversationId.ShouldBe(jane.Conversation.Id);
        var confirmation = await s.LastTextAsync(jane);
        confirmation.ShouldContain("Wed Mar 4, 8–9am");
        confirmation.ShouldContain("12 Oak St, Apt 4");
        confirmation.ShouldContain($"http://localhost/appointments/{appointment.IcsToken}.ics");
        (await s.LeadAsync(jane)).Status.ShouldBe("booked");
        (await s.ConversationAsync(jane)).Status.ShouldBe("closed_booked");
        (await s.OffersAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("accepted");
        var booked = (await s.NotificationsAsync()).ShouldHaveSingleItem();
        booked.Event.ShouldBe("booked");
        booked.Body.ShouldContain("Jane Doe");
        booked.Body.ShouldContain("Wed Mar 4, 8–9am");

        // The owner's email carries the calendar file, which a real parser accepts.
        var email = await s.WaitForOwnerEmailAsync("Appointment booked");
        email.ToAddress.ShouldBe(s.Business.OwnerEmail);
        var attachment = Json.Deserialize<List<EmailAttachment>>(email.Attachments).ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("appointment.ics");
        var ics = await Python.ParseIcsAsync(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.Base64Content)));
        ics.GetProperty("uid").GetString().ShouldBe(appointment.IcsUid);
        ics.GetProperty("dtstart").GetString().ShouldBe("2026-03-04T08:00:00-05:00");
        ics.GetProperty("location").GetString().ShouldBe("12 Oak St, Apt 4");
    }

    [Theory, DatabaseData]
    public async Task APickWhoseTurnRunsAgain_IsBookedAndConfirmedOnce_AndGetsNoSecondAnswer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        var pick = await s.ReplyAsync(jane, "3");
        var texts = (await s.OutboundAsync(jane)).Select(m => m.Body).ToList();
        texts.Count.ShouldBe(2);
        texts[1].ShouldContain("Wed Mar 4, 8–9am");

        // Its work item runs again: the lease ran out before it was marked done (a node stalled or crashed).
        await s.RunTurnAsync(pick);

        (await s.OutboundAsync(jane)).Select(m => m.Body).ShouldBe(texts);
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(Utc(4, 13));
        (await s.NotificationsAsync()).ShouldHaveSingleItem().Event.ShouldBe("booked");
    }

    [Theory, DatabaseData]
    public async Task MailServerDown_DoesNotHoldUpTheBooking_TheEmailRetriesOnTheQueue(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: every connection is refused
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), new Dictionary<string, string?>
        {
            ["Email:Host"] = "127.0.0.1", ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Email:StartTls"] = "false",
        });
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "1");

        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        (await s.LastTextAsync(jane)).ShouldStartWith("You're booked");
        var email = await Eventually.WaitAsync(async () =>
        {
            await using var conn = await s.Db.OpenAsync();
            return await conn.QueryFirstOrDefaultAsync<StoredEmail>($"SELECT {EmailOutbox.Columns} FROM emails WHERE business_id = @b", new { b = s.Business.Id });
        }, e => e?.LastError is not null, "a failed email attempt");
        email!.Status.ShouldBe("queued");
        email.LastError!.ShouldContain("Cannot connect");
        // Waiting for its retry (the fake clock has not moved, so it stays there).
        await Eventually.WaitAsync(async () => (await app.Service<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind)).Single().Status == "pending", "email retry pending");
    }

    [Theory, DatabaseData]
    public async Task TheOffer_FollowsThePreferredTime_AndFallsBackToThePartOfDayWhenThatDayIsClosed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var thursday = await s.QualifiedCallerAsync(preferredTime: "thursday afternoon");
        await s.QualifyAsync(thursday);
        (await s.LastTextAsync(thursday)).ShouldStartWith("Jane, we can come out: 1) Thu Mar 5, 12–1pm 2) Thu Mar 5, 2–3pm 3) Thu Mar 5, 4–5pm.");

        clock.Set(new DateTimeOffset(2026, 3, 6, 15, 0, 0, TimeSpan.Zero)); // Friday; tomorrow is a closed Saturday
        var weekend = await s.QualifiedCallerAsync(name: "Bob", preferredTime: "tomorrow morning");
        await s.QualifyAsync(weekend);
        var offer = (await s.OffersAsync(weekend)).Single().SlotList;
        offer.ShouldAllBe(slot => s.Business.LocalTime(slot.Start).Hour < 12);
        offer.Select(slot => s.Business.LocalTime(slot.Start).Date.DayOfWeek).Distinct().Count().ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Caller_CanPickByWeekday_OrAskForAnExactOpenTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync(name: "Bob");
        await s.QualifyAsync(jane);
        await s.QualifyAsync(bob);

        await s.ReplyAsync(jane, "the Wednesday one");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(Utc(4, 13));

        // Not offered, but open: booked exactly as asked.
        await s.ReplyAsync(bob, "tomorrow at 2");
        var bobs = (await s.AppointmentsAsync(bob)).ShouldHaveSingleItem();
        bobs.StartAt.ShouldBe(Utc(4, 19));
        (await s.LastTextAsync(bob)).ShouldContain("Wed Mar 4, 2–3pm");
    }

    [Theory, DatabaseData]
    public async Task AskingForATimeThatIsTaken_OffersTheNearestOpening_ThenYesBooksIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync(name: "Bob");
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "wednesday 8am");
        await s.QualifyAsync(bob);

        // 8:00 is Jane's; with the 30-minute buffer the nearest start is 9:30.
        await s.ReplyAsync(bob, "Can you do Wednesday at 8:30?");

        (await s.AppointmentsAsync(bob)).ShouldBeEmpty();
        (await s.LastTextAsync(bob)).ShouldBe("Wed Mar 4 8:30am isn't open, but the closest we have is 1) Wed Mar 4, 9:30–10:30am 2) Wed Mar 4, 10–11am. Reply with the number that works, or tell us another time.");
        await s.ReplyAsync(bob, "1");
        (await s.AppointmentsAsync(bob)).ShouldHaveSingleItem().StartAt.ShouldBe(Utc(4, 14, 30));
    }

    [Theory, DatabaseData]
    public async Task APickSentAfterTheSlotHasPassed_GetsFreshTimes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        clock.Set(Utc(3, 20)); // Tue 3pm local: option 1 (12–1pm) is over
        await s.ReplyAsync(jane, "1");

        (await s.AppointmentsAsync(jane)).ShouldBeEmpty();
        (await s.LastTextAsync(jane)).ShouldStartWith("Sorry, that time has passed. Here is what's open now: 1) Wed Mar 4, ");
    }

    [Theory, DatabaseData]
    public async Task NoneOfThoseWork_HandsTheChoiceToTheOwner(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "none of those work for me");

        (await s.LastTextAsync(jane)).ShouldBe($"No problem. Someone from {s.Business.Name} will call you to find a time that works.");
        (await s.OffersAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("handed_off");
        (await s.NotificationsAsync()).ShouldHaveSingleItem().Event.ShouldBe("booking_needs_call");
        (await s.AppointmentsAsync(jane)).ShouldBeEmpty();
        await s.WaitForOwnerEmailAsync("Call to set a time");
    }

    [Theory, DatabaseData]
    public async Task NoOpenSlots_TellsTheCallerSomeoneWillCall_AndNotifiesTheOwner(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var closed = new WeeklyHours();
        foreach (var d in WeeklyHours.DayNames) closed[d] = null;
        var s = await BookingScenario.CreateAsync(app, i => i with { BusinessHours = closed });
        var jane = await s.QualifiedCallerAsync();

        await s.QualifyAsync(jane);

        (await s.LastTextAsync(jane)).ShouldBe($"Thanks, Jane! Someone from {s.Business.Name} will call you to confirm a time.");
        (await s.NotificationsAsync()).ShouldHaveSingleItem().Event.ShouldBe("booking_needs_call");
        (await s.OffersAsync(jane)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task TwoCallersPickingTheSameSlotAtOnce_OnlyOneGetsIt_TheOthersGetANewOffer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var callers = new List<BookingScenario.Caller>();
        for (var i = 0; i < 5; i++)
        {
            var c = await s.QualifiedCallerAsync(name: $"Caller{i}");
            await s.QualifyAsync(c);
            callers.Add(c);
        }

        // An awaited gate, not a blocking one: five pool threads parked on a wait starve the pool of the one that opens it.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replies = callers.Select(c => Task.Run(async () => { await go.Task; await s.ReplyAsync(c, "1"); })).ToList();
        go.SetResult();
        await Task.WhenAll(replies);

        await using var conn = await s.Db.OpenAsync();
        var atNoon = await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM appointments WHERE business_id = @b AND start_at = @t",
            new { b = s.Business.Id, t = Utc(3, 17) });
        atNoon.ShouldBe(1);
        var winners = 0;
        foreach (var c in callers)
        {
            if ((await s.AppointmentsAsync(c)).Count == 1) { winners++; continue; }
            (await s.LastTextAsync(c)).ShouldStartWith("Sorry, that time was just taken. Here is what's open now: 1) Tue Mar 3, 1:30–2:30pm");
            var offer = (await s.OffersAsync(c)).Single(o => o.Status == "pending");
            offer.SlotList.ShouldNotContain(slot => slot.Start == Utc(3, 17));
        }
        winners.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task BookedCaller_CanMoveItToThursday_ByText_KeepingTheCalendarUid(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "3");
        var before = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();

        await s.ReplyAsync(jane, "can we do Thursday instead?");

        (await s.LastTextAsync(jane)).ShouldBe("On Thu Mar 5 we can do: 1) Thu Mar 5, 8–9am 2) Thu Mar 5, 12–1pm 3) Thu Mar 5, 4–5pm. Reply with the number that works, or tell us another time.");
        await s.ReplyAsync(jane, "3");

        var after = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        after.Id.ShouldBe(before.Id);
        after.IcsUid.ShouldBe(before.IcsUid);
        after.IcsSequence.ShouldBe(before.IcsSequence + 1);
        after.StartAt.ShouldBe(Utc(5, 21));
        (await s.LastTextAsync(jane)).ShouldStartWith($"Done! Your {s.Business.Name} visit is moved to Thu Mar 5, 4–5pm at 12 Oak St.");
        (await s.NotificationsAsync()).Select(n => n.Event).ShouldContain("rescheduled");
        var reminders = await app.Service<WorkQueue>().ListAsync(kind: ReminderScheduler.Kind);
        // Wed 8am was booked too late for a reminder; Thu 4pm gets one on Wed at 4pm local, the day before.
        reminders.ShouldHaveSingleItem().DueAt.ShouldBe(Utc(4, 21));
        reminders[0].Status.ShouldBe("pending");
        await s.WaitForOwnerEmailAsync("Appointment rescheduled");
    }

    [Theory, DatabaseData]
    public async Task BookedCaller_CanCancelByText_AndTheOwnerIsTold(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "4");
        (await app.Service<WorkQueue>().ListAsync(kind: ReminderScheduler.Kind)).ShouldHaveSingleItem().Status.ShouldBe("pending");

        await s.ReplyAsync(jane, "Something came up, please cancel my appointment");

        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("cancelled");
        (await s.LastTextAsync(jane)).ShouldBe($"Your {s.Business.Name} visit on Thu Mar 5, 4–5pm is cancelled. Text us anytime to book a new time.");
        (await s.LeadAsync(jane)).Status.ShouldBe("qualified");
        (await s.NotificationsAsync()).Select(n => n.Event).ShouldContain("cancelled");
        (await app.Service<WorkQueue>().ListAsync(kind: ReminderScheduler.Kind)).ShouldHaveSingleItem().Status.ShouldBe("cancelled");
        var email = await s.WaitForOwnerEmailAsync("Appointment cancelled");
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(Json.Deserialize<List<EmailAttachment>>(email.Attachments)[0].Base64Content));
        (await Python.ParseIcsAsync(ics)).GetProperty("status").GetString().ShouldBe("CANCELLED");
    }

    [Theory, DatabaseData]
    public async Task TextsThatAreNotAboutBooking_GoOnToTheNextStep(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "how long does a repair usually take?");

        // Booking did not answer it and the offer stays open; a later step (the engine, or the owner when no
        // engine is registered) got it.
        (await s.OutboundAsync(jane)).Count(m => m.Purpose == "booking").ShouldBe(1);
        (await s.OffersAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("pending");
        var engineReplied = (await s.OutboundAsync(jane)).Any(m => m.Purpose == "reply");
        var ownerTold = (await s.NotificationsAsync()).Any(n => n.Event == "new_message");
        (engineReplied || ownerTold).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task ThanksAfterBooking_GetsNoReply_AndLeavesNoThreadOpen(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "4");
        var texts = (await s.OutboundAsync(jane)).Count;

        await s.ReplyAsync(jane, "Thanks so much!");

        (await s.OutboundAsync(jane)).Count.ShouldBe(texts);
        (await s.ConversationAsync(jane)).Status.ShouldBe("closed_booked");
        (await s.NotificationsAsync()).ShouldNotContain(n => n.Event == "new_message");
    }

    [Theory, DatabaseData]
    public async Task Booking_IsPerTenant_AnotherBusinessesCalendarAndOffersAreUntouched(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var jane = await a.QualifiedCallerAsync();
        var bob = await b.QualifiedCallerAsync(name: "Bob");
        await a.QualifyAsync(jane);
        await b.QualifyAsync(bob);

        await a.ReplyAsync(jane, "1");
        await b.ReplyAsync(bob, "1");

        // Same time in two businesses: both booked, each only in its own calendar.
        (await a.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(Utc(3, 17));
        (await b.AppointmentsAsync(bob)).ShouldHaveSingleItem().StartAt.ShouldBe(Utc(3, 17));
        (await app.Service<AppointmentStore>().ListAsync(a.Business.Id, Utc(1, 0), Utc(20, 0))).ShouldHaveSingleItem().LeadId.ShouldBe(jane.Lead.Id);
        (await app.Service<AppointmentStore>().GetAsync(b.Business.Id, (await a.AppointmentsAsync(jane))[0].Id)).ShouldBeNull();
        (await a.NotificationsAsync()).ShouldHaveSingleItem().Body.ShouldContain("Jane");
        (await b.NotificationsAsync()).ShouldHaveSingleItem().Body.ShouldContain("Bob");
    }
}
