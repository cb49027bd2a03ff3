using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Conversations.ConversationTestKit;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The safety question (issue #15): worrying words about equipment that can hurt someone, which the rules do not read
/// as an emergency, get "is anyone in danger right now?" once, with the next question; a yes or "not sure" is an
/// emergency, a no carries on.
/// </summary>
public sealed class DangerCheckTests
{
    private static CorpusResult Play(string vertical, params string[] texts) =>
        ConversationCorpus.Play(vertical, new DateTimeOffset(2026, 10, 14, 15, 0, 0, TimeSpan.Zero), texts);

    [Theory]
    [InlineData("electrical", "the breaker panel is buzzing really loud and feels hot to the touch")]
    [InlineData("electrical", "the outlet by the tv crackles when I plug stuff in")]
    [InlineData("hvac", "furnace is making a weird smell when it kicks on")]
    [InlineData("plumbing", "water heater is hissing and I'm kind of scared of it")]
    [InlineData("hvac", "my dad is 84 and his heat is out, it's 38 outside")]
    public void WorryingWords_TheRulesCannotPlace_GetTheQuestion_WithTheNextOne(string vertical, string text)
    {
        var r = Play(vertical, text);
        r.Emergency.ShouldBeFalse();
        r.Replies[0].ShouldContain(DangerCheck.Question);
        r.Replies[0].ShouldContain("If not, ");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("yeah kinda")]
    [InlineData("not sure, maybe")]
    [InlineData("I think so")]
    [InlineData("there's a little smoke now")]
    public void AYes_OrNotSure_IsAnEmergency_WithSafetyAdvice(string answer)
    {
        var r = Play("electrical", "the breaker panel is buzzing really loud and feels hot to the touch", answer);
        r.Emergency.ShouldBeTrue();
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Emergency);
        r.Replies[1].ShouldStartWith("That sounds urgent");
        r.Replies[1].ShouldContain("911");
    }

    [Theory]
    [InlineData("no")]
    [InlineData("nope we're fine")]
    [InlineData("we're good, nobody's in danger")]
    [InlineData("no, all good")]
    public void ANo_CarriesOn_AndIsNoGoodbye(string answer)
    {
        var r = Play("electrical", "the breaker panel is buzzing really loud and feels hot to the touch", answer, "Dana Whitfield");
        r.Emergency.ShouldBeFalse();
        r.NotInterested.ShouldBeFalse();
        r.Replies[1].ShouldStartWith("Good to hear.");
        r.Replies[1].ShouldNotContain(DangerCheck.Question);
        r.Lead[LeadFields.Name].ShouldBe("Dana Whitfield");
    }

    [Fact]
    public void ACallerWhoSkipsTheQuestion_LosesNothing_AndIsNotAskedAgain()
    {
        var r = Play("hvac", "furnace is making a weird smell when it kicks on", "tomorrow morning", "Dana Whitfield", "the smell is worse now", "42 Oak St, Springfield 62704");
        r.Emergency.ShouldBeFalse();
        r.Lead[LeadFields.Name].ShouldBe("Dana Whitfield");
        r.Lead[LeadFields.Address].ShouldBe("42 Oak St, Springfield, 62704");
        r.Replies.Count(x => x.Contains(DangerCheck.Question)).ShouldBe(1);
    }

    [Theory]
    [InlineData("hvac", "ac not cooling")]
    [InlineData("hvac", "need a tune up on the furnace before winter")]
    [InlineData("plumbing", "kitchen faucet drips all night")]
    [InlineData("electrical", "want an EV charger installed in the garage")]
    [InlineData("auto", "smoke coming from under the hood")]
    public void EverydayWork_AndCars_AreNotAsked(string vertical, string text) =>
        Play(vertical, text).Replies[0].ShouldNotContain(DangerCheck.Question);

    [Fact]
    public void WhatTheRulesAlreadyRead_AsAnEmergency_IsHandledAsOne_NotAsked()
    {
        var r = Play("hvac", "I smell gas near the furnace");
        r.Emergency.ShouldBeTrue();
        r.Replies[0].ShouldNotContain(DangerCheck.Question);
    }

    /// <summary>Through the app: the yes alerts the owner at once, saying what the caller was asked.</summary>
    [Theory, DatabaseData]
    public async Task AYesThroughTheApp_AlertsTheOwner_WithTheQuestionItAnswered(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "electrical", Services = null });
        var s = await MissedCallAsync(app, business);

        (await SayAsync(app, s, "the outlet by the tv crackles when I plug stuff in", clock))!.Body.ShouldContain(DangerCheck.Question);
        (await NotificationsAsync(app, business)).ShouldNotContain(n => n.Event == "emergency");

        (await SayAsync(app, s, "yes", clock))!.Body.ShouldStartWith("That sounds urgent");
        (await LeadAsync(app, s))!.Urgency.ShouldBe(Urgencies.Emergency);
        (await ConversationAsync(app, s))!.Emergency.ShouldBeTrue();
        var alert = (await NotificationsAsync(app, business)).Single(n => n.Event == "emergency");
        alert.Urgent.ShouldBeTrue();
        alert.Body.ShouldContain("answered \"yes\" when asked whether anyone is in danger");
    }
}
