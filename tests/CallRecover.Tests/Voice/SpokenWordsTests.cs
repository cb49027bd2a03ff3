using CallRecover.Booking;
using CallRecover.Tenancy;
using CallRecover.Voice;

namespace CallRecover.Tests.Voice;

/// <summary>How the receptionist says times and addresses, and which words change the call's course.</summary>
public sealed class SpokenWordsTests
{
    private static readonly Business Shop = new()
    {
        Id = "b", Name = "Shop", OwnerName = "Sam", OwnerEmail = "sam@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101",
        CarrierNumber = "+19045550102", TimeZone = "America/Chicago",
    };

    // Central Standard Time (UTC-6) until March 8, 2026.
    private static Slot At(int day, int hour, int minute = 0, int month = 3) =>
        new(new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-6)), new DateTimeOffset(2026, month, day, hour + 1, minute, 0, TimeSpan.FromHours(-6)));

    [Fact]
    public void AnOffer_NamesEachDayOnce_InTheBusinessesTime_WithNoonAndMinutesAsSpoken()
    {
        Receptionist.SlotList(Shop, [At(4, 8), At(4, 12), At(5, 14, 30)]).ShouldBe("Wednesday, March 4th at 8 AM or noon, or Thursday, March 5th at 2:30 PM.");
        Receptionist.SlotList(Shop, [At(2, 9), At(2, 10), At(2, 11)]).ShouldBe("Monday, March 2nd at 9 AM, 10 AM or 11 AM.");
        Receptionist.SlotList(Shop, [At(11, 9, month: 2)]).ShouldBe("Wednesday, February 11th at 9 AM.");
        Receptionist.SpokenSlot(Shop, At(21, 15, month: 2)).ShouldBe("Saturday, February 21st at 3 PM");
        Receptionist.SpokenSlot(Shop, At(23, 9, month: 2)).ShouldBe("Monday, February 23rd at 9 AM");
    }

    [Fact]
    public void StreetAbbreviations_AreSaidInFull_AndTheRestIsLeftAlone()
    {
        Receptionist.SpokenAddress("42 Oak St, Springfield 62704").ShouldBe("42 Oak Street, Springfield 62704");
        Receptionist.SpokenAddress("9 Elm Ave. Apt 2").ShouldBe("9 Elm Avenue Apt 2");
        Receptionist.SpokenAddress("17 Stark Rd").ShouldBe("17 Stark Road");
    }

    [Theory]
    [InlineData("can you just text me", null, true)]
    [InlineData("I'd rather have a text", null, true)]
    [InlineData("send me a text please", null, true)]
    [InlineData("", "1", true)]
    [InlineData("my text messages aren't working but the AC is", null, false)]
    [InlineData("", "2", false)]
    public void TextMeInstead(string said, string? key, bool wants) => Receptionist.WantsText(said, key).ShouldBe(wants);

    [Theory]
    [InlineData("this is ridiculous, nobody ever answers", true)]
    [InlineData("I'm fed up with this", true)]
    [InlineData("the unit is making a terrible noise", false)]
    [InlineData("yes that works", false)]
    public void AnUpsetCaller_IsHandedToAPerson(string said, bool upset) => Receptionist.Upset(said).ShouldBe(upset);

    [Fact]
    public void AReply_StreamsAsWordTokens_ThatJoinBackToIt()
    {
        var tokens = RelaySocket.Tokens("Thanks, Dana. What's the address?");
        tokens.ShouldBe(["Thanks, ", "Dana. ", "What's ", "the ", "address?"]);
        string.Concat(tokens).ShouldBe("Thanks, Dana. What's the address?");
    }
}
