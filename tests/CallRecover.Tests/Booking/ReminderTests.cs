using CallRecover.Booking;
using CallRecover.Conversations;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

public sealed class ReminderTests
{
    private static DateTimeOffset Utc(int d, int h, int m = 0) => new(2026, 3, d, h, m, 0, TimeSpan.Zero);

    private static async Task<Message> WaitForReminderAsync(BookingScenario s, BookingScenario.Caller c) =>
        await Eventually.WaitAsync(async () => (await s.OutboundAsync(c)).LastOrDefault(m => m.Purpose == "reminder"), m => m is not null, "reminder text")
        ?? throw new InvalidOperationException();

    /// <summary>Jane booked Thu Mar 5, 4–5pm local; her reminder is due Wed at 4pm local (21:00Z).</summary>
    private static async Task<(BookingScenario, BookingScenario.Caller)> BookThursdayAsync(AppFactory app)
    {
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "4");
        return (s, jane);
    }

    [Theory, DatabaseData]
    public async Task Reminder_GoesOutTheDayBefore_AndCConfirms(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await BookThursdayAsync(app);

        clock.Set(Utc(4, 20, 59));
        await Task.Delay(300);
        (await s.OutboundAsync(jane)).ShouldNotContain(m => m.Purpose == "reminder");

        clock.Set(Utc(4, 21));
        var reminder = await WaitForReminderAsync(s, jane);
        reminder.Body.ShouldBe($"Reminder: your {s.Business.Name} visit is tomorrow, Thu Mar 5, 4–5pm at 12 Oak St. Reply C to confirm or R to reschedule.");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().ReminderSentAt.ShouldBe(Utc(4, 21));

        await s.ReplyAsync(jane, "C");

        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("confirmed");
        (await s.LastTextAsync(jane)).ShouldBe("Thanks! You're confirmed for Thu Mar 5, 4–5pm. See you then.");
        (await s.NotificationsAsync()).Select(n => n.Event).ShouldContain("appointment_confirmed");
    }

    [Theory, DatabaseData]
    public async Task R_AfterTheReminder_OffersNewTimes_AndMovesTheAppointment(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await BookThursdayAsync(app);
        clock.Set(Utc(4, 21));
        await WaitForReminderAsync(s, jane);

        await s.ReplyAsync(jane, "R");

        var offer = await s.LastTextAsync(jane);
        offer.ShouldStartWith("Sure, here is what's open: 1) Thu Mar 5, ");
        await s.ReplyAsync(jane, "1");
        var moved = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        moved.Status.ShouldBe("scheduled");
        moved.StartAt.ShouldNotBe(Utc(5, 21));
        moved.ReminderSentAt.ShouldBeNull();
        (await s.LastTextAsync(jane)).ShouldStartWith($"Done! Your {s.Business.Name} visit is moved to");
    }

    [Theory, DatabaseData]
    public async Task Reminder_ThatComesDueOutsideCallingHours_WaitsForTheMorning(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await BookThursdayAsync(app);

        // The queue was down all evening: the worker first sees the reminder at 22:30 local.
        clock.Set(Utc(5, 3, 30));
        await Eventually.WaitAsync(async () => (await app.Service<CallRecover.Queue.WorkQueue>().ListAsync(kind: ReminderScheduler.Kind)).Count == 2, "rescheduled reminder");
        (await s.OutboundAsync(jane)).ShouldNotContain(m => m.Purpose == "reminder");

        clock.Set(Utc(5, 13)); // 08:00 local
        var reminder = await WaitForReminderAsync(s, jane);
        reminder.Body.ShouldStartWith($"Reminder: your {s.Business.Name} visit is Thu Mar 5, 4–5pm");
    }

    [Theory, DatabaseData]
    public async Task BookingRemindingAndCancelling_NeverLogTheCallersNumberOrWords(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await BookThursdayAsync(app);
        clock.Set(Utc(4, 21));
        await WaitForReminderAsync(s, jane);
        await s.ReplyAsync(jane, "R");
        await s.ReplyAsync(jane, "Wednesday at 9:30 would be better honestly");
        await s.ReplyAsync(jane, "please cancel my appointment");
        await s.WaitForOwnerEmailAsync("Appointment cancelled");

        var logs = string.Join("\n", app.Logs.Lines);
        logs.ShouldContain(CallRecover.Common.Phone.Mask(jane.Lead.Phone)); // it does log, masked
        logs.ShouldNotContain(jane.Lead.Phone[2..]);
        logs.ShouldNotContain("12 Oak St");
        logs.ShouldNotContain("would be better honestly");
        logs.ShouldNotContain("Jane Doe");
    }

    [Fact]
    public void DueTimes_StayInsideEightToNine_AndSkipVisitsBookedTheDayBefore()
    {
        var b = SlotFinderTests.Business();
        var monday = BookingScenario.Start.AddDays(-1).AddHours(-3); // Mon Mar 2, 07:00 local
        // 7am visit → 8am the day before; 10pm visit → 8:30pm the day before; 2pm → 2pm.
        ReminderScheduler.DueAt(b, Utc(5, 12), monday).ShouldBe(Utc(4, 13));
        ReminderScheduler.DueAt(b, Utc(6, 3), monday).ShouldBe(Utc(5, 1, 30));
        ReminderScheduler.DueAt(b, Utc(5, 19), monday).ShouldBe(Utc(4, 19));
        // Across the spring-forward change: Mon Mar 9 9am EDT → Sun Mar 8 9am EDT (13:00Z), not 14:00Z.
        ReminderScheduler.DueAt(b, Utc(9, 13), monday).ShouldBe(Utc(8, 13));
        // Booked Tue 10am for Wed 8am: the day-before moment has passed, no reminder.
        ReminderScheduler.DueAt(b, Utc(4, 13), BookingScenario.Start).ShouldBeNull();
    }
}
