using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Queue;

public sealed class ScheduledTaskTests
{
    /// <summary>A task that counts its runs; <see cref="Fail"/> makes the next runs throw.</summary>
    private sealed class CountingTask(string key = "test.counting", TimeSpan? interval = null, TimeSpan? takes = null) : IScheduledTask
    {
        public readonly ConcurrentQueue<string> Runs = new();
        public string? Fail { get; set; }
        public string Node { get; init; } = "";
        public string Key => key;
        public string Name => "Counting";
        public string Description => "Counts its runs.";
        public TimeSpan Interval => interval ?? TimeSpan.FromMinutes(10);

        public async Task<string?> RunAsync(CancellationToken ct)
        {
            Runs.Enqueue(Node);
            if (takes is { } t) await Task.Delay(t, ct);
            if (Fail is { } message) throw new InvalidOperationException(message);
            return $"run {Runs.Count}";
        }
    }

    private static ScheduledTaskRunner Runner(Db db, FakeClock clock, IScheduledTask task, string node = "n1", CapturedLogs? logs = null)
    {
        var options = Options.Create(new QueueOptions { NodeName = node });
        var factory = new LoggerFactory([logs ?? new CapturedLogs()]);
        return new ScheduledTaskRunner([task], new ScheduledTaskStore(db), new QueueNode(options), options, clock, factory.CreateLogger<ScheduledTaskRunner>());
    }

    [Theory, DatabaseData]
    public async Task ADueTask_RunsOnce_RecordsItsResult_AndIsDueAgainAnIntervalAfterItsEnd(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var task = new CountingTask(interval: TimeSpan.FromMinutes(10));
        var runner = Runner(db.Db, clock, task);
        var store = new ScheduledTaskStore(db.Db);

        (await runner.RunDueAsync()).ShouldBe(["test.counting"], "a new task is due at once");
        (await runner.RunDueAsync()).ShouldBeEmpty("ran already; next one in 10 minutes");
        task.Runs.Count.ShouldBe(1);
        var row = (await store.GetAsync("test.counting"))!;
        row.LastStartedAt.ShouldBe(clock.GetUtcNow());
        row.LastFinishedAt.ShouldBe(clock.GetUtcNow());
        row.LastResult.ShouldBe("run 1");
        row.LastError.ShouldBeNull();
        row.NextRunAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        row.LockedBy.ShouldBeNull();

        clock.Advance(TimeSpan.FromMinutes(9));
        (await runner.RunDueAsync()).ShouldBeEmpty();
        clock.Advance(TimeSpan.FromMinutes(1));
        (await runner.RunDueAsync()).ShouldBe(["test.counting"]);
        task.Runs.Count.ShouldBe(2);
        (await store.GetAsync("test.counting"))!.LastResult.ShouldBe("run 2");
    }

    [Theory, DatabaseData]
    public async Task AFailingTask_RecordsAndLogsItsError_AndRunsAgainAfterTheInterval(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var logs = new CapturedLogs();
        var task = new CountingTask(interval: TimeSpan.FromMinutes(10)) { Fail = "the disk is full" };
        var runner = Runner(db.Db, clock, task, logs: logs);
        var store = new ScheduledTaskStore(db.Db);

        (await runner.RunDueAsync()).ShouldBe(["test.counting"]);
        var failed = (await store.GetAsync("test.counting"))!;
        failed.LastError.ShouldBe("InvalidOperationException: the disk is full");
        failed.LastResult.ShouldBeNull();
        failed.LastFinishedAt.ShouldBe(clock.GetUtcNow());
        failed.NextRunAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        failed.LockedBy.ShouldBeNull();
        logs.Lines.ShouldContain(l => l.StartsWith("Error ") && l.Contains("test.counting") && l.Contains("the disk is full"));

        (await runner.RunDueAsync()).ShouldBeEmpty("a failed run is retried after the interval, not in a loop");
        task.Fail = null;
        clock.Advance(TimeSpan.FromMinutes(10));
        (await runner.RunDueAsync()).ShouldBe(["test.counting"]);
        var recovered = (await store.GetAsync("test.counting"))!;
        recovered.LastError.ShouldBeNull();
        recovered.LastResult.ShouldBe("run 2");
    }

    [Fact]
    public async Task TwoHosts_OnOnePostgres_RunEachDueRunOfATaskExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        var clock = new FakeClock();
        // Two app hosts (each its own connection pool and node name) on one database, racing for the same runs.
        var runs = new ConcurrentQueue<string>();
        AppFactory Host(string node) => new(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false", ["Queue:NodeName"] = node },
            s => s.AddSingleton<IScheduledTask>(new SharedTask(runs, node)));
        await using var a = Host("host-a");
        await using var b = Host("host-b");
        var runnerA = a.Service<ScheduledTaskRunner>();
        var runnerB = b.Service<ScheduledTaskRunner>();

        const int rounds = 25;
        for (var i = 0; i < rounds; i++)
        {
            var ran = await Task.WhenAll(runnerA.RunDueAsync(), runnerB.RunDueAsync());
            ran.Sum(r => r.Count(k => k == SharedTask.TaskKey)).ShouldBe(1, $"round {i}: one host ran it");
            clock.Advance(TimeSpan.FromMinutes(5));
        }
        runs.Count.ShouldBe(rounds);
        var row = (await a.Service<ScheduledTaskStore>().GetAsync(SharedTask.TaskKey))!;
        row.LastResult.ShouldStartWith("ran on host-");
    }

    /// <summary>The same task registered on two hosts; each run takes a little while so that the hosts overlap.</summary>
    private sealed class SharedTask(ConcurrentQueue<string> runs, string node) : IScheduledTask
    {
        public const string TaskKey = "test.shared";
        public string Key => TaskKey;
        public string Name => "Shared";
        public string Description => "Runs on one host per run.";
        public TimeSpan Interval => TimeSpan.FromMinutes(5);

        public async Task<string?> RunAsync(CancellationToken ct)
        {
            runs.Enqueue(node);
            await Task.Delay(20, ct);
            return $"ran on {node}";
        }
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_ListsTheTasksWithLastAndNextRun_AndRunNowRunsOneEarly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var client = app.OperatorClient();
        var started = clock.GetUtcNow();

        // The background runner runs every task once at the first start.
        var tasks = await Eventually.WaitAsync(async () => await client.GetFromJsonAsync<JsonElement[]>("/api/admin/scheduled-tasks"),
            l => l!.Length > 0 && l.All(t => t.GetProperty("lastFinishedAt").ValueKind == JsonValueKind.String), "every task's first run");
        tasks!.Select(t => t.GetProperty("key").GetString()).ShouldBe(["backup.scheduled", "calendar.sync", "campaigns.send", "crm.poll", "data.retention", "email.digest-schedule", "email.weekly-report-schedule", "followup.sweep", "metrics.fold", "quotes.expiry", "recordings.retention", "subscriptions.lifecycle", "usage.rollup"]);
        var expiry = tasks!.Single(t => t.GetProperty("key").GetString() == "quotes.expiry");
        expiry.GetProperty("name").GetString().ShouldBe("Expire quotes");
        expiry.GetProperty("description").GetString()!.ShouldContain("expired");
        expiry.GetProperty("interval").GetString().ShouldBe("01:00:00");
        expiry.GetProperty("lastResult").GetString().ShouldBe("0 quote(s) expired");
        expiry.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        expiry.GetProperty("running").GetBoolean().ShouldBeFalse();
        expiry.GetProperty("nextRunAt").GetDateTimeOffset().ShouldBe(started + TimeSpan.FromHours(1));

        clock.Advance(TimeSpan.FromMinutes(5));
        var response = await client.PostAsync("/api/admin/scheduled-tasks/quotes.expiry/run", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString().ShouldBe("quotes.expiry");
        var rerun = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement[]>("/api/admin/scheduled-tasks"))!.Single(t => t.GetProperty("key").GetString() == "quotes.expiry"),
            t => t.GetProperty("lastFinishedAt").GetDateTimeOffset() == clock.GetUtcNow(), "the run asked for, 55 minutes early");
        rerun.GetProperty("nextRunAt").GetDateTimeOffset().ShouldBe(clock.GetUtcNow() + TimeSpan.FromHours(1));
        rerun.GetProperty("runRequested").GetBoolean().ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_AnswersAnUnknownKeyWith404NamingIt_AndRequiresTheOperatorKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });

        var missing = await app.OperatorClient().PostAsync("/api/admin/scheduled-tasks/no.such-task/run", null);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("detail").GetString()!.ShouldContain("'no.such-task'");

        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/admin/scheduled-tasks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("/api/admin/scheduled-tasks/quotes.expiry/run", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var conn = await db.Db.OpenAsync();
        (await Dapper.SqlMapper.ExecuteScalarAsync<int>(conn, "SELECT COUNT(*) FROM scheduled_tasks WHERE run_now_requested_at IS NOT NULL")).ShouldBe(0,
            "an unauthorized request asks for nothing");
    }
}
