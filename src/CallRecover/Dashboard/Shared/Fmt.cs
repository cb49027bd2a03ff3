using System.Globalization;
using NodaTime;

namespace CallRecover.Dashboard.Shared;

/// <summary>Display helpers: phone numbers people recognise, times in the business's own time zone.</summary>
public static class Fmt
{
    public static string Phone(string? e164) => Common.Phone.Display(e164);

    public static string When(DateTimeOffset at, DateTimeZone zone, DateTimeOffset now)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(zone).LocalDateTime;
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;
        var time = local.TimeOfDay.ToString("h:mm tt", CultureInfo.InvariantCulture);
        if (local.Date == today) return time;
        if (local.Date == today.PlusDays(-1)) return "Yesterday " + time;
        return local.Date.ToString(local.Year == today.Year ? "MMM d" : "MMM d, yyyy", CultureInfo.InvariantCulture) + " " + time;
    }

    public static string Money(decimal value) => value.ToString("$#,##0", CultureInfo.InvariantCulture);

    /// <summary>"no_show" → "No show", "serviceNeeded" → "Service needed".</summary>
    public static string Label(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        var words = new System.Text.StringBuilder(code.Length + 4);
        foreach (var c in code)
        {
            if (c == '_') words.Append(' ');
            else if (char.IsUpper(c) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(c);
        }
        words[0] = char.ToUpperInvariant(words[0]);
        return words.ToString();
    }

    public static string Preview(string? text, int max = 80) =>
        text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";
}
