using System.Globalization;
using System.Text;
using CallRecover.Common;
using CallRecover.Leads;
using CallRecover.Tenancy;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>
/// An appointment as an RFC 5545 iCalendar file, built and serialized by Ical.Net: one VEVENT with a stable UID (so a
/// rescheduled visit updates the event in the calendar instead of adding one; SEQUENCE counts the changes), start and
/// end in the business's time zone (TZID plus a VTIMEZONE), escaping, CRLF line ends and folding by the library.
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
        var zone = business.Zone;
        // A zone without a tz id of its own (an unknown one falls back to UTC) is written as UTC times.
        var tzid = zone == DateTimeZone.Utc ? CalDateTime.UtcTzId : zone.Id;
        var calendar = new Ical.Net.Calendar { ProductId = "-//CallRecover//Booking//EN", Method = "PUBLISH", Scale = "GREGORIAN" };
        if (tzid != CalDateTime.UtcTzId) calendar.TimeZones.Add(TimeZone(zone, a.StartAt, a.EndAt));

        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"{business.Name} visit");
        if (lead is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\nCustomer: {lead.Name ?? "(name not given)"}, {Phone.Display(lead.Phone)}");
            if (!string.IsNullOrWhiteSpace(lead.ServiceNeeded)) description.Append(CultureInfo.InvariantCulture, $"\nService: {lead.ServiceNeeded}");
        }
        if (!string.IsNullOrWhiteSpace(a.Notes)) description.Append(CultureInfo.InvariantCulture, $"\nNotes: {a.Notes}");
        description.Append(CultureInfo.InvariantCulture, $"\nQuestions or changes: call or text {Phone.Display(business.CarrierNumber)}");

        calendar.Events.Add(new CalendarEvent
        {
            Uid = a.IcsUid,
            Sequence = a.IcsSequence,
            // DTSTAMP is when this version of the event was made, not when the file was downloaded: the same
            // appointment always produces the same file.
            DtStamp = Utc(a.UpdatedAt),
            Created = Utc(a.CreatedAt),
            LastModified = Utc(a.UpdatedAt),
            DtStart = Local(zone, tzid, a.StartAt),
            DtEnd = Local(zone, tzid, a.EndAt),
            Summary = $"{a.ServiceType ?? "Service visit"} – {business.Name}",
            Location = string.IsNullOrWhiteSpace(a.Address) ? null : a.Address,
            Description = description.ToString(),
            Status = a.Status == AppointmentStatuses.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
            Url = new Uri(calendarUrl),
        });
        return Refold(new CalendarSerializer().SerializeToString(calendar) ?? "");
    }

    private static CalDateTime Utc(DateTimeOffset t) => new(t.UtcDateTime, CalDateTime.UtcTzId);

    private static CalDateTime Local(DateTimeZone zone, string tzid, DateTimeOffset t) =>
        tzid == CalDateTime.UtcTzId ? Utc(t) : new(Instant.FromDateTimeOffset(t).InZone(zone).LocalDateTime.ToDateTimeUnspecified(), tzid);

    /// <summary>
    /// A VTIMEZONE with every offset change from a year before the visit to a year after it, each its own
    /// STANDARD/DAYLIGHT block whose DTSTART is the local time of the change in the offset it changes from; a zone
    /// without changes (e.g. America/Phoenix) gets one STANDARD block. Not Ical.Net's <c>VTimeZone.FromDateTimeZone</c>:
    /// that one describes the zone from a year before the visit up to the machine's current time (read from
    /// the wall clock), so the file would change with the day it is downloaded, and a visit after a rule change
    /// still to come would get the old rule.
    /// </summary>
    private static VTimeZone TimeZone(DateTimeZone zone, DateTimeOffset start, DateTimeOffset end)
    {
        var vtimezone = new VTimeZone(zone.Id);
        var from = Instant.FromDateTimeOffset(start) - NodaTime.Duration.FromDays(366);
        var until = Instant.FromDateTimeOffset(end) + NodaTime.Duration.FromDays(366);
        var intervals = zone.GetZoneIntervals(from, until).ToList();
        for (var i = 1; i < intervals.Count; i++)
            vtimezone.AddChild(Observance(intervals[i].Savings == Offset.Zero ? Components.Standard : Components.Daylight,
                intervals[i].Start.WithOffset(intervals[i - 1].WallOffset).LocalDateTime, intervals[i - 1], intervals[i]));
        if (intervals.Count == 1)
            vtimezone.AddChild(Observance(Components.Standard, new LocalDateTime(1970, 1, 1, 0, 0), intervals[0], intervals[0]));
        return vtimezone;
    }

    private static VTimeZoneInfo Observance(string kind, LocalDateTime start, NodaTime.TimeZones.ZoneInterval before, NodaTime.TimeZones.ZoneInterval after) =>
        new(kind)
        {
            Start = new CalDateTime(start.ToDateTimeUnspecified(), tzId: null),
            OffsetFrom = new UtcOffset(before.WallOffset.ToTimeSpan()),
            OffsetTo = new UtcOffset(after.WallOffset.ToTimeSpan()),
            TimeZoneName = string.IsNullOrEmpty(after.Name) ? null : after.Name,
        };

    /// <summary>
    /// Folds the serializer's lines again, at 75 octets on character boundaries. Ical.Net 5.2.4 measures each UTF-16
    /// unit on its own when folding, so it can put a fold between the two halves of an emoji, which then cannot be
    /// encoded as UTF-8 (a name or a note texted with an emoji would arrive as U+FFFD).
    /// </summary>
    private static string Refold(string ics)
    {
        var sb = new StringBuilder(ics.Length + 64);
        foreach (var line in ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n"))
        {
            if (line.Length == 0) continue;
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                if (octets + rune.Utf8SequenceLength > 75)
                {
                    sb.Append("\r\n ");
                    octets = 1;
                }
                sb.Append(rune.ToString());
                octets += rune.Utf8SequenceLength;
            }
            sb.Append("\r\n");
        }
        return sb.ToString();
    }
}
