using System.Globalization;
using System.Text;
using CallRecover.Common;
using CallRecover.Leads;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>
/// Writes an appointment as an RFC 5545 iCalendar file: one VEVENT with a stable UID (so a rescheduled visit
/// updates the event in the calendar instead of adding one; SEQUENCE counts the changes), start and end in the
/// business's time zone (TZID plus a VTIMEZONE with that zone's real transitions around the visit, from the same
/// tz database the slots were computed with), text escaped, CRLF line ends, lines folded at 75 octets without
/// splitting a UTF-8 character.
/// </summary>
public static class CalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>The same file attached to an email: METHOD:PUBLISH, a calendar entry rather than an invitation to answer.</summary>
    public const string EmailContentType = ContentType + "; method=PUBLISH";

    /// <summary>The public link to the appointment's .ics (the SMS confirmation, the owner's email, the file's own URL).</summary>
    public static string Url(string baseUrl, Appointment a) => baseUrl + a.CalendarPath;

    public static string Write(Appointment a, Business business, Lead? lead, string calendarUrl)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//CallRecover//Booking//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        };
        var zone = business.Zone;
        var tzid = zone.Id;
        lines.AddRange(TimeZone(zone, a.StartAt, a.EndAt));
        lines.AddRange(new List<string>
        {
            "BEGIN:VEVENT",
            "UID:" + Escape(a.IcsUid),
            "SEQUENCE:" + a.IcsSequence.ToString(CultureInfo.InvariantCulture),
            // DTSTAMP is when this version of the event was made, not when the file was downloaded: the same
            // appointment always produces the same file.
            "DTSTAMP:" + Utc(a.UpdatedAt),
            "CREATED:" + Utc(a.CreatedAt),
            "LAST-MODIFIED:" + Utc(a.UpdatedAt),
            $"DTSTART;TZID={tzid}:" + Local(zone, a.StartAt),
            $"DTEND;TZID={tzid}:" + Local(zone, a.EndAt),
            "SUMMARY:" + Escape($"{a.ServiceType ?? "Service visit"} – {business.Name}"),
        });
        if (!string.IsNullOrWhiteSpace(a.Address)) lines.Add("LOCATION:" + Escape(a.Address));
        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"{business.Name} visit");
        if (lead is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\nCustomer: {lead.Name ?? "(name not given)"}, {Phone.Display(lead.Phone)}");
            if (!string.IsNullOrWhiteSpace(lead.ServiceNeeded)) description.Append(CultureInfo.InvariantCulture, $"\nService: {lead.ServiceNeeded}");
        }
        if (!string.IsNullOrWhiteSpace(a.Notes)) description.Append(CultureInfo.InvariantCulture, $"\nNotes: {a.Notes}");
        description.Append(CultureInfo.InvariantCulture, $"\nQuestions or changes: call or text {Phone.Display(business.CarrierNumber)}");
        lines.Add("DESCRIPTION:" + Escape(description.ToString()));
        lines.Add("STATUS:" + (a.Status == AppointmentStatuses.Cancelled ? "CANCELLED" : "CONFIRMED"));
        lines.Add("TRANSP:OPAQUE");
        lines.Add("URL:" + calendarUrl);
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var sb = new StringBuilder();
        foreach (var line in lines) Fold(sb, line);
        return sb.ToString();
    }

    private static string Local(DateTimeZone zone, DateTimeOffset t) =>
        Instant.FromDateTimeOffset(t).InZone(zone).LocalDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A VTIMEZONE for the zone: every offset change from a year before the visit to a year after it, each as its
    /// own STANDARD/DAYLIGHT block whose DTSTART is the local time of the change in the offset it changes from.
    /// A zone without changes (e.g. America/Phoenix) gets one STANDARD block.
    /// </summary>
    private static IEnumerable<string> TimeZone(DateTimeZone zone, DateTimeOffset start, DateTimeOffset end)
    {
        yield return "BEGIN:VTIMEZONE";
        yield return "TZID:" + zone.Id;
        var from = Instant.FromDateTimeOffset(start) - Duration.FromDays(366);
        var until = Instant.FromDateTimeOffset(end) + Duration.FromDays(366);
        var intervals = zone.GetZoneIntervals(from, until).ToList();
        var any = false;
        for (var i = 1; i < intervals.Count; i++)
        {
            var previous = intervals[i - 1];
            var current = intervals[i];
            any = true;
            var kind = current.Savings == Offset.Zero ? "STANDARD" : "DAYLIGHT";
            yield return "BEGIN:" + kind;
            yield return "DTSTART:" + current.Start.WithOffset(previous.WallOffset).LocalDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            yield return "TZOFFSETFROM:" + IcsOffset(previous.WallOffset);
            yield return "TZOFFSETTO:" + IcsOffset(current.WallOffset);
            if (!string.IsNullOrEmpty(current.Name)) yield return "TZNAME:" + Escape(current.Name);
            yield return "END:" + kind;
        }
        if (!any)
        {
            var only = intervals[0];
            yield return "BEGIN:STANDARD";
            yield return "DTSTART:19700101T000000";
            yield return "TZOFFSETFROM:" + IcsOffset(only.WallOffset);
            yield return "TZOFFSETTO:" + IcsOffset(only.WallOffset);
            if (!string.IsNullOrEmpty(only.Name)) yield return "TZNAME:" + Escape(only.Name);
            yield return "END:STANDARD";
        }
        yield return "END:VTIMEZONE";
    }

    private static string IcsOffset(Offset o)
    {
        var seconds = o.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        var text = $"{sign}{seconds / 3600:D2}{seconds / 60 % 60:D2}";
        return seconds % 60 == 0 ? text : text + $"{seconds % 60:D2}";
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case ';': sb.Append("\\;"); break;
                case ',': sb.Append("\\,"); break;
                case '\n': sb.Append("\\n"); break;
                default:
                    // Other control characters are not allowed in TEXT values.
                    if (!char.IsControl(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Folds a content line so no physical line exceeds 75 octets (§3.1); continuation lines start with a space.</summary>
    public static void Fold(StringBuilder sb, string line)
    {
        var limit = 75;
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                sb.Append("\r\n ");
                octets = 1;
            }
            sb.Append(rune.ToString());
            octets += size;
        }
        sb.Append("\r\n");
    }
}
