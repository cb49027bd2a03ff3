using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Conversations.ConversationTestKit;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Round 26 (issue #15): what the caller hears when a text gives us nothing new. Over the spent corpora 157 replies began
/// "Sorry, I didn't quite catch that", among them "we're all outside now" in a gas leak, "my wife has a headache" with
/// the gas smell, "it's worse in the mornings" and "cool sign me up". In an emergency such a text is news for the team:
/// passed on, with a word on safety where a gas caller's words call for one; otherwise agreement and remarks are
/// acknowledged, and only a text too short to be either is "didn't quite catch that". Besides: a sizzling panel or outlet, or a crackling
/// panel, is a fire (a crackling outlet still gets the safety question); an age and a person said to "what's the address?" is no address; "idc when" to "how soon?"
/// is flexible.
/// </summary>
public sealed class UnderstandingRound26Tests
{
    // ---------- a text with nothing new ----------

    [Theory]
    [InlineData("we're all outside now")]
    [InlineData("kids and I are in the car in the driveway")]
    [InlineData("ok we opened the windows and went to the neighbors")]
    public void InAGasLeak_OutOfTheHouse_IsToldToStayOut_AndTheOwnerHearsIt(string update)
    {
        var r = Talk("hvac", "strong gas smell in the basement", update);
        r.Replies[1].ShouldStartWith("Good — stay outside until it's been checked.");
        r.Replies[1].ShouldNotContain("didn't quite catch");
        r.Replies[1].ShouldEndWith("What's the address for the service?");
        r.ForOwner[1].ShouldBe("sent an update on the emergency");
    }

    [Theory]
    [InlineData("my wife has a headache and feels dizzy")]
    [InlineData("she's kind of out of it and not making sense on the phone")]
    public void InAGasOrCoEmergency_SignsInSomeone_AreToldToCall911(string update)
    {
        var r = Talk("hvac", "co detector is going off in the hallway", update);
        r.Replies[1].ShouldContain("call 911 now");
        r.ForOwner[1].ShouldNotBeNull();
    }

    /// <summary>Through the app: the update reaches the owner as a notice with the caller's words, the emergency alert stays the one.</summary>
    [Theory, DatabaseData]
    public async Task AnUpdateInAnEmergency_ReachesTheOwner_WithTheCallersWords(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "hvac", Services = null });
        var s = await MissedCallAsync(app, business);

        (await SayAsync(app, s, "strong gas smell in the basement", clock))!.Body.ShouldStartWith("That sounds urgent");
        (await SayAsync(app, s, "ok we're all outside now", clock))!.Body.ShouldStartWith("Good — stay outside until it's been checked.");

        var notices = await NotificationsAsync(app, business);
        notices.Count(n => n.Event == "emergency").ShouldBe(1);
        notices.ShouldContain(n => n.Event == "caller_question" && n.Body.Contains("sent an update on the emergency: \"ok we're all outside now\""));
    }

    [Fact]
    public void InAFlood_AnUpdateWeCannotPlace_IsPassedOn_NotMetWithDidntCatchThat()
    {
        var r = Talk("plumbing", "pipe burst under the kitchen sink, water everywhere", "cant find the shutoff");
        r.Replies[1].ShouldStartWith("Thanks for the update — I've passed it to the team at");
        r.ForOwner[1].ShouldBe("sent an update on the emergency");
    }

    [Theory]
    [InlineData("it's worse in the mornings")]
    [InlineData("we're at the lake til monday")]
    [InlineData("also my neighbor Phil says hi, you did his water heater last year")]
    public void ARemark_IsAcknowledged_AndTheQuestionAskedAgain(string remark)
    {
        var r = Talk("plumbing", "toilet keeps running", remark);
        r.Replies[1].ShouldStartWith("Got it, thanks.");
        r.Replies[1].ShouldContain("How soon");
        r.ForOwner[1].ShouldBeNull("nothing for the owner outside an emergency");
    }

    [Theory]
    [InlineData("k", "Okay.")]
    [InlineData("ok thats fine", "Okay.")]
    [InlineData("cool sign me up", "Great.")]
    [InlineData("ok sure lets do it", "Great.")]
    public void Agreement_IsTakenAsAgreement(string text, string expected) =>
        Talk("hvac", "need my furnace looked at, it short cycles", text).Replies[1].ShouldStartWith(expected + " How soon");

    [Theory]
    [InlineData("blorp")]
    [InlineData("dead")]
    public void ATextTooShortToPlace_StillGetsDidntCatchThat(string text) =>
        Talk("hvac", "ac not cooling", text).Replies[1].ShouldStartWith("Sorry, I didn't quite catch that.");

    // ---------- emergencies ----------

    [Theory]
    [InlineData("the panel in the garage is making a sizzling sound and its hot to touch, lights keep browning out")]
    [InlineData("the outlet in the kitchen sizzles when i plug in the toaster")]
    [InlineData("i can hear sizzling from the breaker box")]
    [InlineData("the breaker panel is crackling and the lights dim")]
    public void ASizzlingPanelOrOutlet_OrACracklingPanel_IsAFire(string text) => Read(text, "electrical").EmergencyKind.ShouldBe("fire");

    [Theory]
    [InlineData("breaker box hums a little, been like that for years, want it checked", "electrical")]
    [InlineData("furnace makes a crackling noise when it starts up", "hvac")]
    [InlineData("the bacon was sizzling on the stove, anyway need an outlet added in the kitchen", "electrical")]
    public void ANoiseWithoutAnElectricalPart_IsNoFire(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse();

    [Fact]
    public void AHotSizzlingPanel_IsHandledAsAnEmergency_AndTheUpdateAfterPassedOn()
    {
        var r = Talk("electrical", "the panel in the garage is making a sizzling sound and its hot to touch",
            "my dad is 80 he lives here alone, im on my way there", "2210 Las Palmas Way", "Karen Doyle");
        r.Emergency.ShouldBeTrue();
        r.Replies[1].ShouldStartWith("Thanks for the update");
        r.Lead[LeadFields.Address].ShouldBe("2210 Las Palmas Way");
        r.Lead[LeadFields.Name].ShouldBe("Karen Doyle");
    }

    // ---------- fields ----------

    [Theory]
    [InlineData("my dad is 80 he lives here alone")]
    [InlineData("mom is 92 she lives there by herself")]
    public void AnAgeAndAPerson_IsNoAddress(string text) => Field(text, LeadFields.Address, "electrical", asked: LeadFields.Address).ShouldBeNull();

    [Theory]
    [InlineData("idc when")]
    [InlineData("whichever day")]
    [InlineData("doesn't matter")]
    public void AnyTimeSaidToHowSoon_IsFlexible(string text) => Field(text, LeadFields.Urgency, asked: LeadFields.Urgency).ShouldBe(Urgencies.Flexible);
}
