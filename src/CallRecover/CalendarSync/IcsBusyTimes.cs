using CallRecover.Booking;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;

namespace CallRecover.CalendarSync;

/// <summary>The calendar file could not be read as iCalendar.</summary>
public sealed class IcsFormatException(string message) : Exception(message);

/// <summary>
/// A calendar's busy intervals in a window, from its .ics, expanded by Ical.Net: recurrences (RRULE, RDATE) minus their
/// exceptions (EXDATE, and a moved instance's RECURRENCE-ID override), each time in its own TZID. An event marked free
/// (TRANSP:TRANSPARENT) or cancelled is not busy. All-day events and floating times ("9:00 wherever you are") are read in the
/// business's time zone: an all-day event blocks the business's whole day.
/// </summary>
public static class IcsBusyTimes
{
    /// <summary>No calendar needs more; a runaway rule (every minute for years) stops here instead of filling the table.</summary>
    public const int MaxIntervals = 5000;

    public static IReadOnlyList<Busy> Read(string ics, DateTimeZone businessZone, DateTimeOffset from, DateTimeOffset to)
    {
        Ical.Net.Calendar calendar;
        try
        {
            calendar = Ical.Net.Calendar.Load(ics) ?? throw new IcsFormatException("The address did not answer with a calendar (.ics) file.");
        }
        catch (Exception ex) when (ex is not IcsFormatException)
        {
            throw new IcsFormatException("The address did not answer with a calendar (.ics) file we could read.");
        }
        var busy = new List<Busy>();
        // Occurrences are asked from a day early, so an event already running at the window's start still counts.
        var start = new CalDateTime(from.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId);
        var end = new CalDateTime(to.UtcDateTime, CalDateTime.UtcTzId);
        try
        {
            foreach (var occurrence in calendar.GetOccurrences<CalendarEvent>(start).TakeWhileBefore(end))
            {
                if (occurrence.Source is not CalendarEvent e) continue;
                if (e.Transparency == TransparencyType.Transparent || e.Status == EventStatus.Cancelled) continue;
                var startAt = Instant(occurrence.Period.StartTime, businessZone);
                var endTime = occurrence.Period.EffectiveEndTime;
                var endAt = endTime is not null ? Instant(endTime, businessZone)
                    : occurrence.Period.StartTime.HasTime ? startAt : Instant(occurrence.Period.StartTime.AddDays(1), businessZone);
                if (endAt <= startAt || endAt <= from || startAt >= to) continue;
                busy.Add(new Busy(startAt, endAt));
                if (busy.Count >= MaxIntervals) break;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or EvaluationLimitExceededException)
        {
            throw new IcsFormatException("The calendar has an event we could not expand (" + ex.GetType().Name + ").");
        }
        return busy;
    }

    /// <summary>A time with a TZID (or UTC) is that instant; a floating time or a date is read in the business's zone.</summary>
    private static DateTimeOffset Instant(CalDateTime t, DateTimeZone zone)
    {
        if (t.TzId is not null) return new DateTimeOffset(t.AsUtc, TimeSpan.Zero);
        var local = LocalDateTime.FromDateTime(t.Value);
        return zone.AtLeniently(local).ToDateTimeOffset().ToUniversalTime();
    }
}
