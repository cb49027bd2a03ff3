using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Notifications;

public sealed class SmsNotificationChannelTests
{
    // 2026-03-03 03:00 UTC is 22:00 in New York: inside the default quiet hours (21:00–07:00).
    private static FakeClock Night() => new(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));

    [Theory, DatabaseData]
    public async Task OwnerSms_IsSkippedInQuietHours_ButTheNotificationIsStored(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, clock: Night());
        var b = await h.App.CreateBusinessAsync();

        var n = await h.Db.WriteAsync(tx => h.App.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("missed_call", "Missed call", "From +19045550142")));

        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT channels FROM notifications WHERE id = @Id", n), c => c.Contains("quiet hours", StringComparison.Ordinal), "the sms channel result");
        h.Carrier.To(b.OwnerPhone).ShouldBeEmpty();
        (await h.CountAsync("notifications", b.Id)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task UrgentOwnerSms_GoesOutInQuietHours_UnlessTheOwnerTurnedTheOverrideOff_ThenAtTheEndOfQuietHours(string provider)
    {
        // Found using the product: a caller smelling gas at 4:49am was told someone would call right away, while the owner's
        // text was dropped for quiet hours (the override was off by default) and only an email was queued.
        var clock = Night();
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var byDefault = await h.App.CreateBusinessAsync();
        var turnedOff = await h.App.CreateBusinessAsync(i => i with { NotificationPrefs = new NotificationPrefs { EmergencyOverride = false } });

        var notices = new Dictionary<string, Notification>();
        foreach (var b in new[] { byDefault, turnedOff })
            notices[b.Id] = await h.Db.WriteAsync(tx => h.App.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("emergency", "Gas smell", "Caller reports a gas smell", Urgent: true)));
        var held = notices[turnedOff.Id];

        var text = (await h.TextsToAsync(byDefault.OwnerPhone)).Single();
        text.Body.ShouldStartWith($"URGENT {byDefault.Name}: Gas smell.");
        text.From.ShouldBe(byDefault.CarrierNumber);
        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT channels FROM notifications WHERE id = @Id", held), c => c.Contains("held until 7:00am", StringComparison.Ordinal), "the held sms channel result");
        await h.IdleAsync();
        h.Carrier.To(turnedOff.OwnerPhone).ShouldBeEmpty();

        // 07:00 in New York: the held emergency goes, once.
        clock.Advance(TimeSpan.FromHours(9));
        (await h.TextsToAsync(turnedOff.OwnerPhone)).Single().Body.ShouldStartWith($"URGENT {turnedOff.Name}: Gas smell.");
    }


    [Theory, DatabaseData]
    public async Task OwnerSms_IsSentOnce_EvenIfTheDeliveryRunsTwice(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await h.BusinessAsync();
        var n = await h.Db.WriteAsync(tx => h.App.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("missed_call", "Missed call", "From +19045550142")));
        var channel = h.App.Service<IEnumerable<INotificationChannel>>().Single(c => c.Name == "sms");

        var first = await channel.DeliverAsync(b, n, default);
        var second = await channel.DeliverAsync(b, n, default);

        // The channel wrote its result into the notification's record with the text, so the delivery writes nothing more.
        first.Recorded.ShouldBeTrue();
        first.Text.ShouldStartWith("queued ");
        second.Recorded.ShouldBeTrue();
        second.Text.ShouldStartWith(first.Text + " at ");
        var channels = await h.ScalarAsync<string>("SELECT channels FROM notifications WHERE id = @Id", n);
        channels.ShouldContain(first.Text + " at ");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND purpose = 'owner_notification'", b)).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT to_phone FROM messages WHERE business_id = @Id", b)).ShouldBe(b.OwnerPhone);
    }

    [Theory]
    [InlineData("Emergency: (904) 555-0142", "(904) 555-0142 says: \"No heat and my mother is 90\". Address: not given yet. Call them now.",
        "URGENT Acme Heating: Emergency. (904) 555-0142 says: \"No heat and my mother is 90\". Address: not given yet. Call them now.")]
    [InlineData("Emergency: Dana", "Dana ((904) 555-0142) says: \"Water everywhere\". Address: 42 Oak St. Call them now.",
        "URGENT Acme Heating: Emergency. Dana ((904) 555-0142) says: \"Water everywhere\". Address: 42 Oak St. Call them now.")]
    [InlineData("Gas smell", "Caller reports a gas smell", "URGENT Acme Heating: Gas smell. Caller reports a gas smell")]
    public void TheOwnersText_NamesTheCallerOnce(string title, string body, string expected)
    {
        var business = new Business { Id = "b", Name = "Acme Heating", OwnerName = "Olive", OwnerEmail = "o@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101", CarrierNumber = "+19045550102" };
        var text = CallRecover.Conversations.SmsNotificationChannel.Text(business, new Notification { Title = title, Body = body, Urgent = true });
        text.ShouldBe(expected);
        System.Text.RegularExpressions.Regex.Matches(text, @"\(904\) 555-0142").Count.ShouldBeLessThanOrEqualTo(1);
        text.ShouldNotContain("+1904");
    }
}
