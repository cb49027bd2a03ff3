using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The classes of phrasing fixed in issue #15's sixth pass (after holdout 5 was spent), each read by the one
/// understanding, recording extraction or the engine. The phrasings are new, not the holdout's. Each class has cases
/// that failed before its fix, next to guards that must keep holding.
/// </summary>
public sealed class UnderstandingRound6Tests
{
    private static readonly DateTimeOffset At = new(2026, 9, 9, 15, 0, 0, TimeSpan.Zero);

    private static CorpusResult Run(string vertical, params string[] texts) =>
        ConversationCorpus.Play(vertical, At, texts);

    private static string? When(string text) => Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime);

    // ---------- times: texting shorthand for days and parts of the day ----------

    [Theory]
    [InlineData("wkend works", "weekend")]
    [InlineData("next wk is fine", "next week")]
    [InlineData("thurs aft", "thursday afternoon")]
    [InlineData("mon eve after 6", "monday evening after 6pm")]
    [InlineData("next fri", "next friday")]
    [InlineData("this sat morn", "saturday morning")]
    [InlineData("anytime thurs", "thursday")]
    [InlineData("wkdys after 3:30", "weekday after 3:30pm")]
    [InlineData("wkend am", "weekend morning")]
    [InlineData("sat/sun", "saturday or sunday")]
    public void TextingShorthand_ForATime_IsReadInFull(string text, string time) => When(text).ShouldBe(time);

    /// <summary>The sun is no Sunday (found reviewing round 6: "this sun" was read as "this sunday").</summary>
    [Theory]
    [InlineData("this sun is brutal and the ac cant keep up")]
    [InlineData("with this sun beating down the upstairs is 88")]
    [InlineData("the ac quit and this sun's no joke")]
    public void TheSun_IsNoDay(string text) => When(text).ShouldBeNull();

    [Fact]
    public void ThisSun_AsADay_IsStillSunday() => When("this sun after 1 works").ShouldBe("sunday after 1pm");

    [Fact]
    public void AName_ThatLooksLikeShorthand_IsStillAName() => Field("Eve Marsh here, the AC is out", LeadFields.Name).ShouldBe("Eve Marsh");

    // ---------- times: the hour that says when work ends, "early" with a day, "before noon" ----------

    [Theory]
    [InlineData("after work, so after 6", "after 6pm")]
    [InlineData("after work - like after 5:15", "after 5:15pm")]
    [InlineData("tomorrow after work, after 4:30", "tomorrow after 4:30pm")]
    public void AfterWork_WithTheHour_IsTheHour(string text, string time) => When(text).ShouldBe(time);

    [Theory]
    [InlineData("thursday early", "thursday morning")]
    [InlineData("early tomorrow if you can", "tomorrow morning")]
    [InlineData("monday early is best", "monday morning")]
    [InlineData("early next week", "early next week")]
    public void Early_WithADay_IsItsMorning(string text, string time) => When(text).ShouldBe(time);

    [Theory]
    [InlineData("before noon tomorrow", "tomorrow before noon")]
    [InlineData("fri before lunch", "friday morning")]
    [InlineData("any day before midday", "before noon")]
    public void BeforeNoon_IsKeptAsSaid_AndBeforeLunchIsTheMorning(string text, string time) => When(text).ShouldBe(time);

    [Theory]
    [InlineData("as soon as somebody can get here")]
    [InlineData("soon as anyone's free")]
    [InlineData("within the hour if possible")]
    [InlineData("in the next hour or two")]
    public void AsSoonAsSomeoneCan_IsAsap(string text) => When(text).ShouldBe("asap");

    // ---------- times: of two days, the one said to suit ----------

    [Theory]
    [InlineData("my in-laws arrive friday so thursday would be ideal", "thursday")]
    [InlineData("I work monday, tuesday works better", "tuesday")]
    [InlineData("out of town saturday. sunday is best for us", "sunday")]
    [InlineData("tuesday or wednesday works", "tuesday or wednesday")]
    public void OfTwoDays_TheOneSaidToSuit_IsTheTime(string text, string time) => Field(text, LeadFields.PreferredTime).ShouldBe(time);

    [Fact]
    public void AVoicemail_WithADayInItsStory_TakesTheDaySaidToSuit() =>
        Voicemail("Hi, this is Marco Diaz, the kids have a game saturday so sunday would be best. The tub drain is clogged. 19 Elm Street. Thanks.", "plumbing")
            .Value(FieldNames.PreferredTime).ShouldBe("sunday");

    // ---------- emergencies: no heat said as "has been out" ----------

    [Theory]
    [InlineData("the furnace has been dead since this morning and it's 15 degrees out")]
    [InlineData("heat's been off all night, house is 50 degrees")]
    [InlineData("our boiler's been out since yesterday, we have a newborn")]
    public void NoHeat_SaidAsHasBeenOut_InTheCold_IsAnEmergency(string text) => Read(text, "hvac", month: 1).Emergency.ShouldBeTrue();

    [Theory]
    [InlineData("heat's been out since Tuesday but it's 65 out, no rush", 1)]
    [InlineData("the heat has been off since spring, want it checked before fall", 7)]
    public void NoHeat_InMildWeather_IsNoEmergency(string text, int month) => Read(text, "hvac", month: month).Emergency.ShouldBeFalse();

    [Fact]
    public void HeatThatHasBeenOut_IsHeatingRepair() =>
        Field("heat has been out since sunday", LeadFields.Service, month: 1).ShouldBe("Heating repair");

    // ---------- emergencies: "flooded" said of an inbox or calls ----------

    [Theory]
    [InlineData("you guys flooded my email with coupons lol. anyway need a drain cleared", "plumbing")]
    [InlineData("we've been flooded with calls since the storm, need our generator serviced", "electrical")]
    [InlineData("the pet store flooded us with ads haha. toilet keeps running", "plumbing")]
    public void Flooded_WithMail_OrCalls_IsNoEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the basement flooded last night and it's still rising")]
    [InlineData("water flooded the laundry room")]
    public void Flooded_WithWater_IsStillAnEmergency(string text) => Read(text, "plumbing").Emergency.ShouldBeTrue();

    // ---------- emergencies: a burning smell that passes by itself ----------

    [Theory]
    [InlineData("furnace smells like burning dust the first time it runs each fall", "hvac")]
    [InlineData("slight burning smell for a few seconds when the heat kicks on, then it's gone", "hvac")]
    [InlineData("a burning smell for a second when the dryer starts then it goes away", "electrical")]
    public void ABurningSmell_ThatPasses_IsNoEmergency(string text, string vertical) => Read(text, vertical, month: 10).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("burning smell from the outlet for a sec and then sparks", "electrical")]
    [InlineData("burning smell for a few seconds when the heat kicks on and it keeps getting stronger", "hvac")]
    [InlineData("smells like something burning behind the panel", "electrical")]
    [InlineData("burning smell from the outlet for a sec then it's fine", "electrical")]
    [InlineData("the breaker box had a burning smell for a minute then it went away", "electrical")]
    public void ABurningSmell_ThatStays_OrWithSparks_IsStillAnEmergency(string text, string vertical) => Read(text, vertical, month: 10).Emergency.ShouldBeTrue();

    /// <summary>Told in the past tense ("smelled like burning") the smell is still read (found by round 6's author, from no holdout).</summary>
    [Theory]
    [InlineData("the outlet in the hallway smelled like burning last night and now it doesnt work", "electrical")]
    [InlineData("the panel smelt like something burning when the dryer was on", "electrical")]
    [InlineData("the furnace closet smelled like smoke this morning", "hvac")]
    public void ABurningSmell_ToldInThePast_IsStillAnEmergency(string text, string vertical) => Read(text, vertical, month: 10).Emergency.ShouldBeTrue();

    // ---------- addresses ----------

    [Theory]
    [InlineData("we're at 58 inside and dropping")]
    [InlineData("I'm at 90 upstairs lol")]
    [InlineData("we are at 61 downstairs, furnace is off")]
    public void ATemperature_AfterWereAt_IsNoAddress(string text) => Field(text, LeadFields.Address, month: 1).ShouldBeNull();

    [Theory]
    [InlineData("RR 4 Box 12, Elkins WV", "RR 4 Box 12, Elkins, WV")]
    [InlineData("we're on rural route 7 box 210", "RR 7 Box 210")]
    [InlineData("R.R. 1, Box 33 Hillsboro KS", "RR 1 Box 33, Hillsboro, KS")]
    public void ARuralRouteBox_IsAnAddress(string text, string address) => Field(text, LeadFields.Address, asked: LeadFields.Address).ShouldBe(address);

    [Fact]
    public void ARuralRouteBox_InAVoicemail_IsTheAddress() =>
        Voicemail("Hi, this is Nell Soto, we need an outlet fixed in the barn. We're out on rural route 2, box 45. Thanks.", "electrical")
            .Value(FieldNames.Address).ShouldBe("RR 2 Box 45");

    [Theory]
    [InlineData("1450 Hwy 61 N, Tunica MS", "1450 Hwy 61 N, Tunica, MS")]
    [InlineData("330 Route 9 W", "330 Route 9 W")]
    [InlineData("12 State Hwy 7 E, Ely MN", "12 State Hwy 7 E, Ely, MN")]
    public void AHighway_WithADirection_KeepsIt(string text, string address) => Field(text, LeadFields.Address, asked: LeadFields.Address).ShouldBe(address);

    [Theory]
    [InlineData("16 Heron Ct, Bend OR 97701", "16 Heron Ct, Bend, OR 97701")]
    [InlineData("88 Quarry Ln, Ridge NY", "88 Quarry Ln, Ridge, NY")]
    [InlineData("7 Mill Rd, Cove OR", "7 Mill Rd, Cove, OR")]
    public void ACity_NamedLikeAStreetSuffix_IsKept_BeforeItsState(string text, string address) => Field(text, LeadFields.Address).ShouldBe(address);

    [Theory]
    [InlineData("1201 Cañon Dr", "1201 Cañon Dr")]
    [InlineData("44 Peñasco Rd, Taos NM", "44 Peñasco Rd, Taos, NM")]
    [InlineData("78 Bélair Ave", "78 Bélair Ave")]
    public void AStreet_WithAccentedLetters_IsReadWhole(string text, string address) => Field(text, LeadFields.Address).ShouldBe(address);

    [Theory]
    [InlineData("58 Birchwood", "58 Birchwood Ct, Dayton OH", "58 Birchwood Ct, Dayton, OH")]
    [InlineData("310 Harbor View", "it's Harbor View Rd, in Eugene", "310 Harbor View Rd, Eugene")]
    [InlineData("77 Maple Glen, Akron OH", "Maple Glen Cir", "77 Maple Glen Cir, Akron, OH")]
    [InlineData("5 Larch, Provo UT", "sorry 5 Larch Ave", "5 Larch Ave, Provo, UT")]
    public void AnAddress_CompletedInALaterText_IsCompleted(string first, string then, string address) =>
        Run("plumbing", "toilet keeps running, no rush", "Nora Quinn", first, then, "friday morning").Lead[LeadFields.Address].ShouldBe(address);

    [Fact]
    public void AnotherHouseNumber_IsStillACorrection_NotACompletion() =>
        Run("plumbing", "toilet keeps running, no rush", "Nora Quinn", "48 Orchard Ln", "sorry its 84 Orchard Ln not 48", "friday morning")
            .Lead[LeadFields.Address].ShouldBe("84 Orchard Ln");

    // ---------- names ----------

    [Theory]
    [InlineData("Greta", "surname is Lindqvist", "Greta Lindqvist")]
    [InlineData("Omar", "last name's Haddad", "Omar Haddad")]
    [InlineData("Bea", "and my last name is Castellanos", "Bea Castellanos")]
    public void ASurnameSentAlone_CompletesTheFirstName(string first, string then, string name) =>
        Run("plumbing", "water heater is leaking a little, no rush", first, then, "14 Alder St", "tomorrow morning").Lead[LeadFields.Name].ShouldBe(name);

    [Theory]
    [InlineData("Nguyen", "Linh Nguyen")]
    [InlineData("Ortiz", "sorry, Maria Ortiz")]
    [InlineData("Kowalski", "Deb Kowalski")]
    public void AFullName_AfterTheSurnameAlone_IsTheName(string first, string then) =>
        Run("hvac", "AC is blowing warm, no rush", first, then, "9 Cedar Ct", "monday afternoon").Lead[LeadFields.Name].ShouldBe(then.Replace("sorry, ", ""));

    [Theory]
    [InlineData("whats the earliest you can come")]
    [InlineData("hows tomorrow")]
    [InlineData("wheres your shop")]
    public void AQuestionWord_IsNoName(string text) => Field(text, LeadFields.Name, asked: LeadFields.Name).ShouldBeNull();

    // ---------- urgency and closing ----------

    [Theory]
    [InlineData("faucet drips, no biggie")]
    [InlineData("not a biggie, whenever")]
    [InlineData("nbd, the toilet just runs sometimes")]
    public void NoBiggie_IsFlexible(string text) => Field(text, LeadFields.Urgency, "plumbing").ShouldBe(Urgencies.Flexible);

    [Theory]
    [InlineData("we already have someone, thanks")]
    [InlineData("already found a guy.")]
    [InlineData("already hired someone for it")]
    public void AlreadyHavingSomeone_IsNotInterested(string text) => Read(text, "plumbing").NotInterested.ShouldBeTrue();

    [Fact]
    public void SomeoneWhoAlreadyLooked_IsNoGoodbye() =>
        Read("I already got someone to look at it and they said it's the compressor", "hvac").NotInterested.ShouldBeFalse();

    // ---------- services ----------

    [Theory]
    [InlineData("pipe under the bathroom vanity cracked, spraying everywhere")]
    [InlineData("the copper pipe in the garage split last night")]
    [InlineData("one of the pipes in the crawl space busted")]
    public void APipeThatBroke_ToldWithWordsBetween_IsABurstPipe(string text) => Field(text, LeadFields.Service, "plumbing").ShouldBe("Burst pipe");

    [Theory]
    [InlineData("the dimmer switch in the hall stopped working, lights stay on")]
    [InlineData("the chandelier switch is broken")]
    [InlineData("the switch by the back door stopped working so the lights won't turn on")]
    public void ASwitchThatIsBroken_IsTheNeed_OverWhatItControls(string text) => Field(text, LeadFields.Service, "electrical").ShouldBe("Outlet / switch");

    [Theory]
    [InlineData("the disposal is jammed again. while you're here can you look at the faucet too", "plumbing", "Garbage disposal, Faucet / fixture")]
    [InlineData("two outlets in the kitchen are dead, also want a price on an ev charger", "electrical", "Outlet / switch, EV charger")]
    [InlineData("furnace is short cycling. could you also check the thermostat while you're out", "hvac", "Furnace repair, Thermostat")]
    public void ASecondJob_AskedForInSoManyWords_IsKept(string text, string vertical, string services) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(services);

    [Theory]
    [InlineData("need the water heater looked at. also the kitchen faucet drips", "Water heater")]
    [InlineData("water heater is leaking, also the pipe under it looks rusty", "Water heater")]
    public void ASecondThingMentioned_WithoutAsking_IsNotASecondJob(string text, string service) => Field(text, LeadFields.Service, "plumbing").ShouldBe(service);

    [Fact]
    public void WhileYoureHere_IsNoName() =>
        Field("the disposal is jammed again. While you're here can you look at the faucet", LeadFields.Name, "plumbing").ShouldBeNull();

    // ---------- times through the whole engine: corrected, and inside a long text ----------

    [Theory]
    [InlineData("tomorrow morning", "actually thursday aft works better", "thursday afternoon")]
    [InlineData("fri aft", "sorry, make that next mon", "next monday")]
    [InlineData("wknd", "oops I meant wkdays after 5", "weekday after 5pm")]
    public void ATimeCorrected_InShorthand_ReplacesTheOneGiven(string first, string then, string time) =>
        Run("plumbing", "kitchen drain is slow, no rush", "Dana Cole", "40 Pine St", first, then).Lead[LeadFields.PreferredTime].ShouldBe(time);

    [Theory]
    [InlineData("Hi this is Dana Cole, 40 Pine St. kitchen sink is clogged and backing up, not urgent, wkdays after 5 are best since we both work", "weekday after 5pm")]
    [InlineData("toilet runs all night. Sam Ortiz, 9 Elm Ct, Dayton OH. I'm out of town fri so next tues morn would be ideal", "next tuesday morning")]
    [InlineData("water heater making noise, no rush, 77 Alder Ct. Jo Lee here. anytime sat works, or sun aft", "saturday or sunday afternoon")]
    public void ATimeInsideALongText_IsRead(string text, string time) => Run("plumbing", text).Lead[LeadFields.PreferredTime].ShouldBe(time);
}
