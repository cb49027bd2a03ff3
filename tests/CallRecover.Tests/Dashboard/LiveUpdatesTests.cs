using System.Collections.Concurrent;
using CallRecover.Live;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Dashboard;

public sealed class LiveUpdatesTests
{
    [Fact]
    public async Task TwoNodes_OnOnePostgresDatabase_SeeEachOthersEvents_Once()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var nodeA = new AppFactory(db);
        await using var nodeB = new AppFactory(db);
        var business = await nodeA.CreateBusinessAsync();
        var onA = new ConcurrentQueue<LiveEvent>();
        var onB = new ConcurrentQueue<LiveEvent>();
        using var subA = nodeA.Service<LiveEvents>().Subscribe(business.Id, onA.Enqueue);
        using var subB = nodeB.Service<LiveEvents>().Subscribe(business.Id, onB.Enqueue);
        using var other = nodeB.Service<LiveEvents>().Subscribe("another-business", _ => throw new InvalidOperationException("wrong tenant"));

        // Both listeners must be up before the first event; a probe per node proves each one hears the other.
        await Eventually.WaitAsync(async () =>
        {
            nodeA.Service<LiveEvents>().Publish(business.Id, "probe", "a");
            nodeB.Service<LiveEvents>().Publish(business.Id, "probe", "b");
            await Task.Delay(100);
            return onA.Any(e => e.EntityId == "b") && onB.Any(e => e.EntityId == "a");
        }, "both nodes listening");

        onA.Clear();
        onB.Clear();
        nodeA.Service<LiveEvents>().Publish(business.Id, "message", "m1");
        await Eventually.WaitAsync(() => Task.FromResult(onB.Any(e => e.EntityId == "m1")), "node B receiving node A's event", TimeSpan.FromSeconds(5));
        nodeB.Service<LiveEvents>().Publish(business.Id, "conversation", "c1");
        await Eventually.WaitAsync(() => Task.FromResult(onA.Any(e => e.EntityId == "c1")), "node A receiving node B's event", TimeSpan.FromSeconds(5));
        await Task.Delay(300); // let any duplicate echo arrive before counting
        onA.Count(e => e.EntityId == "m1").ShouldBe(1, "a node delivers its own event once, not again from NOTIFY");
        onB.Count(e => e.EntityId == "m1").ShouldBe(1);
        onA.Count(e => e.EntityId == "c1").ShouldBe(1);
        onB.Count(e => e.EntityId == "c1").ShouldBe(1);
        onB.Single(e => e.EntityId == "m1").Kind.ShouldBe("message");

        // A burst's events go out in batches (one round trip per batch, one notification per event): every one of them
        // arrives on the other node once, across batch boundaries, in the order published.
        onB.Clear();
        var burst = Enumerable.Range(0, PostgresLiveBridge.MaxBatch * 2 + 7).Select(i => $"e{i}").ToList();
        foreach (var id in burst) nodeA.Service<LiveEvents>().Publish(business.Id, "message", id);
        await Eventually.WaitAsync(() => Task.FromResult(burst.All(id => onB.Any(e => e.EntityId == id))), "node B receiving the whole burst", TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        onB.Where(e => e.EntityId!.StartsWith('e')).Select(e => e.EntityId).ShouldBe(burst);
    }
}
