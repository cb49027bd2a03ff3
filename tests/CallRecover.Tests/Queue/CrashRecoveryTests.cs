using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Dapper;

namespace CallRecover.Tests.Queue;

/// <summary>
/// The real app binary as a child process, killed with SIGKILL in the middle of a burst of missed calls and started
/// again on the same database: nothing the app acknowledged is lost or texted twice, and the texts its dead run had
/// claimed go out within seconds of the restart, not after the 60 s lease.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Calls = 60, KillAfterAnswered = 20;

    [Theory, DatabaseData]
    public async Task KillDashNine_MidBurst_ThenRestart_EveryAnsweredMissedCallIsTextedOnce_AndTheLastWithinTenSecondsOfTheQueueStarting(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var carrier = await FakeCarrier.StartAsync();
        // Every text is accepted at once but answered only after 800 ms: at the kill, texts are claimed and in flight,
        // some already at the carrier without their SID recorded (the restart must find those, not send them again).
        carrier.Rule = _ => new FakeReply(201, Delay: TimeSpan.FromMilliseconds(800));
        await using var app = new ChildApp(db);
        var output = TestContext.Current.TestOutputHelper;

        await app.StartAsync(carrier);
        var carrierNumber = await app.CreateBusinessAsync();
        var seed = Random.Shared.Next(0, 700);
        var callers = Enumerable.Range(0, Calls).Select(i => $"+1786{seed + 200:D3}{i:D4}").ToList();

        // The burst: incoming, then the <Dial> result no-answer, for each caller, staggered. SIGKILL once 20 were answered
        // and the first text reached the carrier: from then on texts are claimed and in flight (each answered 800 ms late).
        var answered = new ConcurrentBag<string>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = callers.Select(async (from, i) =>
        {
            await Task.Delay(i * 25);
            if (killed.Task.IsCompleted) return;
            try
            {
                if (await app.MissedCallAsync(carrierNumber, from) == HttpStatusCode.OK) answered.Add(from);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { /* the process died under this request */ }
        }).ToList();
        await Eventually.WaitAsync(() => Task.FromResult(answered.Count >= KillAfterAnswered && carrier.Accepted.Any(m => callers.Contains(m.To))),
            "texts in flight", TimeSpan.FromSeconds(60));
        app.Kill();
        killed.SetResult();
        await Task.WhenAll(burst);
        var acknowledged = answered.ToHashSet();
        carrier.Rule = null;

        var held = await ScalarAsync(db, "SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND status = 'running'");
        var waiting = await ScalarAsync(db, "SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND status = 'pending'");
        var before = carrier.Accepted.Count(m => callers.Contains(m.To));
        held.ShouldBeGreaterThan(0, "the dead process held claimed texts (otherwise this test proves nothing)");

        var restartedAt = DateTimeOffset.UtcNow;
        await app.StartAsync(carrier);
        var ready = DateTimeOffset.UtcNow - restartedAt;
        await Eventually.WaitAsync(() => Task.FromResult(acknowledged.All(c => carrier.To(c).Count > 0)), "a text to every acknowledged caller",
            TimeSpan.FromSeconds(90));
        var last = acknowledged.Max(c => carrier.To(c).Min(m => m.CreatedAt));
        var first = carrier.Accepted.Where(m => m.CreatedAt > restartedAt).Select(m => (DateTimeOffset?)m.CreatedAt).Min();
        // Let the queue drain before counting, so a duplicate would have been sent by now.
        await Eventually.WaitAsync(async () => await ScalarAsync(db, "SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND status IN ('pending','running')") == 0,
            "the texts to drain", TimeSpan.FromSeconds(90));

        var figures = $"{provider}: {acknowledged.Count}/{Calls} calls acknowledged before SIGKILL; at the kill {held} text(s) claimed by the dead run, " +
                      $"{waiting} waiting, {before} at the carrier. Restart → queue worker started {(app.WorkerStartedAt - restartedAt)?.TotalSeconds:F2} s, " +
                      $"→ ready {ready.TotalSeconds:F2} s; restart → first text {(first - restartedAt)?.TotalSeconds:F2} s, → last text {(last - restartedAt).TotalSeconds:F2} s " +
                      $"(worker started → last text {(last - app.WorkerStartedAt)?.TotalSeconds:F2} s).";
        output?.WriteLine(figures);
        foreach (var caller in acknowledged) carrier.To(caller).Count.ShouldBe(1, $"{caller} was acknowledged: texted exactly once");
        foreach (var caller in callers.Except(acknowledged)) carrier.To(caller).Count.ShouldBeLessThanOrEqualTo(1, $"{caller} texted at most once");
        // Measured from the queue worker's start: how long the process takes to start (JIT, migrations check, DI) depends on
        // the machine's load (6.6 s on CI's loaded 2 cores once), and is not what this test is about.
        var workerStarted = app.WorkerStartedAt.ShouldNotBeNull("the restarted process says when its queue worker started");
        (last - workerStarted).ShouldBeLessThan(TimeSpan.FromSeconds(10), "the last text goes out within 10 s of the queue starting again, not after the 60 s lease. " + figures);
        (last - restartedAt).ShouldBeLessThan(TimeSpan.FromSeconds(30), "nothing waits out the dead run's 60 s lease. " + figures);
    }

    private static async Task<int> ScalarAsync(TestDatabase db, string sql)
    {
        await using var conn = await db.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<int>(sql);
    }

    /// <summary>The app binary (<c>dotnet CallRecover.dll</c>) on a loopback port, configured through environment variables.</summary>
    private sealed class ChildApp(TestDatabase db) : IAsyncDisposable
    {
        private const string OperatorKey = "crash-test-operator-key-0123456789";
        private readonly int _port = FreePort();
        private readonly string _dir = Directory.CreateTempSubdirectory("callrecover-crash-").FullName;
        private readonly ConcurrentQueue<string> _log = new();
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
        private Process? _process;

        private string BaseUrl => $"http://127.0.0.1:{_port}";

        public async Task StartAsync(FakeCarrier carrier)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CallRecover.dll"));
            foreach (var (k, v) in new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Urls"] = BaseUrl, ["PublicBaseUrl"] = BaseUrl,
                ["Database__Provider"] = db.Provider, ["Database__ConnectionString"] = db.ConnectionString,
                ["Carrier__Provider"] = CarrierOptions.Twilio, ["Carrier__BaseUrl"] = carrier.BaseUrl,
                ["Carrier__AccountSid"] = FakeCarrier.AccountSid, ["Carrier__AuthToken"] = FakeCarrier.AuthToken,
                ["SeedDemo"] = "false", ["Operator__ApiKey"] = OperatorKey, ["DataProtection__KeyEncryptionSecret"] = AppFactory.KeySecret,
                // Queue:Lease stays at its 60 s default: recovery must not wait for it.
            }) psi.Environment[k] = v;
            WorkerStartedAt = null;
            _process = Process.Start(psi)!;
            _process.OutputDataReceived += (_, e) => Keep(e.Data);
            _process.ErrorDataReceived += (_, e) => Keep(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) throw new InvalidOperationException("The app exited at start:\n" + string.Join('\n', _log));
                try
                {
                    if ((await _http.GetAsync(BaseUrl + "/health/ready")).IsSuccessStatusCode) return;
                }
                catch (HttpRequestException) { }
                await Task.Delay(50);
            }
            throw new TimeoutException("The app did not become ready:\n" + string.Join('\n', _log));
        }

        /// <summary>When the current process logged that its queue worker started (its first claim follows at once).</summary>
        public DateTimeOffset? WorkerStartedAt { get; private set; }

        private void Keep(string? line)
        {
            if (line is null) return;
            if (line.Contains("Work queue worker", StringComparison.Ordinal) && line.Contains("started", StringComparison.Ordinal)) WorkerStartedAt = DateTimeOffset.UtcNow;
            _log.Enqueue(line);
            while (_log.Count > 300) _log.TryDequeue(out _);
        }

        /// <summary>SIGKILL: no shutdown code runs, claims stay as they were.</summary>
        public void Kill()
        {
            if (_process is not { HasExited: false } p) return;
            p.Kill(entireProcessTree: false);
            p.WaitForExit();
        }

        /// <summary>Creates a business through the operator API; returns its carrier number.</summary>
        public async Task<string> CreateBusinessAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/api/admin/businesses")
            {
                Content = JsonContent.Create(TestBusinesses.NewInput() with
                {
                    NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { Sms = true, Email = false, QuietStart = "00:00", QuietEnd = "00:00" },
                }, options: CallRecover.Common.Json.Options),
            };
            request.Headers.Authorization = new("Bearer", OperatorKey);
            using var response = await _http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("carrierNumber").GetString()!;
        }

        /// <summary>The signed incoming-call webhook, then the signed &lt;Dial action&gt; with no-answer; the second's status.</summary>
        public async Task<HttpStatusCode> MissedCallAsync(string carrierNumber, string from)
        {
            var callSid = "CA" + Guid.NewGuid().ToString("N");
            List<KeyValuePair<string, string>> form =
            [
                new("CallSid", callSid), new("AccountSid", FakeCarrier.AccountSid), new("From", from), new("To", carrierNumber),
                new("CallStatus", "ringing"), new("Direction", "inbound"), new("ApiVersion", "2010-04-01"),
            ];
            using var incoming = await PostSignedAsync("/webhook/voice/incoming", form);
            if (incoming.StatusCode != HttpStatusCode.OK) return incoming.StatusCode;
            var action = System.Xml.Linq.XDocument.Parse(await incoming.Content.ReadAsStringAsync()).Descendants("Dial").Single().Attribute("action")!.Value[BaseUrl.Length..];
            using var completed = await PostSignedAsync(action, [.. form, new("DialCallStatus", "no-answer"), new("DialCallSid", "CAleg" + callSid)]);
            return completed.StatusCode;
        }

        private async Task<HttpResponseMessage> PostSignedAsync(string pathAndQuery, List<KeyValuePair<string, string>> form)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + pathAndQuery) { Content = new FormUrlEncodedContent(form) };
            request.Headers.TryAddWithoutValidation(CarrierWebhook.TwilioHeader, WebhookSignature.Compute(BaseUrl + pathAndQuery, form, FakeCarrier.AuthToken));
            return await _http.SendAsync(request);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process?.Dispose();
            _http.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
            return ValueTask.CompletedTask;
        }
    }
}
