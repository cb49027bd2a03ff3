using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Booking;

/// <summary>
/// The whole path by text alone, through the real signed carrier webhooks, the built-in conversation engine and a
/// fake carrier on loopback: missed call → greeting → qualification → offer → pick → booked (caller confirmation with
/// a calendar link that a real parser accepts, owner SMS and owner email with the .ics) → moved by text → reminder → C.
/// </summary>
public sealed class EndToEndBookingTests
{
    private const string Caller = "+14075550142";

    private static async Task<string> NextTextAsync(TelephonyHarness h, int count, Func<string, bool>? match = null)
    {
        var texts = await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(Caller)),
            l => l.Count >= count && (match is null || l.Skip(count - 1).Any(t => match(t.Body))), $"text #{count} to the caller");
        return (match is null ? texts[count - 1] : texts.Skip(count - 1).First(t => match(t.Body))).Body;
    }

    [Theory, DatabaseData]
    public async Task MissedCall_ToBookedAppointment_ByTextAlone_ThenMovedAndReminded(string provider)
    {
        var clock = new FakeClock(BookingScenario.Start); // Tue Mar 3, 10:00 New York
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var business = await h.BusinessAsync();

        await h.MissedCallAsync(business, Caller);
        (await NextTextAsync(h, 1)).ShouldContain(business.Name);

        var n = 1;
        foreach (var say in new[] { "hi my ac stopped working and its 85 in the house", "asap please", "Dana Reyes", "1420 Maple Ave apt 3, Orlando 32801" })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            (await h.TextAsync(business, Caller, say)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await NextTextAsync(h, ++n);
        }
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.TextAsync(business, Caller, "tomorrow morning works");
        var offer = await NextTextAsync(h, n + 1, t => t.Contains("Reply with the number", StringComparison.Ordinal));
        n = h.Carrier.To(Caller).Count;

        // The offer follows the preferred time the engine learned: tomorrow (Wed Mar 4) morning.
        offer.ShouldStartWith("Dana, we can come out: 1) Wed Mar 4, 8–9am");
        // The engine's thanks just before it must not promise a call to confirm that the offer then contradicts.
        var thanks = h.Carrier.To(Caller).Select(m => m.Body).Single(b => b.Contains("everything I need", StringComparison.Ordinal));
        thanks.ShouldStartWith("Thanks, Dana!");
        thanks.ShouldNotContain("confirm");
        var second = Regex.Match(offer, @"2\) (Wed Mar 4, [^ ]+)").Groups[1].Value;
        second.ShouldNotBeEmpty();

        clock.Advance(TimeSpan.FromMinutes(1));
        await h.TextAsync(business, Caller, "2");
        var confirmation = await NextTextAsync(h, n + 1, t => t.StartsWith("You're booked", StringComparison.Ordinal));
        confirmation.ShouldContain(second);
        confirmation.ShouldContain("1420 Maple Ave Apt 3, Orlando, 32801");
        var link = Regex.Match(confirmation, @"http://localhost(/appointments/[A-Za-z0-9_-]+\.ics)").Groups[1].Value;

        var appointment = (await h.QueryAsync<Appointment>($"SELECT {AppointmentStore.Columns} FROM appointments WHERE business_id = @b", new { b = business.Id })).ShouldHaveSingleItem();
        appointment.CalendarPath.ShouldBe(link);
        SlotText.Format(business, new Slot(appointment.StartAt, appointment.EndAt)).ShouldBe(second);
        (await h.ScalarAsync<string>("SELECT status FROM leads WHERE business_id = @b", new { b = business.Id })).ShouldBe("booked");
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE id = @c", new { c = appointment.ConversationId })).ShouldBe("closed_booked");

        var ics = await (await h.Client.GetAsync(link)).Content.ReadAsStringAsync();
        var parsed = await Python.ParseIcsAsync(ics);
        parsed.GetProperty("uid").GetString().ShouldBe(appointment.IcsUid);
        parsed.GetProperty("location").GetString().ShouldBe("1420 Maple Ave Apt 3, Orlando, 32801");

        // The owner hears by SMS and by email with the calendar file.
        await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(business.OwnerPhone).Any(t => t.Body.Contains("Appointment booked", StringComparison.Ordinal))), "owner SMS");
        var email = await Eventually.WaitAsync(async () => (await h.QueryAsync<StoredEmail>(
                $"SELECT {EmailOutbox.Columns} FROM emails WHERE business_id = @b AND subject LIKE 'Appointment booked%'", new { b = business.Id })).FirstOrDefault(),
            e => e?.Status == "outbox", "owner email");
        var attachment = Json.Deserialize<List<EmailAttachment>>(email!.Attachments).ShouldHaveSingleItem();
        (await Python.ParseIcsAsync(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.Base64Content)))).GetProperty("uid").GetString().ShouldBe(appointment.IcsUid);

        // A later text reaches booking even though the thread is closed: move it to Thursday.
        n = h.Carrier.To(Caller).Count;
        clock.Advance(TimeSpan.FromMinutes(5));
        await h.TextAsync(business, Caller, "can we do Thursday instead?");
        (await NextTextAsync(h, n + 1)).ShouldStartWith("On Thu Mar 5 we can do: 1) Thu Mar 5, 8–9am");
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.TextAsync(business, Caller, "1");
        (await NextTextAsync(h, n + 2)).ShouldStartWith($"Done! Your {business.Name} visit is moved to Thu Mar 5, 8–9am");

        // The reminder goes out the day before at 8am (the visit's own time of day); C confirms.
        n = h.Carrier.To(Caller).Count;
        clock.Set(new DateTimeOffset(2026, 3, 4, 13, 0, 0, TimeSpan.Zero));
        (await NextTextAsync(h, n + 1, t => t.StartsWith("Reminder:", StringComparison.Ordinal)))
            .ShouldBe($"Reminder: your {business.Name} visit is tomorrow, Thu Mar 5, 8–9am at 1420 Maple Ave Apt 3, Orlando, 32801. Reply C to confirm or R to reschedule.");
        n = h.Carrier.To(Caller).Count;
        await h.TextAsync(business, Caller, "C");
        (await NextTextAsync(h, n + 1, t => t.StartsWith("Thanks! You're confirmed", StringComparison.Ordinal))).ShouldContain("Thu Mar 5, 8–9am");
        (await h.ScalarAsync<string>("SELECT status FROM appointments WHERE business_id = @b", new { b = business.Id })).ShouldBe("confirmed");
    }
}
