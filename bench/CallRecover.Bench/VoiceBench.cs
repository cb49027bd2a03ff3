using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Voice;

// The voice receptionist case (issue 22, --voice N): N missed calls answered by the receptionist at once, each caller
// going through the same 5-turn qualification script (names and addresses vary per call), with the built-in engine.
// Relay path: the time from sending a ConversationRelay "prompt" frame to the first "text" token back (goal p99 < 150 ms),
// and to the last token. Gather path: the answer time of each signed <Gather action> webhook (goal p99 < 300 ms).
// Each path runs on a fresh app (Voice__Path is a process setting). Both measure the carrier's side: nothing is faked
// in the app; the carrier's Messages.json is the shared loopback FakeCarrier.

sealed record VoiceBenchOptions(int Calls, int Rounds, int Warmup, double PauseMs, string Database, string? ConnectionString, IReadOnlyList<string> AppEnv)
{
    public static VoiceBenchOptions Parse(string[] args, BenchOptions common)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        // --voice N: N is optional (50 when the next argument is another option or missing).
        var n = Get("--voice") is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 50;
        // Warm-up: twice N calls through the script (10 N turns) before measuring. Fewer (2 x 5 calls) left the first
        // measured rounds on tier-0 JIT code: a 50-call script took 1.3–4 s then, 0.8–0.9 s from the 7th round on.
        return new VoiceBenchOptions(n,
            int.Parse(Get("--voice-rounds") ?? "1", CultureInfo.InvariantCulture),
            int.Parse(Get("--voice-warmup") ?? n.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            double.Parse(Get("--voice-pause") ?? "0", CultureInfo.InvariantCulture),
            common.Database,
            common.Database == "postgres" ? common.ConnectionString ?? Environment.GetEnvironmentVariable("CALLRECOVER_BENCH_POSTGRES") : null,
            common.AppEnv);
    }
}

/// <summary>One measured caller turn: what was said, and the times (ms) the carrier saw.</summary>
sealed record VoiceTurnTiming(int Turn, double FirstMs, double LastMs, DateTimeOffset SentUtc);

sealed record VoicePhaseResult(string Path, List<double> FirstMs, List<double> LastMs, List<double> SetupMs, int Turns, int Errors, List<string> Breakdown);

static class VoiceBench
{
    public const double RelayGoalMs = 150, GatherGoalMs = 300;

    static readonly string[] FirstNames = ["Dana", "Marcus", "Priya", "Tom", "Elena", "Jamal", "Grace", "Luis", "Hannah", "Owen", "Keiko", "Rafael", "Sofia", "Derek", "Amara", "Victor"];
    static readonly string[] LastNames = ["Whitfield", "Okafor", "Raman", "Kowalski", "Brennan", "Castillo", "Nguyen", "Lindqvist", "Patel", "Moreau", "Hughes", "Sato"];
    static readonly string[] Streets = ["Oak St", "Maple Ave", "Cedar Rd", "Elm Dr", "Birch Ln", "Lakeview Blvd", "Walnut Ct", "Pine St", "Hillcrest Dr", "Main St"];
    static readonly (string Town, string Zip)[] Towns = [("Springfield", "62704"), ("Decatur", "62521"), ("Champaign", "61820"), ("Peoria", "61602"), ("Bloomington", "61701")];

    /// <summary>Call k's five lines: the problem, how soon, the name, the address, the time (each call its own name and address).</summary>
    public static string[] Script(int k)
    {
        var name = $"{FirstNames[k % FirstNames.Length]} {LastNames[k / FirstNames.Length % LastNames.Length]}";
        var (town, zip) = Towns[k % Towns.Length];
        var address = $"{10 + k * 7 % 980} {Streets[k % Streets.Length]}, {town} {zip}";
        return ["my AC is not cooling", "it can wait a few days", name, address, "tomorrow morning"];
    }

    public static async Task<bool> RunAsync(VoiceBenchOptions o, string appDll)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"voice receptionist case ({o.Database}, built-in engine): {o.Calls} missed calls answered at once x {o.Rounds} round(s), " +
            $"5 caller turns each{(o.PauseMs > 0 ? $" ({o.PauseMs * 0.5:F0}–{o.PauseMs * 1.5:F0} ms between a reply and the next line, the caller listening and talking)" : " (each line sent as soon as the reply is in)")}; " +
            $"{o.Warmup} warm-up call(s) first, not measured; {Environment.ProcessorCount} CPU(s)");
        if (o.Database == "postgres" && o.ConnectionString is null)
        {
            Console.WriteLine("  FAILED: --db postgres needs --connection or CALLRECOVER_BENCH_POSTGRES");
            return false;
        }
        var relay = await PhaseAsync(o, VoicePaths.Relay, appDll);
        var gather = await PhaseAsync(o, VoicePaths.Gather, appDll);

        Console.WriteLine();
        Console.WriteLine("| database | measurement | turns | p50 | p95 | p99 | max | goal | result |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        void Row(string what, List<double> ms, double? goal) =>
            Console.WriteLine(string.Create(inv, $"| {o.Database} | {what} | {ms.Count} | {P(ms, 50):F1} ms | {P(ms, 95):F1} ms | {P(ms, 99):F1} ms | {Max(ms):F1} ms | " +
                $"{(goal is { } g ? $"p99 < {g:F0} ms" : "—")} | {(goal is { } g2 ? P(ms, 99) < g2 ? "PASS" : "FAIL" : "—")} |"));
        Row("relay prompt → first token", relay.FirstMs, RelayGoalMs);
        Row("relay prompt → last token", relay.LastMs, null);
        Row("gather webhook answer", gather.FirstMs, GatherGoalMs);
        Row("call set-up webhooks (incoming + no-answer), relay app", relay.SetupMs, null);
        Row("call set-up webhooks (incoming + no-answer), gather app", gather.SetupMs, null);
        var errors = relay.Errors + gather.Errors;
        var relayOk = relay.FirstMs.Count > 0 && P(relay.FirstMs, 99) < RelayGoalMs;
        var gatherOk = gather.FirstMs.Count > 0 && P(gather.FirstMs, 99) < GatherGoalMs;
        Console.WriteLine($"turns measured      relay {relay.Turns} of {o.Calls * o.Rounds * 5}, gather {gather.Turns} of {o.Calls * o.Rounds * 5}");
        Console.WriteLine($"errors              {errors} (relay {relay.Errors}, gather {gather.Errors}: non-2xx, socket closed early, unexpected end or hang-up)");
        Console.WriteLine(string.Create(inv, $"goals               relay first token p99 {P(relay.FirstMs, 99):F1} ms < {RelayGoalMs:F0} ms: {(relayOk ? "PASS" : "FAIL")}; " +
            $"gather webhook p99 {P(gather.FirstMs, 99):F1} ms < {GatherGoalMs:F0} ms: {(gatherOk ? "PASS" : "FAIL")}; errors {errors}: {(errors == 0 ? "PASS" : "FAIL")}"));
        return relayOk && gatherOk && errors == 0;
    }

    /// <summary>One path on a fresh app: warm-up calls, then the measured rounds of N simultaneous calls.</summary>
    static async Task<VoicePhaseResult> PhaseAsync(VoiceBenchOptions o, string path, string appDll)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"{path} path ({o.Database}): fresh app, Voice__Path={path}");
        await using var carrier = await FakeCarrier.StartAsync();
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var accountSid = "AC" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await using var pgDatabase = o.Database == "postgres" ? await BenchDatabase.CreateAsync(o.ConnectionString!) : null;
        var env = new Dictionary<string, string>
        {
            ["Carrier__Provider"] = "twilio", ["Carrier__BaseUrl"] = carrier.BaseUrl, ["Carrier__AccountSid"] = accountSid, ["Carrier__AuthToken"] = token,
            ["Voice__Path"] = path, ["Ai__Provider"] = "builtin",
        };
        if (pgDatabase is not null) (env["Database__Provider"], env["Database__ConnectionString"]) = ("postgres", pgDatabase.ConnectionString);
        foreach (var kv in o.AppEnv)
        {
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) env[kv[..eq]] = kv[(eq + 1)..];
        }
        var (app, baseUrl, opKey, dataDir, appLog) = BenchApp.Start(appDll, env);
        using var appProcess = app;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        var first = new ConcurrentBag<double>();
        var last = new ConcurrentBag<double>();
        var setup = new ConcurrentBag<double>();
        var errors = 0;
        var breakdown = new List<string>();
        try
        {
            await BenchApp.WaitReadyAsync(http, app, appLog);
            // Open every day 07:00–19:00 so that "tomorrow morning" has slots to offer whatever day the bench runs.
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/admin/businesses")
            {
                Content = JsonContent.Create(new Dictionary<string, object>
                {
                    ["name"] = "Bench Heating & Cooling", ["ownerName"] = "Sam Rivera", ["ownerEmail"] = "owner@bench.example", ["ownerPhone"] = "+13055550001",
                    ["businessPhone"] = "+13055560001", ["carrierNumber"] = "+13055570001", ["vertical"] = "hvac", ["timeZone"] = "America/Chicago",
                    ["services"] = new[] { "AC repair", "Furnace repair", "Tune-up" }, ["voiceReceptionist"] = VoiceReceptionistModes.Always,
                    ["businessHours"] = WeeklyHours.DayNames.ToDictionary(d => d, _ => new { open = "07:00", close = "19:00" }),
                    ["notificationPrefs"] = new { sms = true, email = false, quietStart = "00:00", quietEnd = "00:00" },
                }),
            };
            create.Headers.Authorization = new("Bearer", opKey);
            using var created = await http.SendAsync(create);
            if (!created.IsSuccessStatusCode) throw new HttpRequestException($"POST /api/admin/businesses → {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
            var business = await created.Content.ReadFromJsonAsync<JsonElement>();
            var businessId = business.GetProperty("id").GetString()!;
            var carrierNumber = business.GetProperty("carrierNumber").GetString()!;

            var seq = 0;
            var sample = "";
            var callIds = new ConcurrentBag<(string CallId, List<VoiceTurnTiming> Turns)>();
            // One round: n calls are missed at the same instant; once all are answered (the socket open, or the first
            // <Gather>), all start the script at the same instant, so their prompts arrive together: N calls at once.
            // Measured turns go to the bags when measure is true. Returns the app's CPU (ms) and the time (s) of the scripts.
            async Task<(double CpuMs, double Seconds)> RoundAsync(int n, bool measure)
            {
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var arrived = 0;
                double cpuAtGo = 0;
                long goAt = 0;
                Task ArriveAsync()
                {
                    if (Interlocked.Increment(ref arrived) == n) { cpuAtGo = CpuMs(app.Id); goAt = Stopwatch.GetTimestamp(); go.TrySetResult(); }
                    return go.Task;
                }
                var sockets = new ConcurrentBag<ClientWebSocket>();
                var tasks = Enumerable.Range(0, n).Select(async i =>
                {
                    var k = Interlocked.Increment(ref seq);
                    var call = new SimCall($"+1786{k / 10000 % 1000 + 200:D3}{k % 10000:D4}", carrierNumber, "CA" + Guid.NewGuid().ToString("N"));
                    var script = Script(k);
                    await start.Task;
                    var timings = new List<VoiceTurnTiming>();
                    var atBarrier = false;
                    try
                    {
                        var form = CarrierForm.CallForm(call, accountSid);
                        var t0 = Stopwatch.GetTimestamp();
                        var twiml = await CarrierForm.PostSignedAsync(http, baseUrl, "/webhook/voice/incoming", form, token);
                        if (measure) setup.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        var action = XDocument.Parse(twiml).Descendants("Dial").Single().Attribute("action")!.Value;
                        form.Add(new("DialCallStatus", "no-answer"));
                        form.Add(new("DialCallSid", "CA" + Guid.NewGuid().ToString("N")));
                        t0 = Stopwatch.GetTimestamp();
                        twiml = await CarrierForm.PostSignedAsync(http, baseUrl, action[baseUrl.Length..], form, token);
                        if (measure) setup.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        form.RemoveAll(f => f.Key is "DialCallStatus" or "DialCallSid");
                        var root = XDocument.Parse(twiml).Root!;
                        if (path == VoicePaths.Relay)
                        {
                            var url = root.Descendants("ConversationRelay").SingleOrDefault()?.Attribute("url")?.Value
                                ?? throw new InvalidOperationException($"no <ConversationRelay> in the call-completed answer: {twiml}");
                            var socket = new ClientWebSocket();
                            sockets.Add(socket);
                            socket.Options.SetRequestHeader(CarrierWebhook.TwilioHeader, WebhookSignature.Compute(url, [], token));
                            await socket.ConnectAsync(new Uri(url), CancellationToken.None);
                            await SendAsync(socket, new { type = "setup", sessionId = "VX" + Guid.NewGuid().ToString("N"), accountSid, callSid = call.CallSid, from = call.From, to = carrierNumber, direction = "inbound", customParameters = new { } });
                            atBarrier = true;
                            await ArriveAsync();
                            for (var turn = 0; turn < script.Length; turn++)
                            {
                                if (o.PauseMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(o.PauseMs * (0.5 + Random.Shared.NextDouble())));
                                var sentUtc = DateTimeOffset.UtcNow;
                                var sent = Stopwatch.GetTimestamp();
                                await SendAsync(socket, new { type = "prompt", voicePrompt = script[turn], lang = "en-US", last = true });
                                double? firstMs = null;
                                var text = new StringBuilder();
                                while (true)
                                {
                                    var frame = await ReceiveAsync(socket) ?? throw new InvalidOperationException($"the socket closed early at turn {turn + 1}: {socket.CloseStatus} {socket.CloseStatusDescription}");
                                    var type = frame.GetProperty("type").GetString();
                                    if (type == "end") throw new InvalidOperationException($"unexpected end frame at turn {turn + 1} (\"{script[turn]}\"): {frame.GetProperty("handoffData").GetString()}");
                                    if (type != "text") continue;
                                    firstMs ??= Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                                    text.Append(frame.GetProperty("token").GetString());
                                    if (frame.GetProperty("last").GetBoolean()) break;
                                }
                                var lastMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                                timings.Add(new VoiceTurnTiming(turn, firstMs!.Value, lastMs, sentUtc));
                                if (measure) { first.Add(firstMs.Value); last.Add(lastMs); }
                                if (turn == script.Length - 1 && sample.Length == 0) sample = text.ToString();
                            }
                        }
                        else
                        {
                            atBarrier = true;
                            await ArriveAsync();
                            for (var turn = 0; turn < script.Length; turn++)
                            {
                                var gather = root.Element("Gather") ?? throw new InvalidOperationException($"unexpected end before turn {turn + 1}: {twiml}");
                                var turnUrl = gather.Attribute("action")!.Value;
                                if (o.PauseMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(o.PauseMs * (0.5 + Random.Shared.NextDouble())));
                                var turnForm = new List<KeyValuePair<string, string>>(form) { new("SpeechResult", script[turn]), new("Confidence", "0.91") };
                                var sentUtc = DateTimeOffset.UtcNow;
                                var sent = Stopwatch.GetTimestamp();
                                twiml = await CarrierForm.PostSignedAsync(http, baseUrl, turnUrl[baseUrl.Length..], turnForm, token);
                                var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                                timings.Add(new VoiceTurnTiming(turn, ms, ms, sentUtc));
                                if (measure) first.Add(ms);
                                root = XDocument.Parse(twiml).Root!;
                                if (root.Element("Gather") is null) throw new InvalidOperationException($"unexpected end at turn {turn + 1} (\"{script[turn]}\"): {twiml}");
                                if (turn == script.Length - 1 && sample.Length == 0) sample = string.Join(" ", root.Descendants("Say").Select(s => s.Value));
                            }
                        }
                        if (measure) callIds.Add((call.CallSid, timings));
                    }
                    catch (Exception ex)
                    {
                        if (!atBarrier) _ = ArriveAsync(); // the others must not wait for a call that failed before its script
                        if (measure && Interlocked.Increment(ref errors) <= 5) Console.WriteLine($"  call failed: {ex.Message}");
                        else if (!measure) Console.WriteLine($"  warm-up call failed: {ex.Message}");
                    }
                }).ToList();
                start.SetResult();
                await Task.WhenAll(tasks);
                var scriptCpu = CpuMs(app.Id) - cpuAtGo;
                var scriptSeconds = Stopwatch.GetElapsedTime(goAt).TotalSeconds;
                // Every caller hangs up once all are through the script (so that no drop is handled during the measurement).
                foreach (var s in sockets)
                {
                    try { if (s.State == WebSocketState.Open) await s.CloseAsync(WebSocketCloseStatus.NormalClosure, "caller hung up", CancellationToken.None); }
                    catch (WebSocketException) { }
                    s.Dispose();
                }
                await BenchApp.WaitQueueIdleAsync(http, opKey);
                return (scriptCpu, scriptSeconds);
            }

            if (o.Warmup > 0)
            {
                var w = Stopwatch.GetTimestamp();
                await RoundAsync(o.Warmup, measure: false);
                await RoundAsync(o.Warmup, measure: false);
                Console.WriteLine($"  warm-up             2 x {o.Warmup} calls through the script in {Stopwatch.GetElapsedTime(w).TotalSeconds:F1} s (not measured)");
            }
            for (var r = 0; r < o.Rounds; r++)
            {
                var began = Stopwatch.GetTimestamp();
                var benchCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
                var (appCpu, scriptSeconds) = await RoundAsync(o.Calls, measure: true);
                var wall = Stopwatch.GetElapsedTime(began).TotalSeconds;
                var benchCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - benchCpu0;
                // The app's CPU from the first prompt to the last reply (10 ms ticks) over the turns: its cost of a turn.
                // N turns arriving together on C cores cannot all be answered before N x (CPU per turn) / C.
                var floor = o.PauseMs > 0 ? "(paced: includes the app's idle background work)"
                    : string.Create(inv, $"(so {o.Calls} prompts at once need ≥ {appCpu / 5 / Environment.ProcessorCount:F0} ms on {Environment.ProcessorCount} cores)");
                Console.WriteLine(string.Create(inv, $"  round {r + 1}             {o.Calls} calls in {wall:F1} s, their 5-turn scripts in {scriptSeconds:F1} s; app CPU during the scripts {appCpu / 1000:F2} s = {appCpu / (o.Calls * 5):F1} ms per turn " +
                    $"{floor}; bench CPU over the round {benchCpu / 1000:F1} s; " +
                    $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; app threads {ProcField(app.Id, "Threads:")}, RSS {ProcField(app.Id, "VmRSS:") / 1024} MB"));
            }
            if (sample.Length > 0) Console.WriteLine($"  5th reply (sample)  \"{sample}\"");

            // Where the time goes, from the app's own transcript: the caller's line is stamped when the engine has read it
            // (before the write transaction), the receptionist's reply inside the transaction; the bench stamped the send.
            breakdown = await BreakdownAsync(http, opKey, businessId, [.. callIds]);
            foreach (var line in breakdown) Console.WriteLine("  " + line);

            var f = first.Order().ToList();
            var l = last.Order().ToList();
            var s2 = setup.Order().ToList();
            Console.WriteLine(path == VoicePaths.Relay
                ? string.Create(inv, $"  prompt → first token p50 {P(f, 50):F1} p95 {P(f, 95):F1} p99 {P(f, 99):F1} max {Max(f):F1} ms; → last token p50 {P(l, 50):F1} p99 {P(l, 99):F1} max {Max(l):F1} ms ({f.Count} turns, {errors} errors)")
                : string.Create(inv, $"  gather webhook      p50 {P(f, 50):F1} p95 {P(f, 95):F1} p99 {P(f, 99):F1} max {Max(f):F1} ms ({f.Count} turns, {errors} errors)"));
            return new VoicePhaseResult(path, f, l, s2, f.Count, errors, breakdown);
        }
        catch (Exception ex)
        {
            Console.WriteLine($"  FAILED: {ex.Message}");
            foreach (var line in appLog.TakeLast(20)) Console.WriteLine("    " + line);
            return new VoicePhaseResult(path, [], [], [], 0, errors + 1, []);
        }
        finally
        {
            if (!app.HasExited) { app.Kill(entireProcessTree: true); await app.WaitForExitAsync(); }
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Per measured turn, from the transcript (ms since the session began, the app's clock) and the bench's UTC send time:
    /// send → caller line stamped (socket or webhook in, session/business/lead/transcript reads, the engine) and caller
    /// line → reply stamped (waiting for the write transaction, then the decision inside it); the rest is commit and send.
    /// </summary>
    static async Task<List<string>> BreakdownAsync(HttpClient http, string opKey, string businessId, List<(string CallSid, List<VoiceTurnTiming> Turns)> calls)
    {
        var hear = new List<double>();
        var decide = new List<double>();
        var rest = new List<double>();
        using var listReq = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/businesses/{businessId}/calls?limit=1000");
        listReq.Headers.Authorization = new("Bearer", opKey);
        using var listed = await http.SendAsync(listReq);
        if (!listed.IsSuccessStatusCode) return [$"breakdown unavailable (GET calls → {(int)listed.StatusCode})"];
        var list = await listed.Content.ReadFromJsonAsync<JsonElement>();
        var items = list.ValueKind == JsonValueKind.Array ? list : list.TryGetProperty("items", out var it) ? it : list.TryGetProperty("calls", out var cs) ? cs : default;
        if (items.ValueKind != JsonValueKind.Array) return ["breakdown unavailable (calls list not understood)"];
        var bySid = new Dictionary<string, string>();
        foreach (var c in items.EnumerateArray())
            if (c.TryGetProperty("callSid", out var sid) && c.TryGetProperty("id", out var id)) bySid[sid.GetString()!] = id.GetString()!;
        foreach (var (callSid, turns) in calls)
        {
            if (!bySid.TryGetValue(callSid, out var callId)) continue;
            using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/businesses/{businessId}/calls/{callId}/transcript");
            req.Headers.Authorization = new("Bearer", opKey);
            using var r = await http.SendAsync(req);
            if (!r.IsSuccessStatusCode) continue;
            var t = await r.Content.ReadFromJsonAsync<JsonElement>();
            var startedAt = t.GetProperty("startedAt").GetDateTimeOffset();
            var lines = t.GetProperty("turns").EnumerateArray().Select(x => (Speaker: x.GetProperty("speaker").GetString(), At: x.GetProperty("atMs").GetInt64())).ToList();
            // Lines: greeting, then (caller, receptionist) per turn.
            foreach (var turn in turns)
            {
                var ci = 1 + 2 * turn.Turn;
                if (ci + 1 >= lines.Count || lines[ci].Speaker != "caller") continue;
                var sentMs = (turn.SentUtc - startedAt).TotalMilliseconds;
                hear.Add(lines[ci].At - sentMs);
                decide.Add(lines[ci + 1].At - lines[ci].At);
                rest.Add(turn.FirstMs - (lines[ci + 1].At - sentMs));
            }
        }
        if (hear.Count == 0) return ["breakdown unavailable (no transcript matched)"];
        var byTurn = calls.SelectMany(c => c.Turns).GroupBy(t => t.Turn).OrderBy(g => g.Key)
            .Select(g => { var v = g.Select(t => t.FirstMs).Order().ToList(); return string.Create(CultureInfo.InvariantCulture, $"{g.Key + 1}: {P(v, 50):F0}/{P(v, 99):F0}"); });
        hear.Sort(); decide.Sort(); rest.Sort();
        string Row(string what, List<double> v) => string.Create(CultureInfo.InvariantCulture, $"{what,-58} p50 {P(v, 50),6:F0}  p95 {P(v, 95),6:F0}  p99 {P(v, 99),6:F0}  max {Max(v),6:F0} ms");
        return
        [
            $"where the time goes ({hear.Count} turns; app clock in whole ms, so ±1–2 ms):",
            Row("  sent → caller line stamped (reads + engine, no tx)", hear),
            Row("  caller line → reply stamped (wait for write tx + decide)", decide),
            Row("  reply stamped → first token/answer (commit + send)", rest),
            $"  first token/answer by turn, p50/p99 ms: {string.Join(", ", byTurn)}",
        ];
    }

    static Task SendAsync(ClientWebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame, or null when the app closed the socket (30 s at most).</summary>
    static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = 0;
        while (true)
        {
            var r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            length += r.Count;
            if (r.EndOfMessage) return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
        }
    }


    /// <summary>The process's user + system CPU time so far (ms), from /proc/{pid}/stat (clock ticks of 10 ms).</summary>
    static double CpuMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) * 10.0;
        }
        catch (IOException) { return 0; }
    }

    static long ProcField(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }

    static double P(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    static double Max(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[^1];
}
