using System.Globalization;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>How slots read in a text: "Tue Mar 3, 9–10am", "Wed Mar 4, 11:30am–12:30pm" (business time).</summary>
public static class SlotText
{
    public static string Format(Business business, Slot slot) => Format(business.LocalTime(slot.Start), business.LocalTime(slot.End));

    public static string Format(LocalDateTime start, LocalDateTime end) =>
        $"{Day(start.Date)}, {Window(start.TimeOfDay, end.TimeOfDay)}";

    public static string Day(LocalDate date) => date.ToString("ddd MMM d", CultureInfo.InvariantCulture);

    public static string Window(LocalTime start, LocalTime end)
    {
        var sameHalf = start.Hour < 12 == end.Hour < 12;
        return sameHalf ? $"{Clock(start, false)}–{Clock(end, true)}" : $"{Clock(start, true)}–{Clock(end, true)}";
    }

    public static string Clock(LocalTime t, bool withMeridiem)
    {
        var h = t.ClockHourOfHalfDay;
        var s = t.Minute == 0 ? h.ToString(CultureInfo.InvariantCulture) : $"{h}:{t.Minute:D2}";
        return withMeridiem ? s + (t.Hour < 12 ? "am" : "pm") : s;
    }

    /// <summary>"1) Tue Mar 3, 9–10am 2) Wed Mar 4, 2–3pm".</summary>
    public static string Numbered(Business business, IReadOnlyList<Slot> slots) =>
        string.Join(" ", slots.Select((s, i) => $"{i + 1}) {Format(business, s)}"));
}
