using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

public sealed class CalendarFileTests
{
    [Theory, DatabaseData]
    public async Task CalendarLink_ServesAnRfc5545FileThatICalendarAccepts(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jose = await s.QualifiedCallerAsync(name: "José Müller", address: "1200 Riverside Ave, Suite 5; back door, Jacksonville, FL 32204",
            service: "New system / replacement — two-story house, upstairs unit not cooling at all since Sunday");
        var created = await app.OperatorClient().PostJsonAsync($"/api/admin/businesses/{s.Business.Id}/appointments",
            new { leadId = jose.Lead.Id, start = "2026-03-04T09:00:00-05:00", notes = "Dog in yard\\back gate; call first, please" });
        var a = (await created.Content.ReadFromJsonAsync<Appointment>(CallRecover.Common.Json.Options))!;

        var response = await app.CreateClient().GetAsync(a.CalendarPath);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var raw = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(raw);

        // Our own checks on the wire format: CRLF only, no line over 75 octets, escaped text.
        text.Replace("\r\n", "").ShouldNotContain("\n");
        text.Split("\r\n").ShouldAllBe(line => Encoding.UTF8.GetByteCount(line) <= 75);
        text.ShouldContain("\r\n "); // long lines were folded
        text.ShouldStartWith("BEGIN:VCALENDAR\r\n");
        text.ShouldContain("\r\nVERSION:2.0\r\n");
        text.ShouldContain("\r\nPRODID:-//CallRecover//Booking//EN\r\n");
        text.ShouldContain("\r\nMETHOD:PUBLISH\r\n");
        text.ShouldContain("DTSTART;TZID=America/New_York:20260304T090000\r\n");
        text.ShouldContain("DTEND;TZID=America/New_York:20260304T100000\r\n");
        text.ShouldContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n");
        Unfold(text).ShouldContain(@"LOCATION:1200 Riverside Ave\, Suite 5\; back door\, Jacksonville\, FL 32204");

        // And an independent parser's view of it.
        var ics = await Python.ParseIcsAsync(text);
        ics.GetProperty("events").GetInt32().ShouldBe(1);
        ics.GetProperty("calendar").GetProperty("version").GetString().ShouldBe("2.0");
        ics.GetProperty("uid").GetString().ShouldBe(a.IcsUid);
        ics.GetProperty("tzid").GetString().ShouldBe("America/New_York");
        ics.GetProperty("dtstart").GetString().ShouldBe("2026-03-04T09:00:00-05:00");
        ics.GetProperty("dtstart_utc").GetString().ShouldBe("2026-03-04T14:00:00+00:00");
        ics.GetProperty("dtend_utc").GetString().ShouldBe("2026-03-04T15:00:00+00:00");
        ics.GetProperty("dtstart_by_vtimezone").GetString().ShouldBe("2026-03-04T14:00:00+00:00");
        ics.GetProperty("dtstamp").GetString().ShouldBe("2026-03-03T15:00:00+00:00");
        ics.GetProperty("location").GetString().ShouldBe("1200 Riverside Ave, Suite 5; back door, Jacksonville, FL 32204");
        // And a second one: ical.js reads the same instant through the file's own VTIMEZONE.
        var js = (await IcalJs.ParseAsync(text)).GetProperty("events").EnumerateArray().ShouldHaveSingleItem();
        js.GetProperty("uid").GetString().ShouldBe(a.IcsUid);
        js.GetProperty("start").GetString().ShouldBe("2026-03-04T14:00:00.000Z");
        js.GetProperty("end").GetString().ShouldBe("2026-03-04T15:00:00.000Z");
        js.GetProperty("location").GetString().ShouldBe("1200 Riverside Ave, Suite 5; back door, Jacksonville, FL 32204");
        ics.GetProperty("summary").GetString().ShouldBe($"New system / replacement — two-story house, upstairs unit not cooling at all since Sunday – {s.Business.Name}");
        var description = ics.GetProperty("description").GetString()!;
        description.ShouldContain("Customer: José Müller, " + CallRecover.Common.Phone.Display(jose.Lead.Phone));
        description.ShouldContain("\nNotes: Dog in yard\\back gate; call first, please");
        ics.GetProperty("status").GetString().ShouldBe("CONFIRMED");
        ics.GetProperty("max_line_octets").GetInt32().ShouldBeLessThanOrEqualTo(75);
        ics.GetProperty("bare_lf").GetInt32().ShouldBe(0);

        // The same appointment always gives the same file (stable UID and DTSTAMP).
        (await app.CreateClient().GetStringAsync(a.CalendarPath)).ShouldBe(text);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 9, 13, "20260309T090000")] // the Monday after spring forward (EDT)
    [InlineData("America/New_York", 2026, 11, 2, 14, "20261102T090000")] // the Monday after fall back (EST)
    [InlineData("America/Phoenix", 2026, 7, 1, 16, "20260701T090000")] // no daylight saving at all
    [InlineData("Europe/London", 2026, 3, 30, 8, "20260330T090000")]
    public async Task VisitTimes_InTheBusinessZone_MeanTheSameInstantToAnIndependentParser(string zone, int y, int m, int d, int utcHour, string local)
    {
        var business = SlotFinderTests.Business(zone);
        var start = new DateTimeOffset(y, m, d, utcHour, 0, 0, TimeSpan.Zero);
        var a = new Appointment
        {
            Id = "a1", LeadId = "l1", StartAt = start, EndAt = start.AddHours(1), IcsUid = "u1@callrecover", IcsToken = "t",
            CreatedAt = start.AddDays(-1), UpdatedAt = start.AddDays(-1),
        };
        var text = CalendarFile.Write(a, business, null, "http://localhost/appointments/t.ics");

        text.ShouldContain($"DTSTART;TZID={zone}:{local}\r\n");
        var ics = await Python.ParseIcsAsync(text);
        ics.GetProperty("dtstart_by_vtimezone").GetString().ShouldBe(start.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture));
        ics.GetProperty("dtend_by_vtimezone").GetString().ShouldBe(start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture));
        ics.GetProperty("dtstart_utc").GetString().ShouldBe(ics.GetProperty("dtstart_by_vtimezone").GetString());
    }

    [Theory, DatabaseData]
    public async Task CalendarLink_WithAnUnknownOrMalformedToken_Is404(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.CreateClient();
        (await client.GetAsync($"/appointments/{AppointmentStore.NewToken()}.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/appointments/short.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/appointments/' OR 1=1 --.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Tokens_Are256BitsOfRandom_UrlSafe()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => AppointmentStore.NewToken()).ToList();
        tokens.Distinct().Count().ShouldBe(1000);
        tokens.ShouldAllBe(t => t.Length == 43 && t.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }

    [Fact]
    public async Task Folding_NeverSplitsACharacter_NotEvenAnEmoji()
    {
        var business = SlotFinderTests.Business("America/New_York");
        var start = new DateTimeOffset(2026, 3, 4, 14, 0, 0, TimeSpan.Zero);
        // Each prefix length puts the folds at a different place in the accents and the emoji (two UTF-16 units each).
        for (var prefix = 0; prefix < 4; prefix++)
        {
            var notes = new string('x', prefix) + new string('é', 50) + string.Concat(Enumerable.Repeat("😀", 40));
            var a = new Appointment
            {
                Id = "a1", LeadId = "l1", StartAt = start, EndAt = start.AddHours(1), IcsUid = "u1@callrecover", IcsToken = "t",
                CreatedAt = start.AddDays(-1), UpdatedAt = start.AddDays(-1), Notes = notes,
            };
            var text = CalendarFile.Write(a, business, null, "http://localhost/appointments/t.ics");

            text.ShouldNotContain("\uFFFD");
            var bytes = Encoding.UTF8.GetBytes(text);
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).ShouldBe(text);
            text.Split("\r\n").ShouldAllBe(line => Encoding.UTF8.GetByteCount(line) <= 75);
            var ics = await Python.ParseIcsAsync(text);
            ics.GetProperty("description").GetString()!.ShouldContain("\nNotes: " + notes + "\n");
        }
    }

    private static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal);
}
