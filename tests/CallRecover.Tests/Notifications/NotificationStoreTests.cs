using CallRecover.Notifications;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Notifications;

public sealed class NotificationStoreTests
{
    [Theory, DatabaseData]
    public async Task MarkAllRead_MarksTheNewestUnreadUpToTheLimit_OfThisBusinessOnly(string provider)
    {
        var clock = new FakeClock();
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" }, clock);
        var b = await h.BusinessAsync();
        var other = await h.BusinessAsync();
        var notifier = h.App.Service<Notifier>();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await h.Db.WriteAsync(tx => notifier.NotifyAsync(tx, b.Id, new OwnerNotice("missed_call", $"Call {i}", "From +19045550142")))).Id);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await h.Db.WriteAsync(tx => notifier.NotifyAsync(tx, other.Id, new OwnerNotice("missed_call", "Someone else's", "Not yours")));
        var store = h.App.Service<NotificationStore>();
        (await store.MarkReadAsync(b.Id, ids[3])).ShouldBeTrue();

        (await store.MarkAllReadAsync(b.Id, limit: 2)).ShouldBe(2);

        var unread = await store.ListAsync(b.Id, unreadOnly: true);
        unread.Select(n => n.Id).ShouldBe([ids[0]]);
        (await store.ListAsync(b.Id)).Where(n => n.ReadAt is not null).Count().ShouldBe(3);
        (await store.UnreadCountAsync(other.Id)).ShouldBe(1);

        (await store.MarkAllReadAsync(b.Id)).ShouldBe(1);
        (await store.UnreadCountAsync(b.Id)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task EveryChannelsResult_IsKeptOnTheNotification(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        var n = await h.Db.WriteAsync(tx => h.App.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("emergency", "Gas smell", "Caller reports a gas smell", Urgent: true)));

        var channels = await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT channels FROM notifications WHERE id = @Id", n),
            c => c.Contains("\"sms\"", StringComparison.Ordinal) && c.Contains("\"email\"", StringComparison.Ordinal), "both channel results");
        var map = CallRecover.Common.Json.Deserialize<Dictionary<string, string>>(channels);
        map["sms"].ShouldStartWith("queued ");
        map["email"].ShouldStartWith("queued email ");
    }
}
