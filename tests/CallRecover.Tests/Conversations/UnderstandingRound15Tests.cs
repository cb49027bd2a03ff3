using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 14's misses (issue #15), every case written anew rather than copied. Missed emergencies: a car
/// dead in a lane of a named bridge, a furnace that "isn't coming on" at 9 °F with a pregnant wife, a washing machine hose
/// that "popped" leaving the kitchen "a lake", a 92-year-old with COPD at "a hundred and six here". False ones: "no alarm
/// going off" read as a CO alarm sounding, a heat pump blowing cold at 42 outside in November, AC water dripping from a
/// ceiling vent, a clogged shower's "two inches of water", "maybe just a tune up then" taken as unsure about danger.
/// "I said STOP" was not an opt-out. Names: "im DYING lol" and "whichever day" became names, "its Tasha hurry please"
/// became "Tasha Hurry"; "X is her name", "tenant is X" and "luis guerrero btw" were not read. Addresses: a unit said
/// first, "now" read as a city, "tomorrow morning ok" read as a town in Oklahoma. With guards.
/// </summary>
public sealed class UnderstandingRound15Tests
{
    // ---------- emergencies ----------

    [Theory]
    [InlineData("truck died on the Golden Gate bridge, right lane, cars swerving around me")]
    [InlineData("my car just quit on the old river bridge, hazards are on")]
    public void DeadOnABridge_IsStranded(string text) => Read(text, "auto").EmergencyKind.ShouldBe("stranded");

    [Fact]
    public void DeadAtHome_IsNotStranded() => Read("car died in my driveway, battery i think", "auto").Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the furnace isn't coming on and it's 6 degrees out", 1)]
    [InlineData("boiler isnt firing on at all, my wife is pregnant and it's freezing", 12)]
    public void AFurnaceThatIsNotComingOn_InTheCold_IsNoHeat(string text, int month) => Read(text, "hvac", month).EmergencyKind.ShouldBe("no_heat");

    [Fact]
    public void AFurnaceNotComingOn_OnAMildDay_IsNoEmergency() =>
        Read("furnace isn't coming on but it's 65 out, no rush", "hvac", 11).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("dishwasher line popped and the basement is a lake")]
    [InlineData("the laundry room is basically a swimming pool, the hose came off")]
    public void ARoomThatIsALake_IsWater(string text) => Read(text, "plumbing").EmergencyKind.ShouldBe("water");

    [Fact]
    public void AYardThatIsALake_IsNoEmergency() => Read("after the storm the yard is a lake, need the sump pump looked at", "plumbing").Emergency.ShouldBeFalse();

    [Fact]
    public void NoCoolingForAnAuntWithCopd_AtAHundredAndSixHere_IsAnEmergency() =>
        Read("my uncle is 88, his ac went out and it's a hundred and four here, he has copd", "hvac").EmergencyKind.ShouldBe("no_cooling");

    [Theory]
    [InlineData("CO detector keeps chirping, probably the battery. no alarm going off and nobody's sick")]
    [InlineData("carbon monoxide detector chirps every minute, think it's the battery, nothing going off")]
    public void AChirpingCoDetector_WithTheAlarmDenied_IsNoEmergency(string text) => Read(text, "hvac").Emergency.ShouldBeFalse();

    [Fact]
    public void AChirpingCoDetector_ThatIsGoingOff_StaysAnEmergency() =>
        Read("the carbon monoxide detector was chirping, now it's going off and I have a headache", "hvac").EmergencyKind.ShouldBe("co");

    [Fact]
    public void HeatBlowingCold_At45Outside_InNovember_IsNoEmergency() =>
        Read("heat pump is blowing cold air when set to heat. 45 outside", "hvac", 11).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("heat pump blowing cold air and it's 12 outside", 1)]
    [InlineData("furnace is out, it's 38 degrees out", 12)]
    public void HeatOut_InRealCold_StaysAnEmergency(string text, int month) => Read(text, "hvac", month).EmergencyKind.ShouldBe("no_heat");

    [Fact]
    public void WaterDrippingFromACeilingVent_IsNoFlood()
    {
        var r = Talk("hvac", "ac is running but weak, no rush", "ok now theres water dripping out of the ceiling vent in the hall", "Ezra Pond", "12 Tern Ct", "tomorrow");
        r.Emergency.ShouldBeFalse();
    }

    [Fact]
    public void WaterPouringFromTheCeiling_StaysAFlood() =>
        Read("water is pouring through the ceiling from upstairs", "plumbing").EmergencyKind.ShouldBe("water");

    [Fact]
    public void AClogThatLeavesWaterInTheShower_IsNoFlood() =>
        Read("tub drain is so clogged I end up standing in three inches of water every shower", "plumbing").Emergency.ShouldBeFalse();

    [Fact]
    public void InchesOfWaterInTheBasement_StaysAFlood() =>
        Read("there's three inches of water in the basement and rising", "plumbing").EmergencyKind.ShouldBe("water");

    // ---------- the safety question's answer ----------

    [Theory]
    [InlineData("hm maybe just a tune up then, friday works")]
    [InlineData("i guess a checkup then")]
    public void MaybeAVisit_IsNoAnswerAboutDanger(string reply) => DangerCheck.Answer(reply, Read(reply, "hvac")).ShouldNotBe(true);

    [Fact]
    public void MaybeASmell_StaysUnsure() => DangerCheck.Answer("maybe a little smell, not sure", Read("maybe a little smell, not sure", "hvac")).ShouldBe(true);

    [Fact]
    public void MaybeJustATuneUpThen_ChangesTheServiceWithoutAnAlarm()
    {
        var r = TalkIn(10, "hvac", "the furnace smells like burning dust the first time it runs, normal?", "ok maybe just a tune up then, saturday works", "Wes Holt", "8 Birch Ln");
        r.Replies[0].ShouldContain(DangerCheck.Question);
        r.Emergency.ShouldBeFalse();
        r.Lead[LeadFields.Service].ShouldBe("Maintenance / tune-up");
    }

    // ---------- opting out ----------

    [Theory]
    [InlineData("I said STOP")]
    [InlineData("i already said stop. why are you still texting")]
    [InlineData("told you STOP")]
    public void SayingTheyAlreadySaidStop_IsAnOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeTrue();

    [Fact]
    public void AStopThatIsNoRequest_IsNoOptOut() => Read("the leak won't stop, I said it's under the sink", "plumbing").OptOut.ShouldBeFalse();

    // ---------- names ----------

    [Theory]
    [InlineData("im DYING. the ac is blowing warm")]
    [InlineData("I'm Melting lol, upstairs ac stopped")]
    public void HowTheCallerFeels_IsNoName(string text) => Read(text, "hvac").Fields.ContainsKey(LeadFields.Name).ShouldBeFalse();

    [Fact]
    public void WhicheverDay_IsNoName() =>
        Talk("plumbing", "kitchen sink is clogged", "whichever day").Lead[LeadFields.Name].ShouldBeNull();

    [Fact]
    public void HurryAfterAName_IsNotPartOfIt() =>
        Talk("plumbing", "pipe under the bathroom sink is spraying water everywhere", "40 Linden St", "its Rhea hurry").Lead[LeadFields.Name].ShouldBe("Rhea");

    [Theory]
    [InlineData("Maria Jose Ortega is her name", "Maria Jose Ortega")]
    [InlineData("Tom Birch is his name, he's my dad", "Tom Birch")]
    [InlineData("the tenant is Dana Moss, she works from home", "Dana Moss")]
    public void TheNameOfThePersonTheVisitIsFor_IsTheName(string text, string name) =>
        Talk("hvac", "texting for my parents, their ac is out", "45 Ridge Rd", text).Lead[LeadFields.Name].ShouldBe(name);

    [Fact]
    public void ATenantWhoIsUpset_IsNoName() =>
        Read("the tenant is upset, water heater died", "plumbing").Fields.ContainsKey(LeadFields.Name).ShouldBeFalse();

    [Theory]
    [InlineData("omar haddad btw", "Omar", "Omar Haddad")]
    [InlineData("Omar Haddad", "Omar", "Omar Haddad")]
    public void TheFirstNameAgainWithASurname_CompletesIt(string text, string known, string full) =>
        SmsUnderstanding.CompletedSurname(text, known).ShouldBe(full);

    [Fact]
    public void AnotherPersonsFullName_DoesNotCompleteIt() => SmsUnderstanding.CompletedSurname("jake haddad btw", "Omar").ShouldBeNull();

    // ---------- addresses ----------

    [Theory]
    [InlineData("unit 7 at 220 Fulton St", "220 Fulton St Unit 7")]
    [InlineData("Apt 2C, 15 Waverly Pl", "15 Waverly Pl Apt 2C")]
    public void AUnitSaidFirst_GoesAfterTheStreet(string text, string address) =>
        Field(text, LeadFields.Address, "plumbing", asked: LeadFields.Address).ShouldBe(address);

    [Fact]
    public void NowAfterTheStreet_IsNoCity() =>
        Field("it's parked at 810 Maple Ave now", LeadFields.Address, "auto", asked: LeadFields.Address).ShouldBe("810 Maple Ave");

    [Fact]
    public void ATimeAndAnOkay_AreNoPlace() => SmsUnderstanding.PlaceOfKnownAddress("friday afternoon ok", "12 Elm St Apt 4").ShouldBeNull();

    [Fact]
    public void ACityAndState_StillComplete() => SmsUnderstanding.PlaceOfKnownAddress("Tulsa OK", "12 Elm St").ShouldBe("12 Elm St, Tulsa, OK");

    [Fact]
    public void AUnitWithALetter_KeepsItsCity() =>
        Field("1900 Grand Concourse Apt 3D, Bronx NY 10457", LeadFields.Address, "plumbing", asked: LeadFields.Address).ShouldBe("1900 Grand Concourse Apt 3D, Bronx, NY 10457");

    // ---------- services, urgency and times ----------

    [Theory]
    [InlineData("necesito un cambio de aceite", "auto", "Oil change")]
    [InlineData("how much for a fluid flush? it shudders when shifting", "auto", "Transmission service")]
    [InlineData("water spraying out of the pipe behind the washer", "plumbing", "Burst pipe")]
    [InlineData("want two dimmer switches put in the living room", "electrical", "Outlet / switch")]
    public void TheServiceIsRead(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Fact]
    public void NotInAnyHurry_IsFlexible() => Field("not in any hurry, we're away until the 20th", LeadFields.Urgency, "electrical").ShouldBe("flexible");

    [Theory]
    [InlineData("today if at all possible", "today")]
    [InlineData("thursday drop off", "thursday")]
    [InlineData("shut the valve, its off now. tomorrow is ok", "tomorrow")]
    public void ATimeSaidUnasked_IsRead(string text, string time) => Field(text, LeadFields.PreferredTime, "plumbing", asked: LeadFields.Name).ShouldBe(time);

    [Fact]
    public void ADayInAStory_IsStillNoTime() => Field("it started leaking on monday", LeadFields.PreferredTime, "plumbing", asked: LeadFields.Name).ShouldBeNull();
}
