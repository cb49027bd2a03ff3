using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Booking;

/// <summary>
/// Booking over the real carrier path: signed SMS webhooks in, the sms.send handler out to a fake carrier on loopback.
/// The lead is qualified here the way the conversation engine does it (every ILeadQualifiedHook in one transaction).
/// </summary>
public sealed class WebhookBookingTests
{
    private const string Caller = "+14075550143";

    private static async Task<string> TextNumberAsync(TelephonyHarness h, int n, string? startsWith = null) =>
        (await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(Caller)),
            l => l.Count >= n && (startsWith is null || l[n - 1].Body.StartsWith(startsWith, StringComparison.Ordinal)), $"text #{n} to the caller"))[n - 1].Body;

    [Theory, DatabaseData]
    public async Task CallerBooksByReplyingToTheOffer_ThenMovesItByText_AfterTheThreadClosed(string provider)
    {
        var clock = new FakeClock(BookingScenario.Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var business = await h.BusinessAsync();
        await h.MissedCallAsync(business, Caller);
        await TextNumberAsync(h, 1); // the greeting

        await h.Db.WriteAsync(async tx =>
        {
            var conversation = await h.App.Service<ConversationStore>().GetOpenByPhoneAsync(tx, business.Id, Caller);
            await tx.Connection.ExecuteAsync("""
                UPDATE leads SET name = 'Ana Ruiz', address = '77 Pine Rd', service_needed = 'Heating repair', status = 'qualified'
                WHERE business_id = @b AND phone = @p
                """, new { b = business.Id, p = Caller }, tx.Transaction);
            var lead = await h.App.Service<LeadStore>().GetByPhoneAsync(tx, business.Id, Caller);
            foreach (var hook in h.App.Services.GetServices<ILeadQualifiedHook>()) await hook.OnQualifiedAsync(tx, business, conversation!, lead!);
        });
        var offer = await TextNumberAsync(h, 2, "Ana, we can come out: 1) ");
        var third = Regex.Match(offer, @"3\) ([^.]+?(am|pm))").Groups[1].Value;

        clock.Advance(TimeSpan.FromMinutes(1));
        (await h.TextAsync(business, Caller, "3 please")).EnsureSuccessStatusCode();
        var confirmation = await TextNumberAsync(h, 3, "You're booked");
        confirmation.ShouldContain(third);
        confirmation.ShouldContain("77 Pine Rd");
        await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(business.OwnerPhone).Any(t => t.Body.Contains("Appointment booked", StringComparison.Ordinal))), "the owner's SMS");
        var a = (await h.QueryAsync<Appointment>($"SELECT {AppointmentStore.Columns} FROM appointments WHERE business_id = @b", new { b = business.Id })).ShouldHaveSingleItem();
        SlotText.Format(business, new Slot(a.StartAt, a.EndAt)).ShouldBe(third);
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE id = @c", new { c = a.ConversationId })).ShouldBe("closed_booked");

        // The thread is closed: the webhook opens a new one for the next text, and booking still finds the visit by lead.
        clock.Advance(TimeSpan.FromMinutes(10));
        await h.TextAsync(business, Caller, "can we do Friday instead?");
        (await TextNumberAsync(h, 4)).ShouldStartWith("On Fri Mar 6 we can do: 1) Fri Mar 6, 8–9am");
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.TextAsync(business, Caller, "1");
        (await TextNumberAsync(h, 5)).ShouldStartWith($"Done! Your {business.Name} visit is moved to Fri Mar 6, 8–9am at 77 Pine Rd.");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM conversations WHERE business_id = @b AND status IN ('active','human_active','follow_up')", new { b = business.Id })).ShouldBe(0);

        // A bare CANCEL is the carrier opt-out keyword, not a cancellation: opted out, visit kept, no booking text.
        await h.TextAsync(business, Caller, "CANCEL");
        await Eventually.WaitAsync(async () => await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE phone = @p", new { p = Caller }) == 1, "the opt-out");
        (await h.ScalarAsync<string>("SELECT status FROM appointments WHERE id = @Id", a)).ShouldBe("scheduled");
    }
}
