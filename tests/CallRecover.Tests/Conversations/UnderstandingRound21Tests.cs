using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 20's misses (issue #15), every case written anew rather than copied, each class read as a
/// class: "don't text me any more" in the languages most spoken at home in the US (German, Vietnamese, Ukrainian,
/// Amharic among holdout 20's; the rest of the table because a caller writes in their own language, not the corpus's) and
/// "remove" alone; an AC that "blow hot air only" at "98 degree" for an 80-year-old; a basement "taking on water" inches
/// at a time; rotten eggs smelled by the furnace with words between; no heat at "minus 12"; past sparks and bursts told
/// as past ("last Feb", "hasnt done it since"); "forty-eight out" in January as mild. Fields: ranks before names
/// ("SSG", "TSgt", "Staff Sergeant"), grid addresses ("1450 N 400 W"), a direction and a street with no suffix before
/// the city, a house number said and then corrected in a voicemail, a first name spelled or said in full between dashes,
/// the hours as the military says them, "can I speak with Gary?".
/// Then guards from a review (a helper ran the old and the new understanding side by side on about 400 texts written to
/// break the round's first version), each a text that version misread.
/// </summary>
public sealed class UnderstandingRound21Tests
{
    // ---------- opt-outs ----------

    [Theory]
    [InlineData("Bitte schicken Sie mir keine SMS mehr")]
    [InlineData("keine Nachrichten mehr bitte")]
    [InlineData("xin đừng nhắn tin cho tôi nữa")]
    [InlineData("Більше не пишіть мені, дякую")]
    [InlineData("እባክዎ መልእክት አትላኩልኝ")]
    [InlineData("wag nyo na ako i-text salamat")]
    [InlineData("문자 보내지 마세요")]
    [InlineData("proszę już nie pisać")]
    [InlineData("não quero mais receber mensagens")]
    [InlineData("fadlan fariin ha ii soo dirin")]
    [InlineData("pa voye mesaj ankò souple")]
    [InlineData("m'envoyez pu de textos svp")]
    [InlineData("message mat bhejo please")]
    [InlineData("non mandatemi più messaggi")]
    [InlineData("Remove")]
    [InlineData("no more text please")]
    public void StopInTheCallersOwnLanguage_IsAnOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("der Techniker soll bitte nicht vor 3 kommen", "hvac")]
    [InlineData("no more leaks since you fixed it, but now the toilet runs", "plumbing")]
    [InlineData("please remove the old water heater too when you install the new one", "plumbing")]
    [InlineData("não tem mais água quente desde ontem", "plumbing")]
    [InlineData("can you remove the old thermostat", "hvac")]
    public void AnOrdinaryText_IsNoOptOut(string text, string vertical) => Read(text, vertical).OptOut.ShouldBeFalse();

    // ---------- missed emergencies ----------

    [Fact]
    public void HotAirOnlyAt98ForAn80YearOld_IsNoCooling() =>
        Read("air condition not cold, blow hot air only. my father 82 year old he is weak, inside 97 degree", "hvac").EmergencyKind.ShouldBe("no_cooling");

    [Theory]
    [InlineData("sump pump died and the basement is taking on water, rain won't stop")]
    [InlineData("3 inches of water and rising in the laundry room, the pump quit")]
    [InlineData("there's 2 inches of standing water in the basement and it keeps coming")]
    public void WaterComingInInches_IsWater(string text) => Read(text, "plumbing", 4).EmergencyKind.ShouldBe("water");

    [Theory]
    [InlineData("weird smell, like, rotten eggs, near the water heater closet and the furnace")]
    [InlineData("the whole unit smells like a gas station mixed with eggs by the stove, I told my tenants to leave")]
    public void RottenEggsWithWordsBetween_IsGas(string text) => Read(text, "hvac", 2).EmergencyKind.ShouldBe("gas");

    [Fact]
    public void NoHeatAtMinusTwelve_IsAnEmergency() =>
        Read("the heating is broken. grandma is 90 and it's minus 12 outside", "hvac", 12).EmergencyKind.ShouldBe("no_heat");

    // ---------- false emergencies ----------

    [Theory]
    [InlineData("a pipe burst in the crawlspace last Jan, another plumber fixed it. now the tub faucet drips", "plumbing")]
    [InlineData("the bathroom outlet sparked one time when I plugged in the hair dryer last week, hasn't done it since", "electrical")]
    public void ADangerToldAsPast_IsNoEmergency(string text, string vertical) => Read(text, vertical, 2).Emergency.ShouldBeFalse();

    [Fact]
    public void NoHeatAtFortyEightOut_IsNoEmergency() =>
        Read("heat is out, thermostat on but nothing. not too bad, about forty-eight out", "hvac", 1).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("we got a 1 inch of water in the ac drain pan", "hvac")]
    [InlineData("the basement has a little water from the rain, maybe a cup, sump pump seems ok", "plumbing")]
    public void LittleWater_IsNoEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse();

    // ---------- names ----------

    [Theory]
    [InlineData("SSG Maria Delgado", "Maria Delgado")]
    [InlineData("TSgt Owen Park", "Owen Park")]
    [InlineData("this is Staff Sergeant Leon Brooks, the AC is out", "Leon Brooks")]
    [InlineData("Cpl. Dana Whitt", "Dana Whitt")]
    [InlineData("Hi this is Sgt Rivera", "Rivera")]
    public void ARankBeforeTheName_IsNoPartOfIt(string text, string name) => Field(text, LeadFields.Name, "hvac").ShouldBe(name);

    [Theory]
    [InlineData("Host here - my guest says the toilet upstairs won't stop running")]
    [InlineData("Cabin owner here. Renters say the water heater is out")]
    [InlineData("Guten Morgen. The furnace makes a loud bang when it starts")]
    [InlineData("Bonjour, my AC is dripping water inside")]
    [InlineData("Next Friday, 10 am")]
    public void ARoleAGreetingOrAWeekWord_IsNoName(string text) => Field(text, LeadFields.Name, "hvac").ShouldBeNull();

    [Fact]
    public void AGreetingBeforeAName_KeepsTheName() => Field("Bonjour, this is Amélie Roy, the heat pump is frozen", LeadFields.Name, "hvac").ShouldBe("Amélie Roy");

    [Fact]
    public void AFirstNameCorrectedWithAReason_KeepsTheSurname() =>
        Talk("plumbing", "water heater is rumbling", "Kate Olsen", "oops its Katherine not Kate, my husband made the account lol")
            .Lead[LeadFields.Name].ShouldBe("Katherine Olsen");

    // ---------- gears, not hours ----------

    [Theory]
    [InlineData("the gearbox shifts very hard from 2 to 3")]
    [InlineData("transmission slips going from 1st to 2nd")]
    public void AGearRange_IsNoTimeAndIsTheTransmission(string text)
    {
        Field(text, LeadFields.PreferredTime, "auto").ShouldBeNull();
        Field(text, LeadFields.Service, "auto").ShouldBe("Transmission service");
    }

    [Fact]
    public void AnHourRangeWithTheTransmission_IsStillATime() =>
        Field("transmission is slipping, I'm free from 2 to 4pm tomorrow", LeadFields.PreferredTime, "auto").ShouldBe("tomorrow between 2pm and 4pm");

    // ---------- the safety question ----------

    [Theory]
    [InlineData("half the outlets in the bedroom are dead. no sparks or anything dramatic")]
    [InlineData("breaker keeps tripping, no smell or smoke, nothing burning")]
    public void ASignTheCallerDenies_AsksNoSafetyQuestion(string text) => DangerCheck.Warrants(text, "electrical").ShouldBeFalse();

    [Fact]
    public void ASignTheCallerNames_StillAsksTheSafetyQuestion() => DangerCheck.Warrants("the outlet in the kitchen buzzes and smells weird, no sparks though", "electrical").ShouldBeTrue();

    [Theory]
    [InlineData("idk like this week?")]
    [InlineData("not sure, maybe tomorrow")]
    public void UnsureAboutWhen_IsNoYesToDanger(string reply) => DangerCheck.Answer(reply, Read(reply, "electrical")).ShouldNotBe(true);

    [Fact]
    public void UnsureAboutTheDanger_IsStillAYes() => DangerCheck.Answer("idk, maybe a little smell", Read("idk, maybe a little smell", "electrical")).ShouldBe(true);

    // ---------- addresses ----------

    [Theory]
    [InlineData("1375 N 250 W, Orem UT", "1375 N 250 W, Orem, UT")]
    [InlineData("we're at 88 E 1700 S Apt 4, Provo", "88 E 1700 S Apt 4, Provo")]
    [InlineData("3905 West 5400 South, Kearns, UT 84118", "3905 W 5400 S, Kearns, UT 84118")]
    public void AGridAddress_IsRead(string text, string address) => Field(text, LeadFields.Address, "hvac").ShouldBe(address);

    [Theory]
    [InlineData("Hi, this is Carl Voss, our furnace won't light. It's forty-four-ten South Yale, Tulsa. Call me back.", "4410 S Yale, Tulsa")]
    [InlineData("Water heater is leaking, I'm at one-twenty North Main in Moab, Utah. Thanks.", "120 N Main, Moab, UT")]
    [InlineData("It's sixty-two fourteen Elm - sorry, sixty-two forty - Elm Street in Lakewood.", "6240 Elm St, Lakewood")]
    [InlineData("We're at three-oh-nine Birch Lane in Ames - no, three-ninety - Birch, in Ames.", "390 Birch Ln, Ames")]
    public void ASpokenAddress_IsRead(string transcript, string address) => Voicemail(transcript, "hvac").Value(FieldNames.Address).ShouldBe(address);

    [Fact]
    public void AStreetNumberWithTheTimeAfterIt_IsNoMilitaryTime() =>
        Field("we're at 1200 Desert View Drive, Tucson", LeadFields.Address, "hvac").ShouldBe("1200 Desert View Dr, Tucson");

    [Theory]
    [InlineData("Hi, it's Nora - N-O-R-A - Blake, the sink is clogged.", "Nora Blake")]
    [InlineData("Hey this is Rob - Robert - Kline, the heat pump is icing up.", "Robert Kline")]
    public void AFirstNameSpelledOrSaidInFull_IsOneName(string transcript, string name) => Voicemail(transcript, "hvac").Value(FieldNames.Name).ShouldBe(name);

    // ---------- times and people asked for ----------

    [Theory]
    [InlineData("Saturday 0800 works", "saturday 8am")]
    [InlineData("tomorrow anytime after 1400", "tomorrow after 2pm")]
    [InlineData("any day after 1630", "after 4:30pm")]
    public void TheHoursAsTheMilitarySaysThem_AreRead(string text, string time) =>
        Field(text, LeadFields.PreferredTime, "hvac", asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("whenever tbh, weds?", "wednesday")]
    [InlineData("idk. thurs", "thursday")]
    public void AShortDayEndingTheText_IsTheDay(string text, string time) =>
        Field(text, LeadFields.PreferredTime, "hvac", asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("not rly urgent")]
    [InlineData("not hurry, my AC work but weak")]
    public void NotReallyUrgentAsTexted_IsFlexible(string text) => Field(text, LeadFields.Urgency, "hvac").ShouldBe("flexible");

    [Fact]
    public void ACityAfterACommaAndIn_IsTheCity() =>
        Field("We live 88 Pikes Peak Ave, in Colorado Springs, near the base", LeadFields.Address, "hvac").ShouldBe("88 Pikes Peak Ave, Colorado Springs");

    [Fact]
    public void SixteenHundredSpoken_IsFourPm() =>
        Voicemail("This is Dee Harmon, my truck's brakes grind. I'm free after sixteen hundred on Tuesday.", "auto").Value(FieldNames.PreferredTime).ShouldBe("tuesday after 4pm");

    [Fact]
    public void AHouseNumberInHundreds_IsNoMilitaryTime() =>
        Voicemail("Hi, we're at twelve hundred Lakeview Drive, the furnace is out. After sixteen hundred is best.", "hvac").Value(FieldNames.Address).ShouldBe("1200 Lakeview Dr");

    [Theory]
    [InlineData("can I just speak with Gary?")]
    [InlineData("could I talk to Rosa please?")]
    public void AskingForSomeoneByName_WantsAPerson(string text) => Read(text, "hvac").HumanNeeded.ShouldBeTrue();

    [Fact]
    public void AskingToTalkToTheBot_IsNotAskingForAPerson() => Read("can I talk to you?", "hvac").HumanNeeded.ShouldBeFalse();

    // ---------- review guards ----------

    [Theory]
    [InlineData("water heater burst and water is pouring out of the drain pan and across the basement floor", "plumbing", "water")]
    [InlineData("an inch of water in the drain pan and now it's pouring onto the floor", "plumbing", "water")]
    [InlineData("the outlet sparked yesterday and hasn't done it since, but now there's a burning smell coming from it", "electrical", "fire")]
    [InlineData("There was a burst pipe last Jan, and there's water everywhere now", "plumbing", "water")]
    [InlineData("Been smelling gas in the basement since this morning. Detector hasn't gone off since we opened the windows.", "hvac", "gas")]
    [InlineData("furnace is dead and it's negative forty outside", "hvac", "no_heat")]
    [InlineData("no heat, tech said he's forty out", "hvac", "no_heat")]
    public void TheRoundsReadingsDoNotHideTheDanger(string text, string vertical, string kind) => Read(text, vertical, 1).EmergencyKind.ShouldBe(kind);

    [Theory]
    [InlineData("my truck's heating is broken, defrost won't work", "auto")]
    [InlineData("hot tub heating is broken", "plumbing")]
    [InlineData("there's 2 inches of standing water in the kitchen sink, won't drain", "plumbing")]
    [InlineData("drift is 3 feet and rising against the furnace intake", "hvac")]
    [InlineData("the garage is full of water bottles, the leak is under the sink", "plumbing")]
    [InlineData("the kitchen smells like bacon and eggs lol, anyway the furnace is loud", "hvac")]
    [InlineData("the fridge stinks, I think there are rotten eggs in there. Also need a furnace tune-up", "hvac")]
    public void NotTheDangerTheNewWordsSound_IsNoEmergency(string text, string vertical) => Read(text, vertical, 1).Emergency.ShouldBeFalse();

    [Fact]
    public void ANinetyDegreeFitting_IsNoHeat() =>
        Read("AC not cooling, mom is 80, the 90 degree elbow on the drain is cracked but it's only 75 out", "hvac").Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("Proszę nie wysyłajcie już technika, naprawiliśmy to sami")]
    [InlineData("Non mandate più il tecnico, abbiamo risolto, grazie")]
    [InlineData("Bitte schicken Sie mir keine Papierrechnung, lieber per E-Mail")]
    [InlineData("Hallo, ich warte seit gestern, bis jetzt keine Nachrichten.")]
    [InlineData("No me contacten antes de las 5, estoy trabajando")]
    [InlineData("Não envie mensagens para o número antigo, use este")]
    [InlineData("Đừng gửi tin nhắn cho chồng tôi, gửi cho tôi")]
    [InlineData("wag i-text si mister, ako na lang po")]
    [InlineData("Pouvez-vous m'envoyez plus de détails sur le prix?")]
    [InlineData("The old water heater is in the garage. Remove it please.")]
    [InlineData("No more text from the tech since Tuesday, is he still coming?")]
    public void NotAStop_IsNoOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeFalse();

    [Fact]
    public void RemoveAnsweringWhatTheJobIs_IsNoOptOut() => Read("Remove", "electrical", asked: LeadFields.Service).OptOut.ShouldBeFalse();

    [Theory]
    [InlineData("Furnace is original, installed around 2000.", "hvac")]
    [InlineData("the unit is from before 2000.", "hvac")]
    [InlineData("Last guy quoted around eight hundred, can you beat that?", "hvac")]
    [InlineData("idles at 1000 and then drops and dies", "auto")]
    [InlineData("the rental at 1200 is the one leaking", "plumbing")]
    public void AYearAPriceOrAnRpm_IsNoTime(string text, string vertical) => Field(text, LeadFields.PreferredTime, vertical).ShouldBeNull();

    [Theory]
    [InlineData("shifts hard, I'm free from 2 to 3", "between 2pm and 3pm")]
    [InlineData("I work the night shift, free from 2 to 5", "between 2pm and 5pm")]
    public void ARealRangeBesideAGearWord_IsStillATime(string text, string time) => Field(text, LeadFields.PreferredTime, "auto").ShouldBe(time);

    [Theory]
    [InlineData("we're about 25 south of Provo, off the highway")]
    [InlineData("set it to 72 e mode, Provo")]
    public void ADistanceOrASetting_IsNoAddress(string text) => Field(text, LeadFields.Address, "auto").ShouldBeNull();

    [Fact]
    public void AnAddressApart_IsNotReplacedByAnOldGridOne() =>
        Field("my old place was 10 N 20 W, new one is 55 Elm St", LeadFields.Address, "hvac").ShouldBe("55 Elm St");

    [Theory]
    [InlineData("this is Christopher Guest, AC is out", "Christopher Guest")]
    [InlineData("Rachel Morgen", "Rachel Morgen")]
    public void ASurnameThatIsARoleOrAGreeting_IsKept(string text, string name) => Field(text, LeadFields.Name, "hvac", asked: LeadFields.Name).ShouldBe(name);

    [Theory]
    [InlineData("My mom's the homeowner. Can I talk to her?")]
    [InlineData("Can I talk with tomorrow?")]
    public void TalkingToAPronounOrADay_IsNoNamedPerson(string text) => Read(text, "hvac").HumanNeeded.ShouldBeFalse();
}
