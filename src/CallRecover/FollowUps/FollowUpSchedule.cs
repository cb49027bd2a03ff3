using CallRecover.Compliance;
using NodaTime;

namespace CallRecover.FollowUps;

/// <summary>When follow-ups are due: 2 h, 24 h and 72 h after our last unanswered text, only in the caller's daytime (the texting policy's hours).</summary>
public static class FollowUpSchedule
{
    public const int Max = 3;
    public static readonly TimeSpan[] Delays = [TimeSpan.FromHours(2), TimeSpan.FromHours(24), TimeSpan.FromHours(72)];

    /// <summary>Due time of follow-up <paramref name="number"/> (1–3) for silence that began at <paramref name="anchor"/>.</summary>
    public static DateTimeOffset Due(int number, DateTimeOffset anchor, DateTimeZone callerZone) =>
        NextAllowed(anchor + Delays[number - 1], callerZone);

    /// <summary>The instant itself when it is in the caller's daytime, else the next morning (<see cref="TextingPolicy.NextDaytime"/>).</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset at, DateTimeZone zone) => TextingPolicy.NextDaytime(at, zone);

    public static bool IsAllowed(DateTimeOffset at, DateTimeZone zone) => NextAllowed(at, zone) == at;
}
