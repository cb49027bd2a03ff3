using System.Collections.Concurrent;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Queue;

public sealed class WorkQueueTests
{
    private static WorkQueue Queue(Db db, FakeClock clock, QueueOptions? options = null) =>
        new(db, new WorkSignal(), clock, Options.Create(options ?? new QueueOptions { BaseBackoff = TimeSpan.FromSeconds(10), Lease = TimeSpan.FromSeconds(30) }));

    private static async Task<WorkItemRow> RowAsync(WorkQueue queue, long id) => (await queue.ListAsync(limit: 1000)).Single(r => r.Id == id);

    [Theory, DatabaseData]
    public async Task FailedItem_IsRetriedAfterExponentialBackoffWithJitter(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("test", new { n = 1 }));

        var first = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
        first.Attempts.ShouldBe(1);
        (await queue.FailAsync("a", first, "boom", permanent: false)).ShouldBeTrue();
        var row = await RowAsync(queue, first.Id);
        row.Status.ShouldBe("pending");
        row.LastError.ShouldBe("boom");
        (row.DueAt - clock.GetUtcNow()).ShouldBeInRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty("not due yet");

        clock.Advance(TimeSpan.FromSeconds(16));
        var second = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
        second.Attempts.ShouldBe(2);
        await queue.FailAsync("a", second, "boom again", permanent: false);
        // Second failure waits about twice as long as the first.
        (await RowAsync(queue, first.Id)).DueAt.ShouldBeGreaterThan(clock.GetUtcNow() + TimeSpan.FromSeconds(9.9));
    }

    [Theory, DatabaseData]
    public async Task Item_GoesDeadAfterMaxAttempts_WithLastErrorVisible_AndCanBeRetriedByOperator(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("test", new { }, MaxAttempts: 2));

        for (var i = 0; i < 2; i++)
        {
            var item = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
            await queue.FailAsync("a", item, $"failure {i + 1}", permanent: false);
            clock.Advance(TimeSpan.FromHours(1));
        }
        var dead = (await queue.ListAsync(status: "dead")).ShouldHaveSingleItem();
        dead.LastError.ShouldBe("failure 2");
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty();

        (await queue.RetryDeadAsync(dead.Id)).ShouldBeTrue();
        (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem().Attempts.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task PermanentFailure_IsDeadAtOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = Queue(db.Db, new FakeClock());
        await queue.EnqueueAsync(new NewWork("test", new { }));
        var item = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
        await queue.FailAsync("a", item, "carrier said never", permanent: true);
        (await RowAsync(queue, item.Id)).Status.ShouldBe("dead");
    }

    [Theory, DatabaseData]
    public async Task ClaimedItem_OfADeadWorker_IsReclaimedAfterTheLease_AndTheOldOwnerCannotComplete(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("test", new { }));
        var claimed = (await queue.ClaimAsync("node-a", 10)).ShouldHaveSingleItem();

        (await queue.ClaimAsync("node-b", 10)).ShouldBeEmpty("leased to node-a");
        clock.Advance(TimeSpan.FromSeconds(31));
        var reclaimed = (await queue.ClaimAsync("node-b", 10)).ShouldHaveSingleItem();
        reclaimed.Id.ShouldBe(claimed.Id);
        reclaimed.Attempts.ShouldBe(2);

        (await queue.CompleteAsync("node-a", claimed.Id)).ShouldBeFalse();
        (await queue.CompleteAsync("node-b", claimed.Id)).ShouldBeTrue();
        (await RowAsync(queue, claimed.Id)).Status.ShouldBe("done");
    }

    /// <summary>Completions are written in batches: many at once each hear their own answer, and only the lease holder's count.</summary>
    [Theory, DatabaseData]
    public async Task ManyCompletionsAtOnce_EachIsStored_AndOnlyTheLeaseHoldersCount(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = Queue(db.Db, new FakeClock());
        for (var i = 0; i < 60; i++) await queue.EnqueueAsync(new NewWork("test", new { i }));
        var a = await queue.ClaimAsync("node-a", 30);
        var b = await queue.ClaimAsync("node-b", 30);
        a.Count.ShouldBe(30);
        b.Count.ShouldBe(30);

        // node-a completes its own and, wrongly, node-b's; node-b completes half of its own, all in the same instant.
        var answers = await Task.WhenAll(
            a.Select(w => queue.CompleteAsync("node-a", w.Id).ContinueWith(t => (w.Id, Own: true, Done: t.Result)))
                .Concat(b.Select(w => queue.CompleteAsync("node-a", w.Id).ContinueWith(t => (w.Id, Own: false, Done: t.Result))))
                .Concat(b.Take(15).Select(w => queue.CompleteAsync("node-b", w.Id).ContinueWith(t => (w.Id, Own: true, Done: t.Result)))));

        answers.Where(x => x.Own).ShouldAllBe(x => x.Done);
        answers.Where(x => !x.Own).ShouldAllBe(x => !x.Done, "another node's lease");
        var rows = await queue.ListAsync(limit: 1000);
        rows.Count(r => r.Status == "done").ShouldBe(45);
        rows.Where(r => b.Skip(15).Any(w => w.Id == r.Id)).ShouldAllBe(r => r.Status == "running");
    }

    [Theory, DatabaseData]
    public async Task ClaimsOfANodeThatStoppedBeating_AreTakenOverAfterTheNodeTimeout_LongBeforeTheLease(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock, new QueueOptions { Lease = TimeSpan.FromSeconds(60), NodeTimeout = TimeSpan.FromSeconds(5) });
        await queue.EnqueueAsync(new NewWork("sms.send", new { }));
        await queue.BeatAsync("node-a");
        await queue.BeatAsync("node-b");
        var claimed = (await queue.ClaimAsync("node-a", 10)).ShouldHaveSingleItem();

        // node-a keeps beating: its claim stays its own.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(4));
            await queue.BeatAsync("node-a");
            await queue.BeatAsync("node-b");
            (await queue.ClaimAsync("node-b", 10)).ShouldBeEmpty("node-a is alive");
        }

        // node-a dies (kill -9): no more beats. Within the timeout nothing changes; after it node-b reruns the item.
        clock.Advance(TimeSpan.FromSeconds(4));
        await queue.BeatAsync("node-b");
        (await queue.ClaimAsync("node-b", 10)).ShouldBeEmpty("node-a's last beat is 4 s old, under the 5 s timeout");
        clock.Advance(TimeSpan.FromSeconds(2));
        var reclaimed = (await queue.ClaimAsync("node-b", 10)).ShouldHaveSingleItem("node-a silent for 6 s; its lease still has 38 s to run");
        reclaimed.Id.ShouldBe(claimed.Id);
        reclaimed.Attempts.ShouldBe(2);
        (await queue.CompleteAsync("node-a", claimed.Id)).ShouldBeFalse("the dead node's claim is gone");
        (await queue.CompleteAsync("node-b", claimed.Id)).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task ANodeNeverTakesOverItsOwnClaims_ByHeartbeat(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock, new QueueOptions { Lease = TimeSpan.FromSeconds(60), NodeTimeout = TimeSpan.FromSeconds(5) });
        await queue.EnqueueAsync(new NewWork("job", new { }));
        await queue.BeatAsync("node-a");
        (await queue.ClaimAsync("node-a", 10)).ShouldHaveSingleItem();
        clock.Advance(TimeSpan.FromSeconds(30));
        // A claimer is alive by definition (its heartbeat may just be late): it does not claim what it is running.
        (await queue.ClaimAsync("node-a", 10)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task ReleasingANode_PutsWhatItHeldBackInLine_AtOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock, new QueueOptions { Lease = TimeSpan.FromSeconds(60) });
        await queue.EnqueueAsync(new NewWork("job", new { }, OrderingKey: "conv-1"));
        await queue.EnqueueAsync(new NewWork("job", new { n = 2 }, OrderingKey: "conv-1"));
        await queue.BeatAsync("node-a");
        var held = (await queue.ClaimAsync("node-a", 10)).ShouldHaveSingleItem();

        (await queue.ReleaseNodeAsync("node-a")).ShouldBe(1);
        var row = await RowAsync(queue, held.Id);
        row.Status.ShouldBe("pending");
        row.LockedBy.ShouldBeNull();
        var again = (await queue.ClaimAsync("node-b", 10)).ShouldHaveSingleItem("the released item first: it still holds its ordering key");
        again.Id.ShouldBe(held.Id);
        again.Attempts.ShouldBe(2);
        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM queue_nodes WHERE node = 'node-a'")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task ARunningItemsLease_IsExtended_SoALongJobIsNotReclaimed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("transcribe", new { }));
        var claimed = (await queue.ClaimAsync("node-a", 10)).ShouldHaveSingleItem();

        clock.Advance(TimeSpan.FromSeconds(20));
        await queue.ExtendLeaseAsync("node-a", [claimed.Id]);
        clock.Advance(TimeSpan.FromSeconds(20));
        (await queue.ClaimAsync("node-b", 10)).ShouldBeEmpty("node-a renewed its lease past the original 30 s");
        (await queue.CompleteAsync("node-a", claimed.Id)).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task ItemsWithTheSameOrderingKey_RunOneAtATime_InOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        for (var i = 1; i <= 3; i++) await queue.EnqueueAsync(new NewWork("send", new { i }, OrderingKey: "conv-1"));
        await queue.EnqueueAsync(new NewWork("send", new { i = 99 }, OrderingKey: "conv-2"));

        var batch = await queue.ClaimAsync("a", 10);
        batch.Select(b => b.OrderingKey).ShouldBe(["conv-1", "conv-2"], ignoreOrder: true);
        var first = batch.Single(b => b.OrderingKey == "conv-1");
        first.Payload.ShouldContain("1");
        await queue.CompleteAsync("a", batch.Single(b => b.OrderingKey == "conv-2").Id);
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty("conv-1's first item is still running");

        // A failing item holds back the ones behind it until it succeeds or dies.
        await queue.FailAsync("a", first, "retry me", permanent: false);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty("the retrying item still blocks its key");
        clock.Advance(TimeSpan.FromMinutes(1));
        var retried = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
        retried.Id.ShouldBe(first.Id);
        await queue.CompleteAsync("a", retried.Id);

        var next = (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem();
        next.Payload.ShouldContain("2");
    }

    [Theory, DatabaseData]
    public async Task ScheduledItem_DoesNotBlockLaterItemsWithItsKey_UntilItIsDue(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var queue = Queue(db.Db, clock);
        await queue.EnqueueAsync(new NewWork("follow_up", new { }, OrderingKey: "conv-1", DueAt: clock.GetUtcNow().AddHours(2)));
        await queue.EnqueueAsync(new NewWork("send", new { }, OrderingKey: "conv-1"));
        (await queue.ClaimAsync("a", 10)).ShouldHaveSingleItem().Kind.ShouldBe("send");
    }

    [Theory, DatabaseData]
    public async Task Enqueue_WithAUsedDedupeKey_IsIgnored_AndPendingItemsCanBeCancelled(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = Queue(db.Db, new FakeClock());
        (await queue.EnqueueAsync(new NewWork("f", new { }, DedupeKey: "followup:c1:1"))).ShouldBeTrue();
        (await queue.EnqueueAsync(new NewWork("f", new { }, DedupeKey: "followup:c1:1"))).ShouldBeFalse();
        (await db.Db.WriteAsync(tx => queue.CancelPendingAsync(tx, "followup:c1:1"))).ShouldBe(1);
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task EnqueueInARolledBackTransaction_LeavesNoWork(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = Queue(db.Db, new FakeClock());
        await using (var tx = await db.Db.BeginAsync())
        {
            await queue.EnqueueAsync(tx, new NewWork("test", new { }));
            // disposed without commit
        }
        (await queue.ClaimAsync("a", 10)).ShouldBeEmpty();
    }

    private sealed class RecordingHandler(string kind, Func<WorkItem, int, Task>? behaviour = null) : IWorkHandler
    {
        public readonly ConcurrentQueue<(long Id, string Node, string Payload, int Attempts)> Runs = new();
        private readonly ConcurrentDictionary<long, int> _attempts = new();
        public string Node { get; set; } = "";
        public string Kind => kind;

        public async Task HandleAsync(WorkItem item, CancellationToken ct)
        {
            var attempt = _attempts.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
            if (behaviour is not null) await behaviour(item, attempt);
            Runs.Enqueue((item.Id, Node, item.Payload, item.Attempts));
        }
    }

    private static QueueWorker Worker(Db db, TimeProvider clock, string? node, IWorkHandler handler, int concurrency = 8, TimeSpan? nodeTimeout = null)
    {
        var o = new QueueOptions
        {
            NodeName = node, Concurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(20),
            BaseBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100),
        };
        if (nodeTimeout is { } timeout) (o.NodeTimeout, o.Heartbeat) = (timeout, timeout / 5);
        var options = Options.Create(o);
        return new(new WorkQueue(db, new WorkSignal(), clock, options), new WorkSignal(), [handler], new QueueNode(options), options, new WorkerHealth(clock),
            NullLogger<QueueWorker>.Instance);
    }

    [Theory, DatabaseData]
    public async Task ANodeRestartingUnderItsConfiguredName_RerunsWhatItsCrashedRunHeld_WithoutWaitingForTheLease(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = new WorkQueue(db.Db, new WorkSignal(), TimeProvider.System, Options.Create(new QueueOptions { Lease = TimeSpan.FromMinutes(10) }));
        await queue.EnqueueAsync(new NewWork("job", new { }));
        // The previous run of "n1" claimed it (10 min lease) and was killed before finishing.
        (await queue.ClaimAsync("n1", 10)).ShouldHaveSingleItem();
        var handler = new RecordingHandler("job");

        var restarted = Worker(db.Db, TimeProvider.System, "n1", handler);
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitAsync(async () => (await queue.ListAsync(status: "done")).Count == 1, "the restarted node to rerun the item", TimeSpan.FromSeconds(10));
        }
        finally { await restarted.StopAsync(CancellationToken.None); }
        handler.Runs.ShouldHaveSingleItem().Attempts.ShouldBe(2);
    }

    /// <summary>Holds each item until <see cref="Release"/> or until its run is cancelled (the node stopping).</summary>
    private sealed class BlockingHandler(string kind) : IWorkHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Finished;
        public string Kind => kind;
        public void Release() => _release.TrySetResult();

        public async Task HandleAsync(WorkItem item, CancellationToken ct)
        {
            Started.TrySetResult();
            await _release.Task.WaitAsync(ct);
            Interlocked.Increment(ref Finished);
        }
    }

    [Theory, DatabaseData]
    public async Task TwoNodesInOneProcess_DoNotTakeEachOthersLiveClaims(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = new WorkQueue(db.Db, new WorkSignal(), TimeProvider.System, Options.Create(new QueueOptions()));
        // n1 holds its item longer than the node timeout; n2 would run it at once if it took n1 for dead. (The timeout is
        // short for the test, yet long enough that a busy test machine does not stall a heartbeat that long.)
        var slow = new BlockingHandler("job");
        var eager = new RecordingHandler("job") { Node = "n2" };
        var n1 = Worker(db.Db, TimeProvider.System, "n1", slow, nodeTimeout: TimeSpan.FromSeconds(1.5));
        var n2 = Worker(db.Db, TimeProvider.System, "n2", eager, nodeTimeout: TimeSpan.FromSeconds(1.5));
        await n1.StartAsync(CancellationToken.None);
        try
        {
            await queue.EnqueueAsync(new NewWork("job", new { }));
            await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await n2.StartAsync(CancellationToken.None);

            // Two node timeouts of n1 running the item and beating: n2 leaves it alone. (Proving a negative takes a wait.)
            await Task.Delay(TimeSpan.FromSeconds(3));
            eager.Runs.ShouldBeEmpty("n1 is alive and beating");
            (await queue.ListAsync(status: "running")).ShouldHaveSingleItem().LockedBy.ShouldBe("n1");

            slow.Release();
            await Eventually.WaitAsync(async () => (await queue.ListAsync(status: "done")).Count == 1, "n1 to finish");
            eager.Runs.ShouldBeEmpty();
            slow.Finished.ShouldBe(1);
        }
        finally
        {
            slow.Release();
            await Task.WhenAll(n1.StopAsync(CancellationToken.None), n2.StopAsync(CancellationToken.None));
        }
    }

    [Theory, DatabaseData]
    public async Task AStoppingNode_PutsTheItemsItWasInterruptedIn_BackInLineAtOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var queue = new WorkQueue(db.Db, new WorkSignal(), TimeProvider.System, Options.Create(new QueueOptions()));
        var slow = new BlockingHandler("job");
        var n1 = Worker(db.Db, TimeProvider.System, "n1", slow);
        await n1.StartAsync(CancellationToken.None);
        await queue.EnqueueAsync(new NewWork("job", new { }));
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await n1.StopAsync(CancellationToken.None);

        var back = (await queue.ListAsync()).ShouldHaveSingleItem();
        back.Status.ShouldBe("pending", "not left 'running' until the 60 s lease runs out");
        back.LockedBy.ShouldBeNull();
        (await queue.ClaimAsync("n2", 10)).ShouldHaveSingleItem().Attempts.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Worker_RetriesAThrowingHandler_UntilItSucceeds(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var handler = new RecordingHandler("flaky", (_, attempt) => attempt < 3 ? throw new HttpRequestException("carrier 500") : Task.CompletedTask);
        var worker = Worker(db.Db, TimeProvider.System, "n1", handler);
        var queue = new WorkQueue(db.Db, new WorkSignal(), TimeProvider.System, Options.Create(new QueueOptions()));
        await queue.EnqueueAsync(new NewWork("flaky", new { }));

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitAsync(async () => (await queue.ListAsync(status: "done")).Count == 1, "the flaky item to succeed");
        }
        finally { await worker.StopAsync(CancellationToken.None); }
        handler.Runs.Count.ShouldBe(1);
        (await queue.ListAsync()).Single().Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task TwoNodes_OnOnePostgres_NeverRunTheSameItemTwice_AndKeepPerKeyOrder()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        // Separate Db instances = separate connection pools, as two app processes would have.
        await using var db2 = new Db(Options.Create(db.Settings));
        var handler1 = new RecordingHandler("job", async (_, _) => await Task.Delay(Random.Shared.Next(0, 3))) { Node = "n1" };
        var handler2 = new RecordingHandler("job", async (_, _) => await Task.Delay(Random.Shared.Next(0, 3))) { Node = "n2" };
        var queue = new WorkQueue(db.Db, new WorkSignal(), TimeProvider.System, Options.Create(new QueueOptions()));
        const int items = 400;
        await db.Db.WriteAsync(async tx =>
        {
            for (var i = 0; i < items; i++)
                await queue.EnqueueAsync(tx, new NewWork("job", new { i }, OrderingKey: i % 4 == 0 ? $"key-{i % 20}" : null));
        });

        var w1 = Worker(db.Db, TimeProvider.System, "n1", handler1);
        var w2 = Worker(db2, TimeProvider.System, "n2", handler2);
        await Task.WhenAll(w1.StartAsync(CancellationToken.None), w2.StartAsync(CancellationToken.None));
        try
        {
            await Eventually.WaitAsync(async () => (await queue.ListAsync(status: "done", limit: 1000)).Count == items, "all items done", TimeSpan.FromSeconds(60));
        }
        finally { await Task.WhenAll(w1.StopAsync(CancellationToken.None), w2.StopAsync(CancellationToken.None)); }

        var runs = handler1.Runs.Concat(handler2.Runs).ToList();
        var dupes = runs.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}:{string.Join(",", g.Select(x => x.Node + "/" + x.Attempts))}").ToList();
        runs.Count.ShouldBe(items, "every item ran exactly once; duplicates: " + string.Join(" ", dupes));
        runs.Select(r => r.Id).Distinct().Count().ShouldBe(items);
        handler1.Runs.ShouldNotBeEmpty("both nodes took part");
        handler2.Runs.ShouldNotBeEmpty("both nodes took part");

        await using var conn = await db.Db.OpenAsync();
        var finished = (await conn.QueryAsync<(long Id, string Key, DateTimeOffset FinishedAt)>(
            "SELECT id, ordering_key, finished_at FROM work_items WHERE ordering_key IS NOT NULL ORDER BY id")).ToList();
        foreach (var group in finished.GroupBy(f => f.Key))
        {
            var byId = group.OrderBy(g => g.Id).Select(g => g.FinishedAt).ToList();
            byId.ShouldBe(byId.OrderBy(t => t).ToList(), $"items of {group.Key} finished in enqueue order");
        }
    }
}
