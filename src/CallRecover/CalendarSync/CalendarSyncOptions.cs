using System.ComponentModel.DataAnnotations;

namespace CallRecover.CalendarSync;

/// <summary>How the business's own calendars (secret iCal addresses) are read.</summary>
public sealed class CalendarSyncOptions
{
    public const string Section = "CalendarSync";

    /// <summary>How long one calendar fetch may take (seconds) before it counts as failed; the last good busy times stay.</summary>
    [Range(1, 120)] public int FetchTimeoutSeconds { get; set; } = 15;

    /// <summary>How often every calendar is fetched again (minutes).</summary>
    [Range(1, 1440)] public int IntervalMinutes { get; set; } = 15;

    /// <summary>How many days ahead busy times are expanded and kept (slots are offered at most 21 days ahead).</summary>
    [Range(22, 366)] public int HorizonDays { get; set; } = 60;

    /// <summary>The largest calendar file read (bytes).</summary>
    [Range(1024, 100_000_000)] public int MaxBytes { get; set; } = 10_000_000;
}
