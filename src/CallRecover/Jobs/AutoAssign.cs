using System.Globalization;
using CallRecover.Booking;
using CallRecover.Tenancy;

namespace CallRecover.Jobs;

/// <summary>A technician auto-assign would give a visit to, and why in words.</summary>
public sealed record AssignProposal(Technician Technician, int Score, string Reason);

/// <summary>
/// Ranks the technicians for a visit: only those who are not off, are free for the whole window (no live visit of
/// theirs and nothing in their own synced calendar overlaps it) and whose shift covers it; then by skill for the job, same area, status and rating, and the
/// lighter day. Pure: the caller reads the technicians and the day's visits once (two queries for any team size).
/// </summary>
public static class AutoAssign
{
    public static IReadOnlyList<AssignProposal> Rank(Business business, IReadOnlyList<Technician> technicians, IReadOnlyList<Appointment> visits,
        DateTimeOffset start, DateTimeOffset end, string? jobText, string? address, string? exceptVisitId = null,
        IReadOnlyList<TechnicianBusy>? calendarBusy = null)
    {
        var busyInCalendar = (calendarBusy ?? []).Where(b => b.Start < end && b.End > start).Select(b => b.TechnicianId).ToHashSet(StringComparer.Ordinal);
        var byTechnician = visits.Where(v => v.TechnicianId is not null && AppointmentStatuses.IsLive(v.Status) && v.Id != exceptVisitId)
            .ToLookup(v => v.TechnicianId!);
        var localStart = business.LocalTime(start);
        var localEnd = business.LocalTime(end);
        var window = SlotText.Window(localStart.TimeOfDay, localEnd.TimeOfDay);
        var text = jobText ?? "";
        var proposals = new List<AssignProposal>();
        foreach (var t in technicians)
        {
            if (t.Status == TechnicianStatuses.Off) continue;
            var theirs = byTechnician[t.Id];
            if (theirs.Any(v => v.StartAt < end && v.EndAt > start) || busyInCalendar.Contains(t.Id)) continue;
            if (!InShift(t, localStart, localEnd)) continue;
            var skill = t.SkillList.FirstOrDefault(s => s.Length > 0 && text.Contains(s, StringComparison.OrdinalIgnoreCase));
            var sameArea = !string.IsNullOrWhiteSpace(t.HomeArea) && !string.IsNullOrWhiteSpace(address)
                && address.Contains(t.HomeArea.Trim(), StringComparison.OrdinalIgnoreCase);
            var load = theirs.Count(v => business.LocalTime(v.StartAt).Date == localStart.Date);
            var score = (skill is null ? 0 : 100) + (sameArea ? 30 : 0) + (t.Status == TechnicianStatuses.Available ? 10 : 0)
                + (int)Math.Round((t.Rating ?? 0) * 5) - load * 2;
            var reason = new List<string>();
            if (skill is not null) reason.Add($"has '{skill}'");
            reason.Add($"free {window}");
            if (sameArea) reason.Add("same area");
            if (t.Rating is { } r) reason.Add(r.ToString("0.0", CultureInfo.InvariantCulture));
            proposals.Add(new AssignProposal(t, score, $"{t.Name}: {string.Join(", ", reason)}"));
        }
        return [.. proposals.OrderByDescending(p => p.Score).ThenBy(p => p.Technician.Name, StringComparer.Ordinal).ThenBy(p => p.Technician.Id, StringComparer.Ordinal)];
    }

    /// <summary>No shifts set: any time. Otherwise the day's shift covers the whole window.</summary>
    public static bool InShift(Technician t, NodaTime.LocalDateTime start, NodaTime.LocalDateTime end)
    {
        if (t.ShiftHours is not { } shifts) return true;
        if (start.Date != end.Date && end.TimeOfDay != NodaTime.LocalTime.Midnight) return false;
        return shifts.For(start.DayOfWeek) is { } h && start.TimeOfDay >= h.Open && (end.TimeOfDay <= h.Close || end.TimeOfDay == NodaTime.LocalTime.Midnight && start.Date != end.Date);
    }
}
