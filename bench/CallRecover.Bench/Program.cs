using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Xml.Linq;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// Missed-call benchmark (issue 3; the campaign case of issue 19 is in CampaignBench.cs, --campaign N): N callers whose calls go unanswered at the same moment. Each sends the signed
// incoming-call webhook, then the signed <Dial action> result "no-answer"; the app must answer both quickly and hand
// each caller's greeting to the carrier. Text-back latency = call-completed sent → Messages.json POST arrives here.
var opts = BenchOptions.Parse(args);
if (opts.Nodes < 1 || (opts.Nodes > 1 && opts.Database != "postgres"))
{
    Console.Error.WriteLine("--nodes N: N ≥ 1, and more than one node needs --db postgres (nodes share one database server).");
    return 2;
}
var invariant = CultureInfo.InvariantCulture;
// The estimate case (issue 23): parts prices with a provider hanging, down, answering and cached. In the suite too.
var estimateRequests = Array.IndexOf(args, "--estimates") is var ei and >= 0 && ei + 1 < args.Length ? int.Parse(args[ei + 1], invariant) : 50;
if (!opts.Suite && args.Contains("--estimates")) return await EstimateBench.RunAsync(estimateRequests, opts.AppDll ?? FindAppDll()) ? 0 : 1;
// The voice receptionist case (issue 22, VoiceBench.cs): --voice N calls at once on the relay and the Gather path.
if (!opts.Suite && args.Contains("--voice")) return await VoiceBench.RunAsync(VoiceBenchOptions.Parse(args, opts), opts.AppDll ?? FindAppDll()) ? 0 : 1;
if (!opts.Suite)
{
    if (opts.Campaign > 0) return (await RunCampaignCaseAsync(opts)).Ok ? 0 : 1;
    var single = await RunCaseAsync(opts);
    return single.Ok ? 0 : 1;
}

// The whole picture in one invocation: a bare Kestrel endpoint on this machine, then the steady and the burst case on
// SQLite, and on PostgreSQL when a connection string is given (--connection or CALLRECOVER_BENCH_POSTGRES).
var pg = opts.ConnectionString ?? Environment.GetEnvironmentVariable("CALLRECOVER_BENCH_POSTGRES");
var bare = await BareKestrel.MeasureAsync(concurrency: 64, seconds: 5);
Console.WriteLine($"bare Kestrel        {bare:F0} form posts/s (64 concurrent clients, one 200 per post, no work)");
var cases = new List<CaseResult>();
foreach (var db in pg is null ? ["sqlite"] : new[] { "sqlite", "postgres" })
{
    cases.Add(await RunCaseAsync(opts with { Database = db, ConnectionString = db == "postgres" ? pg : null, Ring = opts.SteadyRing, Duration = opts.SteadyDuration }));
    cases.Add(await RunCaseAsync(opts with { Database = db, ConnectionString = db == "postgres" ? pg : null, Ring = 0 }));
    // Scale-out: the same burst split across two nodes on one PostgreSQL, each call texted exactly once.
    if (db == "postgres") cases.Add(await RunCaseAsync(opts with { Database = db, ConnectionString = pg, Ring = 0, Nodes = 2 }));
}
Console.WriteLine();
Console.WriteLine($"| database | case | calls | webhook p50 / p99 | text-back p50 / p99 | webhooks/s (of bare Kestrel) | peak RSS | lost / dup / failed |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var c in cases)
    Console.WriteLine(string.Create(invariant, $"| {c.Database} | {c.Case} | {c.Calls} | {c.WebP50:F1} / {c.WebP99:F1} ms | {c.TextP50:F1} / {c.TextP99:F1} ms | {c.WebhooksPerSecond:F0} ({100 * c.WebhooksPerSecond / bare:F1} %) | {c.PeakMb:F0} MB | {c.Lost} / {c.Duplicates} / {c.Errors} |"));
Console.WriteLine($"{Environment.ProcessorCount} CPU(s); targets: webhook p99 < 50 ms, text-back p99 < 100 ms, nothing lost, duplicated or failed");
var campaignCases = new List<CampaignCaseResult>();
if (opts.Campaign > 0)
{
    foreach (var db in pg is null ? ["sqlite"] : new[] { "sqlite", "postgres" })
        campaignCases.Add(await RunCampaignCaseAsync(opts with { Database = db, ConnectionString = db == "postgres" ? pg : null }));
    Console.WriteLine();
    CampaignCaseResult.PrintTable(campaignCases);
}
var estimatesOk = estimateRequests == 0 || await EstimateBench.RunAsync(estimateRequests, opts.AppDll ?? FindAppDll());
return cases.All(c => c.Ok) && campaignCases.All(c => c.Ok) && estimatesOk ? 0 : 1;

// The campaign case (issue 19): the same bursts on a fresh app without a campaign (the baseline), then on a fresh app
// while a campaign of opts.Campaign recipients sends at opts.Budget texts per second.
static async Task<CampaignCaseResult> RunCampaignCaseAsync(BenchOptions opts)
{
    // Issue 19's case is one burst of 200 calls during the campaign; --rounds R repeats it (R bursts while it sends).
    var o = opts with { Ring = 0, Rounds = opts.RoundsGiven ? opts.Rounds : 1 };
    // The three runs and the campaign's own time (at the budget), with room: the zone's window must stay open that long.
    var needed = TimeSpan.FromSeconds(opts.Campaign / (double)opts.Budget * 1.2 + 420);
    Console.WriteLine();
    Console.WriteLine($"CallRecover campaign benchmark ({o.Database}): {o.Calls} calls completing at the same instant x {o.Rounds} round(s), without, with a {o.Campaign}-recipient campaign sending at {o.Budget} texts/s, and without again");
    var zone = CampaignZones.Choose(opts.Zone, needed, out var note);
    Console.WriteLine(note);
    if (zone is not { } z) return new CampaignCaseResult(opts.Database, null, [], null, note);
    var plan = new CampaignPlan(opts.Campaign, opts.Budget, z.Zone, z.AreaCode, opts.Settle, opts.BurstAge);
    if (!opts.Suite)
    {
        // This process is the callers and the carrier: warm it (JIT, thread pool) as the suite's bare Kestrel run does,
        // so that the first baseline does not also measure a cold bench.
        var warm = await BareKestrel.MeasureAsync(concurrency: 64, seconds: 5);
        Console.WriteLine($"bench warm-up        bare Kestrel {warm:F0} form posts/s (64 concurrent clients, 5 s)");
    }
    // Baseline, campaign, baseline again: on a machine whose load drifts, the two baselines show how much.
    var before = await RunCaseAsync(o, plan, withCampaign: false);
    var with = await RunCaseAsync(o, plan, withCampaign: true);
    var after = await RunCaseAsync(o, plan, withCampaign: false);
    var result = new CampaignCaseResult(opts.Database, plan, [before, after], with, with.CampaignError);
    Console.WriteLine();
    result.Print();
    return result;
}

static async Task<CaseResult> RunCaseAsync(BenchOptions opts, CampaignPlan? plan = null, bool withCampaign = false)
{
    var invariant = CultureInfo.InvariantCulture;
    Console.WriteLine();
    Console.WriteLine(plan is not null
        ? withCampaign
            ? $"campaign case ({opts.Database}), WITH the campaign: {opts.Calls} calls at the same instant x {opts.Rounds} round(s) to {opts.Businesses} business(es) while business #{opts.Businesses} sends a {plan.Recipients}-recipient campaign at {plan.PerSecond}/s ({plan.Zone})"
            : $"campaign case ({opts.Database}), baseline WITHOUT a campaign: {opts.Calls} calls at the same instant x {opts.Rounds} round(s) to {opts.Businesses} business(es), on a fresh app"
        : opts.Ring > 0
        ? $"CallRecover missed-call benchmark ({opts.Database}): {opts.Calls} calls ringing at once (each rings {opts.Ring:F0} s, the <Dial> timeout, then no-answer), {opts.Duration:F0} s measured, {opts.Businesses} business(es)"
        : $"CallRecover missed-call benchmark ({opts.Database}, burst): {opts.Calls} calls completing at the same instant x {opts.Rounds} round(s), {opts.Businesses} business(es)");
    await using var carrier = await FakeCarrier.StartAsync();
    // Credentials exist only between this process, the app it starts and its own loopback fake carrier: made fresh per run.
    var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    var accountSid = "AC" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    // PostgreSQL: a fresh database per case, dropped at the end (the connection string names a role that may create one).
    await using var pgDatabase = opts.Database == "postgres" ? await BenchDatabase.CreateAsync(opts.ConnectionString!) : null;
    var env = new Dictionary<string, string>
    {
        ["Carrier__Provider"] = "twilio", ["Carrier__BaseUrl"] = carrier.BaseUrl, ["Carrier__AccountSid"] = accountSid, ["Carrier__AuthToken"] = token,
    };
    if (pgDatabase is not null) (env["Database__Provider"], env["Database__ConnectionString"]) = ("postgres", pgDatabase.ConnectionString);
    // --app-env KEY=VALUE (repeatable): any other setting of the app, e.g. Campaigns__FeedAheadSeconds=4.
    foreach (var kv in opts.AppEnv)
    {
        var eq = kv.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0) env[kv[..eq]] = kv[(eq + 1)..];
    }
    if (opts.AppEnv.Count > 0) Console.WriteLine($"  app settings: {string.Join(", ", opts.AppEnv)}");
    var (app, baseUrl, opKey, dataDir, appLog) = BenchApp.Start(opts.AppDll ?? FindAppDll(), env);
    using var appProcess = app;
    // --nodes N (PostgreSQL): more apps on the same database, each its own process and port; a burst's calls are split
    // across them (call i goes to node i mod N, both its webhooks), as a load balancer in front of them would.
    var extraNodes = new List<(System.Diagnostics.Process App, string BaseUrl, string DataDir, HttpClient Http)>();

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
    };
    try
    {
        await BenchApp.WaitReadyAsync(http, app, appLog);
        for (var n = 1; n < opts.Nodes; n++)
        {
            // The first node made the schema; the others share it and its operator key.
            var (a, url, _, dir, log) = BenchApp.Start(opts.AppDll ?? FindAppDll(), new Dictionary<string, string>(env) { ["Operator__ApiKey"] = opKey });
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30),
            };
            extraNodes.Add((a, url, dir, client));
            await BenchApp.WaitReadyAsync(client, a, log);
        }
        if (opts.Nodes > 1) Console.WriteLine($"  {opts.Nodes} nodes on one database: {baseUrl}, {string.Join(", ", extraNodes.Select(x => x.BaseUrl))}");
        (HttpClient Http, string BaseUrl) NodeFor(int i) => i % opts.Nodes == 0 ? (http, baseUrl) : (extraNodes[i % opts.Nodes - 1].Http, extraNodes[i % opts.Nodes - 1].BaseUrl);
        var readyAt = Stopwatch.GetTimestamp();
        async Task<(string Id, string Carrier)> CreateBusinessAsync(int i, string? timeZone)
        {
            var body = new Dictionary<string, object>
            {
                ["name"] = $"Bench HVAC {i}", ["ownerName"] = "Bench Owner", ["ownerEmail"] = $"owner{i}@bench.example", ["ownerPhone"] = $"+1305555{i:D4}",
                ["businessPhone"] = $"+1305556{i:D4}", ["carrierNumber"] = $"+1305557{i:D4}", ["vertical"] = "hvac",
                // The owner is texted about every missed call (no quiet hours), as the heaviest realistic load.
                ["notificationPrefs"] = new { sms = true, email = false, quietStart = "00:00", quietEnd = "00:00" },
            };
            // The campaign case, with and without the campaign: open every day, all day (campaigns send only on open days).
            if (plan is not null) body["businessHours"] = WeeklyHours.DayNames.ToDictionary(d => d, _ => new { open = "00:00", close = "23:59" });
            if (timeZone is not null) body["timeZone"] = timeZone;
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/admin/businesses") { Content = JsonContent.Create(body) };
            req.Headers.Authorization = new("Bearer", opKey);
            using var r = await http.SendAsync(req);
            if (!r.IsSuccessStatusCode) throw new HttpRequestException($"POST /api/admin/businesses → {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
            var b = await r.Content.ReadFromJsonAsync<JsonElement>();
            return (b.GetProperty("id").GetString()!, b.GetProperty("carrierNumber").GetString()!);
        }
        var businesses = new List<(string Id, string Carrier)>();
        for (var i = 0; i < opts.Businesses; i++) businesses.Add(await CreateBusinessAsync(i, null));

        // The campaign's own business (in the recipients' zone, so its open day is theirs), budget, list and draft.
        CampaignDriver? campaign = null;
        string? campaignBusiness = null;
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        if (withCampaign)
        {
            var cb = await CreateBusinessAsync(opts.Businesses, plan!.Zone);
            campaignBusiness = cb.Id;
            campaign = new CampaignDriver(admin, opKey, cb.Id, cb.Carrier, plan, carrier);
            if (await campaign.SetupAsync() is { } bad) return CaseResult.Failed(opts, bad);
        }

        var callerSeq = 0;
        async Task<RoundResult> RoundAsync(int n)
        {
            var calls = Enumerable.Range(0, n).Select(i =>
            {
                var seq = Interlocked.Increment(ref callerSeq);
                return new SimCall($"+1786{seq / 10000 % 1000 + 200:D3}{seq % 10000:D4}", businesses[i % businesses.Count].Carrier, "CA" + Guid.NewGuid().ToString("N"));
            }).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var webhookMs = new ConcurrentBag<double>();
            var errors = 0;
            var tasks = calls.Select(async (call, i) =>
            {
                await start.Task;
                try
                {
                    var (nodeHttp, nodeUrl) = NodeFor(i);
                    var form = CarrierForm.CallForm(call, accountSid);
                    var t0 = Stopwatch.GetTimestamp();
                    var twiml = await CarrierForm.PostSignedAsync(nodeHttp, nodeUrl, "/webhook/voice/incoming", form, token);
                    webhookMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    var action = XDocument.Parse(twiml).Descendants("Dial").Single().Attribute("action")!.Value[nodeUrl.Length..];
                    form.Add(new("DialCallStatus", "no-answer"));
                    form.Add(new("DialCallSid", "CA" + Guid.NewGuid().ToString("N")));
                    call.CompletedSentAt = Stopwatch.GetTimestamp();
                    var t1 = Stopwatch.GetTimestamp();
                    await CarrierForm.PostSignedAsync(nodeHttp, nodeUrl, action, form, token);
                    webhookMs.Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);
                }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  call failed: {ex.Message}");
                }
            }).ToList();
            var began = Stopwatch.GetTimestamp();
            start.SetResult();
            await Task.WhenAll(tasks);
            // Every greeting should reach the carrier; wait (bounded) for the stragglers.
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
            while (calls.Any(c => carrier.FirstArrival(c.From, c.BusinessNumber) is null) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(5);
            var textBack = new List<double>();
            long lastArrival = began;
            foreach (var c in calls)
                if (carrier.FirstArrival(c.From, c.BusinessNumber) is { } at)
                {
                    textBack.Add(Stopwatch.GetElapsedTime(c.CompletedSentAt, at).TotalMilliseconds);
                    lastArrival = Math.Max(lastArrival, at);
                }
            await Task.Delay(300); // let any duplicate show up before counting
            var lost = calls.Count(c => carrier.FirstArrival(c.From, c.BusinessNumber) is null);
            var duplicates = calls.Sum(c => Math.Max(0, carrier.Count(c.From, c.BusinessNumber) - 1));
            return new RoundResult(n, [.. webhookMs], textBack, lost, duplicates, errors, Stopwatch.GetElapsedTime(began, lastArrival).TotalSeconds);
        }

        async Task<RoundResult> SteadyAsync()
        {
            // N callers, each placing one missed call after another: incoming, ring for the <Dial> timeout, no-answer.
            // Staggered starts keep N calls ringing at any moment; the first ring period is warm-up and not measured.
            var measured = new ConcurrentBag<SimCall>();
            var webhookMs = new ConcurrentBag<double>();
            var incomingMs = new ConcurrentBag<double>();
            var errors = 0;
            var began = Stopwatch.GetTimestamp();
            var measureFrom = began + (long)(Stopwatch.Frequency * opts.Ring);
            var stopAt = measureFrom + (long)(Stopwatch.Frequency * opts.Duration);
            var callers = Enumerable.Range(0, opts.Calls).Select(async i =>
            {
                await Task.Delay(TimeSpan.FromSeconds(opts.Ring * i / opts.Calls));
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var seq = Interlocked.Increment(ref callerSeq);
                    var call = new SimCall($"+1786{seq / 10000 % 1000 + 200:D3}{seq % 10000:D4}", businesses[seq % businesses.Count].Carrier, "CA" + Guid.NewGuid().ToString("N"));
                    var counted = Stopwatch.GetTimestamp() >= measureFrom;
                    try
                    {
                        var form = CarrierForm.CallForm(call, accountSid);
                        var t0 = Stopwatch.GetTimestamp();
                        var twiml = await CarrierForm.PostSignedAsync(http, baseUrl, "/webhook/voice/incoming", form, token);
                        if (counted) { var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds; webhookMs.Add(ms); incomingMs.Add(ms); }
                        var action = XDocument.Parse(twiml).Descendants("Dial").Single().Attribute("action")!.Value[baseUrl.Length..];
                        await Task.Delay(TimeSpan.FromSeconds(opts.Ring * (0.9 + Random.Shared.NextDouble() * 0.2)));
                        form.Add(new("DialCallStatus", "no-answer"));
                        form.Add(new("DialCallSid", "CA" + Guid.NewGuid().ToString("N")));
                        call.CompletedSentAt = Stopwatch.GetTimestamp();
                        await CarrierForm.PostSignedAsync(http, baseUrl, action, form, token);
                        if (counted) { webhookMs.Add(Stopwatch.GetElapsedTime(call.CompletedSentAt).TotalMilliseconds); measured.Add(call); }
                    }
                    catch (Exception ex)
                    {
                        if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  call failed: {ex.Message}");
                    }
                }
            }).ToList();
            await Task.WhenAll(callers);
            var inc = incomingMs.Order().ToList();
            var all = webhookMs.Order().ToList();
            Console.WriteLine($"  incoming webhook p50 {P(inc, 50):F1} p99 {P(inc, 99):F1} ms; all webhooks p99.9 {P(all, 99.9):F1} ms; slowest 5: {string.Join(", ", all.TakeLast(5).Select(x => x.ToString("F0", invariant)))}");
            var calls = measured.ToList();
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
            while (calls.Any(c => carrier.FirstArrival(c.From, c.BusinessNumber) is null) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(5);
            await Task.Delay(300);
            var textBack = calls.Select(c => carrier.FirstArrival(c.From, c.BusinessNumber)).Zip(calls)
                .Where(x => x.First is not null).Select(x => Stopwatch.GetElapsedTime(x.Second.CompletedSentAt, x.First!.Value).TotalMilliseconds).ToList();
            return new RoundResult(calls.Count, [.. webhookMs], textBack, calls.Count(c => carrier.FirstArrival(c.From, c.BusinessNumber) is null),
                calls.Sum(c => Math.Max(0, carrier.Count(c.From, c.BusinessNumber) - 1)), errors, opts.Duration);
        }

        var results = new List<RoundResult>();
        DbWork? dbBefore = null;
        var cpuBefore = extraNodes.Sum(x => CpuSeconds(x.App.Id)) + CpuSeconds(app.Id);
        DateTime burstFrom = default, burstTo = default;
        if (opts.Ring > 0)
        {
            results.Add(await SteadyAsync());
            await BenchApp.WaitQueueIdleAsync(http, opKey);
        }
        else
        {
            if (opts.Warmup > 0) await RoundAsync(opts.Warmup);
            await BenchApp.WaitQueueIdleAsync(http, opKey);
            if (campaign is not null && await campaign.StartAsync(() => string.Join('\n', appLog.TakeLast(40))) is { } bad) return CaseResult.Failed(opts, bad);
            // Every burst hits an app of the same age (--burst-age, 45 s after it was ready): past the young app's tiered JIT
            // (measured: the JIT thread works for the first ~35 s under load, 7.5 s of CPU, then stops) and its first
            // scheduled tasks, as a server that has been up a while meets a burst. The campaign case's runs compare
            // bursts, so they must be equal in this too.
            var wait = TimeSpan.FromSeconds(plan?.BurstAgeSeconds ?? opts.BurstAge) - Stopwatch.GetElapsedTime(readyAt);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            Console.WriteLine($"  first burst {Stopwatch.GetElapsedTime(readyAt).TotalSeconds:F0} s after the app was ready; app threads {ProcStatus(app.Id, "Threads:")}, RSS {ProcStatus(app.Id, "VmRSS:")} kB");
            burstFrom = DateTime.UtcNow;
            dbBefore = pgDatabase is null ? null : await DbWork.ReadAsync(pgDatabase.ConnectionString);
            cpuBefore = extraNodes.Sum(x => CpuSeconds(x.App.Id)) + CpuSeconds(app.Id);
            for (var r = 0; r < opts.Rounds; r++)
            {
                results.Add(await RoundAsync(opts.Calls));
                await BenchApp.WaitQueueIdleAsync(http, opKey, campaignBusiness);
            }
            burstTo = DateTime.UtcNow;
        }

        var peakKb = extraNodes.Select(x => PeakRssKb(x.App.Id)).Append(PeakRssKb(app.Id)).Max();
        var cpuMs = (extraNodes.Sum(x => CpuSeconds(x.App.Id)) + CpuSeconds(app.Id) - cpuBefore) * 1000;
        var web = results.SelectMany(r => r.WebhookMs).Order().ToList();
        var text = results.SelectMany(r => r.TextBackMs).Order().ToList();
        var totalCalls = results.Sum(r => r.Calls);
        Console.WriteLine();
        Console.WriteLine($"database            {opts.Database}, {Environment.ProcessorCount} CPU(s), {totalCalls} measured missed calls");
        Console.WriteLine($"webhook latency     p50 {P(web, 50):F1} ms   p95 {P(web, 95):F1} ms   p99 {P(web, 99):F1} ms   max {web.LastOrDefault():F1} ms   ({web.Count} requests)");
        Console.WriteLine($"text-back latency   p50 {P(text, 50):F1} ms   p95 {P(text, 95):F1} ms   p99 {P(text, 99):F1} ms   max {text.LastOrDefault():F1} ms");
        Console.WriteLine($"throughput          {results.Sum(r => r.Calls) / results.Sum(r => r.Seconds):F1} missed calls/s {(opts.Ring > 0 ? "completed and texted back (steady state)" : "(first webhook → last greeting at the carrier, per burst)")}");
        // Bursts only: the steady case's window starts with the app (its JIT and the unmeasured first ring period).
        if (opts.Ring == 0) Console.WriteLine($"app CPU             {cpuMs / Math.Max(1, results.Sum(r => r.Calls)):F1} ms per measured missed call (user + system, {(opts.Nodes > 1 ? "all nodes, " : "")}queue drained after each round)");
        // PostgreSQL bursts: what each missed call cost the database (its own statistics, all nodes together).
        if (dbBefore is not null && await DbWork.ReadAsync(pgDatabase!.ConnectionString, settle: true) is { } dbAfter)
        {
            var work = dbAfter.Minus(dbBefore);
            Console.WriteLine($"database work       {work.PerCall(Math.Max(1, totalCalls))}");
            foreach (var line in work.TopStatements(Math.Max(1, totalCalls), 40)) Console.WriteLine($"  {line}");
        }
        Console.WriteLine($"app peak memory     {peakKb / 1024.0:F0} MB (VmHWM{(opts.Nodes > 1 ? ", the largest node" : "")})");
        Console.WriteLine($"lost texts          {results.Sum(r => r.Lost)}");
        Console.WriteLine($"duplicate texts     {results.Sum(r => r.Duplicates)}");
        Console.WriteLine($"failed calls        {results.Sum(r => r.Errors)}");
        var campaignTexts = campaign?.Arrived ?? 0;
        Console.WriteLine($"owner texts seen    {carrier.Total - carrier.Callers - campaignTexts} (the owner is texted about each missed call)");
        if (campaign is not null) Console.WriteLine($"campaign texts      {campaignTexts} at the carrier so far (of {plan!.Recipients}; it sends on)");
        var ok = P(text, 99) < 100 && P(web, 99) < 50 && results.Sum(r => r.Lost + r.Duplicates + r.Errors) == 0;
        if (plan is null) Console.WriteLine(ok ? "targets             MET (text-back p99 < 100 ms, webhook p99 < 50 ms, none lost or duplicated)" : "targets             NOT MET");
        var seconds = results.Sum(r => r.Seconds);
        var stats = campaign is null ? null : await campaign.FinishAsync(burstFrom, burstTo);
        return new CaseResult(opts.Database, opts.Ring > 0 ? "steady" : opts.Nodes > 1 ? $"burst, {opts.Nodes} nodes" : "burst", totalCalls, P(web, 50), P(web, 99), P(text, 50), P(text, 99),
            web.Count / seconds, totalCalls / seconds, peakKb / 1024.0, results.Sum(r => r.Lost), results.Sum(r => r.Duplicates), results.Sum(r => r.Errors), ok)
        { Campaign = stats };
    }
    finally
    {
        if (!app.HasExited) { app.Kill(entireProcessTree: true); await app.WaitForExitAsync(); }
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        foreach (var node in extraNodes)
        {
            if (!node.App.HasExited) { node.App.Kill(entireProcessTree: true); await node.App.WaitForExitAsync(); }
            node.App.Dispose();
            node.Http.Dispose();
            try { Directory.Delete(node.DataDir, recursive: true); } catch (IOException) { }
        }
    }
}

static double P(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];




static long ProcStatus(int pid, string field)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
    catch (IOException) { return 0; }
}

// The app's CPU time so far (user + system, all threads), from /proc/{pid}/stat; 0 where there is no /proc.
static double CpuSeconds(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 0, utime 11, stime 12 (clock ticks, 100 per second on Linux).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
    catch (IOException) { return 0; }
}

static long PeakRssKb(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
    catch (IOException) { return 0; }
}


static string FindAppDll()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallRecover.slnx"))) dir = dir.Parent;
    if (dir is null) throw new InvalidOperationException("Run from inside the repository, or pass --app path/to/CallRecover.dll.");
#if DEBUG
    const string config = "Debug";
#else
    const string config = "Release";
#endif
    var dll = Path.Combine(dir.FullName, "src", "CallRecover", "bin", config, "net10.0", "CallRecover.dll");
    return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the app first ({dll} is missing).");
}

sealed class SimCall(string from, string businessNumber, string callSid)
{
    public string From { get; } = from;
    public string BusinessNumber { get; } = businessNumber;
    public string CallSid { get; } = callSid;
    public long CompletedSentAt { get; set; }
}

/// <summary>
/// PostgreSQL's own count of the work done in the bench database (pg_stat_database, pg_stat_user_tables): commits and
/// rows written, in all and per table. Backends report their counts when idle, hence the settling wait.
/// </summary>
sealed record DbWork(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, double ActiveMs, Dictionary<string, long> RowsWrittenPerTable,
    Dictionary<long, (long Calls, double Ms, string Query)> Statements)
{
    public static async Task<DbWork?> ReadAsync(string connectionString, bool settle = false)
    {
        // PostgreSQL 15 backends flush their statistics at most once a second and within ~10 s of going idle.
        if (settle) await Task.Delay(TimeSpan.FromSeconds(11));
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var clear = new Npgsql.NpgsqlCommand("SELECT pg_stat_clear_snapshot()", conn)) await clear.ExecuteNonQueryAsync();
        long c, r, i, u, d;
        double active;
        // active_time (PostgreSQL 14+): the server's time spent running this database's statements, whoever else uses the server.
        await using (var cmd = new Npgsql.NpgsqlCommand(
            "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, active_time FROM pg_stat_database WHERE datname = current_database()", conn))
        await using (var rd = await cmd.ExecuteReaderAsync())
        {
            if (!await rd.ReadAsync()) return null;
            (c, r, i, u, d, active) = (rd.GetInt64(0), rd.GetInt64(1), rd.GetInt64(2), rd.GetInt64(3), rd.GetInt64(4), rd.GetDouble(5));
        }
        var tables = new Dictionary<string, long>();
        await using (var cmd = new Npgsql.NpgsqlCommand("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", conn))
        await using (var rd = await cmd.ExecuteReaderAsync())
            while (await rd.ReadAsync()) tables[rd.GetString(0)] = rd.GetInt64(1);
        // Per statement, when the server has pg_stat_statements (shared_preload_libraries, and the extension in the database).
        var statements = new Dictionary<long, (long, double, string)>();
        await using (var has = new Npgsql.NpgsqlCommand("SELECT to_regclass('pg_stat_statements') IS NOT NULL", conn))
            if (await has.ExecuteScalarAsync() is true)
            {
                await using var cmd = new Npgsql.NpgsqlCommand(
                    "SELECT queryid, calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements s " +
                    "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND queryid IS NOT NULL", conn);
                await using var rd = await cmd.ExecuteReaderAsync();
                while (await rd.ReadAsync()) statements[rd.GetInt64(0)] = (rd.GetInt64(1), rd.GetDouble(2), rd.GetString(3));
            }
        return new DbWork(c, r, i, u, d, active, tables, statements);
    }

    /// <summary>The statements run most per missed call (empty without pg_stat_statements).</summary>
    public IEnumerable<string> TopStatements(int calls, int count) => Statements.Values.Where(x => x.Calls > 0).OrderByDescending(x => x.Calls).Take(count)
        .Select(x => string.Create(CultureInfo.InvariantCulture, $"{(double)x.Calls / calls,6:F2} x {x.Ms / Math.Max(1, x.Calls),6:F3} ms  {(x.Query.Length > 150 ? x.Query[..150] : x.Query)}"));

    public DbWork Minus(DbWork before) => new(Commits - before.Commits, Rollbacks - before.Rollbacks, Inserted - before.Inserted, Updated - before.Updated,
        Deleted - before.Deleted, ActiveMs - before.ActiveMs, RowsWrittenPerTable.ToDictionary(t => t.Key, t => t.Value - before.RowsWrittenPerTable.GetValueOrDefault(t.Key)),
        Statements.ToDictionary(x => x.Key, x => before.Statements.TryGetValue(x.Key, out var b) ? (x.Value.Calls - b.Calls, x.Value.Ms - b.Ms, x.Value.Query) : x.Value));

    public string PerCall(int calls)
    {
        var top = RowsWrittenPerTable.Where(t => t.Value > 0).OrderByDescending(t => t.Value).Take(8)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {(double)t.Value / calls:F1}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"per missed call: {ActiveMs / calls:F2} ms of server time running statements, {(double)Commits / calls:F1} transactions, reads included ({(double)Rollbacks / calls:F1} rolled back), rows inserted {(double)Inserted / calls:F1}, updated {(double)Updated / calls:F1}, deleted {(double)Deleted / calls:F1}; rows written by table: {string.Join(", ", top)}");
    }
}

sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private BenchDatabase(string admin, string name, string connectionString) { _admin = admin; _name = name; ConnectionString = connectionString; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string admin)
    {
        var name = "crbench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new Npgsql.NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new BenchDatabase(admin, name, new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var conn = new Npgsql.NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

sealed record CaseResult(string Database, string Case, int Calls, double WebP50, double WebP99, double TextP50, double TextP99,
    double WebhooksPerSecond, double CallsPerSecond, double PeakMb, int Lost, int Duplicates, int Errors, bool Ok)
{
    public CampaignStats? Campaign { get; init; }
    /// <summary>Why the campaign case could not run (set-up refused, no text sent), or null.</summary>
    public string? CampaignError { get; init; }

    public static CaseResult Failed(BenchOptions o, string error)
    {
        Console.WriteLine($"  FAILED: {error}");
        return new CaseResult(o.Database, "burst", 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0, 0, 0, 0, false) { CampaignError = error };
    }
}

/// <summary>The ceiling on this machine: Kestrel answering form posts with no work, driven like the app's webhooks.</summary>
static class BareKestrel
{
    public static async Task<double> MeasureAsync(int concurrency, double seconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/post", async (HttpRequest request) => { var form = await request.ReadFormAsync(); return Results.Text("<Response/>", "text/xml"); });
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(app.Urls.First()) };
        var form = new List<KeyValuePair<string, string>> { new("CallSid", "CA" + new string('0', 32)), new("From", "+17865550100"), new("To", "+13055570000"), new("CallStatus", "ringing") };
        long count = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * seconds);
        var began = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                using var r = await http.PostAsync("/post", new FormUrlEncodedContent(form));
                await r.Content.ReadAsStringAsync();
                Interlocked.Increment(ref count);
            }
        }));
        return count / Stopwatch.GetElapsedTime(began).TotalSeconds;
    }
}

sealed record RoundResult(int Calls, List<double> WebhookMs, List<double> TextBackMs, int Lost, int Duplicates, int Errors, double Seconds);

sealed record BenchOptions(int Calls, int Rounds, int Warmup, int Businesses, string Database, string? ConnectionString, string? AppDll, double Ring, double Duration,
    bool Suite, double SteadyRing, double SteadyDuration, int? CampaignArg, int Budget, string? Zone, double Settle, bool RoundsGiven, double BurstAge, IReadOnlyList<string> AppEnv, int Nodes)
{
    /// <summary>Recipients of the campaign case: 0 (none) for a single run unless --campaign N; 10,000 in the suite unless --campaign 0.</summary>
    public int Campaign => CampaignArg ?? (Suite ? 10_000 : 0);

    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        return new BenchOptions(
            int.Parse(Get("--calls") ?? "200", CultureInfo.InvariantCulture), int.Parse(Get("--rounds") ?? "3", CultureInfo.InvariantCulture),
            int.Parse(Get("--warmup") ?? "50", CultureInfo.InvariantCulture), int.Parse(Get("--businesses") ?? "10", CultureInfo.InvariantCulture),
            Get("--db") ?? "sqlite", Get("--connection"), Get("--app"),
            double.Parse(Get("--ring") ?? "20", CultureInfo.InvariantCulture), double.Parse(Get("--duration") ?? "60", CultureInfo.InvariantCulture),
            args.Contains("--suite"),
            double.Parse(Get("--steady-ring") ?? "10", CultureInfo.InvariantCulture), double.Parse(Get("--steady-duration") ?? "30", CultureInfo.InvariantCulture),
            Get("--campaign") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null, int.Parse(Get("--budget") ?? "20", CultureInfo.InvariantCulture),
            Get("--zone"), double.Parse(Get("--settle") ?? "10", CultureInfo.InvariantCulture), Get("--rounds") is not null,
            double.Parse(Get("--burst-age") ?? "45", CultureInfo.InvariantCulture),
            [.. args.Select((a, i) => (a, i)).Where(x => x.a == "--app-env" && x.i + 1 < args.Length).Select(x => args[x.i + 1])],
            int.Parse(Get("--nodes") ?? "1", CultureInfo.InvariantCulture));
    }
}

/// <summary>The carrier's Messages.json on loopback: accepts every text (201) and notes when each arrived.</summary>
sealed class FakeCarrier : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string To, string From), ConcurrentQueue<long>> _arrivals = new();
    private int _total;

    /// <summary>Every text in arrival order: when (Stopwatch and UTC ticks), to, from, body.</summary>
    public sealed record Arrival(long At, long UtcTicks, string To, string From, string Body);
    public ConcurrentQueue<Arrival> Log { get; } = new();

    private FakeCarrier(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public int Total => _total;
    public int Callers => _arrivals.Keys.Count(k => k.To.StartsWith("+1786", StringComparison.Ordinal));

    public long? FirstArrival(string to, string from) => _arrivals.TryGetValue((to, from), out var q) && q.TryPeek(out var t) ? t : null;
    public int Count(string to, string from) => _arrivals.TryGetValue((to, from), out var q) ? q.Count : 0;

    public static async Task<FakeCarrier> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var carrier = new FakeCarrier(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpRequest request) =>
        {
            var at = Stopwatch.GetTimestamp();
            var utc = DateTime.UtcNow.Ticks;
            var form = await request.ReadFormAsync();
            string to = form["To"].ToString(), from = form["From"].ToString();
            carrier._arrivals.GetOrAdd((to, from), _ => new ConcurrentQueue<long>()).Enqueue(at);
            carrier.Log.Enqueue(new Arrival(at, utc, to, from, form["Body"].ToString()));
            Interlocked.Increment(ref carrier._total);
            var sid = "SM" + Guid.NewGuid().ToString("N");
            return Results.Json(new { sid, status = "queued", to, from, body = form["Body"].ToString(), error_code = (int?)null, num_segments = "1" }, statusCode: 201);
        });
        app.MapGet("/2010-04-01/Accounts/{sid}/Messages.json", () => Results.Json(new { messages = Array.Empty<object>() }));
        await app.StartAsync();
        carrier.BaseUrl = app.Urls.First();
        return carrier;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
