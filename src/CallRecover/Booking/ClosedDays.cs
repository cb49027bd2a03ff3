using System.Text.Json.Serialization;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>A day the business does not work, and why ("Thanksgiving", "Independence Day (observed)", "a day off").</summary>
public sealed record ClosedDay(LocalDate Date, string Label);

/// <summary>
/// Recurring holiday presets, each computed by its rule for any year (no table of dates to go stale). Dates are
/// calendar dates in the business's own time zone: a caller in any zone asking for "Thursday" means the
/// business's Thursday, which is how <see cref="SlotFinder"/> walks days.
/// </summary>
public static class HolidayPresets
{
    /// <summary>The eleven US federal holidays (5 U.S.C. 6103), with the weekday they are observed on when they fall on a weekend.</summary>
    public const string UsFederal = "us-federal";

    public static readonly IReadOnlyList<string> All = [UsFederal];

    /// <summary>The holidays of <paramref name="preset"/> in <paramref name="year"/>, in date order (an observed day may fall on the previous December 31).</summary>
    public static IReadOnlyList<ClosedDay> For(string preset, int year) => preset switch
    {
        UsFederal => UsFederalHolidays(year),
        _ => [],
    };

    /// <summary>
    /// New Year's Day (Jan 1), Martin Luther King Jr. Day (3rd Monday of January), Washington's Birthday (3rd Monday
    /// of February), Memorial Day (last Monday of May), Juneteenth (June 19), Independence Day (July 4), Labor Day
    /// (1st Monday of September), Columbus Day (2nd Monday of October), Veterans Day (November 11), Thanksgiving
    /// (4th Thursday of November), Christmas Day (December 25). A fixed-date holiday on a Saturday is also observed
    /// the Friday before, on a Sunday the Monday after (both days are closed).
    /// </summary>
    public static IReadOnlyList<ClosedDay> UsFederalHolidays(int year)
    {
        var days = new List<ClosedDay>();
        void Fixed(int month, int day, string name)
        {
            var date = new LocalDate(year, month, day);
            days.Add(new ClosedDay(date, name));
            var observed = date.DayOfWeek switch
            {
                IsoDayOfWeek.Saturday => date.PlusDays(-1),
                IsoDayOfWeek.Sunday => date.PlusDays(1),
                _ => (LocalDate?)null,
            };
            if (observed is { } o) days.Add(new ClosedDay(o, $"{name} (observed)"));
        }
        Fixed(1, 1, "New Year's Day");
        days.Add(new ClosedDay(Nth(year, 1, IsoDayOfWeek.Monday, 3), "Martin Luther King Jr. Day"));
        days.Add(new ClosedDay(Nth(year, 2, IsoDayOfWeek.Monday, 3), "Washington's Birthday"));
        days.Add(new ClosedDay(Last(year, 5, IsoDayOfWeek.Monday), "Memorial Day"));
        Fixed(6, 19, "Juneteenth");
        Fixed(7, 4, "Independence Day");
        days.Add(new ClosedDay(Nth(year, 9, IsoDayOfWeek.Monday, 1), "Labor Day"));
        days.Add(new ClosedDay(Nth(year, 10, IsoDayOfWeek.Monday, 2), "Columbus Day"));
        Fixed(11, 11, "Veterans Day");
        days.Add(new ClosedDay(Nth(year, 11, IsoDayOfWeek.Thursday, 4), "Thanksgiving"));
        Fixed(12, 25, "Christmas Day");
        return [.. days.OrderBy(d => d.Date)];
    }

    /// <summary>The <paramref name="n"/>th <paramref name="weekday"/> of a month (n = 1..4).</summary>
    public static LocalDate Nth(int year, int month, IsoDayOfWeek weekday, int n)
    {
        var first = new LocalDate(year, month, 1);
        var firstMatch = first.DayOfWeek == weekday ? first : first.Next(weekday);
        return firstMatch.PlusWeeks(n - 1);
    }

    /// <summary>The last <paramref name="weekday"/> of a month.</summary>
    public static LocalDate Last(int year, int month, IsoDayOfWeek weekday)
    {
        var last = new LocalDate(year, month, CalendarSystem.Iso.GetDaysInMonth(year, month));
        return last.DayOfWeek == weekday ? last : last.Previous(weekday);
    }
}

/// <summary>A business's closed days: its own dates plus the holiday presets it chose. Pure; built from <see cref="BookingSettings"/>.</summary>
public sealed class ClosedCalendar
{
    private readonly IReadOnlySet<LocalDate> _dates;
    private readonly IReadOnlyList<string> _presets;
    private readonly Dictionary<int, Dictionary<LocalDate, string>> _byYear = [];

    public ClosedCalendar(IReadOnlySet<LocalDate> dates, IReadOnlyList<string> presets)
    {
        _dates = dates;
        _presets = presets;
    }

    public static ClosedCalendar Of(BookingSettings s) => new(s.DaysOffDates, s.Holidays);

    /// <summary>Why the business is closed on <paramref name="date"/> (a holiday's name, or "a day off"), or null when it is not.</summary>
    public string? ClosedOn(LocalDate date)
    {
        if (HolidaysOf(date.Year).TryGetValue(date, out var name)) return name;
        return _dates.Contains(date) ? DayOffLabel : null;
    }

    public const string DayOffLabel = "a day off";

    /// <summary>Closed days from <paramref name="from"/> (inclusive) for <paramref name="days"/> days, in date order.</summary>
    public IReadOnlyList<ClosedDay> Between(LocalDate from, int days)
    {
        var result = new List<ClosedDay>();
        for (var i = 0; i < days; i++)
        {
            var d = from.PlusDays(i);
            if (ClosedOn(d) is { } label) result.Add(new ClosedDay(d, label));
        }
        return result;
    }

    private Dictionary<LocalDate, string> HolidaysOf(int year)
    {
        if (_byYear.TryGetValue(year, out var map)) return map;
        map = [];
        // Next year's New Year's Day on a Saturday is observed on this year's December 31.
        foreach (var preset in _presets)
            foreach (var h in HolidayPresets.For(preset, year).Concat(HolidayPresets.For(preset, year + 1)))
                if (h.Date.Year == year) map.TryAdd(h.Date, h.Label);
        _byYear[year] = map;
        return map;
    }
}

/// <summary>The operator's body for <c>PUT /closed-days</c>: <c>{dates: ["2026-12-24"], holidays: ["us-federal"]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClosedDaysInput
{
    public List<string>? Dates { get; init; }
    public List<string>? Holidays { get; init; }
}

/// <summary>A business's closed days as the operator API shows them, with the next year's closed days spelled out.</summary>
public sealed record ClosedDaysView(IReadOnlyList<string> Dates, IReadOnlyList<string> Holidays, IReadOnlyList<ClosedDaysView.Upcoming> Next365Days)
{
    public sealed record Upcoming(string Date, string Label);

    public static ClosedDaysView Of(Business business, BookingSettings s, DateTimeOffset now) =>
        new(s.DaysOff, s.Holidays, [.. ClosedCalendar.Of(s).Between(business.LocalTime(now).Date, 365)
            .Select(d => new Upcoming(d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Label))]);
}
