using CallRecover.Booking;

namespace CallRecover.Tests.Booking;

/// <summary>The calendar link, the emailed .ics content type and the address suffix are each defined once; these pin their values.</summary>
public sealed class CalendarLinkTests
{
    [Fact]
    public void CalendarLink_AndEmailContentType()
    {
        var a = new Appointment { IcsToken = "tok123" };
        CalendarFile.Url("https://app.example", a).ShouldBe("https://app.example/appointments/tok123.ics");
        CalendarFile.EmailContentType.ShouldBe("text/calendar; charset=utf-8; method=PUBLISH");
    }

    [Theory]
    [InlineData("12 Oak St", " at 12 Oak St")]
    [InlineData(" ", "")]
    [InlineData(null, "")]
    public void AddressSuffix(string? address, string expected) => BookingService.At(new Appointment { Address = address }).ShouldBe(expected);
}
