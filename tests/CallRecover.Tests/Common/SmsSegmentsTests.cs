using CallRecover.Common;

namespace CallRecover.Tests.CommonFolder;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 'a', 1)]
    [InlineData(160, 'a', 1)]   // GSM-7: one segment holds 160
    [InlineData(161, 'a', 2)]   // split: 153 each
    [InlineData(306, 'a', 2)]
    [InlineData(307, 'a', 3)]
    [InlineData(70, 'é', 1)]    // é is in the GSM-7 basic table
    [InlineData(80, '{', 1)]    // extension characters take two: 160 units
    [InlineData(81, '{', 2)]
    [InlineData(70, 'ł', 1)]    // not GSM-7: UCS-2, 70 in one
    [InlineData(71, 'ł', 2)]    // split: 67 each
    [InlineData(135, 'ł', 3)]
    public void Count_FollowsTheCarriersSegmentSizes(int length, char c, int segments) =>
        SmsSegments.Count(new string(c, length)).ShouldBe(segments);

    [Fact]
    public void OneEmoji_MakesTheWholeTextUcs2() =>
        SmsSegments.Count("☺" + new string('b', 70)).ShouldBe(2);
}
