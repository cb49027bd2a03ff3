using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Tenancy;

/// <summary>One day's opening hours, local time "HH:mm".</summary>
public sealed record DayHours(string Open, string Close);

/// <summary>Weekly business hours: a day that is missing or null is closed.</summary>
public sealed class WeeklyHours : Dictionary<string, DayHours?>
{
    public static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public WeeklyHours() : base(StringComparer.OrdinalIgnoreCase) { }

    public static WeeklyHours WeekdaysNineToFive(string open = "08:00", string close = "17:00")
    {
        var h = new WeeklyHours();
        foreach (var d in DayNames) h[d] = d is "saturday" or "sunday" ? null : new DayHours(open, close);
        return h;
    }

    public static string NameOf(IsoDayOfWeek day) => DayNames[(int)day - 1];

    /// <summary>Opening hours of a weekday, or null when closed.</summary>
    public (LocalTime Open, LocalTime Close)? For(IsoDayOfWeek day) =>
        TryGetValue(NameOf(day), out var h) && h is not null
            ? (ParseTime(h.Open), ParseTime(h.Close))
            : null;

    public bool IsOpenAt(LocalDateTime local) =>
        For(local.DayOfWeek) is { } h && local.TimeOfDay >= h.Open && local.TimeOfDay < h.Close;

    public static LocalTime ParseTime(string hhmm) => LocalTimes.HourMinute.Parse(hhmm).GetValueOrThrow();
}

/// <summary>Local-time helpers shared by business hours and the dashboard.</summary>
public static class LocalTimes
{
    /// <summary>"HH:mm", the format of opening and quiet hours. Patterns are immutable, so one serves every caller.</summary>
    public static readonly LocalTimePattern HourMinute = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>The first and last day a person can mean on a page (far-off years overflow the calendar arithmetic).</summary>
    public static readonly LocalDate EarliestDay = new(2000, 1, 1), LatestDay = new(2100, 12, 31);

    /// <summary>A day between <see cref="EarliestDay"/> and <see cref="LatestDay"/>.</summary>
    public static bool IsSensible(LocalDate day) => day >= EarliestDay && day <= LatestDay;

    public const string SensibleDayMessage = "Choose a day between the years 2000 and 2100.";

    /// <summary>An instant a client sent, on a day between <see cref="EarliestDay"/> and <see cref="LatestDay"/> (UTC).</summary>
    public static bool IsSensible(DateTimeOffset instant) => IsSensible(LocalDate.FromDateTime(instant.UtcDateTime));

    /// <summary>The error naming the field a client sent a day outside them in.</summary>
    public static string SensibleDayMessageFor(string field) => $"{field} must be a day between the years {EarliestDay.Year} and {LatestDay.Year}.";

    /// <summary>
    /// The start of a local day as a UTC instant. Range bounds are passed in UTC: SQLite compares stored times as
    /// text, which only orders correctly in one offset.
    /// </summary>
    public static DateTimeOffset StartOfDayUtc(this DateTimeZone zone, LocalDate day) =>
        day.AtStartOfDayInZone(zone).ToDateTimeOffset().ToUniversalTime();
}

/// <summary>How the owner wants to hear about things. Quiet hours are business-local "HH:mm".</summary>
public sealed record NotificationPrefs
{
    public bool Sms { get; init; } = true;
    public bool Email { get; init; } = true;
    public string QuietStart { get; init; } = "21:00";
    public string QuietEnd { get; init; } = "07:00";
    /// <summary>
    /// Emergencies (urgent alerts: a gas smell, a caller who rang three times) text the owner during quiet hours. On unless
    /// the owner turns it off: the caller has just been told someone is on it. Off, they wait for the end of quiet hours.
    /// </summary>
    public bool EmergencyOverride { get; init; } = true;
}

public static class Verticals
{
    public static readonly string[] All = ["hvac", "auto", "plumbing", "electrical", "other"];
}

public static class SubscriptionStatuses
{
    /// <summary>
    /// Mirrors the subscription's state (Billing/SubscriptionStates). past_due is a grace period: the business still
    /// texts; paused and cancelled text nobody (Compliance/TextingPolicy, rule "paused").
    /// </summary>
    public static readonly string[] All = ["trial", "active", "past_due", "paused", "cancelled"];
}

/// <summary>A tenant. Every tenant-scoped row carries its id.</summary>
public sealed record Business
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>How the business is named in its public URLs (<c>/request/{slug}</c>): unique, lowercase letters, digits and dashes.</summary>
    public string? Slug { get; init; }
    public required string OwnerName { get; init; }
    public required string OwnerEmail { get; init; }
    public required string OwnerPhone { get; init; }
    public required string BusinessPhone { get; init; }

    /// <summary>
    /// The owner's own mobile or the business line (E.164): a call from either is the owner testing or a pocket dial, never a
    /// customer — no lead, no greeting, no receptionist, no voicemail capture (the owner's texts are read as replies to alerts).
    /// </summary>
    public bool IsOwnLine(string? phone) => phone is not null && (phone == OwnerPhone || phone == BusinessPhone);
    /// <summary>The number callers reach and texts come from; null until the business has one (a sign-up buys it in onboarding). Webhooks find a business by it, so a business without one is never matched.</summary>
    public string? CarrierNumber { get; init; }
    public string TimeZone { get; init; } = "America/New_York";
    public WeeklyHours BusinessHours { get; init; } = WeeklyHours.WeekdaysNineToFive();
    public IReadOnlyList<string> Services { get; init; } = [];
    public string Vertical { get; init; } = "other";
    public decimal AverageJobValue { get; init; } = 350.00m;
    public string? Greeting { get; init; }
    public string? AiInstructions { get; init; }
    public NotificationPrefs NotificationPrefs { get; init; } = new();
    public string? GooglePlaceId { get; init; }
    public string? ReviewUrl { get; init; }
    public decimal LaborRate { get; init; } = 100.00m;
    public bool EstimatesEnabled { get; init; }
    public bool RecordingEnabled { get; init; }
    public string? RecordingConsentMessage { get; init; }
    public string SubscriptionStatus { get; init; } = "trial";
    /// <summary>When the voice receptionist answers a call nobody picked up: <see cref="VoiceReceptionistModes"/> (off, after_hours, always).</summary>
    public string VoiceReceptionist { get; init; } = VoiceReceptionistModes.Off;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore] public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    /// <summary>The business's local time at an instant.</summary>
    public LocalDateTime LocalTime(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(Zone).LocalDateTime;

    public bool IsOpenAt(DateTimeOffset instant) => BusinessHours.IsOpenAt(LocalTime(instant));

    /// <summary>True inside the owner's quiet hours (which may span midnight).</summary>
    public bool InQuietHours(DateTimeOffset instant)
    {
        var t = LocalTime(instant).TimeOfDay;
        var start = WeeklyHours.ParseTime(NotificationPrefs.QuietStart);
        var end = WeeklyHours.ParseTime(NotificationPrefs.QuietEnd);
        return start <= end ? t >= start && t < end : t >= start || t < end;
    }

    /// <summary>
    /// Whether an urgent alert raised at <paramref name="instant"/> waits for the morning: the owner's quiet hours, with
    /// emergencies not allowed through them. A caller is then not told someone will call right away.
    /// </summary>
    public bool UrgentAlertWaits(DateTimeOffset instant) => !NotificationPrefs.EmergencyOverride && InQuietHours(instant);

    /// <summary>The next end of the owner's quiet hours after <paramref name="instant"/> (today's when still ahead, else tomorrow's).</summary>
    public DateTimeOffset QuietHoursEnd(DateTimeOffset instant)
    {
        var local = LocalTime(instant);
        var end = WeeklyHours.ParseTime(NotificationPrefs.QuietEnd);
        var day = local.TimeOfDay < end ? local.Date : local.Date.PlusDays(1);
        return Zone.AtLeniently(day.At(end)).ToDateTimeOffset().ToUniversalTime();
    }
}

/// <summary>When the voice receptionist answers a missed call (issue 22): never, only outside business hours, or whenever the ring times out.</summary>
public static class VoiceReceptionistModes
{
    public const string Off = "off", AfterHours = "after_hours", Always = "always";
    public static readonly string[] All = [Off, AfterHours, Always];

    /// <summary>Whether the receptionist answers a call that nobody picked up at <paramref name="at"/>.</summary>
    public static bool Answers(Business business, DateTimeOffset at) => business.VoiceReceptionist switch
    {
        Always => true,
        AfterHours => !business.IsOpenAt(at),
        _ => false,
    };
}
