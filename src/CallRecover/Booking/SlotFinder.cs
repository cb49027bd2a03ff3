using CallRecover.Tenancy;
using NodaTime;
using NodaTime.TimeZones;

namespace CallRecover.Booking;

/// <summary>A time already taken (a live appointment, or an event in the business's own calendar), in UTC.</summary>
public sealed record Busy(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Busy time kept outside the appointments table (the business's own calendars, synced by CalendarSync). Asked inside the
/// slot request's transaction; it must only read the database, never call a calendar provider, so offering slots never
/// waits on one.
/// </summary>
public interface IBusyTimeSource
{
    Task<IReadOnlyList<Busy>> BusyAsync(Data.DbTx tx, string businessId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Busy time in the technicians' own calendars overlapping [from, to) (auto-assign passes over a busy technician).</summary>
    Task<IReadOnlyList<TechnicianBusy>> TechnicianBusyAsync(string businessId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>A time a technician is busy in their own calendar.</summary>
public sealed record TechnicianBusy(string TechnicianId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Finds open slots from the business's weekly hours in its own time zone, skipping its closed days (its own dates
/// and the holiday presets it chose, see <see cref="ClosedCalendar"/>). Everything is computed on instants,
/// so days when clocks change are right: a local time that does not exist (spring forward) is never offered,
/// a local time that happens twice (fall back) is offered once (the first), and a visit's length is elapsed
/// time even across a change.
/// </summary>
public static class SlotFinder
{
    /// <summary>Slot starts are on this grid from opening time (9:00, 9:30, ...), so offers read naturally.</summary>
    public const int StepMinutes = 30;

    /// <summary>How far ahead to look for the next business days (covers long closures such as holidays).</summary>
    public const int HorizonDays = 21;

    public sealed record Request(Business Business, BookingSettings Settings, int DurationMinutes, DateTimeOffset Now, IReadOnlyList<Busy> Busy);

    /// <summary>Every open slot per business day, starting today (business time), for <paramref name="days"/> calendar days.</summary>
    public static IReadOnlyList<(LocalDate Date, IReadOnlyList<Slot> Slots)> Candidates(Request r, int days = HorizonDays)
    {
        var zone = r.Business.Zone;
        var now = Instant.FromDateTimeOffset(r.Now);
        var earliest = now + Duration.FromHours(r.Settings.LeadTimeHours);
        var length = Duration.FromMinutes(r.DurationMinutes);
        var buffer = Duration.FromMinutes(r.Settings.BufferMinutes);
        var closed = ClosedCalendar.Of(r.Settings);
        var busy = r.Busy.Select(b => (Start: Instant.FromDateTimeOffset(b.Start) - buffer, End: Instant.FromDateTimeOffset(b.End) + buffer)).ToList();
        var today = now.InZone(zone).Date;
        var result = new List<(LocalDate, IReadOnlyList<Slot>)>();
        for (var i = 0; i < days; i++)
        {
            var date = today.PlusDays(i);
            if (closed.ClosedOn(date) is not null || r.Business.BusinessHours.For(date.DayOfWeek) is not { } hours) continue;
            var open = Earliest(zone, date.At(hours.Open));
            var close = Earliest(zone, date.At(hours.Close));
            var slots = new List<Slot>();
            for (var t = hours.Open; ; t = t.PlusMinutes(StepMinutes))
            {
                var local = date.At(t);
                var mapping = zone.MapLocal(local);
                // Skipped by a spring-forward change: that wall-clock time never happens.
                if (mapping.Count == 0) { if (t.PlusMinutes(StepMinutes) <= t) break; continue; }
                var start = mapping.First().ToInstant();
                var end = start + length;
                if (end > close) break;
                if (start >= open && start >= earliest && !busy.Any(b => start < b.End && b.Start < end))
                    slots.Add(new Slot(start.ToDateTimeOffset(), end.ToDateTimeOffset()));
                // Wrapped past midnight (open until 24:00 is "00:00" next day; never loop forever).
                if (t.PlusMinutes(StepMinutes) <= t) break;
            }
            if (slots.Count > 0) result.Add((date, slots));
        }
        return result;
    }

    /// <summary>
    /// The offer: the next <paramref name="businessDays"/> days that have an opening, at most <paramref name="max"/>
    /// slots, spread across those days and across the time of day rather than four neighbours.
    /// </summary>
    public static IReadOnlyList<Slot> Offer(Request r, int businessDays = 3, int max = 4) =>
        Spread(r.Business, [.. Candidates(r).Take(businessDays)], max);

    /// <summary>
    /// Picks up to <paramref name="max"/> slots: days in turn; on each day the slot farthest from the times already
    /// picked that day, ties broken by distance from the times of day picked on other days (so Tuesday morning is
    /// followed by Wednesday afternoon, not Wednesday morning). Returned in time order.
    /// </summary>
    public static IReadOnlyList<Slot> Spread(Business business, IReadOnlyList<(LocalDate Date, IReadOnlyList<Slot> Slots)> days, int max)
    {
        var picked = new List<(int Day, Slot Slot, double Minute)>();
        double MinuteOfDay(Slot s) => business.LocalTime(s.Start).TimeOfDay.TickOfDay / (double)NodaConstants.TicksPerMinute;
        var remaining = days.Select(d => d.Slots.ToList()).ToList();
        var day = 0;
        var idle = 0;
        while (picked.Count < max && idle < days.Count)
        {
            var options = remaining.Count == 0 ? [] : remaining[day];
            if (options.Count == 0) { idle++; day = (day + 1) % Math.Max(1, days.Count); continue; }
            idle = 0;
            var sameDay = picked.Where(p => p.Day == day).Select(p => p.Minute).ToList();
            var allDays = picked.Select(p => p.Minute).ToList();
            var best = options
                .Select(s => (Slot: s, Same: Distance(MinuteOfDay(s), sameDay), All: Distance(MinuteOfDay(s), allDays)))
                .OrderByDescending(x => x.Same).ThenByDescending(x => x.All).ThenBy(x => x.Slot.Start)
                .First();
            picked.Add((day, best.Slot, MinuteOfDay(best.Slot)));
            options.Remove(best.Slot);
            day = (day + 1) % days.Count;
        }
        return [.. picked.Select(p => p.Slot).OrderBy(s => s.Start)];
    }

    private static double Distance(double minute, List<double> others) =>
        others.Count == 0 ? double.MaxValue : others.Min(o => Math.Abs(o - minute));

    /// <summary>The instant of a local time; a skipped local time maps to the instant the clocks jumped to.</summary>
    private static Instant Earliest(DateTimeZone zone, LocalDateTime local) =>
        zone.ResolveLocal(local, Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter)).ToInstant();
}
