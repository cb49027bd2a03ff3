using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 22's misses (issue #15), every case written anew rather than copied, each class read as a class:
/// no cooling for a baby weeks old, a grandmother ("nana") or someone confused by the heat, told as "the AC is toast",
/// "crapped out", in Haitian Creole, with the heat as "the thermostat reads 97", "ninety six degree", "a hundred and
/// six"; a blue flash, a wall that smells burnt, a furnace that smells like an electrical fire; a driver on a freeway
/// ("stuck on the 15", "on I-10 ... hazards are on"); heat that is back on is no emergency. Stop in Chinese with
/// "给我" inside, in Polish, Tagalog and Hindi as people write them; "not trying to unsubscribe" is no opt-out. Wrong numbers
/// in Tagalog and Chinese, "no thanks" in German, a landlord who handles it, a service no longer needed; a refund, and
/// "call me" in Portuguese, Russian and Korean. Names: "Two Bulls", a shouted name before the address, "meu nome é",
/// "call me instead", "cabinet floor soaked". Addresses taken back in the same text, a grid address with an ordinal,
/// a street type said first ("Camino Del Monte Sol"), "County Road Six". Times: "2day", "nxt week", "after two please",
/// "Saturday please", "any Saturday", "looked at this week", a greeting "Morning,". Services: "heat pomp", a heat pump
/// short cycling, a faucet that drips, "a whole new system, heat pump or whatever", toilets that bubble when the washer
/// runs, the lights of the whole house flicking, "cargador EV". A caller who takes back the hurry, not the job.
/// Then guards from a review (a helper ran the old and the new understanding side by side on about 530 texts and 30
/// voicemails written to break the round's first version), each a text that version misread; and from a second review
/// of the mended version (about 290 fresh texts and 20 voicemails).
/// </summary>
public sealed class UnderstandingRound23Tests
{
    // ---------- no cooling for the vulnerable in extreme heat ----------

    [Theory]
    [InlineData("the ac is toast, thermostat reads 96 and I have a 2 week old. is that safe?")]
    [InlineData("central air crapped out, grandma (91) lives with us and it's 108 out today")]
    [InlineData("my nana is staying here and the AC quit, 105 outside")]
    [InlineData("AC pa mache, tibebe m gen 3 semèn, li fè 97 degre nan kay la")]
    [InlineData("the air is out and my dad is getting confused, it's a hundred and four")]
    public void NoCoolingForTheVulnerableInExtremeHeat_IsAnEmergency(string text) =>
        Read(text, "hvac", 7).EmergencyKind.ShouldBe("no_cooling");

    [Fact]
    public void ABabyInASpokenHeat_IsAnEmergencyInAVoicemail() =>
        Voicemail("Hi, my AC stopped, my baby is three weeks old and it is ninety seven degree inside. This is Hawa Diallo, 44 Elm Street, Fresno.", "hvac", 8)
            .Value(FieldNames.Urgency).ShouldBe(Urgencies.Emergency);

    [Theory]
    [InlineData("the AC is toast, it's 80 inside, no rush, sometime next week")]
    [InlineData("my nana says hi! ac needs a tune up before summer")]
    [InlineData("I'm confused about the bill, the ac was fixed fine")]
    [InlineData("AC is shot, house is 84, we're all fine, just want it fixed this week")]
    public void NoCoolingWithoutTheDanger_IsNoEmergency(string text) => Read(text, "hvac", 7).Emergency.ShouldBeFalse();

    // ---------- fire signs, stranded drivers, heat that is back ----------

    [Theory]
    [InlineData("hit the light switch in the hall, blue flash and a pop, now the wall smells burnt", "electrical")]
    [InlineData("outlet in the kitchen is arcing when I plug anything in", "electrical")]
    [InlineData("the furnace smells like an electrical fire when it kicks on, like hot wires", "hvac")]
    public void AFlashOrABurntSmell_IsAFireEmergency(string text, string vertical) => Read(text, vertical, 1).EmergencyKind.ShouldBe("fire");

    [Theory]
    [InlineData("kitchen smells like burnt toast lol, anyway the disposal hums", "plumbing")]
    [InlineData("need a new flash drive port? no jk, need 2 outlets in the garage", "electrical")]
    public void BurntFoodOrAWordAlike_IsNoFire(string text, string vertical) => Read(text, vertical, 7).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("stuck on the 10 near Indio, car overheated and died, 112 out and my kids are with me")]
    [InlineData("I'm on I-40 westbound past exit 12, truck just quit on me")]
    [InlineData("car died, hazards are on, I'm on the shoulder by the mall exit")]
    public void ADriverStuckOnTheFreeway_IsStranded(string text) => Read(text, "auto", 7).EmergencyKind.ShouldBe("stranded");

    [Theory]
    [InlineData("stuck on the 15th floor of my office till 6, the car needs brakes")]
    [InlineData("was on I-95 yesterday when the car died but I got it home, can you look at it thursday")]
    public void NoDriverStuckOnTheRoad_IsNoEmergency(string text) => Read(text, "auto", 7).Emergency.ShouldBeFalse();

    [Fact]
    public void HeatThatIsBackOn_IsNoEmergencyInWinter() =>
        Voicemail("This is Otto Berg, I'm eighty, the furnace quit last night but my grandson reset it and it's running again, warm as toast now. Check it over, no big hurry. 9 Lake Rd, Ely.", "hvac", 1)
            .Value(FieldNames.Urgency).ShouldBe(Urgencies.Flexible);

    [Fact]
    public void HeatBackOnButStillCold_IsStillAnEmergency() =>
        Read("the heat went out, it's running again but keeps shutting off and it's 50 in the house", "hvac", 1).EmergencyKind.ShouldBe("no_heat");

    // ---------- opt-outs and look-alikes ----------

    [Theory]
    [InlineData("请不要再给我发短信")]
    [InlineData("別再給我發訊息了")]
    [InlineData("proszę nie pisać do mnie więcej")]
    [InlineData("huwag na po kayong mag-text dito")]
    [InlineData("bhai mujhe aur sms mat bhejo")]
    public void StopInTheCallersOwnWords_IsAnOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("not trying to unsubscribe lol, can you just text instead of calling? the furnace clicks")]
    [InlineData("I'm not going to opt out, just tell me when the tech comes")]
    [InlineData("huwag na po kayong mag-alala, ok na po")]
    public void WordsOfStopDenied_AreNoOptOut(string text) => Read(text, "hvac").OptOut.ShouldBeFalse();

    // ---------- wrong numbers, no thanks, a person wanted ----------

    [Theory]
    [InlineData("Sino po ito? mali po yata ang number")]
    [InlineData("wala po akong tinawagang tubero")]
    [InlineData("是金龙餐馆吗？我要点外卖")]
    [InlineData("你好，你打错了")]
    public void AWrongNumberInTheCallersLanguage_IsAWrongNumber(string text) => Read(text, "plumbing").WrongNumber.ShouldBeTrue();

    [Theory]
    [InlineData("Nein danke, kein Interesse", "hvac")]
    [InlineData("not looking for an electrician right now, thanks", "electrical")]
    [InlineData("my landlord takes care of all that, thanks tho", "plumbing")]
    [InlineData("traded the truck in, don't need the service anymore", "auto")]
    public void NoThanks_IsNotInterested(string text, string vertical) => Read(text, vertical).NotInterested.ShouldBeTrue();

    [Fact]
    public void NeverMindTheHurry_IsNoGoodbye()
    {
        var r = Talk("plumbing", "URGENT tub won't drain", "nvm my son plunged it, it's slow now but working. no rush anymore, next week ok",
            "Hadley Ross", "42 Church St, Stowe VT 05672", "next tuesday");
        r.NotInterested.ShouldBeFalse();
        r.Lead[LeadFields.PreferredTime].ShouldBe("next tuesday");
    }

    [Theory]
    [InlineData("you charged me 120 for a diagnostic and didnt fix anything. I want my money back")]
    [InlineData("Alguém pode me ligar? prefiro falar por telefone")]
    [InlineData("Позвоните мне, пожалуйста, я плохо пишу по-английски")]
    [InlineData("한국어 하시는 분 계세요? 전화 주세요")]
    [InlineData("请给我打电话")]
    public void ACallOrAPersonAskedFor_WantsAPerson(string text) => Read(text, "hvac").HumanNeeded.ShouldBeTrue();

    // ---------- names ----------

    [Theory]
    [InlineData("tune up for the truck 🚗 I'm Darlene Two Hearts, 500 Main St, Pine Ridge SD 57770", "Darlene Two Hearts")]
    [InlineData("NEED FURNACE TUNE UP. HAROLD BIGGS 12 ELM ST, FARGO ND 58102. NO RUSH", "Harold Biggs")]
    public void ANameNextToTheAddress_IsTheName(string text, string name) => Field(text, LeadFields.Name, "hvac").ShouldBe(name);

    [Theory]
    [InlineData("NEED AC FIXED ASAP. 12 MAIN ST, FARGO ND")]
    [InlineData("HEAT OUT AGAIN. 12 MAIN ST")]
    public void AShoutedTextWithNoName_HasNoName(string text) => Field(text, LeadFields.Name, "hvac").ShouldBeNull();

    [Fact]
    public void APortugueseIntroduction_GivesTheNameInAVoicemail() =>
        Voicemail("Oi, bom dia, meu nome é Ana Souza, o ar condicionado não gela. 9 Pond Street, Lowell.", "hvac").Value(FieldNames.Name).ShouldBe("Ana Souza");

    [Fact]
    public void CallMeInstead_IsNoName()
    {
        var r = Talk("hvac", "pls don't text, call me instead. furnace is banging", "Marcus Oyelaran");
        r.Lead[LeadFields.Name].ShouldBe("Marcus Oyelaran");
    }

    [Fact]
    public void AnUpdateAnsweringTheNameQuestion_IsNoName()
    {
        var r = Talk("plumbing", "leak under the kitchen sink, no biggie", "UPDATE getting worse, cabinet floor soaked, can someone come today", "Tamara Bell");
        r.Lead[LeadFields.Name].ShouldBe("Tamara Bell");
    }

    // ---------- addresses ----------

    [Theory]
    [InlineData("I'm at 1200 Oak St? no wait thats my moms. I'm at 1400 Pine St, Reno NV 89501", "1400 Pine St, Reno, NV 89501")]
    [InlineData("212 Birch Ln, sorry, 221 Birch Ln, Eugene OR", "221 Birch Ln, Eugene, OR")]
    [InlineData("455 S 5th W, Rexburg ID 83440", "455 S 5th W, Rexburg, ID 83440")]
    [InlineData("27 Camino Del Monte Sol, Santa Fe NM 87501", "27 Camino Del Monte Sol, Santa Fe, NM 87501")]
    public void TheAddressMeant_IsTheAddress(string text, string address) => Field(text, LeadFields.Address, "plumbing", asked: LeadFields.Address).ShouldBe(address);

    [Fact]
    public void TwoAddressesWithNoTakingBack_KeepTheFirst() =>
        Field("I'm at 5 Elm St, my mom lives at 9 Pine St", LeadFields.Address, "plumbing").ShouldBe("5 Elm St");

    [Fact]
    public void ACountyRoadsNumberInWords_IsItsNumber() =>
        Voicemail("This is Lars, no heat, we're at twenty one oh five County Road Nine in Bemidji. Call back.", "hvac", 1).Value(FieldNames.Address).ShouldBe("2105 County Rd 9, Bemidji");

    // ---------- times ----------

    [Theory]
    [InlineData("2day if u can", "today")]
    [InlineData("2moro morning", "tomorrow morning")]
    [InlineData("nxt week is fine", "next week")]
    public void DaysAsTextsShortenThem_AreDays(string text, string time) => Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("Hi this is Vera Lutz, the disposal hums. 7 Tulip Lane, Holland. Tomorrow after three please.", "tomorrow after 3pm")]
    [InlineData("Hello, this is Rosa, the toilet tank is cracked. 9 Rainier Avenue, Renton. Friday please. Thank you.", "friday")]
    [InlineData("Hey, Clint here, need the oil changed, no rush. 20 Ranch Road, Kerrville. Any Sunday.", "sunday")]
    [InlineData("It's Buck, transmission is slipping, I need it looked at this week. 4 Quarry Road, Berea.", "this week")]
    public void ATimeSaidInAVoicemail_IsTheTime(string transcript, string time) =>
        Voicemail(transcript, "auto").Value(FieldNames.PreferredTime).ShouldBe(time);

    [Fact]
    public void AMorningGreeting_IsNoTime() =>
        Voicemail("Morning, this is Hal Brandt, my battery's dead. 81 Agency Road, Lame Deer. Today if you can.", "auto").Value(FieldNames.PreferredTime).ShouldBe("today");

    [Theory]
    [InlineData("mornings, im retired so anytime really", "morning")]
    [InlineData("Morning is best", "morning")]
    public void MorningsAsTheAnswer_AreTheTime(string text, string time) => Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    // ---------- services ----------

    [Theory]
    [InlineData("the heat pomp blows cold in heat mode", "hvac", "Heat pump")]
    [InlineData("heat pump keeps short cycling, on off every few minutes", "hvac", "Heat pump")]
    [InlineData("furnace short cycling again", "hvac", "Furnace repair")]
    [InlineData("kitchen faucet is dripping, drip drip all night", "plumbing", "Faucet / fixture")]
    [InlineData("the outdoor spigot is leaking at the wall, dripping on the foundation", "plumbing", "Leak repair")]
    [InlineData("need a whole new system quoted, heat pump or whatever you recommend", "hvac", "New system / replacement")]
    [InlineData("want to replace our old system with a heat pump", "hvac", "Heat pump")]
    [InlineData("the toilets bubble when I run the washer", "plumbing", "Sewer line")]
    [InlineData("basement floor drain backs up a little when the washer drains", "plumbing", "Drain cleaning")]
    [InlineData("the lights in the whole house are flicking when the ac kicks on", "electrical", "Wiring repair")]
    [InlineData("quiero instalar un cargador EV en el garaje", "electrical", "EV charger")]
    public void TheServiceMeant_IsTheService(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    // ---------- guards from the review ----------

    [Theory]
    [InlineData("heat went out at 2am, it's back on now but the baby is freezing, 55 in the house")]
    [InlineData("heater not working. it's running again but not heating. 48 inside")]
    [InlineData("my husband got it running again but it's blowing cold air now")]
    [InlineData("furnace quit, it's working again for now, but it quits every 20 min, elderly mom here")]
    public void HeatBackButNotReally_IsStillAnEmergency(string text) => Read(text, "hvac", 1).EmergencyKind.ShouldBe("no_heat");

    [Theory]
    [InlineData("ac out at 5 Elm St. sorry for the late text, my neighbor at 9 Pine St recommended you", "5 Elm St")]
    [InlineData("ac is out at 5 Elm St, sorry to bother you on a sunday. I work at 100 Main St till 5", "5 Elm St")]
    [InlineData("400 Maple Dr. Sorry if this is the wrong place to ask, is 200 Maple Dr in your area too?", "400 Maple Dr")]
    public void AnotherAddressAfterAnApology_IsNoCorrection(string text, string address) => Field(text, LeadFields.Address, "hvac").ShouldBe(address);

    [Fact]
    public void AnAddressTakenBack_IsReadAsNoNameAndNoTime()
    {
        var u = Read("ac out at 12 Oak St, no wait, 21 Oak St", "hvac");
        u.Fields[LeadFields.Address].Value.ShouldBe("21 Oak St");
        u.Fields.ContainsKey(LeadFields.Name).ShouldBeFalse();
        u.Fields.ContainsKey(LeadFields.PreferredTime).ShouldBeFalse();
    }

    [Theory]
    [InlineData("need someone to run hot wires for a new 240 line for the dryer", "electrical")]
    [InlineData("the thermostat hot wire came loose, no power to the thermostat", "hvac")]
    [InlineData("brakes smell burnt after coming down the mountain, still driving fine, next week ok", "auto")]
    [InlineData("clutch smells burnt when I go up hills, no rush", "auto")]
    [InlineData("furnace smells burnt when it first kicks on for the season, normal?", "hvac")]
    [InlineData("house smells like fire from the neighbor's bonfire, want an outlet added", "electrical")]
    [InlineData("huge flash of lightning and now half the outlets are dead", "electrical")]
    [InlineData("the outlet smells like burnt popcorn lol my kid microwaved popcorn. outlet doesn't work though", "electrical")]
    [InlineData("AFCI breaker keeps tripping, we want the arc fault breakers checked", "electrical")]
    public void BurnAndFlashWordsWithNoFire_AreNoEmergency(string text, string vertical) => Read(text, vertical, 1).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the hazard lights are on and won't turn off, the switch is stuck")]
    [InlineData("hazards on the dash keep flashing randomly, no rush")]
    [InlineData("stuck on the 10 for an hour in traffic, now the AC quit in my car")]
    [InlineData("car is stuck on the 12 hour clock display, radio is weird. not urgent")]
    public void HazardsAndTrafficWithNoBreakdown_AreNoEmergency(string text) => Read(text, "auto", 7).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("landlord handles the repairs usually but he said go ahead and book, sink is clogged")]
    [InlineData("property manager handles the repairs but i'm the owner now, toilet clogged")]
    [InlineData("the management does that? i'm not sure. toilet is running")]
    [InlineData("don't need the service plan, just the repair. toilet clogged")]
    [InlineData("was not looking for a plumber right now but the water heater just died, can u come")]
    [InlineData("not looking for a plumber right now, looking for an electrician too? also the toilet is clogged")]
    [InlineData("no me interesa el plan de mantenimiento, solo quiero que arreglen el baño")]
    public void NoThanksToSomethingElse_IsNoGoodbye(string text) => Read(text, "plumbing").NotInterested.ShouldBeFalse();

    [Theory]
    [InlineData("got ripped off by the last company, need a second opinion on my furnace")]
    [InlineData("i got overcharged by home depot for the part, need it installed")]
    [InlineData("the last guy charged me $300 but didn't fix it. Can you?")]
    [InlineData("мне позвонить вам или написать?")]
    [InlineData("不用回电话，发短信就行。暖气不热")]
    [InlineData("お電話ありがとうございました。エアコンが壊れました")]
    public void AComplaintAboutAnotherOrThanksForACall_AsksForNoPerson(string text) => Read(text, "hvac").HumanNeeded.ShouldBeFalse();

    [Theory]
    [InlineData("我的空调坏了，上次打错电话了，这次是对的")]
    [InlineData("sorry po, mali ang number ng unit ko, unit 5 po talaga")]
    [InlineData("mandei o número errado da casa, é 45")]
    public void AWrongNumberOfSomethingElse_IsNoWrongNumber(string text) => Read(text, "hvac").WrongNumber.ShouldBeFalse();

    [Theory]
    [InlineData("wag mong i-text yung asawa ko, ako na lang po. barado po yung lababo")]
    [InlineData("nie pisać już? no dobrze, a kiedy przyjdziecie? cieknie kran")]
    public void StopAboutSomeoneElseOrAsked_IsNoOptOut(string text) => Read(text, "plumbing").OptOut.ShouldBeFalse();

    [Theory]
    [InlineData("AC BROKEN. FRONT YARD 12 MAIN ST")]
    [InlineData("AC OUT. GATE CODE 4411 12 MAIN ST")]
    [InlineData("NO AC. SUNSET RIDGE 12 MAIN ST")]
    public void ShoutedWordsOfAPlace_AreNoName(string text) => Field(text, LeadFields.Name, "hvac").ShouldBeNull();

    [Theory]
    [InlineData("we paid 2500 via zelle last time, ac out again")]
    [InlineData("12 Via Roma please")]
    public void ViaIsNoStreetType(string text) => (Field(text, LeadFields.Address, "hvac") ?? "").ShouldNotContain("Via");

    [Fact]
    public void AUnitAfterAStreetTypeSaidFirst_IsKept() =>
        Field("1010 calle de oro apt 3", LeadFields.Address, "hvac", asked: LeadFields.Address).ShouldBe("1010 Calle De Oro Apt 3");

    [Theory]
    [InlineData("AC short cycling, we also have a heat pump upstairs", "hvac", "AC repair")]
    [InlineData("want new lights in the whole house, recessed", "electrical", "Lighting")]
    [InlineData("all the drains in the house are fine, just the kitchen sink is clogged", "plumbing", "Drain cleaning")]
    public void TheServiceMeant_IsNotTheNewWordsNeighbour(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Theory]
    [InlineData("AC busted. Thermostat on 96. We're at the lake with the baby till Sunday")]
    [InlineData("my ac is busted and the thermostat is at 90, I'm at work, nobody home, the baby is at daycare")]
    [InlineData("AC quit, my wife is confused why, thermostat reads 91")]
    [InlineData("AC shot. my baby sister is 30 lol. it's like 95 out")]
    [InlineData("ac is busted, thermostat reads 99, my senior dog is panting")]
    [InlineData("AC is shot. it's a hundred and fifty for the service call right? my mom is 85")]
    [InlineData("AC quit. it's ninety days since you installed it! my elderly dad is furious")]
    public void NoVulnerablePersonInTheHeat_IsNoEmergency(string text) => Read(text, "hvac", 7).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the estimate was around two for the whole job")]
    [InlineData("toilet running. at one on the dot I leave for work")]
    [InlineData("we manage about ten on this street, need tune ups")]
    public void ANumberWordThatIsNoHour_IsNoTime(string text) => Field(text, LeadFields.PreferredTime, "hvac").ShouldBeNull();

    // ---------- guards from the second review ----------

    [Theory]
    [InlineData("my husband is on vacation, I'm home with the newborn, AC out, 98 inside")]
    [InlineData("ac stopped cooling. the kids are at daycare but grandpa is here with me, it's 97 in the house")]
    [InlineData("my son is at school, I'm 78 and the air conditioner quit, 95 degrees inside")]
    [InlineData("AC not working and it's 98 in the house, nobody is home right now except my elderly mother")]
    [InlineData("air conditioner quit, 96 in the house, grandpa is 88, the rest of us are away till tuesday")]
    public void SomeoneVulnerableAtHomeWhileOthersAreAway_IsAnEmergency(string text) => Read(text, "hvac", 7).EmergencyKind.ShouldBe("no_cooling");

    [Theory]
    [InlineData("our heat went out. neighbor's heat is back on, ours isn't")]
    [InlineData("heat's out, it's back on in the living room only")]
    public void HeatBackElsewhereOrInPart_IsStillAnEmergency(string text) => Read(text, "hvac", 1).EmergencyKind.ShouldBe("no_heat");

    [Theory]
    [InlineData("the job is at 5 Elm St, sorry, not 7 Elm St like I said on the phone", "5 Elm St")]
    [InlineData("it's 5 Elm St, no, not 7 Elm St", "5 Elm St")]
    [InlineData("ac tune up at 12 Oak St, actually 14 Oak St needs one too", "12 Oak St")]
    [InlineData("outlets at 4 Vine St. Sorry, 6 Vine St also has a bad switch, I own both", "4 Vine St")]
    [InlineData("sewer backing up at 27 Grove St, thats my moms, i'm at 18 Linden Ave", "27 Grove St")]
    public void ASecondAddressThatIsNoCorrection_LeavesTheFirst(string text, string address) => Field(text, LeadFields.Address, "plumbing").ShouldBe(address);

    [Fact]
    public void ADayAfterAStreetTypeSaidFirst_IsTheTime()
    {
        var u = Read("ac tune-up 3 Paseo Grande tomorrow at 10", "hvac");
        u.Fields[LeadFields.Address].Value.ShouldBe("3 Paseo Grande");
        u.Fields[LeadFields.PreferredTime].Value.ShouldBe("tomorrow 10am");
    }

    [Fact]
    public void MyTwoDaySchedule_IsNoToday() =>
        Field("my 2day schedule is packed, can you do thursday, faucet leak", LeadFields.PreferredTime, "plumbing").ShouldBe("thursday");

    [Theory]
    [InlineData("are flicking the breakers off each night to save power, want a smart panel", "electrical", "Panel upgrade")]
    [InlineData("toilet bubbles and won't flush", "plumbing", "Toilet repair")]
    [InlineData("new system, heat pump, or whatever's cheapest lol", "hvac", "New system / replacement")]
    public void AWordNearTheNewOnes_KeepsItsService(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Theory]
    [InlineData("mauvais numéro de rue, c'est 14 pas 41, la clim ne marche pas")]
    [InlineData("Sie haben die falsche Nummer von meinem Mann, ich bin die Kundin, Heizung kaputt")]
    [InlineData("número errado na ficha, o certo é 555-0101, ar condicionado quebrado")]
    [InlineData("mali po ang number na binigay ko kanina, ito po ang tama, barado ang lababo")]
    [InlineData("не тот номер телефона записали, кондиционер не работает")]
    [InlineData("주소 번호 잘못 적었어요. 12번지예요. 에어컨 수리 부탁해요")]
    public void ACallerPuttingTheirOwnNumberRight_IsNoWrongNumber(string text) => Read(text, "hvac").WrongNumber.ShouldBeFalse();

    [Fact]
    public void AnotherCompanysCharge_AsksForNoPerson() =>
        Read("the guy before you charged me 400 but didn't do the coil, can you quote the coil?", "hvac").HumanNeeded.ShouldBeFalse();

    [Fact]
    public void APoliteTagalogIntroduction_GivesTheName() =>
        Field("ang pangalan ko po ay Jose Reyes, sira aircon", LeadFields.Name, "hvac").ShouldBe("Jose Reyes");

    [Theory]
    [InlineData("AC NOT COOLING. CORNER LOT 412 CEDAR ST")]
    [InlineData("DRAIN SLOW. COUNTRY CLUB 12 ELM ST")]
    [InlineData("NEED OUTLETS. TOWN HOMES 9 MAPLE DR")]
    public void MoreShoutedPlaceWords_AreNoName(string text) => Field(text, LeadFields.Name, "hvac").ShouldBeNull();

    [Fact]
    public void AWeldersArc_IsNoFire() =>
        Read("my welder arcing is tripping the breaker in the garage, need a 240v circuit", "electrical", 3).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("i'm on the 210 commute daily and my battery died twice this week at work, need a new one")]
    [InlineData("we are on the 405 every weekend, car died at the grocery store lot today")]
    public void AHabitualFreeway_IsNoStrandedDriver(string text) => Read(text, "auto", 7).EmergencyKind.ShouldNotBe("stranded");

    [Fact]
    public void NotGonnaOptOut_IsNoOptOut() => Read("I'm not gonna opt out lol, just busy, toilet still running", "plumbing").OptOut.ShouldBeFalse();

    // ---------- gaps the reviews found in both versions ----------

    [Theory]
    [InlineData("전화 주세요")]
    [InlineData("Перезвоните пожалуйста")]
    public void ACallAskedForAlone_IsNoName(string text) => Field(text, LeadFields.Name, "hvac").ShouldBeNull();

    [Fact]
    public void NextTuesShortened_IsNextTuesday() =>
        Field("nxt tues works for me", LeadFields.PreferredTime, "plumbing").ShouldBe("next tuesday");

    [Fact]
    public void NotLookingForATwoWordService_IsNotInterested() =>
        Read("not looking for a tune up right now, thanks", "hvac").NotInterested.ShouldBeTrue();

    [Theory]
    [InlineData("the panel smells like burnt toast")]
    [InlineData("outlet by the bed smells like burnt dust")]
    public void ADeviceThatSmellsLikeBurntToastOrDust_IsAFire(string text) => Read(text, "electrical", 3).EmergencyKind.ShouldBe("fire");
}
