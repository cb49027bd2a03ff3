using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Queue;

/// <summary>
/// Work someone is waiting for (a caller's text-back, the reply to their text, an urgent alert) is claimed before the
/// rest, so a burst of calls does not leave the last caller's greeting behind every earlier call's owner notice.
/// </summary>
public sealed class WaitingLaneTests
{
    private static WorkQueue Queue(Db db, FakeClock clock) =>
        new(db, new WorkSignal(), clock, Options.Create(new QueueOptions { BaseBackoff = TimeSpan.FromSeconds(10), Lease = TimeSpan.FromSeconds(30) }));

    [Theory, DatabaseData]
    public async Task WorkSomeoneWaitsFor_IsClaimedBeforeOlderWork_AndTheRestFollowsInOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        for (var i = 0; i < 5; i++) await queue.EnqueueAsync(new NewWork("notice", new { n = i }));
        clock.Advance(TimeSpan.FromSeconds(1));
        await queue.EnqueueAsync(new NewWork("greeting", new { n = 5 }, SomeoneWaiting: true));
        await queue.EnqueueAsync(new NewWork("greeting", new { n = 6 }, SomeoneWaiting: true));
        // Scheduled for later: waiting or not, it is not due.
        await queue.EnqueueAsync(new NewWork("greeting", new { n = 7 }, DueAt: clock.GetUtcNow().AddMinutes(5), SomeoneWaiting: true));

        (await queue.ClaimAsync("a", 1)).ShouldHaveSingleItem().Payload.ShouldContain("\"n\":5");
        var next = await queue.ClaimAsync("a", 3);
        next.Select(w => w.Kind).ShouldBe(["greeting", "notice", "notice"]);
        next.Select(w => w.Payload).ShouldBe(["{\"n\":6}", "{\"n\":0}", "{\"n\":1}"]);
        (await queue.ClaimAsync("a", 10)).Select(w => w.Payload).ShouldBe(["{\"n\":2}", "{\"n\":3}", "{\"n\":4}"]);
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty("the last greeting is not due yet");
    }

    [Theory, DatabaseData]
    public async Task WorkSomeoneWaitsFor_StillWaitsBehindItsOwnOrderingKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("text", new { n = 1 }, OrderingKey: "sms:c1"));
        await queue.EnqueueAsync(new NewWork("reply", new { n = 2 }, OrderingKey: "sms:c1", SomeoneWaiting: true));
        await queue.EnqueueAsync(new NewWork("other", new { n = 3 }));

        // The reply may not overtake the text queued before it in its conversation: the older text goes first.
        var first = await queue.ClaimAsync("a", 1);
        first.ShouldHaveSingleItem().Kind.ShouldBe("text");
        (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem().Kind.ShouldBe("other", "the reply waits while the text before it runs");
        await queue.CompleteAsync("a", first[0].Id);
        (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem().Kind.ShouldBe("reply");
    }

    /// <summary>
    /// Three calls missed back to back, the queue stopped (as when a burst outruns it): the three callers' greetings
    /// are claimed before any owner notice, though each call queued its notice next to its greeting.
    /// </summary>
    [Theory, DatabaseData]
    public async Task InABurstOfMissedCalls_EveryCallersGreetingGoesBeforeTheOwnersNotices(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var business = await h.BusinessAsync();
        string[] callers = ["+19045550311", "+19045550312", "+19045550313"];
        foreach (var caller in callers) await h.MissedCallAsync(business, caller);

        var queue = h.App.Service<WorkQueue>();
        async Task<IReadOnlyList<string>> ClaimAsync(int limit)
        {
            var list = new List<string>();
            foreach (var item in await queue.ClaimAsync("test", limit))
                list.Add(item.Kind == SmsSender.SendKind
                    ? "text to " + await h.ScalarAsync<string>("SELECT to_phone FROM messages WHERE id = @id", new { id = item.PayloadAs<SendSmsPayload>().MessageId })
                    : item.Kind);
            return list;
        }

        (await ClaimAsync(3)).ShouldBe(callers.Select(c => "text to " + c), "each call's greeting, in call order");
        (await ClaimAsync(10)).ShouldBe([Notifier.DeliverKind, Notifier.DeliverKind, Notifier.DeliverKind], "then the owner's notices");
    }
}
