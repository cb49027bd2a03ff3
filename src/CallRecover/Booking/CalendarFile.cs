using System.Globalization;
using System.Text;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Booking;

/// <summary>
/// Writes an appointment as an RFC 5545 iCalendar file: one VEVENT with a stable UID (so a rescheduled visit
/// updates the event in the calendar instead of adding one; SEQUENCE counts the changes), times in UTC,
/// text escaped, CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character.
/// </summary>
public static class CalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(Appointment a, Business business, Lead? lead, string calendarUrl)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//CallRecover//Booking//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Escape(a.IcsUid),
            "SEQUENCE:" + a.IcsSequence.ToString(CultureInfo.InvariantCulture),
            // DTSTAMP is when this version of the event was made, not when the file was downloaded: the same
            // appointment always produces the same file.
            "DTSTAMP:" + Utc(a.UpdatedAt),
            "CREATED:" + Utc(a.CreatedAt),
            "LAST-MODIFIED:" + Utc(a.UpdatedAt),
            "DTSTART:" + Utc(a.StartAt),
            "DTEND:" + Utc(a.EndAt),
            "SUMMARY:" + Escape($"{a.ServiceType ?? "Service visit"} – {business.Name}"),
        };
        if (!string.IsNullOrWhiteSpace(a.Address)) lines.Add("LOCATION:" + Escape(a.Address));
        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"{business.Name} visit");
        if (lead is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\nCustomer: {lead.Name ?? "(name not given)"}, {lead.Phone}");
            if (!string.IsNullOrWhiteSpace(lead.ServiceNeeded)) description.Append(CultureInfo.InvariantCulture, $"\nService: {lead.ServiceNeeded}");
        }
        if (!string.IsNullOrWhiteSpace(a.Notes)) description.Append(CultureInfo.InvariantCulture, $"\nNotes: {a.Notes}");
        description.Append(CultureInfo.InvariantCulture, $"\nQuestions or changes: call or text {business.CarrierNumber}");
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
