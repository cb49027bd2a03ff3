using static CallRecover.Tests.Conversations.ConversationCorpus;
using CallRecover.Conversations;
using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;

namespace CallRecover.Tests.Conversations;

/// <summary>The defects of issue #15 that show without a database: each of these failed before its fix.</summary>
public sealed class OffScriptDefectTests
{
    private static readonly DateTimeOffset July = new(2026, 7, 14, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset January = new(2026, 1, 14, 15, 0, 0, TimeSpan.Zero);

    private static CorpusResult Play(DateTimeOffset at, params string[] texts) => ConversationCorpus.Play("hvac", at, texts);

    // ---------- 1: "AC stopped blowing cold air" is not a heating emergency ----------

    [Theory]
    [InlineData("my AC stopped blowing cold air")]
    [InlineData("AC not cooling")]
    [InlineData("ac is blowing warm air, not cold air anymore")]
    [InlineData("the air conditioner stopped working")]
    public void AcNotCooling_IsAnAcRepairThatIsSoon_NotAnEmergency_InSummerOrWinter(string text)
    {
        foreach (var at in new[] { July, January })
        {
            var r = Play(at, text);
            r.Emergency.ShouldBeFalse($"{text} at {at:MMMM}");
            r.Lead[LeadFields.Service].ShouldBe("AC repair");
            r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Soon);
            r.Replies[0].ShouldNotContain("That sounds urgent");
        }
    }

    [Theory]
    [InlineData("my mom is 88 and her ac quit, its 98 degrees in her house")]
    [InlineData("AC isnt cooling and my elderly father lives with us, it's 96 in here")]
    [InlineData("my grandmother is 90, her AC is broken and it's 101 outside")]
    public void NoCoolingForTheElderlyInExtremeHeat_IsAnEmergency(string text) => Play(July, text).Emergency.ShouldBeTrue();

    [Fact]
    public void AFurnaceBlowingColdAirInWinter_IsStillAHeatingEmergency()
    {
        var r = Play(January, "furnace is blowing cold air and it's freezing in here");
        r.Emergency.ShouldBeTrue();
    }

    // ---------- 2: urgency can go down ----------

    [Fact]
    public void Urgency_GoesDown_WhenTheCallerSaysItIsNotUrgentAfterAll()
    {
        var r = Play(July, "ac not cooling, it's urgent!!", "actually it's not urgent, next week is fine");
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Flexible);
    }

    [Fact]
    public void Urgency_GoesDown_FromAnEmergency_WhenTheCallerSaysSo()
    {
        var r = Play(July, "water everywhere, pipe burst", "ok the water is off now and it stopped, actually it's not urgent, next week is fine");
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Flexible);
    }

    [Fact]
    public void NotAnEmergency_IsFlexible_NotSoon()
    {
        var r = Play(July, "heater making a loud banging noise when it starts", "not an emergency");
        r.Lead[LeadFields.Urgency].ShouldBe(Urgencies.Flexible);
    }

    // ---------- 3: a bare name is a name, not a request for a person ----------

    [Theory]
    [InlineData("Mark Jensen")]
    [InlineData("Mark")]
    [InlineData("mark jensen")]
    [InlineData("Dana Lawyer")]
    public void ABareName_AsTheWholeReply_IsTheName_AndDoesNotHandOff(string name)
    {
        var r = Play(July, "ac not cooling", "soon please", name);
        r.HumanNeeded.ShouldBeFalse();
        r.Lead[LeadFields.Name].ShouldBe(name.Contains("Lawyer", StringComparison.Ordinal) ? name : "Mark" + (name.Contains(' ') ? " Jensen" : ""));
    }

    [Fact]
    public void ABareName_AnsweringAnotherQuestion_IsTheName_AndDoesNotHandOff()
    {
        // Asked how soon, the caller gives their name instead.
        var r = Play(July, "ac not cooling", "Mark Jensen");
        r.HumanNeeded.ShouldBeFalse();
        r.Lead[LeadFields.Name].ShouldBe("Mark Jensen");
    }

    // ---------- 5 and 6: name and address in one text; corrections keep city and ZIP ----------

    [Fact]
    public void NameAndAddressWithCityAndZip_InOneText_AreBothTaken()
    {
        var r = Play(July, "I'm Dana Whitfield, 42 Oak St, Springfield 62704");
        r.Lead[LeadFields.Name].ShouldBe("Dana Whitfield");
        r.Lead[LeadFields.Address].ShouldBe("42 Oak St, Springfield, 62704");
    }

    [Fact]
    public void AnAddressCorrection_ChangesTheNumber_KeepsCityAndZip_AndTellsTheCallerWhatChanged()
    {
        var r = Play(July, "I'm Dana Whitfield, 42 Oak St, Springfield 62704", "sorry, it's 24 Oak St not 42");
        r.Lead[LeadFields.Address].ShouldBe("24 Oak St, Springfield, 62704");
        r.Lead[LeadFields.Name].ShouldBe("Dana Whitfield");
        r.Replies[^1].ShouldContain("24 Oak St, Springfield, 62704");
    }

    [Fact]
    public void ANameCorrection_IsTaken_AndTheCallerIsToldWhatChanged()
    {
        var r = Play(July, "garbage disposal leaking", "Alice", "sorry my name is Alicia");
        r.Lead[LeadFields.Name].ShouldBe("Alicia");
        r.Replies[^1].ShouldContain("Alicia");
    }

    [Fact]
    public void MergingACorrectedStreet_KeepsTheKnownCityAndZip()
    {
        var known = new KnownLead { Fields = { [LeadFields.Address] = new FieldValue("42 Oak St, Springfield 62704", 0.9) } };
        var (merged, changed) = known.Merge(new Dictionary<string, FieldValue> { [LeadFields.Address] = new("24 Oak St", 0.9, Correction: true) });
        merged[LeadFields.Address].ShouldBe("24 Oak St, Springfield 62704");
        changed.ShouldBe([LeadFields.Address]);
    }

    // ---------- 8: recordings and texts are read by the same understanding ----------

    [Theory]
    [InlineData("Hi my brakes are squealing really loud, this is Sharon Wells at 76 Ridge Avenue, can somebody come out this week?", "auto")]
    [InlineData("Hi, this is Tom Baker, my AC is not cooling at all. I'm at 412 Palm Ave in Sarasota. Tomorrow morning works.", "hvac")]
    [InlineData("Oh my god, a pipe burst in our basement, water is everywhere, it's Steve at 8 Forest Road.", "plumbing")]
    [InlineData("Hi, I'm calling about getting a panel upgrade. It's Dennis Ford at 1400 Lakeview Drive. Next week sometime.", "electrical")]
    public void RecordingExtraction_AndTheSmsEngine_ReadTheSameWordsAlike(string words, string vertical)
    {
        var business = ConversationCorpus.BusinessFor(vertical);
        var sms = SmsUnderstanding.Read(words, business, null, July);
        var rec = RuleExtractor.Extract(words, new ExtractionContext(null, 2026, business.Name, vertical) { Services = business.Services, Now = July });
        rec.Value(FieldNames.Name).ShouldBe(sms.Fields.GetValueOrDefault(LeadFields.Name)?.Value);
        rec.Value(FieldNames.Address).ShouldBe(sms.Fields.GetValueOrDefault(LeadFields.Address)?.Value);
        rec.Value(FieldNames.Service).ShouldBe(sms.Fields.GetValueOrDefault(LeadFields.Service)?.Value);
        rec.Value(FieldNames.PreferredTime).ShouldBe(sms.Fields.GetValueOrDefault(LeadFields.PreferredTime)?.Value);
        (rec.Value(FieldNames.Urgency) ?? Urgencies.Unknown).ShouldBe(sms.Emergency ? Urgencies.Emergency : sms.Fields.GetValueOrDefault(LeadFields.Urgency)?.Value ?? Urgencies.Unknown);
        rec.Value(FieldNames.Name).ShouldNotBeNull();
    }

    // ---------- 4: a fast typist is not an auto-responder ----------

    private static Message In(string body, DateTimeOffset at, int i) => new()
    {
        Id = $"m{i:D3}", BusinessId = "b", ConversationId = "c", Direction = "inbound", Sender = Senders.Caller, ToPhone = "+19045550102",
        FromPhone = "+14075550142", Body = body, Status = MessageStatuses.Received, CreatedAt = at, UpdatedAt = at,
    };

    private static bool Automatic(params string[] bodies)
    {
        var thread = bodies.Select((b, i) => In(b, July.AddSeconds(10 * i), i)).ToList();
        return EngineStep.LooksAutomatic(thread, thread[^1]);
    }

    [Fact]
    public void AHumanTextingEvery10Seconds_IsNotAnAutoResponder()
    {
        Automatic("hi", "my ac is out", "its hot", "Mark Jensen", "42 Oak St, Springfield 62704", "tomorrow morning", "thanks!").ShouldBeFalse();
    }

    [Theory]
    [InlineData("I'm driving right now. I'll get back to you when I arrive.")]
    [InlineData("Thank you for your message. I am currently out of the office and will respond when I return.")]
    [InlineData("This is an automated reply: I'm unavailable right now.")]
    public void KnownAutoReplyPhrases_AreAutomatic(string body) => Automatic(body).ShouldBeTrue();

    [Fact]
    public void NearIdenticalBodies_AreAutomatic()
    {
        Automatic("Thanks for contacting Acme Roofing! We will call you back shortly. Ref 1021",
            "Thanks for contacting Acme Roofing! We will call you back shortly. Ref 1022").ShouldBeTrue();
    }

    [Fact]
    public void ManyTextsAnsweringNothing_InABurst_AreAutomatic()
    {
        Automatic("Menu: 1 for hours", "Menu: 2 for location", "Menu: 3 for specials", "Menu: 4 for careers", "Menu: 5 for billing", "Menu: 6 for other").ShouldBeTrue();
    }
}
