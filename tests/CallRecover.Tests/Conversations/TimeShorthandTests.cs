using CallRecover.Conversations.Engines;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Times from the spent holdout 6's misses, each case written anew (issue #15): "b4 5" and "sat or sun, whichever" were
/// not read at all, so the caller was asked again; "make it sat morning, friday i work late" kept the day turned down.
/// </summary>
public sealed class TimeShorthandTests
{
    [Theory]
    [InlineData("b4 5 if possible", "before 5pm")]
    [InlineData("sat or sun, whichever", "saturday or sunday")]
    [InlineData("tues or thurs works", "tuesday or thursday")]
    [InlineData("actually make it sat morning, friday i work late", "saturday morning")]
    [InlineData("thursday afternoon, monday im out of town", "thursday afternoon")]
    public void ATimeInShorthand_IsRead(string text, string time) =>
        Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime).ShouldBe(time);

    [Theory]
    [InlineData("friday i work from home so anytime is ok", "friday")]
    [InlineData("sat works", "saturday")]
    public void ADaySaidToSuit_IsKept(string text, string day) =>
        Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime)!.ShouldStartWith(day);
}
