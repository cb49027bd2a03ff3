using static CallRecover.Tests.Conversations.ConversationCorpus;
using CallRecover.Compliance;
using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The classes of phrasing fixed in issue #15's second pass, each read by the one understanding (and the engine or
/// recording extraction where the class needs them). Every case here failed before its fix.
/// </summary>
public sealed class OffScriptRulesTests
{
    private static readonly DateTimeOffset July = new(2026, 7, 14, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset October = new(2026, 10, 20, 15, 0, 0, TimeSpan.Zero);

    private static Understanding Read(string text, string vertical = "hvac", int month = 7, string? asked = null, string? earlier = null) =>
        SmsUnderstanding.Read(text, new UnderstandingContext(DefaultServices.For(vertical), vertical, month), asked, earlier);

    // ---------- opt-outs in many words; "won't stop" is no opt-out ----------

    [Theory]
    [InlineData("pls stop")]
    [InlineData("Stop it please!!")]
    [InlineData("STOP 🛑")]
    [InlineData("do not text this number again")]
    [InlineData("dont text me anymore")]
    [InlineData("i want to opt out of these messages")]
    [InlineData("f*** off, stop bothering me")]
    [InlineData("Unsubscribe me please")]
    [InlineData("remove me from your list")]
    public void AnOptOut_InAnyWords_IsAnOptOut(string text) => Read(text).OptOut.ShouldBeTrue(text);

    [Theory]
    [InlineData("the kitchen faucet won't stop dripping")]
    [InlineData("the leak won't stop")]
    [InlineData("Can someone stop by tomorrow after 3?")]
    [InlineData("cancel my appointment on friday")]
    public void StopInASentence_IsNoOptOut(string text) => Read(text, "plumbing").OptOut.ShouldBeFalse(text);

    [Theory]
    [InlineData("STOP")]
    [InlineData("unsubscribe.")]
    [InlineData("Cancel")]
    public void TheCarrierKeywords_AreOptOuts_AsComplianceReadsThem(string text)
    {
        ComplianceKeywords.Classify(text, optedOut: false).ShouldBe(ComplianceKeyword.OptOut);
        Read(text).OptOut.ShouldBeTrue();
    }

    // ---------- emergencies: denied dangers, cold and heat said in numbers, told over two texts ----------

    [Theory]
    [InlineData("small leak under the bathroom sink, not flooding or anything", "plumbing")]
    [InlineData("no gas smell or anything but the furnace is making a loud banging noise", "hvac")]
    [InlineData("NO SPARKS BUT THE BREAKER KEEPS TRIPPING", "electrical")]
    [InlineData("no smoke or sparks, just a couple outlets stopped working", "electrical")]
    [InlineData("need brakes done, they squeal. im stuck at work till 5 tho", "auto")]
    [InlineData("I'm stuck in meetings all day, can someone look at the water heater?", "plumbing")]
    public void ADeniedDanger_OrStuckAtWork_IsNoEmergency(string text, string vertical) => Read(text, vertical).Emergency.ShouldBeFalse(text);

    [Theory]
    [InlineData("heat's out and it's 28 degrees outside", 10)]
    [InlineData("boiler is out, no heat, house is freezing", 10)]
    [InlineData("my heat pump isnt heating and it's 19 degrees out", 10)]
    [InlineData("theres a strong gas odor in the laundry room", 6)]
    [InlineData("my dad who's 81 has no AC and it's triple digits out there", 7)]
    [InlineData("my grandmother is 79, her a/c broke and its 104 today", 7)]
    public void AnEmergencyInOtherWords_IsAnEmergency(string text, int month) => Read(text, month: month).Emergency.ShouldBeTrue(text);

    [Fact]
    public void AnEmergency_ToldOverTwoTexts_IsSeenWhenTheSecondArrives()
    {
        var r = Play("hvac", July, "AC stopped blowing cold air yesterday", "it's urgent, we have a newborn and it's 90 inside");
        r.Emergency.ShouldBeTrue();
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Emergency);
    }

    [Fact]
    public void NotColdYet_InALaterText_DoesNotMakeAFurnaceAnEmergency()
    {
        var r = Play("hvac", October, "furnace won't turn on", "it's not cold yet, no rush");
        r.Emergency.ShouldBeFalse();
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Flexible);
    }

    [Fact]
    public void AnEmergencyAlreadyTold_IsNotRaisedAgainByTheNextText() =>
        Read("Dana, 5 Oak St", earlier: "I smell gas in the kitchen").Emergency.ShouldBeFalse();

    // ---------- names: Spanish introductions and greetings, emoji, "Name:", first names that are words ----------

    [Theory]
    [InlineData("Hola! Me llamo Lucia Torres. the AC isnt cooling", null, "Lucia Torres")]
    [InlineData("Soy Marisol", LeadFields.Name, "Marisol")]
    [InlineData("Tasha 😊", LeadFields.Name, "Tasha")]
    [InlineData("My AC isn't cooling. Name: Oscar Ruiz. Address 1010 Paseo Del Sol", null, "Oscar Ruiz")]
    [InlineData("Will Turner", LeadFields.Name, "Will Turner")]
    public void TheName_IsRead(string text, string? asked, string name) => Read(text, asked: asked).Fields[LeadFields.Name].Value.ShouldBe(name);

    [Theory]
    [InlineData("Buenos dias")]
    [InlineData("Buenas tardes")]
    public void ASpanishGreeting_IsNoName(string text) => Read(text).Fields.ContainsKey(LeadFields.Name).ShouldBeFalse();

    [Fact]
    public void ASpokenFiller_BeforeTheName_IsSkipped_InAVoicemail()
    {
        var r = RuleExtractor.Extract("Um hi, this is, uh, Dave, the thermostat is blank, can someone come today? Thanks.",
            new ExtractionContext(null, 2026, "Comfort Pro HVAC", "hvac") { Now = July });
        r.Value(FieldNames.Name).ShouldBe("Dave");
    }

    // ---------- addresses: a suffix word inside the street name, a street said to be the address, urgency after it ----------

    [Theory]
    [InlineData("310 Cedar Ridge Dr, Ocala FL 34471", "310 Cedar Ridge Dr, Ocala, FL 34471")]
    [InlineData("My AC isn't cooling. Address 1010 Paseo Del Sol, Tucson AZ 85710", "1010 Paseo Del Sol, Tucson, AZ 85710")]
    [InlineData("the toilet won't stop running, I'm at 19 Cedar Street, no rush", "19 Cedar St")]
    public void TheAddress_IsRead(string text, string address) => Read(text).Fields[LeadFields.Address].Value.ShouldBe(address);

    [Fact]
    public void AnAddressCorrection_StartingWithTheNumber_ReplacesTheOldOne()
    {
        var r = Play("electrical", July, "power keeps tripping the breaker in the bathroom", "Jack Morrow", "250 Bridge St", "sorry, 205 Bridge St", "monday");
        r.Lead[LeadFields.Address].ShouldBe("205 Bridge St");
    }

    // ---------- services and times ----------

    [Theory]
    [InlineData("do u fix toilets", "plumbing", "Toilet repair")]
    [InlineData("heat's out", "hvac", "Heating repair")]
    [InlineData("the air wont turn on at all", "hvac", "AC repair")]
    [InlineData("oil change and brakes", "auto", "Oil change, Brake pads")]
    public void TheService_IsRead(string text, string vertical, string service) => Read(text, vertical).Fields[LeadFields.Service].Value.ShouldBe(service);

    [Theory]
    [InlineData("weekends", "weekend")]
    [InlineData("wed or thurs", "wednesday or thursday")]
    [InlineData("tomorrow after lunch", "tomorrow afternoon")]
    public void TheTime_IsRead(string text, string time) => Read(text, asked: LeadFields.PreferredTime).Fields[LeadFields.PreferredTime].Value.ShouldBe(time);

    [Fact]
    public void WheneverThisWeek_IsSoon() =>
        Read("ok actually not urgent, my neighbor jumped it, whenever this week", "auto", asked: LeadFields.Urgency).Fields[LeadFields.Urgency].Value.ShouldBe(Urgencies.Soon);

    [Theory]
    [InlineData("you got the wrong guy")]
    [InlineData("I didn't call a plumber")]
    public void AWrongNumber_InOtherWords_IsAWrongNumber(string text) => Read(text, "plumbing").WrongNumber.ShouldBeTrue();
}
