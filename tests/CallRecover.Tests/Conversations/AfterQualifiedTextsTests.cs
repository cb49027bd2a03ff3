using CallRecover.Data;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Texts after the engine has said "I've got everything I need": a question it cannot answer goes to the owner (with the
/// conversation) and the caller is told honestly that the team will answer, in words that do not repeat; an emergency
/// lead's preferred time (no times are offered to emergencies: someone calls) is passed to the owner and the caller is
/// told so. Before, each got "Someone from … will be in touch shortly." and the owner heard nothing.
/// </summary>
public sealed class AfterQualifiedTextsTests
{
    private static async Task AnnouncedAsync(BookingScenario s, BookingScenario.Caller caller, bool emergency)
    {
        await s.Db.WriteAsync(async tx =>
        {
            // What the engine leaves after its "I've got everything I need" (and, in an emergency, after alerting the owner).
            await tx.Connection.ExecuteAsync("""UPDATE conversations SET qualification = '{"qualifiedAnnounced":true,"emergencyAcknowledged":true}', emergency = @emergency WHERE id = @id""",
                new { emergency, id = caller.Conversation.Id }, tx.Transaction);
            if (emergency)
                await tx.Connection.ExecuteAsync("UPDATE leads SET urgency = 'emergency', preferred_time = 'asap' WHERE id = @id", new { id = caller.Lead.Id }, tx.Transaction);
        });
    }

    [Theory, DatabaseData]
    public async Task EmergencyLead_AskingAQuestion_IsToldTheTeamWillAnswer_AndTheOwnerGetsTheQuestion(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "asap");
        await AnnouncedAsync(s, jane, emergency: true);

        await s.ReplyAsync(jane, "do i need to be home for this?");

        var first = await s.LastTextAsync(jane);
        first.ShouldBe($"Good question — I've passed it to the team at {s.Business.Name}, and they'll answer you directly.");
        var notice = (await s.NotificationsAsync()).Where(n => n.Event == "caller_question").ShouldHaveSingleItem();
        notice.Body.ShouldContain("\"do i need to be home for this?\"");
        notice.Body.ShouldContain("Jane Doe");
        notice.Data.ShouldContain(jane.Conversation.Id);

        await s.ReplyAsync(jane, "how long will the repair take?");

        var second = await s.LastTextAsync(jane);
        second.ShouldNotBe(first);
        second.ShouldBe($"I've passed that on too — someone from {s.Business.Name} will get back to you.");
        (await s.NotificationsAsync()).Count(n => n.Event == "caller_question").ShouldBe(2);
        (await s.OutboundAsync(jane)).ShouldNotContain(m => m.Body.Contains("will be in touch shortly", StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task BookedCaller_AskingAQuestionAfterTheBookingClosedTheThread_IsToldTheTeamWillAnswer_AndTheOwnerGetsIt(string provider)
    {
        // Found using the product: the question went to a new thread, where the engine answered "I've got everything I need".
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "tomorrow morning");
        await s.QualifyAsync(jane);
        await s.TextAsync(jane, "1");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("scheduled");

        await s.TextAsync(jane, "do i need to be home for this?");

        (await s.LastTextAsync(jane)).ShouldBe($"Good question — I've passed it to the team at {s.Business.Name}, and they'll answer you directly.");
        (await s.NotificationsAsync()).Where(n => n.Event == "caller_question").ShouldHaveSingleItem().Body.ShouldContain("\"do i need to be home for this?\"");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("scheduled");
    }

    [Theory, DatabaseData]
    public async Task EmergencyLead_AskingForATime_HasItPassedToTheOwner_AndIsToldSo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "asap");
        await AnnouncedAsync(s, jane, emergency: true);

        await s.ReplyAsync(jane, "none of those work, how about friday at 10am");

        (await s.LastTextAsync(jane)).ShouldBe(
            $"Got it — I've told the team at {s.Business.Name} you'd like friday 10am. They'll confirm the time when they call you.");
        var notice = (await s.NotificationsAsync()).Where(n => n.Event == "caller_question").ShouldHaveSingleItem();
        notice.Title.ShouldContain("Jane");
        notice.Title.ShouldBe("Jane Doe asked for friday 10am");
        notice.Body.ShouldContain("\"none of those work, how about friday at 10am\"");
        // No times are offered to an emergency (someone calls them), and urgency stays as it was.
        (await s.OffersAsync(jane)).ShouldBeEmpty();
        (await s.LeadAsync(jane)).Urgency.ShouldBe("emergency");
    }

    [Theory, DatabaseData]
    public async Task LeadWithTimesOnOffer_AskingAQuestion_KeepsTheOffer_AndTheOwnerGetsTheQuestion(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "tomorrow");
        await AnnouncedAsync(s, jane, emergency: false);
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "do i need to be home for this?");

        (await s.LastTextAsync(jane)).ShouldBe(
            $"Good question — I've passed it to the team at {s.Business.Name}, and they'll answer you directly.");
        (await s.OffersAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe("pending");
        (await s.NotificationsAsync()).Where(n => n.Event == "caller_question").ShouldHaveSingleItem().Body.ShouldContain("do i need to be home");

        // A time asked while the offer is open is a booking reply, as before.
        await s.ReplyAsync(jane, "how about wednesday at 10am");
        (await s.LastTextAsync(jane)).ShouldStartWith("You're booked");
    }

    [Theory, DatabaseData]
    public async Task QualifiedLead_SayingOk_StillGetsTheShortLine_AndTheOwnerIsNotBothered(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "asap");
        await AnnouncedAsync(s, jane, emergency: true);

        await s.ReplyAsync(jane, "ok");

        (await s.LastTextAsync(jane)).ShouldBe($"Someone from {s.Business.Name} will be in touch shortly.");
        (await s.NotificationsAsync()).ShouldNotContain(n => n.Event == "caller_question");
    }
}
