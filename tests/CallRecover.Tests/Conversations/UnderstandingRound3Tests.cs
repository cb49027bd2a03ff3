using static CallRecover.Tests.Conversations.ConversationCorpus;
using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Tenancy;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The classes of phrasing fixed in issue #15's third pass (after holdout 2 was spent), each read by the one
/// understanding, recording extraction or the engine. The phrasings are new, not the corpus's. Each class has cases
/// that failed before its fix, next to guards that must keep holding: the emergencies still caught beside the ones
/// that are over, real words beside typos, this business beside another one.
/// </summary>
public sealed class UnderstandingRound3Tests
{
    private static readonly DateTimeOffset May = new(2026, 5, 12, 15, 0, 0, TimeSpan.Zero);


    // ---------- names said the way people say them on the phone ----------

    [Theory]
    [InlineData("Hey, it's Gary, Gary Whitfield, the heat pump is iced over.", "Gary Whitfield")]
    [InlineData("Hi my name's Priya, Priya Nair, calling about the thermostat.", "Priya Nair")]
    [InlineData("Hello, name is Okafor, Daniel Okafor, the furnace keeps shutting off.", "Daniel Okafor")]
    [InlineData("Yeah this is Bill, William Hart, our AC unit is rattling.", "William Hart")]
    [InlineData("Hi it's Kate, Katherine Moss, we need a tune up sometime.", "Katherine Moss")]
    [InlineData("Hello, I'm Terrence, Terrence Bly, the vents barely blow.", "Terrence Bly")]
    [InlineData("Hi, calling from 4 Gull Ct, my name's, uh, Hal. The boiler is knocking.", "Hal")]
    public void AFirstName_SaidAgainWithTheFullName_GivesTheFullName(string transcript, string name) =>
        Voicemail(transcript).Value(FieldNames.Name).ShouldBe(name);

    [Fact]
    public void AnItsPhraseBeforeTheIntroduction_DoesNotHideIt() =>
        Voicemail("The disposal is jammed and it's making me crazy, no hurry. This is Wendy Cho, 31 Orchard Lane.", "plumbing")
            .Value(FieldNames.Name).ShouldBe("Wendy Cho");

    [Theory]
    [InlineData("Ray and Donna Fields")]
    [InlineData("it's Luis & Marta Ortega")]
    public void ACoupleAnsweringTheNameQuestion_IsOneName(string text) =>
        Field(text, LeadFields.Name, asked: LeadFields.Name).ShouldBe(text.StartsWith("it's") ? "Luis and Marta Ortega" : "Ray and Donna Fields");

    [Theory]
    [InlineData("its working again actually")]
    [InlineData("it's dripping less now")]
    public void AnIngWordAfterIts_IsNoName_EvenWhenTheNameWasAsked(string text) =>
        Field(text, LeadFields.Name, asked: LeadFields.Name).ShouldBeNull();

    [Theory]
    [InlineData("its Noor lol the furnace is dead", "Noor")]
    [InlineData("yes this is Ollie with the noisy heat pump", "Ollie")]
    [InlineData("put it under Castellanos", "Castellanos")]
    public void ANameInTheMiddleOfTheSentence_IsTaken(string text, string name) => Field(text, LeadFields.Name).ShouldBe(name);

    [Fact]
    public void AnEmojiEndsThePhrase_LikeAComma() =>
        Field("hi it's Dev 🙂 water heater is making popping sounds", LeadFields.Name, "plumbing").ShouldBe("Dev");

    [Fact]
    public void AutocorrectNamed_IsACorrection() =>
        Read("ugh autocorrect, it's Mira Solberg", asked: null).Correction.ShouldBeTrue();

    // ---------- addresses: callback numbers, spelled-out house numbers, a bare street ----------

    [Theory]
    [InlineData("Call me back at 727 555 0188 52 Heron Drive, my toilet is running.", "52 Heron Dr")]
    [InlineData("My cell is 727-555-0188, 19 Larkspur Court, disposal hums.", "19 Larkspur Ct")]
    public void ACallbackNumber_IsNoStreetNumber_AndTheProblemAfterTheStreetIsNoCity(string transcript, string address) =>
        Voicemail(transcript, "plumbing").Value(FieldNames.Address).ShouldBe(address);

    [Theory]
    [InlineData("Hi, I'm at three oh nine Tamarack Street, the sink is backed up.", "309 Tamarack St")]
    [InlineData("We're at fourteen hundred Coral Ridge Road, toilet won't flush.", "1400 Coral Ridge Rd")]
    [InlineData("The house is seventeen Linden Avenue and the faucet drips.", "17 Linden Ave")]
    [InlineData("Address is two forty five Harbor Way, the drain is slow.", "245 Harbor Way")]
    public void AHouseNumberInWords_IsDigits(string transcript, string address) =>
        Voicemail(transcript, "plumbing").Value(FieldNames.Address).ShouldBe(address);

    [Theory]
    [InlineData("one", "1")]
    [InlineData("two twenty four", "224")]
    [InlineData("one oh five", "105")]
    [InlineData("twenty two fifteen", "2215")]
    [InlineData("two hundred twelve", "212")]
    [InlineData("fourteen hundred", "1400")]
    [InlineData("purple", null)]
    public void SpelledNumbers(string words, string? digits) => SmsUnderstanding.SpelledNumber(words).ShouldBe(digits);

    [Theory]
    [InlineData("77 Paseo Verde", "77 Paseo Verde")]
    [InlineData("9 Via Bella.", "9 Via Bella")]
    public void ABareStreetWithoutSuffix_SentUnasked_IsTheAddress(string text, string address) =>
        Field(text, LeadFields.Address).ShouldBe(address);

    [Theory]
    [InlineData("2 kids")]
    [InlineData("10 am")]
    [InlineData("3 weeks or so")]
    public void ANumberAndAWord_ThatIsAQuantityOrATime_IsNoAddress(string text) => Field(text, LeadFields.Address).ShouldBeNull();

    // ---------- preferred times ----------

    [Theory]
    [InlineData("wednesday doesn't work for me, thursday afternoon", "thursday afternoon")]
    [InlineData("can't do saturday, sunday morning", "sunday morning")]
    [InlineData("tomorrow is no good, friday at 10", "friday 10am")]
    public void ADayTurnedDown_IsNotTheChoice(string text, string time) =>
        Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("toward the end of the week", "end of this week")]
    [InlineData("early next week", "early next week")]
    [InlineData("later this week", "later this week")]
    [InlineData("the 22nd", "the 22nd")]
    [InlineData("on the 3rd in the morning", "the 3rd morning")]
    [InlineData("anytime after noon", "afternoon")]
    [InlineData("sometime in the next few weeks", "next few weeks")]
    [InlineData("in a couple weeks", "a couple weeks")]
    [InlineData("next month is fine", "next month")]
    public void PartsOfTheWeek_DatesByTheirDay_AndAfterNoon_AreTimes(string text, string time) =>
        Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("can you come up to the 2nd floor")]
    [InlineData("this is the 3rd time it broke, come look")]
    [InlineData("I'm parked by the diner on 7th, can you come")]
    public void AnOrdinalThatIsNoDate_IsNoTime(string text) => Field(text, LeadFields.PreferredTime).ShouldBeNull();

    [Fact]
    public void AMorningWhenItHappened_IsNotWhenToCome() =>
        Voicemail("Hi, my furnace started clicking this morning, could someone come Wednesday?").Value(FieldNames.PreferredTime).ShouldBe("wednesday");

    [Theory]
    [InlineData("The AC drips from the vent. Hopefully Thursday, I'm at 8 Willow Ct.", "thursday")]
    [InlineData("Thermostat is blank, ideally next Monday, 8 Willow Ct.", "next monday")]
    [InlineData("The vents whistle, preferably friday afternoon.", "friday afternoon")]
    public void AHedgedDay_InAVoicemail_IsThePreferredTime(string transcript, string time) =>
        Voicemail(transcript).Value(FieldNames.PreferredTime).ShouldBe(time);

    [Fact]
    public void WheneverWithADeadline_IsSoon() =>
        Read("whenever tomorrow works, it's just the thermostat").Fields[LeadFields.Urgency].Value.ShouldBe(Urgencies.Soon);

    [Fact]
    public void ARealTime_ReplacesAVagueOne_SaidInPassing()
    {
        var r = Play("hvac", May, "want a quote to replace our old unit", "whenever works", "Nora Bell", "6 Alder Ct", "some weekday morning would be good");
        r.Lead[LeadFields.PreferredTime].ShouldBe("weekday morning");
    }

    // ---------- services ----------

    [Theory]
    [InlineData("looking to replace our ancient system", "New system / replacement")]
    [InlineData("want to replace our 15 year old system and get a heat pump", "Heat pump")]
    [InlineData("the boiler needs its yearly tune-up", "Maintenance / tune-up")]
    [InlineData("can you get my furnace serviced before it gets cold", "Maintenance / tune-up")]
    [InlineData("ac needs maintenance, no problems just due", "Maintenance / tune-up")]
    [InlineData("our furnace is due for its annual tune-up", "Maintenance / tune-up")]
    [InlineData("the heat pump needs a checkup before summer", "Maintenance / tune-up")]
    [InlineData("furnace is making a burning dust smell since the tune-up", "Furnace repair")]
    [InlineData("the furnace is making a clunking sound", "Furnace repair")]
    [InlineData("the lines outside are frozen solid", "AC repair")]
    [InlineData("heat pump keeps freezing up, outdoor unit is a block of ice", "Heat pump")]
    [InlineData("outdoor unit fan isn't spinning", "AC repair")]
    [InlineData("the bedrooms upstairs are hotter than the rest of the house", "Ductwork / airflow")]
    public void HvacServiceClasses(string text, string service) => Field(text, LeadFields.Service).ShouldBe(service);

    [Theory]
    [InlineData("my truck's ac quit on me", "auto", "AC recharge")]
    [InlineData("A/C in the van blows warm", "auto", "AC recharge")]
    [InlineData("sewage is coming up in the tub", "plumbing", "Sewer line")]
    [InlineData("the shower drain backed up with sewage", "plumbing", "Sewer line")]
    [InlineData("bathroom sink is draining really slowly", "plumbing", "Drain cleaning")]
    [InlineData("tub water won't go down even with the plunger", "plumbing", "Drain cleaning")]
    public void EquipmentWordsOfATrade_NameItsService(string text, string vertical, string service) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Theory]
    [InlineData("the garbage disposall is stuck", "plumbing", "Garbage disposal")]
    [InlineData("thermostadt is blank", "hvac", "Thermostat")]
    [InlineData("my altenator is going", "auto", "Alternator replacement")]
    [InlineData("the genorator won't start", "electrical", "Generator")]
    [InlineData("furnance died", "hvac", "Furnace repair")]
    public void ATypoOfACatalogWord_StillNamesTheService(string text, string vertical, string service) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Theory]
    [InlineData("it started last night", "auto")]
    [InlineData("the house heated up fast", "hvac")]
    public void ARealWordNearACatalogWord_IsNoTypo(string text, string vertical) => Field(text, LeadFields.Service, vertical).ShouldBeNull();

    // ---------- emergencies over, emergencies that are not, emergencies still caught ----------

    [Theory]
    [InlineData("carbon monoxide detector started chirping, probably the battery, and I need the furnace looked at", 11)]
    [InlineData("the CO alarm chirps every minute, low battery I guess. can you also check the heat pump", 1)]
    [InlineData("we had some flooding in the basement last spring, now we'd like a dehumidifier", 6)]
    [InlineData("smelled gas yesterday but the utility came and fixed it. need a furnace tune up", 10)]
    [InlineData("the outlet sparked a couple weeks ago, it's been fine since, want it replaced", 6)]
    [InlineData("no heat upstairs but it's 65 out, no rush", 12)]
    [InlineData("heater quit, not that cold though, whenever", 1)]
    [InlineData("smoke detectors in the hall keep chirping", 7)]
    [InlineData("smoke alarm went off from cooking and now it won't stop beeping", 7)]
    [InlineData("furnace quit but we've got space heaters going, we're fine for now", 1)]
    [InlineData("I don't smell anything like gas, the furnace just clicks", 1)]
    public void ADangerThatIsOverOrNotADanger_IsNoEmergency(string text, int month) => Read(text, "hvac", month).Emergency.ShouldBeFalse(text);

    [Theory]
    [InlineData("CO detector is going off and I have a headache", 7)]
    [InlineData("carbon monoxide alarm keeps beeping", 7)]
    [InlineData("CO alarm chirped and now my son feels dizzy", 7)]
    [InlineData("smelled gas yesterday and I still smell it", 7)]
    [InlineData("we had a flood last year and now the basement is flooding again", 7)]
    [InlineData("the outlet sparked last week and it's sparking again right now", 7)]
    [InlineData("furnace is out and it's 15 degrees", 1)]
    [InlineData("no heat", 1)]
    [InlineData("there are scorch marks around the outlet in the den", 7)]
    [InlineData("AC died, 99 degrees inside and I'm 7 months pregnant", 7)]
    [InlineData("ac is out and it's 101 out, my husband is recovering from surgery", 7)]
    [InlineData("i smell something like gas by the dryer", 7)]
    [InlineData("kind of smells like propane in the shed", 7)]
    [InlineData("there's a rotten egg smell near the stove", 7)]
    [InlineData("smoke detector is chirping and I smell something burning", 7)]
    [InlineData("smoke alarm went off and there's smoke coming out of the vent", 7)]
    [InlineData("my smoke alarm is going off", 7)]
    public void ADangerNowOrBack_IsStillAnEmergency(string text, int month) => Read(text, "hvac", month).Emergency.ShouldBeTrue(text);

    [Fact]
    public void ACarThatMadeItHome_IsNotStranded()
    {
        Read("engine overheated on the interstate last night but I got it home, can you look at it friday", "auto").Emergency.ShouldBeFalse();
        Read("overheated on the interstate and I'm stuck on the shoulder", "auto").Emergency.ShouldBeTrue();
    }

    // ---------- wrong numbers, not interested, still interested ----------

    [Theory]
    [InlineData("is this Tony's Pizzeria?")]
    [InlineData("hi is this the dentist office")]
    [InlineData("sorry that was meant for my sister")]
    [InlineData("I never asked for a plumber, you have the wrong guy")]
    [InlineData("uh I didn't request anything")]
    [InlineData("no idea, I don't know what you're talking about")]
    [InlineData("is this Dr. Reyes's office?")]
    public void AskingForAnotherBusiness_IsAWrongNumber(string text) => Read(text, "plumbing").WrongNumber.ShouldBeTrue(text);

    [Theory]
    [InlineData("is this the plumber?")]
    [InlineData("is this Clearflow?")]
    [InlineData("is this the plumber's office?")]
    public void AskingIfItIsThisBusiness_IsNoWrongNumber(string text) => Read(text, "plumbing").WrongNumber.ShouldBeFalse(text);

    [Theory]
    [InlineData("had it towed to the dealership, thanks anyway", "auto")]
    [InlineData("we're going with our usual plumber, thanks", "plumbing")]
    [InlineData("landlord is taking care of it", "hvac")]
    [InlineData("ok thank you anyway", "hvac")]
    [InlineData("we're going to hold off on it for now", "hvac")]
    [InlineData("my husband changed his mind, sorry", "hvac")]
    public void GoneElsewhereOrHandled_IsNotInterested(string text, string vertical) => Read(text, vertical).NotInterested.ShouldBeTrue(text);

    [Theory]
    [InlineData("Stop. Wrong number")]
    [InlineData("wrong person. stop!")]
    public void ASentenceThatIsOnlyStop_IsAnOptOut(string text) => Read(text).OptOut.ShouldBeTrue();

    [Fact]
    public void AHeatPumpNotHeating_IsTheHeatPump() => Field("our heat pump is not heating at all", LeadFields.Service).ShouldBe("Heat pump");

    [Fact]
    public void NeverMindWithAStillWantedVisit_DoesNotClose()
    {
        Read("been putting it off for months but the brakes are squealing now", "auto").NotInterested.ShouldBeFalse();
        var u = Read("never mind the rush, it came back on. could someone still look at it next week?");
        u.NotInterested.ShouldBeFalse();
        var r = Play("hvac", May, "ac died!!", "nvm it kicked back on, but can someone still check it? no hurry", "Opal", "14 Brook Run", "next week");
        r.NotInterested.ShouldBeFalse();
        r.Lead[LeadFields.Address].ShouldBe("14 Brook Run");
    }
}
