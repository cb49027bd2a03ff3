using NodaTime;

namespace CallRecover.FollowUps;

/// <summary>When follow-ups are due: 2 h, 24 h and 72 h after our last unanswered text, only 08:00–21:00 caller time.</summary>
public static class FollowUpSchedule
{
    public const int Max = 3;
    public static readonly TimeSpan[] Delays = [TimeSpan.FromHours(2), TimeSpan.FromHours(24), TimeSpan.FromHours(72)];
    public static readonly LocalTime Earliest = new(8, 0), Latest = new(21, 0);

    /// <summary>Due time of follow-up <paramref name="number"/> (1–3) for silence that began at <paramref name="anchor"/>.</summary>
    public static DateTimeOffset Due(int number, DateTimeOffset anchor, DateTimeZone callerZone) =>
        NextAllowed(anchor + Delays[number - 1], callerZone);

    /// <summary>The instant itself when it is between 08:00 and 21:00 in the zone, else the next 08:00.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset at, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(zone);
        var t = local.TimeOfDay;
        if (t >= Earliest && t < Latest) return at;
        var day = t < Earliest ? local.Date : local.Date.PlusDays(1);
        return day.At(Earliest).InZoneLeniently(zone).ToDateTimeOffset().ToUniversalTime();
    }

    public static bool IsAllowed(DateTimeOffset at, DateTimeZone zone) => NextAllowed(at, zone) == at;
}
