using CallRecover.Conversations.Engines;
using CallRecover.Leads;

namespace CallRecover.Tests.Conversations;

/// <summary>The built-in engine's rules, turn by turn, without a database.</summary>
public sealed class BuiltInEngineTests
{
    private static readonly DateTimeOffset July = new(2026, 7, 14, 15, 0, 0, TimeSpan.Zero);

    private static EngineTurn Turn(string text, KnownLead? known = null, ConversationState? state = null, string vertical = "hvac", DateTimeOffset? at = null) =>
        BuiltInEngine.Turn(new EngineInput(ConversationCorpus.BusinessFor(vertical), known ?? new KnownLead(), state ?? new ConversationState(),
            [new ThreadMessage(true, text, at ?? July)], at ?? July));

    private static KnownLead Known(params (string Field, string Value)[] fields)
    {
        var k = new KnownLead();
        foreach (var (f, v) in fields) k.Fields[f] = new FieldValue(v, 0.9);
        return k;
    }

    [Fact]
    public void SeveralAnswersInOneText_AreAllTaken_AndTheNextQuestionIsTheFirstStillMissing()
    {
        var t = Turn("hi this is Marcus, my AC is blowing warm air. im at 88 Birch Lane, Tampa FL 33602, no rush");

        t.Outcome.Fields[LeadFields.Service].Value.ShouldBe("AC repair");
        t.Outcome.Fields[LeadFields.Name].Value.ShouldBe("Marcus");
        t.Outcome.Fields[LeadFields.Address].Value.ShouldBe("88 Birch Ln, Tampa, FL 33602");
        t.Outcome.Fields[LeadFields.Urgency].Value.ShouldBe(Urgencies.Flexible);
        t.Outcome.Asked.ShouldBe(LeadFields.PreferredTime);
        t.Reply.ShouldContain("good time");
    }

    [Fact]
    public void AKnownField_IsNotOverwrittenByAGuess()
    {
        var known = Known((LeadFields.Address, "12 Oak St"), (LeadFields.Service, "AC repair"));
        var (merged, changed) = known.Merge(Turn("my neighbor at 40 Elm St had the same thing", known).Outcome.Fields);

        merged[LeadFields.Address].ShouldBe("12 Oak St");
        changed.ShouldNotContain(LeadFields.Address);
    }

    [Fact]
    public void AnExplicitCorrection_UpdatesTheField()
    {
        var known = Known((LeadFields.Address, "21 Oak St"), (LeadFields.Service, "AC repair"));
        var t = Turn("actually it's 12 Oak St", known);
        var (merged, changed) = known.Merge(t.Outcome.Fields);

        merged[LeadFields.Address].ShouldBe("12 Oak St");
        changed.ShouldBe([LeadFields.Address]);
        t.Reply.ShouldStartWith("Got it — I've updated the address to 12 Oak St.");
    }

    [Fact]
    public void Urgency_OnlyRises()
    {
        var known = Known((LeadFields.Urgency, Urgencies.Flexible));
        known.Merge(new Dictionary<string, FieldValue> { [LeadFields.Urgency] = new(Urgencies.Emergency, 0.9) }).Merged[LeadFields.Urgency].ShouldBe(Urgencies.Emergency);
        Known((LeadFields.Urgency, Urgencies.Soon)).Merge(new Dictionary<string, FieldValue> { [LeadFields.Urgency] = new(Urgencies.Flexible, 0.9) })
            .Merged[LeadFields.Urgency].ShouldBe(Urgencies.Soon);
    }

    [Theory]
    [InlineData("this is Dana")]
    [InlineData("Dana Reyes here, the ac is out")]
    [InlineData("my name is dana reyes")]
    public void Names_AreRecognizedFromIntroductions(string text)
    {
        Turn(text).Outcome.Fields[LeadFields.Name].Value.ShouldStartWith("Dana");
    }

    [Fact]
    public void ABareName_CountsOnlyAsTheAnswerToTheNameQuestion()
    {
        Turn("dana").Outcome.Fields.ShouldNotContainKey(LeadFields.Name);
        Turn("dana", state: new ConversationState { Asked = LeadFields.Name }).Outcome.Fields[LeadFields.Name].Value.ShouldBe("Dana");
        Turn("its blowing warm air").Outcome.Fields.ShouldNotContainKey(LeadFields.Name);
    }

    [Theory]
    [InlineData("tomorrow morning works")]
    [InlineData("monday sounds good")]
    [InlineData("12 oak st works")]
    public void AnAnswerToTheWrongQuestion_IsNotMistakenForAName(string text)
    {
        // Asked for a name, the caller answers with a time or an address instead: nobody is called "Works".
        Turn(text, state: new ConversationState { Asked = LeadFields.Name }).Outcome.Fields.ShouldNotContainKey(LeadFields.Name);
    }

    [Fact]
    public void AFullName_SentWhileAskedSomethingElse_IsTaken()
    {
        var t = Turn("Jane Smith", Known((LeadFields.Service, "AC repair")), new ConversationState { Asked = LeadFields.Urgency });
        t.Outcome.Fields[LeadFields.Name].Value.ShouldBe("Jane Smith");
        t.Reply.ShouldNotContain("didn't quite catch");
        Turn("Right Away", state: new ConversationState { Asked = LeadFields.Urgency }).Outcome.Fields.ShouldNotContainKey(LeadFields.Name);
    }

    [Theory]
    [InlineData("tomorrow morning works", "tomorrow morning")]
    [InlineData("thursday after 3", "thursday after 3pm")]
    [InlineData("around 10am friday", "friday around 10am")]
    [InlineData("any time", "anytime")]
    public void PreferredTimes_AreReadFromAnswers(string text, string expected)
    {
        Turn(text, state: new ConversationState { Asked = LeadFields.PreferredTime }).Outcome.Fields[LeadFields.PreferredTime].Value.ShouldBe(expected);
    }

    [Fact]
    public void ADayThatIsNotAPreference_IsNotTakenAsOne()
    {
        Turn("my ac quit today").Outcome.Fields.ShouldNotContainKey(LeadFields.PreferredTime);
    }

    [Fact]
    public void NoPricesOrDiagnoses_WhenTheBusinessDoesNotQuote()
    {
        var t = Turn("how much do you charge to fix an ac?");
        t.Reply.ShouldNotContain("$");
        t.Reply.ShouldContain("can't give prices");
    }

    [Fact]
    public void AskedIfItIsABot_ItClaimsToBeNeither()
    {
        var t = Turn("are you a bot?");
        t.Reply.ShouldNotContain("I'm a bot", Case.Insensitive);
        t.Reply.ShouldNotContain("I am a person", Case.Insensitive);
        t.Reply.ShouldContain("texting for");
    }

    [Fact]
    public void NoHeat_IsAnEmergencyInWinter_ButNotInSummer()
    {
        Turn("no heat in the house", at: new DateTimeOffset(2026, 1, 10, 15, 0, 0, TimeSpan.Zero)).Outcome.Emergency.ShouldBeTrue();
        Turn("no heat in the house", at: July).Outcome.Emergency.ShouldBeFalse();
    }

    [Fact]
    public void Replies_AreShort_OneQuestionAtATime()
    {
        foreach (var c in ConversationCorpus.Load())
            foreach (var reply in ConversationCorpus.Run(c).Replies)
            {
                reply.Count(ch => ch == '?').ShouldBeLessThanOrEqualTo(1, $"{c.Id}: {reply}");
                System.Text.RegularExpressions.Regex.Matches(reply, @"[.!?](\s|$)").Count.ShouldBeLessThanOrEqualTo(3, $"{c.Id}: {reply}");
                reply.Length.ShouldBeLessThanOrEqualTo(320, $"{c.Id}: {reply}");
            }
    }

    [Fact]
    public void AQuestionAskedTwiceWithoutAnAnswer_IsNotAskedAThirdTime()
    {
        var state = new ConversationState { Asked = LeadFields.Urgency, AskedTimes = 2 };
        var t = Turn("hmm", Known((LeadFields.Service, "AC repair")), state);
        t.Outcome.Asked.ShouldBe(LeadFields.Name);
    }
}
