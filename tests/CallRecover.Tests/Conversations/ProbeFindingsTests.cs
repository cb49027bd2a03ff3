using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Misreadings found by trying the product as a caller (the simulator, 2026-12-06), not from any corpus: each case failed
/// before its fix, next to guards that must keep holding.
/// </summary>
public sealed class ProbeFindingsTests
{
    // An angry "stop blowing up my phone" asks for the texts to stop as plainly as "stop texting me" (CTIA: any
    // reasonable way of saying it is an opt-out); it was answered with the next qualifying question.
    [Theory]
    [InlineData("who the hell is this? stop blowing up my phone you idiots")]
    [InlineData("quit blowing up my phone")]
    [InlineData("stop blowin me up")]
    [InlineData("stop hitting up my cell")]
    [InlineData("stop calling my phone")]
    public void TellingThemToStopBlowingUpThePhone_IsAnOptOut(string text) => Read(text).OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("the breaker keeps blowing, can someone stop by")]
    [InlineData("stop calling it a repair, its a replacement")]
    [InlineData("my phone was blowing up with your texts, sorry for the late reply — tuesday works")]
    public void BlowingOrCallingAboutSomethingElse_IsNoOptOut(string text) => Read(text).OptOut.ShouldBeFalse();
}
