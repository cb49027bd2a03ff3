using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 21's misses (issue #15), every case written anew rather than copied, each class read as a class:
/// "stop texting me" with the singular Portuguese "mensagem", the Polish infinitive and the Tagalog "paki-" request; a
/// danger explained away a sentence or two later (steam from a heat pump's defrost, the popcorn that burned, a detector
/// "me testing them") but not when the caller doubts the explanation; "flooded" with work or orders; a furnace that keeps
/// shutting off told with no cold; a word the phone got wrong put right in the next text ("sorry GAS. voice text",
/// "*wiring"). Fields: a credential after a name, a caller's full name beside a relative's with the same surname, a
/// given name that is also an organisation's word ("Hoa"), a run-on introduction, greetings and "it's" in French,
/// Haitian Creole and Portuguese, "nobody here called"; a day said as a sentence of its own, a day that was the missed
/// visit or the end of the caller's stay, the hour a shift ends; a ZIP said in words after a city, "Mass" as a state,
/// "Northeast Sixty-fifth Street"; "air condition", "a sea unit", a yearly cleaning, water "not going down", a sewer
/// that backs up, knob and tube.
/// Then guards from a review (a helper ran the old and the new understanding side by side on about 460 texts written to
/// break the round's first version), each a text that version misread.
/// </summary>
public sealed class UnderstandingRound22Tests
{
    // ---------- opt-outs ----------

    [Theory]
    [InlineData("pare de me enviar mensagem, obrigado")]
    [InlineData("não me mande mais mensagem")]
    [InlineData("proszę przestać pisać do mnie")]
    [InlineData("pakitigil po ang pagtext, salamat")]
    [InlineData("paki-tigil na ang pag-text sa akin")]
    public void StopInTheCallersOwnWords_IsAnOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("a torneira não para de pingar", "plumbing")]
    [InlineData("pakitingnan po ang aircon, hindi lumalamig", "hvac")]
    [InlineData("proszę przyjechać jutro rano", "hvac")]
    public void AJobInTheSameLanguages_IsNoOptOut(string text, string vertical) => Read(text, vertical).OptOut.ShouldBeFalse();

    // ---------- dangers explained away, and not ----------

    [Theory]
    [InlineData("the heat pump outside is smoking again. big puff then nothing. my husband says its just steam from defrosting", "hvac", 1)]
    [InlineData("smells like something burning but it's just the pizza I forgot in the oven lol. the real issue is the switch by the door", "electrical", 7)]
    [InlineData("smoke detectors went off at 7am but that was my son testing them, all good. need a new outlet in the garage", "electrical", 7)]
    [InlineData("sorry for the slow reply, we've been flooded with christmas orders at the shop. the back sink drains slow", "plumbing", 12)]
    [InlineData("I've been flooded at the office lately, but the toilet upstairs keeps running", "plumbing", 5)]
    [InlineData("the furnace keeps shutting off every hour or so, then comes back on", "hvac", 12)]
    public void ADangerExplainedAwayOrNoDanger_IsNoEmergency(string text, string vertical, int month) =>
        Read(text, vertical, month).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the heat pump is smoking and there's a burning smell, I don't think it's steam", "hvac", 1, "fire")]
    [InlineData("burning smell from the outlet, it's not the food, we checked", "electrical", 7, "fire")]
    [InlineData("the basement is flooded with sewage and rising", "plumbing", 4, "water")]
    [InlineData("furnace keeps shutting off and it's 48 in the house", "hvac", 12, "no_heat")]
    public void ADangerNotExplainedAway_IsStillAnEmergency(string text, string vertical, int month, string kind) =>
        Read(text, vertical, month).EmergencyKind.ShouldBe(kind);

    // ---------- a word the phone got wrong ----------

    [Fact]
    public void GasPutRightAfterAVoiceToTextSlip_IsTheGasEmergency()
    {
        var r = TalkIn(10, "hvac", "i smell has by the water heater in the basement", "sorry GAS. talk to text");
        r.Emergency.ShouldBeTrue();
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Emergency);
    }

    [Fact]
    public void AServiceWordPutRightWithAnAsterisk_ChangesTheJob()
    {
        var r = Talk("electrical", "the garage outlets went dead and the lights dim, its the old wining", "*wiring");
        r.Lead[LeadFields.Service].ShouldBe("Wiring repair");
        r.Replies[^1].ShouldContain("Wiring repair");
    }

    [Fact]
    public void ANameFixedWithAnAsterisk_IsStillTheName() =>
        Talk("hvac", "this is Jon, ac quit", "*John").Lead[LeadFields.Name].ShouldBe("John");

    [Fact]
    public void AWordFixThatChangesNothing_ChangesNothing() =>
        Talk("hvac", "my ac is leaking", "sorry ac").Lead[LeadFields.Service].ShouldBe("AC repair");

    // ---------- names ----------

    [Theory]
    [InlineData("Priya Raman NP", "Priya Raman")]
    [InlineData("Greg Otto, RN lol", "Greg Otto")]
    [InlineData("Hoa Tran", "Hoa Tran")]
    public void ANameAnswer_IsReadWithoutWhatTrailsIt(string text, string name) => Field(text, LeadFields.Name, asked: LeadFields.Name).ShouldBe(name);

    [Theory]
    [InlineData("this is Karen Holt RN, the thermostat is blank", "Karen Holt")]
    [InlineData("Hi this is Jim Beck MD, our office AC is out", "Jim Beck")]
    [InlineData("this is Md Rahman, the ac is out", "Md Rahman")]
    public void ACredentialInAnIntroduction_IsNoPartOfTheName(string text, string name) => Field(text, LeadFields.Name).ShouldBe(name);

    [Fact]
    public void HoaAlone_IsAName() => Field("Hoa", LeadFields.Name, asked: LeadFields.Name).ShouldBe("Hoa");

    [Fact]
    public void AnHoaInCapitals_IsNoName() => Field("HOA Office", LeadFields.Name, asked: LeadFields.Name).ShouldBeNull();

    [Theory]
    [InlineData("my name is Linda Szabo, he's Gene Szabo", "Linda Szabo")]
    [InlineData("I'm Rachel Moss, she's Edna Moss, it's her house", "Rachel Moss")]
    [InlineData("this is Walter Briggs I have a leak under the kitchen sink", "Walter Briggs")]
    [InlineData("Bonjour, c'est Mathieu Gagnon, the furnace is noisy", "Mathieu Gagnon")]
    [InlineData("Oi, é o Rafael Souza, my AC is leaking", "Rafael Souza")]
    [InlineData("Alo, se Jean-Baptiste Louis, heat not working good", "Jean-Baptiste Louis")]
    public void TheCallersOwnName_IsRead(string text, string name) => Field(text, LeadFields.Name).ShouldBe(name);

    [Theory]
    [InlineData("hola, se me descompuso el aire")]
    [InlineData("oi, é a primeira vez que isso acontece")]
    [InlineData("nobody here needs an electrician")]
    public void NoNameIsGiven(string text) => Field(text, LeadFields.Name).ShouldBeNull();

    [Fact]
    public void NobodyHereCalled_IsAWrongNumber() =>
        Read("This is the office at Lakeview Apartments, nobody here called for a plumber", "plumbing").WrongNumber.ShouldBeTrue();

    [Fact]
    public void ANameTakenBackForAnother_IsCorrected() =>
        Talk("hvac", "furnace won't start, space heaters for now", "Dale Ortiz", "oops thats my husband's name, im Gail Ortiz lol").Lead[LeadFields.Name].ShouldBe("Gail Ortiz");

    [Theory]
    [InlineData("my dad is 90 and can't text, could someone call him at this number about the boiler")]
    [InlineData("Grandma doesn't do texting. Please phone her on this number, she's home all day")]
    public void CallSomeoneElseAtThisNumber_AsksForAPerson(string text) => Read(text, "hvac").HumanNeeded.ShouldBeTrue();

    // ---------- times and urgency ----------

    [Fact]
    public void ADaySaidAsItsOwnSentence_IsTheTime() =>
        Field("tomorrow. its still running but loud", LeadFields.PreferredTime, asked: LeadFields.Urgency).ShouldBe("tomorrow");

    [Fact]
    public void TheDayOfAMissedVisit_IsNoTime() => Field("the guy was supposed to come monday and never did. ac still out", LeadFields.PreferredTime).ShouldBeNull();

    [Fact]
    public void HomeUntilADay_ThenTomorrow_IsTomorrow() =>
        Voicemail("Hi this is Earl Pratt, I'm home until Friday, my truck won't start. 12 Birch Lane, Dover. Tomorrow morning?", "auto").Value(FieldNames.PreferredTime).ShouldBe("tomorrow morning");

    [Fact]
    public void SoonerIsBetter_IsSoon() => Field("sooner is better honestly", LeadFields.Urgency, asked: LeadFields.Urgency).ShouldBe(Urgencies.Soon);

    // ---------- addresses said in a voicemail ----------

    [Theory]
    [InlineData("This is Ada Moe at forty Juniper Street, Anchorage, nine nine five oh one, the boiler is out.", "40 Juniper St, Anchorage, 99501")]
    [InlineData("It's Pat Greene, 9 Elm Street in Worcester, Mass, oh one six oh two, sink is clogged.", "9 Elm St, Worcester, MA 01602")]
    [InlineData("Hi, one twenty Southwest Forty-second Avenue, Portland, the furnace is loud.", "120 SW 42nd Ave, Portland")]
    public void AnAddressSaidInWords_IsRead(string transcript, string address) =>
        Voicemail(transcript, "hvac").Value(FieldNames.Address).ShouldBe(address);

    [Fact]
    public void APhoneNumberSaidInWords_IsNoZip() =>
        Voicemail("This is Ron, 14 Oak Street, Salem, call me back, Thanks, five oh three five five five one two one two.", "hvac").Value(FieldNames.Address).ShouldBe("14 Oak St, Salem");

    // ---------- services ----------

    [Theory]
    [InlineData("the air condition in the bedroom won't turn on", "hvac", "AC repair")]
    [InlineData("our a sea unit is dripping in the attic, voice text sorry", "hvac", "AC repair")]
    [InlineData("nothing is wrong, the furnace runs fine, I just want the yearly cleaning", "hvac", "Maintenance / tune-up")]
    [InlineData("the tub water is not going down", "plumbing", "Drain cleaning")]
    [InlineData("main sewer backs up into the basement when we run the dishwasher, tree roots I bet", "plumbing", "Sewer line")]
    [InlineData("the attic is all old knob and tube, can you look at it", "electrical", "Wiring repair")]
    public void TheJobInTheCallersWords_IsTheService(string text, string vertical, string service) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(service);

    // ---------- guards from the review ----------

    [Theory]
    [InlineData("the CO detector is beeping nonstop, my husband tested it and it keeps beeping", "hvac", 1, "co")]
    [InlineData("the kitchen is on fire, I think it was the bacon grease", "electrical", 7, "fire")]
    [InlineData("The outlet in the kitchen sparked and now it's black. Earlier the smoke alarm went off but that was just the toast.", "electrical", 7, "fire")]
    [InlineData("Smoke is coming out of the bathroom fan. My wife said it was the bacon but we haven't cooked today.", "electrical", 7, "fire")]
    [InlineData("heat pump is smoking, wife says its just steam but I'm not so sure", "hvac", 1, "fire")]
    [InlineData("heat pump is smoking. husband says it's steam. I don't think so, it smells awful", "hvac", 1, "fire")]
    [InlineData("the breaker panel is smoking right now. my husband says it's from the neighbors bbq but I can see it coming out of the panel", "electrical", 7, "fire")]
    [InlineData("the outlet is sparking right now, my son says its just static", "electrical", 7, "fire")]
    [InlineData("the outlet is sparking but i think its just static", "electrical", 7, "fire")]
    [InlineData("the men's room flooded at the restaurant, need a plumber now", "plumbing", 7, "water")]
    [InlineData("the basement flooded at the store, need someone asap", "plumbing", 7, "water")]
    [InlineData("garage flooded with the kids toys floating around", "plumbing", 7, "water")]
    [InlineData("basement flooded with my work stuff down there, water heater leaked", "plumbing", 7, "water")]
    [InlineData("furnace keeps shutting off and now it won't come back on at all", "hvac", 12, "no_heat")]
    [InlineData("furnace keeps going out and the pilot won't stay lit now", "hvac", 12, "no_heat")]
    [InlineData("heat keeps cutting out, inside temp is 54", "hvac", 1, "no_heat")]
    [InlineData("heat keeps cutting out, we're down to 54 in the house", "hvac", 1, "no_heat")]
    [InlineData("boiler keeps shutting off and the house is 55", "hvac", 12, "no_heat")]
    public void ARealDangerBesideTheRoundsWords_IsStillAnEmergency(string text, string vertical, int month, string kind) =>
        Read(text, vertical, month).EmergencyKind.ShouldBe(kind);

    [Fact]
    public void ACooledHouseSaidInWordsInAVoicemail_IsNoHeat() =>
        Voicemail("Hi, this is Gus Lind, the heat keeps shutting off, it's fifty five in the house. 8 Fir Lane, Duluth.", "hvac", 1).Value(FieldNames.Urgency).ShouldBe(Urgencies.Emergency);

    [Theory]
    [InlineData("furnace keeps shutting off, house is 3200 sq ft, two story")]
    [InlineData("furnace keeps shutting off, house is 40+ years old")]
    [InlineData("furnace keeps shutting off at night, we keep the thermostat at 55 at night anyway")]
    public void ANumberThatIsNoTemperature_IsNoColdHouse(string text) => Read(text, "hvac", 12).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("no one called for a week after I booked, is the appointment still on")]
    [InlineData("no one needs a key, the gate code is 1234")]
    public void NobodyDidSomething_IsNoWrongNumber(string text) => Read(text, "hvac").WrongNumber.ShouldBeFalse();

    [Fact]
    public void NobodyBookedMe_KeepsTheConversationGoing() =>
        Talk("hvac", "the ac is out", "I called Monday and nobody booked an appointment for me").WrongNumber.ShouldBeFalse();

    [Theory]
    [InlineData("não quero mensagem de voz, pode mandar texto")]
    [InlineData("pare de me mandar mensagem em inglês, não entendo")]
    [InlineData("proszę przestać pisać do mnie po angielsku, wolę po polsku")]
    public void TextsOfOneKindOnly_IsNoOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeFalse();

    [Fact]
    public void ThePortugueseInfinitive_IsAnOptOut() => Read("vocês podem parar de enviar mensagem? já resolvi", "hvac").OptOut.ShouldBeTrue();

    [Fact]
    public void ANameAfterSorry_IsNoWordPutRight()
    {
        var r = Talk("plumbing", "the water heater is leaking", "sorry Heather");
        r.Lead[LeadFields.Service].ShouldBe("Water heater");
    }

    [Fact]
    public void ADayPutRight_LeavesTheJob() =>
        Talk("hvac", "ac not cooling. also the thermostat is blank, can you come thursday", "*tuesday").Lead[LeadFields.Service].ShouldBe("AC repair");

    [Fact]
    public void AJobWordPutRightInAnotherSentence_AddsThatJob()
    {
        var service = Talk("hvac", "the ac is leaking water in the attic. also the furnase is making a banging noise", "*furnace").Lead[LeadFields.Service]!;
        service.ShouldContain("AC repair");
        service.ShouldContain("Furnace repair");
    }

    [Theory]
    [InlineData("my address is 204 3rd Ave. SE, Cedar Rapids", null)]
    [InlineData("C'est la fournaise.", null)]
    [InlineData("Bonjour, c'est moi.", null)]
    [InlineData("Bom dia. É o ar condicionado, não gela.", null)]
    [InlineData("Sono disponibile domani.", null)]
    [InlineData("im exhausted lol the ac is out", null)]
    [InlineData("Dzień dobry, jestem Anna Nowak, piec nie działa", "Anna Nowak")]
    public void WordsAfterAnIntroductionOrADirection_AreNoNameUnlessOne(string text, string? name) => Field(text, LeadFields.Name).ShouldBe(name);

    [Fact]
    public void AnAssociationsManagement_IsNoName() => Field("hoa management", LeadFields.Name, asked: LeadFields.Name).ShouldBeNull();

    [Fact]
    public void ANameBeforeAHouseNumberSaidInWords_IsNoCity() =>
        Voicemail("Hi this is Dana, two one four oh six Maple Drive, the furnace is out.", "hvac").Value(FieldNames.Name).ShouldBe("Dana");

    [Fact]
    public void DoNotCallHer_AsksForNoPerson() => Read("pls don't call her at this number, she's sleeping, text only", "hvac").HumanNeeded.ShouldBeFalse();

    [Theory]
    [InlineData("The earliest I can do is after I get off at 3", "after 3pm")]
    [InlineData("I get off at 5", "after 5pm")]
    // Folded after the review: "get off" and "clock out" belong to one reader (they were also in the other-engagement
    // pattern, which skipped "I get off at around 5" altogether and read "at about 6" as "after around 6pm").
    [InlineData("I get off at around 5", "after 5pm")]
    [InlineData("I get off work at about 6 so after that", "after 6pm")]
    [InlineData("i clock out at 5", "after 5pm")]
    public void TheHourAShiftEnds_IsWhenTheCallerIsFree(string text, string time) => Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    [Fact]
    public void ADayInAStory_IsNoTime() => Field("ac died. sunday. been sweating since", LeadFields.PreferredTime).ShouldBeNull();

    [Fact]
    public void AShiftEndInPassing_GivesWayToTheTimeAskedFor() =>
        Talk("auto", "night nurse, I get off at 7am. brake pedal feels spongy", "Kristen Dahl", "3917 Rucker Ave, Everett WA 98201", "tomorrow 8am, right after my shift")
            .Lead[LeadFields.PreferredTime].ShouldBe("tomorrow 8am");

    [Theory]
    [InlineData("ac not cooling. coils got cleaned before summer", "hvac", "AC repair")]
    [InlineData("tree roots are lifting our driveway, and the kitchen sink is slow", "plumbing", "Drain cleaning")]
    public void AWordOfTheRoundBesideAnotherJob_LeavesThatJob(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Fact]
    public void ShowerWaterNotWarmEnough_IsNoHeatingRepair() => Field("the shower water isn't warm enough", LeadFields.Service, "hvac").ShouldNotBe("Heating repair");
}
