using CallRecover.Common;

// Not CallRecover.Tests.Common: that namespace would hide CallRecover.Common from tests that write "Common.Json".
namespace CallRecover.Tests.CommonFolder;

/// <summary>
/// Phone numbers through libphonenumber: our US behaviour, and examples from libphonenumber's own documentation and
/// tests (Google Zurich 044 668 18 00, London 020 7031 3000, a UK mobile, Sydney, Mountain View 650 253 0000).
/// </summary>
public sealed class PhoneTests
{
    [Theory]
    [InlineData("(904) 555-0134", "+19045550134")]
    [InlineData("904-555-0134", "+19045550134")]
    [InlineData("+19045550134", "+19045550134")]
    [InlineData("1 904 555 0134", "+19045550134")]
    [InlineData("904.555.0134", "+19045550134")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+1 (650) 253-0000", "+16502530000")]
    [InlineData("+44 20 7031 3000", "+442070313000")]
    [InlineData("+61 2 3661 8300", "+61236618300")]
    [InlineData("+41 44 668 18 00", "+41446681800")]
    [InlineData("011 44 20 7031 3000", "+442070313000")] // the US international prefix
    [InlineData("1-800-FLOWERS", "+18003569377")] // letters on the keypad, as libphonenumber reads them
    public void Normalizes_ToE164(string input, string expected) => Phone.NormalizeOrNull(input).ShouldBe(expected);

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("123")]
    [InlineData("")]
    [InlineData("555-0134")]
    [InlineData("(104) 555-0134")] // no area code starts with 1
    [InlineData("+1 904 555 01345")]
    [InlineData("anonymous")]
    [InlineData("+1 999 555 0134")] // an area code not in service
    [InlineData("+44 20 7031 300")] // one digit short for London
    [InlineData("020 7031 3000")] // a UK national number, read as a US one
    [InlineData("650 253 0000 ext. 1234")] // an extension cannot be texted or dialled
    [InlineData("+266696687")] // what some carriers send for a withheld number: not a Lesotho number either
    public void RejectsGarbage(string input) => Phone.NormalizeOrNull(input).ShouldBeNull();

    [Fact]
    public void RejectsVeryLongInput_WithoutThrowing() => Phone.TryNormalize(new string('1', 300), out _).ShouldBeFalse();

    [Theory]
    [InlineData("044 668 18 00", "CH", "+41446681800")]
    [InlineData("020 7031 3000", "GB", "+442070313000")]
    [InlineData("0412 345 678", "AU", "+61412345678")]
    [InlineData("(416) 555-0123", "CA", "+14165550123")]
    [InlineData("+19045550134", "GB", "+19045550134")] // an international number is the same in any region
    public void ANationalNumber_IsReadInTheGivenRegion(string input, string region, string expected)
    {
        Phone.TryNormalize(input, region, out var e164).ShouldBeTrue();
        e164.ShouldBe(expected);
    }

    [Theory]
    [InlineData("+442070313000", "GB")]
    [InlineData("+61236618300", "AU")]
    [InlineData("+14165550123", "CA")]
    [InlineData("+19045550134", "US")]
    [InlineData("+18005551212", "US")]
    [InlineData(null, "US")]
    [InlineData("anonymous", "US")]
    public void RegionOf_IsTheRegionOfTheNumber_OrUS(string? e164, string region) => Phone.RegionOf(e164).ShouldBe(region);

    [Theory]
    [InlineData("+19045550123", null, "(904) 555-0123")]
    [InlineData("+16502530000", null, "(650) 253-0000")]
    [InlineData("+14165550123", null, "(416) 555-0123")] // Canada shares +1: dialled the same way from the US
    [InlineData("+442070313000", null, "+44 20 7031 3000")]
    [InlineData("+61236618300", null, "+61 2 3661 8300")]
    [InlineData("+41446681800", null, "+41 44 668 18 00")]
    [InlineData("+41446681800", "CH", "044 668 18 00")]
    [InlineData("+442070313000", "GB", "020 7031 3000")]
    [InlineData("+19045550123", "GB", "+1 904-555-0123")]
    [InlineData("anonymous", null, "anonymous")]
    [InlineData(null, null, "")]
    public void Display_IsNationalAtHome_AndInternationalOtherwise(string? e164, string? region, string expected) =>
        Phone.Display(e164, region).ShouldBe(expected);

    [Theory]
    [InlineData("+447912345678", PhoneKind.Mobile)]
    [InlineData("+61412345678", PhoneKind.Mobile)]
    [InlineData("+442070313000", PhoneKind.Landline)]
    [InlineData("+41446681800", PhoneKind.Landline)]
    [InlineData("+16502530000", PhoneKind.Unknown)] // US numbers mix mobiles and landlines in one range
    [InlineData("+18005551212", PhoneKind.Unknown)] // toll free
    [InlineData("anonymous", PhoneKind.Unknown)]
    [InlineData("+44207031300", PhoneKind.Unknown)] // not a valid number
    public void Kind_IsWhatTheNumberingPlanKnows(string e164, PhoneKind expected) => Phone.Kind(e164).ShouldBe(expected);

    [Fact]
    public void Mask_KeepsOnlyTheLastFourDigits()
    {
        Phone.Mask("+19045550134").ShouldBe("***0134");
        Phone.Mask(null).ShouldBe("(none)");
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("Unknown")]
    [InlineData("+266696687")]
    [InlineData("")]
    public void WithheldCallerIds_AreRecognized(string from) => Phone.IsWithheld(from).ShouldBeTrue();
}
