using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// From the spent holdout 13's misses (issue #15), every case written anew rather than copied. Two callers answered the
/// safety question's companion instead of the safety question ("yeah lets do a checkup", "thermostat or furnace? idk") and
/// were taken for people in danger: the owner was alerted and the caller told to get out of the house. Missed: a furnace
/// "isnt doing anything" at 14 °F, a house down to 50 with a heat pump iced over at 4 below, a father with MS in the heat.
/// False: "the kids are melting lol" (a car's AC) and a cold night forecast. "oh sorry wrong chat lol. ok so our AC drips"
/// closed the thread as a wrong number. With guards.
/// </summary>
public sealed class UnderstandingRound14Tests
{
    // ---------- the safety question's answer ----------

    [Theory]
    [InlineData("yeah lets do a checkup")]
    [InlineData("yes let's book it. I'm Ana")]
    [InlineData("furnace or thermostat? idk")]
    public void AReplyToSomethingElse_IsNoAnswerToTheSafetyQuestion(string reply) =>
        DangerCheck.Answer(reply, Read(reply, "hvac")).ShouldBeNull();

    [Theory]
    [InlineData("yes")]
    [InlineData("idk maybe, there's a smell")]
    [InlineData("not sure")]
    [InlineData("yeah there's smoke by the panel")]
    public void AYesOrAnUnsure_StillAnswersIt(string reply) => DangerCheck.Answer(reply, Read(reply, "hvac")).ShouldBe(true);

    [Fact]
    public void YesToTheVisit_AfterTheSafetyQuestion_IsNoEmergency()
    {
        var r = TalkIn(11, "hvac", "the furnace gave off a burning dust smell the first time we ran it, should someone look at it?", "yeah lets schedule a checkup", "Nora Blake", "5 Alder Ct", "next week");
        r.Replies[0].ShouldContain(DangerCheck.Question);
        r.Emergency.ShouldBeFalse();
    }

    // ---------- emergencies ----------

    [Theory]
    [InlineData("furnace isnt doing anything and it's 9 degrees out", 1)]
    [InlineData("heat pump is iced over and the house is down to 48, it's 2 below out", 1)]
    public void NoHeatInTheCold_IsAnEmergency(string text, int month)
    {
        var u = Read(text, "hvac", month);
        u.Emergency.ShouldBeTrue();
        u.EmergencyKind.ShouldBe("no_heat");
    }

    [Fact]
    public void NoCoolingForSomeoneWithMs_IsAnEmergency()
    {
        var u = Read("ac quit at my mom's, she has MS and heat makes her symptoms worse. 97 out", "hvac");
        u.Emergency.ShouldBeTrue();
        u.EmergencyKind.ShouldBe("no_cooling");
    }

    [Theory]
    [InlineData("Ms. Alvarez here, the ac quit and it's 97 out", "hvac", 7)]
    [InlineData("car ac is blowing hot and it's 104, the kids are melting lol", "auto", 7)]
    [InlineData("heat won't come on and the first cold night is coming", "hvac", 10)]
    public void ANearMiss_IsNoEmergency(string text, string vertical, int month) => Read(text, vertical, month).Emergency.ShouldBeFalse();

    [Fact]
    public void MeltingWiresStayAFire() => Read("the wires behind the outlet are melting", "electrical").EmergencyKind.ShouldBe("fire");

    // ---------- closing, opting out, a person ----------

    [Theory]
    [InlineData("lol no, this is a dental office")]
    [InlineData("Who is this? I never called an air conditioning company")]
    public void SomeoneElse_IsAWrongNumber(string text) => Read(text, "hvac").WrongNumber.ShouldBeTrue();

    [Theory]
    [InlineData("this is the church on 5th, our boiler is leaking")]
    [InlineData("oops wrong chat lol. anyway our water heater is leaking in the garage")]
    public void ABusinessOrAStrayTextThenTheJob_IsNoWrongNumber(string text) => Read(text, "plumbing").WrongNumber.ShouldBeFalse();

    [Fact]
    public void WeSoldTheHouse_IsNotInterested() => Read("we sold that house last spring, not our problem anymore", "hvac").NotInterested.ShouldBeTrue();

    [Theory]
    [InlineData("I'd appreciate not getting any more texts, thank you")]
    [InlineData("please stop receiving these messages on my phone")]
    public void NotGettingMoreTexts_IsAnOptOut(string text) => Read(text, "plumbing").OptOut.ShouldBeTrue();

    [Fact]
    public void NotGettingHotWater_IsNoOptOut() => Read("we're not getting any hot water upstairs", "plumbing").OptOut.ShouldBeFalse();

    [Fact]
    public void PutAHumanOn_WantsAPerson() => Read("all I get is a robot. put a human on", "hvac").HumanNeeded.ShouldBeTrue();

    // ---------- names ----------

    [Theory]
    [InlineData("its Geoff with a G actually, sorry autocorrect", "Jeff Kowalczyk", "Geoff Kowalczyk")]
    [InlineData("sorry its Jon no h", "John Mwangi", "Jon Mwangi")]
    public void AFirstNameCorrectedByItsLetters_IsTheName(string text, string known, string corrected) =>
        SmsUnderstanding.CorrectedFirstName(text, known).ShouldBe(corrected);

    [Theory]
    [InlineData("Dev Patel*", "Dev Patel")]
    [InlineData("Albert Fisk if you need the whole thing", "Albert Fisk")]
    [InlineData("Marcus 👍", "Marcus")]
    public void ANameWithSomethingAfterIt_IsTheName(string text, string name) =>
        Talk("electrical", "the outlet in the den is dead", text).Lead[LeadFields.Name].ShouldBe(name);

    // ---------- services and times ----------

    [Theory]
    [InlineData("thermostat is set to 70 and it's 80 inside, the ac can't keep up", "hvac", "AC repair")]
    [InlineData("misfire, I think it's a plug or coil. also due for an oil change", "auto", "Spark plugs, Oil change")]
    [InlineData("want the AC serviced and the ducts cleaned", "hvac", "Maintenance / tune-up, Ductwork / airflow")]
    [InlineData("need a new toilet installed and the bathroom faucet replaced", "plumbing", "Toilet repair, Faucet / fixture")]
    [InlineData("do you install level 2 chargers? also will probably need a panel upgrade", "electrical", "EV charger, Panel upgrade")]
    [InlineData("toilet keeps backing up, can someone snake the line", "plumbing", "Drain cleaning")]
    [InlineData("grinding noise when i turn the key", "auto", "Starter replacement")]
    public void TheServiceIsRead(string text, string vertical, string service) => Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Fact]
    public void AfterWrittenShort_IsAfter() =>
        Field("tmrw aftr 2 if u can", LeadFields.PreferredTime, "auto", asked: LeadFields.PreferredTime).ShouldBe("tomorrow after 2pm");
}
