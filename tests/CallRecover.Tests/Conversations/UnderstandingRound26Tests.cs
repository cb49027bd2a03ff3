using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Conversations.ConversationTestKit;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Round 26 (issue #15): what the caller hears when a text gives us nothing new. Over the spent corpora 157 replies began
/// "Sorry, I didn't quite catch that", among them "we're all outside now" in a gas leak, "she's kind of out of it" with a
/// CO alarm and "cool sign me up". In an emergency such a text is for the team: passed on to the owner, and a gas or CO
/// caller is reminded to stay out and when to call 911 whatever they said; thanks is answered. Outside one, agreement is
/// agreement, and what we cannot read is still "didn't quite catch that". Besides: a crackling panel gets the safety
/// question; an age and a person said to "what's the address?" is no address; "idc when" as the whole answer to "how
/// soon?" is flexible; an all-clear in a gas or CO emergency ("gas company came already, all good", "it was just the
/// battery") stands it down; "thanks bye" is no name. Three reviews side by side with the old code found about 50, 60 and
/// 30 regressions of the earlier versions (praising "we're not outside yet", 911 for "no headache", every sizzle a fire,
/// "hot to touch" a worry, "Live Oak" lost, a town lost after "here", "either way its broken" as flexible, an insult
/// thanked); they are kept here as guards.
/// </summary>
public sealed class UnderstandingRound26Tests
{
    // ---------- a text with nothing new ----------

    /// <summary>
    /// A gas or CO caller's update, whatever it says, is passed on with the same reminder: to stay out and when to call
    /// 911. A first version read "outside" and "headache" and praised "we're not outside yet" and "im still inside looking
    /// for the cat", and sent "no headache, we feel fine" to 911 (the review's cases, kept here).
    /// </summary>
    [Theory]
    [InlineData("we're all outside now")]
    [InlineData("we're not outside yet")]
    [InlineData("kids are at the neighbors, im still inside looking for the cat")]
    [InlineData("we left, sitting in the car in the driveway with engine running")]
    [InlineData("no headache or anything we feel fine")]
    [InlineData("she's kind of out of it and not making sense on the phone")]
    [InlineData("sorry im confused, whats the address of what")]
    public void InAGasOrCoEmergency_AnyUpdate_IsPassedOn_WithTheSameSafetyReminder(string update)
    {
        var r = Talk("hvac", "co detector is going off in the hallway", update);
        r.Replies[1].ShouldStartWith("I've passed that on to the team at");
        r.Replies[1].ShouldContain("Make sure everyone stays out of the house, and call 911 if anyone has a headache or feels dizzy or confused.");
        r.Replies[1].ShouldNotContain("Good");
        r.Replies[1].ShouldNotContain("didn't quite catch");
        r.ForOwner[1].ShouldBe("sent an update on the emergency");
    }

    /// <summary>Thanks is answered; a goodbye or "thanks for nothing" in an emergency is for the owner to see, not thanked.</summary>
    [Fact]
    public void InAnEmergency_ThanksIsAnswered_AGoodbyeIsPassedOn()
    {
        var r = Talk("hvac", "smell gas in the kitchen", "thanks", "k bye");
        r.Replies[1].ShouldStartWith("You're welcome.");
        r.ForOwner[1].ShouldBeNull();
        r.Replies[2].ShouldStartWith("I've passed that on to the team at");
        r.ForOwner[2].ShouldBe("sent an update on the emergency");
        var sarcastic = Talk("plumbing", "pipe burst flooding the kitchen", "thanks for nothing");
        sarcastic.Replies[1].ShouldStartWith("I've passed that on to the team at");
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
        (await SayAsync(app, s, "ok we're all outside now", clock))!.Body.ShouldStartWith("I've passed that on to the team at");

        var notices = await NotificationsAsync(app, business);
        notices.Count(n => n.Event == "emergency").ShouldBe(1);
        notices.ShouldContain(n => n.Event == "caller_question" && n.Body.Contains("sent an update on the emergency: \"ok we're all outside now\""));
    }

    [Fact]
    public void InAFlood_AnUpdateWeCannotPlace_IsPassedOn_NotMetWithDidntCatchThat()
    {
        var r = Talk("plumbing", "pipe burst under the kitchen sink, water everywhere", "cant find the shutoff");
        r.Replies[1].ShouldStartWith("I've passed that on to the team at");
        r.ForOwner[1].ShouldBe("sent an update on the emergency");
    }

    /// <summary>
    /// Outside an emergency a text we cannot read is still "didn't quite catch that": a first version thanked it ("Thanks —
    /// so I can get this to the team: …"), which read wrong after an insult, a complaint, "the plumber already came" or a
    /// name refused (the second review's cases).
    /// </summary>
    [Theory]
    [InlineData("it's worse in the mornings")]
    [InlineData("you guys are a joke")]
    [InlineData("the plumber already came")]
    [InlineData("ok i dont want to give my name")]
    public void OutsideAnEmergency_ATextWeCannotRead_IsNotThanked(string text)
    {
        var r = Talk("plumbing", "toilet keeps running", text);
        r.Replies[1].ShouldStartWith("Sorry, I didn't quite catch that.");
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

    /// <summary>
    /// A crackling panel gets the safety question (a first version called every sizzle and crackle a fire, and the second
    /// review found it paging the owner for "meter crackles a bit in the rain, no rush", "sizzling summer is coming"); a
    /// yes makes it the emergency. "Hot to touch" is no worry of its own: a water heater or a furnace is hot, and the
    /// third review found "water heater is hot to touch", then "ok" to the question, read as danger.
    /// </summary>
    [Fact]
    public void ACracklingPanel_GetsTheSafetyQuestion()
    {
        var r = Talk("electrical", "the breaker panel is crackling and the lights dim");
        r.Emergency.ShouldBeFalse();
        r.Replies[0].ShouldContain(DangerCheck.Question);
    }

    [Theory]
    [InlineData("plumbing", "water heater is hot to touch")]
    [InlineData("hvac", "furnace is hot to touch")]
    [InlineData("electrical", "panel upgrade, its hot in the attic")]
    public void SomethingHotToTouch_IsNoDanger_AndOkIsNoYes(string vertical, string text)
    {
        var r = Talk(vertical, text, "ok");
        r.Emergency.ShouldBeFalse();
        r.Replies[0].ShouldNotContain(DangerCheck.Question);
    }

    [Theory]
    [InlineData("breaker box hums a little, been like that for years, want it checked", "electrical")]
    [InlineData("furnace makes a crackling noise when it starts up", "hvac")]
    [InlineData("the bacon was sizzling on the stove, anyway need an outlet added in the kitchen", "electrical")]
    [InlineData("need an outlet installed by the stove, bacon sizzling grease splatters everywhere lol", "electrical")]
    [InlineData("need panel upgrade, the panel isn't crackling or sizzling or anything, just old", "electrical")]
    [InlineData("want to add an outlet, the wires aren't sizzling or hot or anything", "electrical")]
    [InlineData("the panel in the garage, we keep firewood crackling out there lol need upgrade", "electrical")]
    [InlineData("meter crackles a bit in the rain, no rush", "electrical")]
    [InlineData("need panel upgrade, sizzling summer is coming and ac keeps tripping", "electrical")]
    public void ASizzleOrACrackleSaidOtherwise_IsNoFire(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse();

    [Fact]
    public void ACracklingPanel_AYesMakesItAnEmergency_AndTheUpdateAfterIsPassedOn()
    {
        var r = Talk("electrical", "the breaker panel is crackling and the lights dim", "yes",
            "my dad is 80 he lives here alone, im on my way there", "2210 Las Palmas Way", "Karen Doyle");
        r.Emergency.ShouldBeTrue();
        r.Replies[2].ShouldStartWith("I've passed that on to the team at");
        r.Lead[LeadFields.Address].ShouldBe("2210 Las Palmas Way");
        r.Lead[LeadFields.Name].ShouldBe("Karen Doyle");
    }

    [Fact]
    public void ASizzlingWaterHeater_GetsNoSafetyQuestion_SoAnOkIsNoYes()
    {
        var r = Talk("plumbing", "water heater sizzling noise", "ok");
        r.Emergency.ShouldBeFalse();
        r.Replies[0].ShouldNotContain("Quick safety check");
    }

    /// <summary>
    /// An all-clear in a gas or CO emergency stands it down (it got the stay-out reminder again, the review found); "this is
    /// not a false alarm" and "could it be a false alarm?" stood a CO alarm down in the old code too, and no longer do.
    /// </summary>
    [Theory]
    [InlineData("smell gas in the kitchen", "gas company came already, all good")]
    [InlineData("smell gas in the kitchen", "it was the garbage lol not gas")]
    [InlineData("co alarm going off", "it was just the battery lol")]
    [InlineData("co alarm going off", "false alarm")]
    public void AnAllClear_StandsTheEmergencyDown(string first, string allClear)
    {
        var r = Talk("hvac", first, allClear);
        r.Replies[1].ShouldStartWith("Glad it's under control");
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Soon);
    }

    [Theory]
    [InlineData("hvac", "smell gas", "fire department said to stay out, they found a leak")]
    [InlineData("electrical", "sparks from the outlet", "it was the battery charger plugged in there, sparks everywhere")]
    [InlineData("plumbing", "pipe burst water everywhere", "its the fridge line")]
    [InlineData("hvac", "smell gas", "gas company said it's not safe, stay out")]
    [InlineData("hvac", "co alarm going off", "this is not a false alarm, my head is pounding")]
    [InlineData("hvac", "co alarm going off", "could it be a false alarm?")]
    public void WhatOnlyLooksLikeAnAllClear_KeepsTheEmergency(string vertical, string first, string then) =>
        Talk(vertical, first, then).Lead[LeadFields.Urgency].ShouldBe(Urgencies.Emergency);

    // ---------- fields ----------

    [Theory]
    [InlineData("thanks bye")]
    [InlineData("k thx bye")]
    public void AGoodbye_IsNoName(string text) => Field(text, LeadFields.Name, asked: LeadFields.Name).ShouldBeNull();

    [Theory]
    [InlineData("my dad is 80 he lives here alone")]
    [InlineData("mom is 92 she lives there by herself")]
    public void AnAgeAndAPerson_IsNoAddress(string text) => Field(text, LeadFields.Address, "electrical", asked: LeadFields.Address).ShouldBeNull();

    /// <summary>The words that stop "80 he lives here" stop a street there, not a real street ("Live Oak") before them.</summary>
    [Theory]
    [InlineData("5 Live Oak", "5 Live Oak")]
    [InlineData("1200 broadway she will let you in", "1200 Broadway")]
    [InlineData("its my moms place 77 canyon view she lives alone", "77 Canyon View")]
    [InlineData("9 Hemlock he said its fine", "9 Hemlock")]
    [InlineData("45 pine here", "45 Pine")]
    [InlineData("2 Alone Tree", "2 Alone Tree")]
    [InlineData("12 hilltop alone", "12 Hilltop")]
    [InlineData("45 pine they're home", "45 Pine")]
    [InlineData("12 elm st, springfield", "12 Elm St, Springfield")]
    public void AStreetBeforeAPerson_IsKept(string text, string address) =>
        Field(text, LeadFields.Address, "plumbing", asked: LeadFields.Address).ShouldBe(address);

    /// <summary>A town with "here" after it is still the town (the third review found "12 elm st, springfield here" losing it).</summary>
    [Fact]
    public void ATownWithHereAfterIt_IsKept() =>
        Field("12 elm st, springfield here", LeadFields.Address, "plumbing", asked: LeadFields.Address)!.ShouldContain("Springfield");

    [Theory]
    [InlineData("idc when")]
    [InlineData("whichever day")]
    [InlineData("doesn't matter")]
    public void AnyTimeSaidToHowSoon_IsFlexible(string text) => Field(text, LeadFields.Urgency, asked: LeadFields.Urgency).ShouldBe(Urgencies.Flexible);

    [Theory]
    [InlineData("whichever day is soonest")]
    [InlineData("either way its broken")]
    [InlineData("it doesn't matter, the water is coming up through the floor")]
    [InlineData("doesn't matter what i do it still backs up")]
    public void TheSameWordsAboutSomethingElse_AreNotFlexible(string text) =>
        Field(text, LeadFields.Urgency, "plumbing", asked: LeadFields.Urgency).ShouldNotBe(Urgencies.Flexible);
}
