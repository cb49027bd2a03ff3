using CallRecover.Conversations;
using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Conversations;

public sealed class EngineRunnerTests
{
    /// <summary>
    /// A turn the built-in rules throw on would fail on every retry and the caller would never hear back (a typo mended to
    /// a longer word did so on holdout 9): the caller is told someone will reach out, and the turn hands over to the team.
    /// </summary>
    [Fact]
    public async Task ATurnTheRulesThrowOn_HandsOverToTheTeam_InsteadOfFailing()
    {
        var builtIn = new BuiltInEngine();
        var runner = new EngineRunner(builtIn, builtIn, new AiIncidents(null!, TimeProvider.System), Options.Create(new AiOptions()), NullLogger<EngineRunner>.Instance);
        var business = ConversationCorpus.BusinessFor("plumbing");
        var now = DateTimeOffset.UtcNow;
        // A state the rules cannot read stands in for any text they throw on.
        var input = new EngineInput(business, new KnownLead(), null!, [new ThreadMessage(true, "toilet keeps running", now)], now);

        var turn = await runner.RunAsync(input, TestContext.Current.CancellationToken);

        turn.Reply.ShouldBe($"Thanks — I'll have someone from {business.Name} reach out to you directly.");
        turn.Outcome.HumanNeeded.ShouldBeTrue();
        turn.FallbackReason.ShouldBe("builtin_error");
    }

    [Theory]
    [InlineData("hvac", "my thermstat", "Thermostat")]
    [InlineData("plumbing", "the garbage disposl", "Garbage disposal")]
    public void ATypoMendedToALongerWord_IsRead(string vertical, string text, string service) =>
        UnderstandingProbe.Field(text, LeadFields.Service, vertical).ShouldBe(service);
}
