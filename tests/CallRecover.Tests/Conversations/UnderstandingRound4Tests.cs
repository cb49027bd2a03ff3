using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Tenancy;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The classes of phrasing fixed in issue #15's fourth pass (after holdout 3 was spent), each read by the one
/// understanding, recording extraction or the engine. The phrasings are new, not the corpus's. Each class has cases
/// that failed before its fix, next to guards that must keep holding: the dangers still caught beside the ones that
/// are somewhere else or over.
/// </summary>
public sealed class UnderstandingRound4Tests
{
    // ---------- opt-outs: asking for this number to be taken off, or for the messages to stop ----------

    [Theory]
    [InlineData("please remove this phone number from your list")]
    [InlineData("Remove us from these texts thanks")]
    [InlineData("take this number off your list")]
    [InlineData("Stop all texts please.")]
    [InlineData("stop sending messages to this phone")]
    [InlineData("I don't want any more texts from you")]
    [InlineData("dont want these messages")]
    public void AskingForTheNumberToBeRemoved_OrTheMessagesToStop_IsAnOptOut(string text) => Read(text).OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("can you remove the old water heater too?")]
    [InlineData("the texts are fine, Tuesday works")]
    [InlineData("stop by anytime after 3")]
    public void RemovingOtherThings_OrStoppingBy_IsNoOptOut(string text) => Read(text).OptOut.ShouldBeFalse();

    // ---------- a water heater going out is no lack of home heat ----------

    [Theory]
    [InlineData("the pilot on our water heater keeps going out, cold showers all week")]
    [InlineData("hot water heater is not working")]
    [InlineData("tankless heater died this morning")]
    public void AWaterHeaterOut_InWinter_IsNoEmergency(string text) => Read(text, "plumbing", month: 1).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("the heater is not working and it's january")]
    [InlineData("furnace keeps going out, kids are cold")]
    public void TheHomeHeaterOut_InWinter_IsStillAnEmergency(string text) => Read(text, month: 1).Emergency.ShouldBeTrue();

    // ---------- a furnace "doing nothing" is no heat ----------

    [Theory]
    [InlineData("the furnace is, well, just not doing anything")]
    [InlineData("our boiler won't fire up at all")]
    [InlineData("furnace not kicking on and house is getting cold")]
    public void AFurnaceThatDoesNothing_InWinter_IsNoHeat(string text) => Read(text, month: 1).Emergency.ShouldBeTrue();

    [Fact]
    public void NoHeat_WithTheColdSpelledOut_IsAnEmergency_OutsideTheColdMonths() =>
        Read("furnace won't turn on, it's thirty degrees tonight", month: 4).Emergency.ShouldBeTrue();

    // ---------- gas smelled somewhere else ----------

    [Theory]
    [InlineData("ha, smelled gas at the gas station this morning and thought of you. need an AC tune-up though")]
    [InlineData("I smelled gas last week but it was at a friend's, not at my house. Want a furnace inspection")]
    [InlineData("smelled gas near the gas pump, nothing here, just need a thermostat swapped")]
    public void AGasSmellSomewhereElse_IsNoEmergency(string text) => Read(text).Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("i smell gas in the kitchen")]
    [InlineData("smelled gas at the gas station earlier and now I still smell it at home")]
    [InlineData("smell gas outside by the meter, not in the house")]
    public void AGasSmellAtHome_StillIsAnEmergency(string text) => Read(text).Emergency.ShouldBeTrue();

    // ---------- a car that won't start while the caller is somewhere safe ----------

    [Theory]
    [InlineData("truck won't start and i'm stuck at the office, my wife's picking me up later")]
    [InlineData("car died in the work lot, I can catch a ride home, can you look at it tomorrow")]
    public void ACarThatWontStart_WhileTheCallerIsSafe_IsNoEmergency(string text) => Read(text, "auto").Emergency.ShouldBeFalse();

    [Theory]
    [InlineData("car won't start and i'm stuck at a rest stop on I-80")]
    [InlineData("broke down on the highway shoulder, stranded with my kids")]
    public void AStrandedDriver_IsStillAnEmergency(string text) => Read(text, "auto").Emergency.ShouldBeTrue();

    // ---------- water pouring in said in other words ----------

    [Theory]
    [InlineData("the supply line under the washer ruptured and water's gushing out")]
    [InlineData("our water main split open in the yard")]
    [InlineData("basement has water about a foot deep")]
    [InlineData("water's pouring in from the crawlspace")]
    public void WaterPouringIn_InOtherWords_IsAnEmergency(string text) => Read(text, "plumbing", month: 3).Emergency.ShouldBeTrue();

    [Theory]
    [InlineData("the main floor mini split isn't cooling well")]
    [InlineData("snow is a foot deep so come after the plow goes by, toilet keeps running")]
    public void ASplitUnit_OrDeepSnow_IsNoFlood(string text) => Read(text, "hvac", month: 3).Emergency.ShouldBeFalse();

    // ---------- extreme heat said in words ----------

    [Theory]
    [InlineData("my mom is 84 and her AC quit, it's a hundred and five out")]
    [InlineData("AC is out and we have a newborn, it's ninety eight degrees in the house")]
    [InlineData("grandpa's air conditioner died and it's unbearably hot inside")]
    public void NoCoolingForTheVulnerable_InHeatSaidInWords_IsAnEmergency(string text) => Read(text).Emergency.ShouldBeTrue();

    [Fact]
    public void NoCooling_WithAHundredDollarsSaid_IsNoEmergency() =>
        Read("my mom is 84, her AC quit, is it a hundred dollars to come out?").Emergency.ShouldBeFalse();

    [Fact]
    public void AVoicemail_WithNoHeatAndTheColdInWords_IsAnEmergency() =>
        Voicemail("Hi it's Dana, our furnace is just not doing anything and it's ten below out, 12 Pine Street.", month: 1)
            .Value(FieldNames.Urgency).ShouldBe(Urgencies.Emergency);

    // ---------- services: the caller's own diagnosis, what the caller did meanwhile, more words ----------

    [Theory]
    [InlineData("truck just clicks when I turn the key, I'm guessing it's the battery", "auto", "Battery replacement")]
    [InlineData("lights flicker in two rooms, pretty sure it's the wiring, the panel is new", "electrical", "Wiring repair")]
    [InlineData("car won't crank, probably the starter honestly", "auto", "Starter replacement")]
    public void TheCallersOwnDiagnosis_NamesTheService(string text, string vertical, string service) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(service);

    [Theory]
    [InlineData("the light switch in the hall got hot so I shut off the breaker", "Outlet / switch")]
    [InlineData("flipped the main breaker off, the outlet in the garage buzzes", "Outlet / switch")]
    public void WhatTheCallerDidToTheBreaker_IsNoServiceOfItsOwn(string text, string service) =>
        Field(text, LeadFields.Service, "electrical").ShouldBe(service);

    /// <summary>
    /// Once "Panel upgrade" (one tuning case said so); four blind holdout cases by two authors since called a tripping
    /// breaker a wiring fault to find, and the panel the job only when it is to be upgraded (UnderstandingRound8Tests).
    /// </summary>
    [Fact]
    public void ABreakerThatKeepsTripping_IsAWiringFault() =>
        Field("the breaker keeps tripping every night", LeadFields.Service, "electrical").ShouldBe("Wiring repair");

    [Theory]
    [InlineData("heat isnt coming on this morning", "hvac", "Heating repair")]
    [InlineData("the bedroom ac quit blowing cold", "hvac", "AC repair")]
    [InlineData("the pipe under the sink ruptured", "plumbing", "Burst pipe")]
    [InlineData("hose bib line split open in the garage", "plumbing", "Burst pipe")]
    public void MoreWordsForTheService(string text, string vertical, string service) =>
        Field(text, LeadFields.Service, vertical).ShouldBe(service);

    // ---------- names: a self-correction, a spelled first name, "X calling" ----------

    [Theory]
    [InlineData("Hi it's Sam, well, Samantha Reyes, the furnace is loud.", "Samantha Reyes")]
    [InlineData("This is Kathy, I mean, Kathleen Ortiz, 40 Reed Street.", "Kathleen Ortiz")]
    public void AFirstName_CorrectedToTheFullName_GivesTheFullName(string transcript, string name) =>
        Voicemail(transcript).Value(FieldNames.Name).ShouldBe(name);

    [Theory]
    [InlineData("Hi, this is Ingrid, I N G R I D, Halvorsen, the heat pump is noisy.", "Ingrid Halvorsen")]
    [InlineData("yeah it's Marek, M-A-R-E-K, Nowak, my AC is leaking", "Marek Nowak")]
    public void AFirstNameSpelledOut_ThenTheSurname_GivesBoth(string transcript, string name) =>
        Voicemail(transcript).Value(FieldNames.Name).ShouldBe(name);

    [Theory]
    [InlineData("Good morning. Ruth Greer calling about a thermostat that won't hold a temperature.", "Ruth Greer")]
    [InlineData("Hi, Desmond Pryce calling, the AC is making a grinding noise.", "Desmond Pryce")]
    public void ANameBeforeCalling_IsTheName(string transcript, string name) =>
        Voicemail(transcript).Value(FieldNames.Name).ShouldBe(name);

    [Fact]
    public void JustCalling_IsNoName() =>
        Voicemail("Hi, just calling about a tune-up for the furnace, no rush.").Value(FieldNames.Name).ShouldBeNull();

    // ---------- a named person asked to call back ----------

    [Theory]
    [InlineData("could you have Marco himself call me about the invoice")]
    [InlineData("I want the owner to call me back, not a text")]
    [InlineData("I'd like Denise to personally call me tomorrow")]
    public void ANamedPersonAskedToCall_NeedsAHuman(string text) => Read(text).HumanNeeded.ShouldBeTrue();

    [Fact]
    public void AFurnaceThatHeatsItself_NeedsNoHuman() => Read("the furnace turns itself off every hour").HumanNeeded.ShouldBeFalse();
}
