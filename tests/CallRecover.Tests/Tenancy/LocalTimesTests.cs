using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Tests.Tenancy;

public sealed class LocalTimesTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public void StartOfDayUtc_IsLocalMidnight_AsAUtcInstant()
    {
        // EST before the spring-forward on 2026-03-08, EDT after it.
        var before = NewYork.StartOfDayUtc(new LocalDate(2026, 3, 8));
        before.ShouldBe(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero));
        before.Offset.ShouldBe(TimeSpan.Zero, "bounds are compared as text on SQLite, so they are always in UTC");
        NewYork.StartOfDayUtc(new LocalDate(2026, 3, 9)).ShouldBe(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void HourMinute_ParsesOpeningHours_AndRejectsSeconds()
    {
        LocalTimes.HourMinute.Parse("09:30").Value.ShouldBe(new LocalTime(9, 30));
        LocalTimes.HourMinute.Parse("09:30:00").Success.ShouldBeFalse();
        WeeklyHours.ParseTime("17:00").ShouldBe(new LocalTime(17, 0));
    }
}
