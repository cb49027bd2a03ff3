using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

/// <summary>
/// The calendar link a caller is texted when they book, used the way their phone uses it: the link itself, not
/// a URL the test builds. The file's format in detail is CalendarFileTests' job; here it is "this link is that visit".
/// </summary>
public sealed partial class CalendarLinkTests
{
    [Theory, DatabaseData]
    public async Task TheLinkTextedAfterBooking_DownloadsThatVisit_AsTheSameFileTheOwnerIsEmailed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var (link, visit, confirmation) = await BookAsync(s, "12 Oak St, Apt 4");

        confirmation.ShouldStartWith($"You're booked with {s.Business.Name}: Wed Mar 4, 8–9am at 12 Oak St, Apt 4. Add to your calendar: http://localhost/");
        var response = await app.CreateClient().GetAsync(link);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var ics = await response.Content.ReadAsStringAsync();
        var parsed = await Python.ParseIcsAsync(ics);
        parsed.GetProperty("uid").GetString().ShouldBe(visit.IcsUid);
        parsed.GetProperty("dtstart").GetString().ShouldBe("2026-03-04T08:00:00-05:00");
        parsed.GetProperty("location").GetString().ShouldBe("12 Oak St, Apt 4");
        parsed.GetProperty("summary").GetString()!.ShouldEndWith(s.Business.Name);

        // The owner's email carries the same file, marked as a published entry (a calendar shows it; it does not
        // ask the owner to accept or decline an invitation).
        var email = await s.WaitForOwnerEmailAsync("Appointment booked");
        var attachment = Json.Deserialize<List<EmailAttachment>>(email.Attachments).ShouldHaveSingleItem();
        attachment.ContentType.ShouldBe("text/calendar; charset=utf-8; method=PUBLISH");
        Encoding.UTF8.GetString(Convert.FromBase64String(attachment.Base64Content)).ShouldBe(ics);
    }

    [Theory, DatabaseData]
    public async Task ALinkOpensOnlyItsOwnVisit_AnotherTokenOrTheVisitsIdIs404(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var mine = await BookingScenario.CreateAsync(app);
        var theirs = await BookingScenario.CreateAsync(app);
        var (myLink, myVisit, _) = await BookAsync(mine, "12 Oak St");
        var (theirLink, theirVisit, _) = await BookAsync(theirs, "9 Elm Rd");
        var client = app.CreateClient();

        var myFile = await Python.ParseIcsAsync(await client.GetStringAsync(myLink));
        myFile.GetProperty("uid").GetString().ShouldBe(myVisit.IcsUid);
        myFile.GetProperty("summary").GetString()!.ShouldEndWith(mine.Business.Name);
        var theirFile = await Python.ParseIcsAsync(await client.GetStringAsync(theirLink));
        theirFile.GetProperty("uid").GetString().ShouldBe(theirVisit.IcsUid);
        theirFile.GetProperty("location").GetString().ShouldBe("9 Elm Rd");

        // The 256-bit token is the only key: one character off, the visit's id or business id instead, no ".ics".
        var token = myVisit.IcsToken;
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        foreach (var guess in new[]
                 {
                     $"/appointments/{tampered}.ics", $"/appointments/{myVisit.Id}.ics", $"/appointments/{mine.Business.Id}.ics",
                     $"/appointments/{token}", $"/appointments/{token}.ics.ics",
                 })
            (await client.GetAsync(guess)).StatusCode.ShouldBe(HttpStatusCode.NotFound, guess);
    }

    [Theory, DatabaseData]
    public async Task AVisitWithoutAnAddress_IsConfirmedWithoutADanglingAt_AndItsFileHasNoLocation(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var (link, _, confirmation) = await BookAsync(s, " ");

        confirmation.ShouldStartWith($"You're booked with {s.Business.Name}: Wed Mar 4, 8–9am. Add to your calendar: ");
        (await Python.ParseIcsAsync(await app.CreateClient().GetStringAsync(link))).GetProperty("location").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    /// <summary>A qualified caller is offered slots and texts "3" (Wed Mar 4, 8–9am); returns what they were texted.</summary>
    private static async Task<(string Link, Appointment Visit, string Confirmation)> BookAsync(BookingScenario s, string address)
    {
        var caller = await s.QualifiedCallerAsync(address: address);
        await s.QualifyAsync(caller);
        await s.ReplyAsync(caller, "3");
        var confirmation = await s.LastTextAsync(caller);
        return (LinkIn(confirmation), (await s.AppointmentsAsync(caller)).ShouldHaveSingleItem(), confirmation);
    }

    private static string LinkIn(string text)
    {
        var match = CalendarLink().Match(text);
        match.Success.ShouldBeTrue($"no calendar link in: {text}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Add to your calendar: http://localhost(/appointments/[A-Za-z0-9_-]+\.ics) ")]
    private static partial Regex CalendarLink();
}
