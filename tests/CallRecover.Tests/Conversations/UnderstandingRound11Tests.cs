using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 10's misses (issue #15), every case written anew rather than copied. Two closed a conversation
/// that still wanted the work ("the gas line was fixed, all good now. need someone for a tune up tho"; "my husband fixed it
/// mostly, still slow"); four emergencies were missed (an overflow that "wont stop", a basement flooding in Spanish, a
/// burning electrical smell from the vents, a baby in a house "at 97") and two raised falsely (hot water smelling of rotten
/// eggs, blue smoke from a tailpipe). With guards that the near misses stay as they were.
/// </summary>
public sealed class UnderstandingRound11Tests
{
    // ---------- still wanted ----------

    [Theory]
    [InlineData("we smelled gas last month, the utility fixed the meter and it's all good now. need someone to do a boiler check though", "hvac")]
    [InlineData("my husband fixed it mostly with a plunger, still slow though. no rush", "plumbing")]
    [InlineData("got it working partly, the dryer outlet still not working", "electrical")]
    public void ATextThatSaysSomethingIsFixed_ButStillAsksForWork_DoesNotClose(string text, string vertical)
    {
        var u = Read(text, vertical);
        u.NotInterested.ShouldBeFalse();
        u.Emergency.ShouldBeFalse();
    }

    [Theory]
    [InlineData("never mind, my husband fixed it, all good now")]
    [InlineData("all good now, we don't need anything")]
    public void ATextThatSaysItIsFixed_AndAsksNothing_StillCloses(string text) => Read(text, "plumbing").NotInterested.ShouldBeTrue();

    [Fact]
    public void AConversation_ThatSaysTheGasWasFixed_AndAsksForATuneUp_GoesOn()
    {
        var r = Talk("hvac", "gas smell last week, gas company fixed it, all good now. need someone for a furnace tune up though", "no rush", "Ines Calloway", "14 Wren Ct", "monday afternoon");
        r.Lead[LeadFields.Name].ShouldBe("Ines Calloway");
        r.Lead[LeadFields.Address].ShouldBe("14 Wren Ct");
        r.Lead[LeadFields.Service].ShouldBe("Maintenance / tune-up");
        r.Emergency.ShouldBeFalse();
    }

    // ---------- emergencies ----------

    [Theory]
    [InlineData("TOILET OVERFLOWING WONT STOP", "plumbing")]
    [InlineData("water going into the living room from the laundry", "plumbing")]
    [InlineData("se está inundando la cocina, ayuda", "plumbing")]
    [InlineData("hay agua por todos lados en el baño", "plumbing")]
    public void WaterThatWillNotStopOrSpreads_IsAWaterEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeTrue();

    [Theory]
    [InlineData("burning electrical smell from the vents and the furnace cut out", "hvac")]
    [InlineData("electrical burning smell in the hallway ceiling light", "electrical")]
    public void ABurningElectricalSmell_IsAFireDanger(string text, string vertical)
    {
        var u = Read(text, vertical, month: 1);
        u.Emergency.ShouldBeTrue();
        u.EmergencyKind.ShouldBe("fire");
    }

    [Theory]
    [InlineData("ac quit and the house is 96, we have a 3 week old")]
    [InlineData("AC died this afternoon, inside is already 98 and my grandmother lives with us")]
    public void NoCoolingWithABabyOrTheElderly_AndTheHouseAtNinetyPlus_IsAnEmergency(string text) => Read(text, "hvac").Emergency.ShouldBeTrue();

    [Theory]
    [InlineData("ac quit, the house is 96 but we're all healthy adults, tomorrow is ok")]
    [InlineData("ac is weak and my grandmother says the house is 78")]
    public void NoCoolingWithoutBothHeatAndSomeoneVulnerable_IsNoEmergency(string text) => Read(text, "hvac").Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the hot water smells like rotten eggs, cold is fine", "plumbing")]
    [InlineData("water from the shower smells like sulfur", "plumbing")]
    [InlineData("white smoke out of the tailpipe when it warms up", "auto")]
    [InlineData("a puff of blue smoke at startup then it runs fine", "auto")]
    public void AWaterSmellOrExhaustSmoke_IsNoEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the whole house smells like rotten eggs", "plumbing")]
    [InlineData("I think the water heater is leaking gas, strong smell in the garage", "plumbing")]
    [InlineData("smoke is pouring out from under the hood", "auto")]
    public void AGasSmellInTheAirOrSmokeFromTheEngine_StaysAnEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeTrue();

    // ---------- services ----------

    [Theory]
    [InlineData("ac stoped blowing cold last night", "hvac", "AC repair")]
    [InlineData("AC runs nonstop, won't shut off even with the thermostat off", "hvac", "AC repair")]
    [InlineData("water bubbling up in the yard by the street", "plumbing", "Leak repair")]
    [InlineData("car won't start, just one click when I turn the key", "auto", "Starter replacement")]
    [InlineData("quiero un cargador para mi carro eléctrico", "electrical", "EV charger")]
    [InlineData("el lavabo está tapado", "plumbing", "Drain cleaning")]
    [InlineData("blue smoke from the exhaust on cold mornings", "auto", "Engine diagnostic")]
    public void TheServiceIsRead(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Fact]
    public void ASecondJobAddedInALaterText_IsKeptBesidesTheFirst() =>
        Talk("auto", "need a oil change", "oh and the brakes are squealing too", "Tess Marlow", "8 Bay St", "friday morning")
            .Lead[LeadFields.Service].ShouldBe("Oil change, Brake pads");

    [Fact]
    public void AServiceCorrectedInALaterText_Replaces_AndIsNotAdded() =>
        Talk("hvac", "the furnace is making a banging noise", "sorry I meant the AC, not the furnace", "Tess Marlow", "8 Bay St", "friday morning")
            .Lead[LeadFields.Service].ShouldBe("AC repair");

    [Fact]
    public void AVoicemail_WithAndAlso_KeepsBothJobs() =>
        Voicemail("Hi, this is Carla Boone, our water heater is leaking and also the kitchen drain is slow. 12 Fern St. Friday works.", "plumbing")
            .Value(FieldNames.Service).ShouldBe("Water heater, Drain cleaning");

    // ---------- names ----------

    [Theory]
    [InlineData("Jon Pruitt", "sorry, John not Jon", "John Pruitt")]
    [InlineData("Shawna", "oops Shauna*", "Shauna")]
    [InlineData("Katie Moss", "*Katy", "Katy Moss")]
    public void AFirstNameCorrectedOnItsOwn_ReplacesTheOneWeHave(string said, string correction, string name) =>
        Talk("plumbing", "kitchen sink is clogged", said, correction, "8 Bay St", "friday morning").Lead[LeadFields.Name].ShouldBe(name);

    [Theory]
    [InlineData("Jon Pruitt", "tomorrow not friday")]
    [InlineData("Shawna", "thanks*")]
    public void TextsThatLookLikeACorrection_ButAreNotOfTheName_LeaveItAlone(string said, string text) =>
        SmsUnderstanding.CorrectedFirstName(text, said).ShouldBeNull();

    // ---------- closing, urgency, times ----------

    [Theory]
    [InlineData("unsubcribe")]
    [InlineData("UNSUSCRIBE me")]
    public void AMisspeltUnsubscribe_OptsOut(string text) => Read(text, "plumbing").OptOut.ShouldBeTrue();

    [Fact]
    public void ICantEvenOwnACar_IsAWrongNumberForAMechanic() => Read("who is this? I don't even have a car", "auto").WrongNumber.ShouldBeTrue();

    [Fact]
    public void EstaSemana_IsSoon() => Field("esta semana si se puede", LeadFields.Urgency, "plumbing", asked: LeadFields.Urgency).ShouldBe(Urgencies.Soon);

    [Fact]
    public void WheneverTomorrow_AnsweringHowSoon_IsATimeToo() =>
        Field("whenever tomorrow", LeadFields.PreferredTime, "hvac", asked: LeadFields.Urgency).ShouldBe("tomorrow");

    [Theory]
    [InlineData("next wed 4ish", "next wednesday around 4pm")]
    [InlineData("tomorrow around 10-ish", "tomorrow around 10am")]
    public void AnHourIsh_IsAroundThatHour(string text, string time) => Field(text, LeadFields.PreferredTime, "hvac", asked: LeadFields.PreferredTime).ShouldBe(time);

    [Fact]
    public void AVoicemail_HowOftenThisMonth_IsNotWhen() =>
        Voicemail("Hi, it's Dana Pike, the battery died again, second time this month. 9 Elm St. Tomorrow at 8am please.", "auto")
            .Value(FieldNames.PreferredTime).ShouldBe("tomorrow 8am");

    [Fact]
    public void ADayInAQuestionAboutStoppingOver_IsTheTime() =>
        Field("can your guy stop at my place friday? need a ceiling fan hung", LeadFields.PreferredTime, "electrical").ShouldBe("friday");
}
