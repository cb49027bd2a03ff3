using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

/// <summary>
/// The cancellation text says "Text us anytime to book a new time": a caller who then asks to book again (with a time
/// or without, or with R) is offered open times as a new booking, as at the first offer; a second cancel is told there
/// is nothing left to cancel. Before, these texts reached the engine, which said "I've got everything I need" and
/// offered nothing (the lead was already qualified, so no offer followed).
/// </summary>
public sealed class RebookAfterCancelTests
{
    // BookingScenario.Start is Tue Mar 3 2026, 10:00 in New York; the default hours are weekdays 8–5.
    private const string Ask = "Reply with the number that works, or tell us another time.";

    private static async Task<(BookingScenario S, BookingScenario.Caller Caller)> BookedThenCancelledAsync(AppFactory app, string name, string cancel)
    {
        var s = await BookingScenario.CreateAsync(app);
        var caller = await s.QualifiedCallerAsync(name: name, preferredTime: "tomorrow morning");
        await s.QualifyAsync(caller);
        await s.TextAsync(caller, "1");
        (await s.AppointmentsAsync(caller)).ShouldHaveSingleItem().Status.ShouldBe("scheduled");
        await s.TextAsync(caller, cancel);
        (await s.AppointmentsAsync(caller)).ShouldHaveSingleItem().Status.ShouldBe("cancelled");
        (await s.LastTextAsync(caller)).ShouldEndWith("is cancelled. Text us anytime to book a new time.");
        return (s, caller);
    }

    [Theory, DatabaseData]
    public async Task AfterCancelling_CanIRebookForFridayMorning_IsOfferedFridayMorningTimes_AndAPickBooksIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, dana) = await BookedThenCancelledAsync(app, "Dana Reyes", "cancel my appointment");

        await s.TextAsync(dana, "can i rebook for friday morning?");

        (await s.LastTextAsync(dana)).ShouldBe($"Dana, we can come out: 1) Fri Mar 6, 8–9am 2) Fri Mar 6, 9:30–10:30am 3) Fri Mar 6, 11:30am–12:30pm. {Ask}");
        (await s.OutboundAsync(dana)).ShouldNotContain(m => m.Body.Contains("everything I need", StringComparison.Ordinal));
        (await s.LeadAsync(dana)).PreferredTime.ShouldBe("friday morning");
        (await s.OffersAsync(dana)).Where(o => o.Status == "pending").ShouldHaveSingleItem().Kind.ShouldBe("book");

        await s.TextAsync(dana, "2");

        var booked = (await s.AppointmentsAsync(dana)).Where(a => a.Status == "scheduled").ShouldHaveSingleItem();
        (await s.LastTextAsync(dana)).ShouldStartWith($"You're booked with {s.Business.Name}: Fri Mar 6, 9:30–10:30am");
        (await s.LeadAsync(dana)).Status.ShouldBe("booked");
        (await s.NotificationsAsync()).Count(n => n.Event == "booked").ShouldBe(2);
        booked.ConversationId.ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task AfterCancelling_BookAgainThursdayAfternoon_IsOfferedThursdayAfternoon(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, tom) = await BookedThenCancelledAsync(app, "Tom Baker", "CANCEL APPT");

        await s.TextAsync(tom, "actually i want to book again, thursday afternoon");

        var offer = await s.LastTextAsync(tom);
        offer.ShouldStartWith("Tom, we can come out: 1) Thu Mar 5, ");
        offer.ShouldNotContain("am ");
        offer.ShouldEndWith(Ask);
        (await s.LeadAsync(tom)).PreferredTime.ShouldBe("thursday afternoon");
        (await s.OutboundAsync(tom)).ShouldNotContain(m => m.Body.Contains("updated the time", StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task AfterCancelling_R_IsOfferedTimes_NotTheStockLine(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, tom) = await BookedThenCancelledAsync(app, "Tom Baker", "CANCEL APPT");

        await s.TextAsync(tom, "R");

        var offer = await s.LastTextAsync(tom);
        offer.ShouldStartWith("Tom, we can come out: 1) ");
        offer.ShouldEndWith(Ask);
        (await s.OffersAsync(tom)).Where(o => o.Status == "pending").ShouldHaveSingleItem().Kind.ShouldBe("book");
    }

    [Theory, DatabaseData]
    public async Task AfterCancelling_ASecondCancel_IsToldThereIsNoVisitToCancel_AndHowToBook(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, tom) = await BookedThenCancelledAsync(app, "Tom Baker", "CANCEL APPT");
        var cancelledNotices = (await s.NotificationsAsync()).Count(n => n.Event == "cancelled");

        var conversationId = await s.TextAsync(tom, "CANCEL APPT");

        (await s.LastTextAsync(tom)).ShouldBe(
            $"There's no upcoming {s.Business.Name} visit to cancel — the one on Wed Mar 4, 8–9am is already cancelled. To book a new time, reply with a day that works (like \"Friday morning\").");
        (await s.NotificationsAsync()).Count(n => n.Event == "cancelled").ShouldBe(cancelledNotices);
        // Nothing left open for follow-ups to nag about; the next text starts afresh.
        (await app.Service<CallRecover.Conversations.ConversationStore>().GetAsync(s.Business.Id, conversationId))!.Status.ShouldBe("closed_manual");

        await s.TextAsync(tom, "ok friday morning then");

        (await s.LastTextAsync(tom)).ShouldStartWith("Tom, we can come out: 1) Fri Mar 6, 8–9am");
    }

    [Theory, DatabaseData]
    public async Task AfterCancelling_Thanks_GetsNoReply_AndLeavesNoThreadOpen(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, dana) = await BookedThenCancelledAsync(app, "Dana Reyes", "cancel my appointment");
        var texts = (await s.OutboundAsync(dana)).Count;

        var conversationId = await s.TextAsync(dana, "ok thanks");

        (await s.OutboundAsync(dana)).Count.ShouldBe(texts);
        (await app.Service<CallRecover.Conversations.ConversationStore>().GetAsync(s.Business.Id, conversationId))!.Status.ShouldBe("closed_manual");
    }
}
