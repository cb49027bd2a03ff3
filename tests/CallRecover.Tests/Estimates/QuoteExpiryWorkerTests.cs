using System.Collections.Concurrent;
using CallRecover.Estimates;
using CallRecover.Live;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;

namespace CallRecover.Tests.Estimates;

public sealed class QuoteExpiryWorkerTests
{
    [Theory, DatabaseData]
    public async Task ExpiredQuote_GetsItsStatusTimeAndOneLiveEvent_AndIsNotExpiredTwice(string provider)
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        // The test runs the sweep by hand; the scheduled one would race it once the clock moves.
        await using var kit = await RecordingsTestKit.StartAsync(provider, clock, new() { ["Transcription:Provider"] = "none", ["Queue:RunScheduledTasks"] = "false" });
        var business = await kit.MechanicAsync();
        var events = new ConcurrentQueue<LiveEvent>();
        using var _ = kit.App.Service<LiveEvents>().Subscribe(business.Id, e => { if (e.Kind == "quote") events.Enqueue(e); });
        await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = TestBusinesses.UniquePhone(), text = "My name is Eve. Oil change please." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        // "created" and "sent" are published just after their commit: let them arrive before counting the expiry's.
        await Eventually.WaitAsync(() => Task.FromResult(events.Count == 2), "the quote's created and sent events");
        events.Clear();
        var worker = kit.App.Service<QuoteExpiryWorker>();

        clock.Advance(TimeSpan.FromDays(15));
        (await worker.RunOnceAsync()).ShouldBe(1);
        (await worker.RunOnceAsync()).ShouldBe(0);

        var stored = (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote;
        stored.Status.ShouldBe(QuoteStatuses.Expired);
        stored.UpdatedAt.ShouldBe(clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
        events.Select(e => e.EntityId).ShouldBe([quote.Id]);
    }
}
