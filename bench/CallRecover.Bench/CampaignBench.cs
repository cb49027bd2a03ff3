using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// The campaign case (issue 19): a large campaign sending at its budget while missed-call bursts arrive. The campaign
// belongs to a business of its own (its own carrier number and send budget); the bursts go to the other businesses,
// so what the campaign can cost a caller is shared machinery (CPU, database, work queue, HTTP), not the budget.

/// <summary>What the campaign case runs: recipients in one US time zone (chosen so that its 10:00–20:00 window is open now).</summary>
sealed record CampaignPlan(int Recipients, int PerSecond, string Zone, string AreaCode, double SettleSeconds, double BurstAgeSeconds)
{
    public const int PerDay = 1_000_000;
    /// <summary>Every campaign text carries it, so the fake carrier's log can be checked against the sending number.</summary>
    public const string Marker = "tune-up";
    public const string Template = "Hi {first_name}, it has been a while since your last tune-up. Reply YES and we will call you to book a visit this week.";

    /// <summary>Recipient k's phone: the zone's area code, exchanges 555, 556, ... (10,000 numbers each).</summary>
    public string Phone(int k) => $"+1{AreaCode}{555 + k / 10000}{k % 10000:D4}";
}

/// <summary>
/// Zones of the app's area-code table (Compliance/CallerTimeZone) with one area code each, east to west. The app has no
/// setting to fake its clock, so the bench picks a zone whose campaign window (10:00–20:00 local) is open now and long enough.
/// </summary>
static class CampaignZones
{
    public static readonly (string Zone, string AreaCode)[] All =
    [
        ("America/New_York", "904"), ("America/Chicago", "312"), ("America/Denver", "303"), ("America/Phoenix", "602"),
        ("America/Los_Angeles", "415"), ("America/Anchorage", "907"), ("Pacific/Honolulu", "808"), ("Pacific/Guam", "671"),
    ];

    static readonly TimeSpan Open = TimeSpan.FromHours(10), Close = TimeSpan.FromHours(20);

    /// <summary>The window left now in a zone (zero when closed) and the local time.</summary>
    public static (TimeSpan Left, DateTimeOffset Local) Window(string zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var t = local.TimeOfDay;
        return (t >= Open && t < Close ? Close - t : TimeSpan.Zero, local);
    }

    /// <summary>The first zone (east to west) with at least <paramref name="needed"/> of its window left, else the one with the most; null when all are closed.</summary>
    public static (string Zone, string AreaCode)? Choose(string? wanted, TimeSpan needed, out string note)
    {
        var windows = All.Select(z => (z.Zone, z.AreaCode, W: Window(z.Zone))).ToList();
        var table = string.Join(", ", windows.Select(w => $"{w.Zone} {w.W.Local:HH:mm}"));
        if (wanted is not null)
        {
            var z = windows.FirstOrDefault(w => w.Zone == wanted);
            if (z.Zone is null) { note = $"--zone {wanted} is not one of: {string.Join(", ", All.Select(a => a.Zone))}"; return null; }
            note = $"campaign zone        {z.Zone} (area code {z.AreaCode}), local time {z.W.Local:ddd HH:mm}, window left {Minutes(z.W.Left)} (chosen with --zone)";
            if (z.W.Left < needed) note += $"; WARNING: the run needs about {Minutes(needed)}";
            return (z.Zone, z.AreaCode);
        }
        var open = windows.Where(w => w.W.Left > TimeSpan.Zero).ToList();
        if (open.Count == 0)
        {
            note = $"No zone of the area-code table is within 10:00–20:00 now ({table}); campaign texts cannot go. Run again later.";
            return null;
        }
        var pick = open.FirstOrDefault(w => w.W.Left >= needed);
        var enough = pick.Zone is not null;
        if (!enough) pick = open.MaxBy(w => w.W.Left);
        note = $"campaign zone        {pick.Zone} (area code {pick.AreaCode}), local time {pick.W.Local:ddd HH:mm}, window left {Minutes(pick.W.Left)}"
            + (enough ? $" (the first zone east to west with the {Minutes(needed)} the run needs)" : $"; WARNING: no zone has the {Minutes(needed)} the run needs")
            + $"\n                     now: {table}";
        return (pick.Zone!, pick.AreaCode);
    }

    static string Minutes(TimeSpan t) => $"{t.TotalMinutes:F0} min";
}

/// <summary>What the campaign did, from the fake carrier's log of every Messages.json request.</summary>
sealed record CampaignStats(
    int Recipients, int Arrived, int Texted, int Lost, int Duplicates, int Unexpected, int BadBody,
    double Rate, int SteadySeconds, int MinPerSecond, int MaxPerSecond, int SecondsOverBudget, double BurstRate, int BurstSeconds,
    double FirstTextSeconds, double Seconds, string Status, string Progress, bool Finished)
{
    /// <summary>How many seconds of the steady window had each count ("20×470"), and the slowest seconds with their offset from the first text.</summary>
    public string Histogram { get; init; } = "";
    public string Dips { get; init; } = "";
    /// <summary>The highest average over any 5 consecutive seconds: arrivals lag the budget's own second, so one second over is often the one before's rest.</summary>
    public double Max5s { get; init; }
    /// <summary>When the bursts ran, in seconds from the first text ("+12..+40 s").</summary>
    public string BurstSpan { get; init; } = "";
}

/// <summary>Sets up, starts and follows one campaign through the operator API; judges it from the fake carrier's log.</summary>
sealed class CampaignDriver(HttpClient admin, string opKey, string businessId, string carrierNumber, CampaignPlan plan, FakeCarrier carrier)
{
    private readonly HashSet<string> _recipients = [.. Enumerable.Range(0, plan.Recipients).Select(plan.Phone)];
    private string _id = "";
    private long _startedAt;

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var req = new HttpRequestMessage(method, $"/api/admin/businesses/{businessId}{path}") { Content = content };
        req.Headers.Authorization = new("Bearer", opKey);
        using var r = await admin.SendAsync(req);
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{method} {req.RequestUri} → {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The budget, the list (imported from CSV) and the campaign, as a draft. Returns null or what went wrong.</summary>
    public async Task<string?> SetupAsync()
    {
        await SendAsync(HttpMethod.Put, "/send-budget", JsonContent.Create(new { perSecond = plan.PerSecond, perDay = CampaignPlan.PerDay }));
        var csv = new StringBuilder("first_name,phone\n");
        for (var k = 0; k < plan.Recipients; k++) csv.Append(CultureInfo.InvariantCulture, $"Pat{k},{plan.Phone(k)}\n");
        var t0 = Stopwatch.GetTimestamp();
        var report = await SendAsync(HttpMethod.Post, "/contact-lists?name=bench&consentBy=Bench%20Owner&consentSource=bench%20fixture",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        var imported = report.GetProperty("imported").GetInt32();
        var rejected = report.GetProperty("rejected");
        Console.WriteLine($"  contact list: {imported} of {report.GetProperty("rows").GetInt32()} rows imported in {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s"
            + (rejected.GetArrayLength() > 0 ? $"; rejected e.g. {string.Join(", ", rejected.EnumerateArray().Take(3).Select(r => r.ToString()))}" : ""));
        if (imported != plan.Recipients) return $"the import took {imported} of {plan.Recipients} contacts";
        var campaign = await SendAsync(HttpMethod.Post, "/campaigns",
            JsonContent.Create(new { name = "Bench reactivation", template = CampaignPlan.Template, audience = new { list = "bench" } }));
        _id = campaign.GetProperty("id").GetString()!;
        return null;
    }

    public int Arrived => carrier.Log.Count(a => a.From == carrierNumber);

    /// <summary>Starts it and waits until it has sent for the settle time. Returns null or what went wrong.</summary>
    public async Task<string?> StartAsync(Func<string> appLogTail)
    {
        var t0 = Stopwatch.GetTimestamp();
        var started = await SendAsync(HttpMethod.Post, $"/campaigns/{_id}/start");
        _startedAt = Stopwatch.GetTimestamp();
        Console.WriteLine($"  campaign {_id}: {started.GetProperty("status").GetString()}, {started.GetProperty("recipients").GetInt32()} recipients (start took {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s)");
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Arrived == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                var view = await SendAsync(HttpMethod.Get, $"/campaigns/{_id}");
                return $"no campaign text reached the carrier within 60 s of the start; GET /campaigns/{_id} → {view}\napp log (tail):\n{appLogTail()}";
            }
            await Task.Delay(50);
        }
        Console.WriteLine($"  first campaign text at the carrier {Stopwatch.GetElapsedTime(_startedAt).TotalSeconds:F1} s after the start; settling {plan.SettleSeconds:F0} s");
        await Task.Delay(TimeSpan.FromSeconds(plan.SettleSeconds));
        Console.WriteLine(Arrived >= plan.Recipients
            ? $"  WARNING: the campaign has sent all its {Arrived} texts already: the bursts run without it, and its rate cannot be measured; use more recipients"
            : $"  {Arrived} campaign texts at the carrier; bursts begin");
        return null;
    }

    /// <summary>Waits (bounded) for the campaign to finish, then judges it. <paramref name="burstFrom"/>/<paramref name="burstTo"/>: UTC, when the bursts ran.</summary>
    public async Task<CampaignStats> FinishAsync(DateTime burstFrom, DateTime burstTo)
    {
        var left = plan.Recipients - Arrived;
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * (left * 1.5 / plan.PerSecond + 60));
        var lastReport = Stopwatch.GetTimestamp();
        var status = "";
        Console.WriteLine($"  waiting for the campaign to finish: {left} texts to go, about {left / (double)plan.PerSecond:F0} s at the budget");
        while (Stopwatch.GetTimestamp() < deadline)
        {
            status = (await SendAsync(HttpMethod.Get, $"/campaigns/{_id}")).GetProperty("campaign").GetProperty("status").GetString()!;
            if (status is not "sending" || Arrived >= plan.Recipients) break;
            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 60)
            {
                lastReport = Stopwatch.GetTimestamp();
                Console.WriteLine($"  {Arrived} of {plan.Recipients} campaign texts at the carrier, {Stopwatch.GetElapsedTime(_startedAt).TotalSeconds:F0} s after the start");
            }
            await Task.Delay(1000);
        }
        // Let the campaign finish its bookkeeping, and any duplicate show up, before judging.
        for (var i = 0; i < 10 && status == "sending"; i++)
        {
            await Task.Delay(1000);
            status = (await SendAsync(HttpMethod.Get, $"/campaigns/{_id}")).GetProperty("campaign").GetProperty("status").GetString()!;
        }
        await Task.Delay(2000);
        var view = await SendAsync(HttpMethod.Get, $"/campaigns/{_id}");
        status = view.GetProperty("campaign").GetProperty("status").GetString()!;
        var p = view.GetProperty("progress");
        var progress = string.Join(", ", new[] { "sent", "delivered", "queued", "pending", "failed", "skipped" }.Select(k => $"{k} {p.GetProperty(k).GetInt32()}"));

        var texts = carrier.Log.Where(a => a.From == carrierNumber).OrderBy(a => a.At).ToList();
        var texted = texts.Select(a => a.To).ToHashSet();
        var lost = _recipients.Count(r => !texted.Contains(r));
        var unexpected = texted.Count(t => !_recipients.Contains(t));
        var badBody = texts.Count(a => !a.Body.Contains(CampaignPlan.Marker, StringComparison.Ordinal));
        // The rate per UTC second, the budget's own window: from the settle time after the first text to the last
        // text's second, both partial seconds left out.
        var perSecond = texts.GroupBy(a => a.UtcTicks / TimeSpan.TicksPerSecond).ToDictionary(g => g.Key, g => g.Count());
        double rate = double.NaN, burstRate = double.NaN;
        int steady = 0, min = 0, max = 0, over = 0, burstSeconds = 0;
        string histogram = "", dips = "", burstSpan = "";
        double max5 = double.NaN;
        if (texts.Count > 0)
        {
            var first = texts[0].UtcTicks / TimeSpan.TicksPerSecond + (long)Math.Ceiling(plan.SettleSeconds);
            var last = texts[^1].UtcTicks / TimeSpan.TicksPerSecond;
            var seconds = Enumerable.Range(0, (int)Math.Max(0, last - first)).Select(i => perSecond.GetValueOrDefault(first + i)).ToList();
            if (seconds.Count > 0)
            {
                steady = seconds.Count;
                rate = seconds.Average();
                min = seconds.Min();
                max = seconds.Max();
                over = seconds.Count(s => s > plan.PerSecond);
                histogram = string.Join(" ", seconds.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
                var t0 = texts[0].UtcTicks / TimeSpan.TicksPerSecond;
                dips = string.Join(", ", seconds.Select((n, i) => (n, i)).Where(x => x.n < plan.PerSecond * 0.75).Take(15)
                    .Select(x => $"+{first + x.i - t0}s:{x.n}"));
                if (seconds.Count >= 5) max5 = Enumerable.Range(0, seconds.Count - 4).Max(i => seconds.Skip(i).Take(5).Average());
            }
            var bFrom = Math.Max(first, burstFrom.Ticks / TimeSpan.TicksPerSecond + 1);
            var bTo = Math.Min(last, burstTo.Ticks / TimeSpan.TicksPerSecond);
            if (bTo > bFrom)
            {
                burstSeconds = (int)(bTo - bFrom);
                burstRate = Enumerable.Range(0, burstSeconds).Average(i => perSecond.GetValueOrDefault(bFrom + i));
                var t0 = texts[0].UtcTicks / TimeSpan.TicksPerSecond;
                burstSpan = $"+{bFrom - t0}..+{bTo - t0} s";
            }
        }
        return new CampaignStats(plan.Recipients, texts.Count, texted.Count, lost, texts.Count - texted.Count, unexpected, badBody,
            rate, steady, min, max, over, burstRate, burstSeconds,
            texts.Count > 0 ? (texts[0].At - _startedAt) / (double)Stopwatch.Frequency : double.NaN,
            texts.Count > 0 ? (texts[^1].At - texts[0].At) / (double)Stopwatch.Frequency : 0, status, progress,
            status == "done" && lost == 0) { Histogram = histogram, Dips = dips, Max5s = max5, BurstSpan = burstSpan };
    }
}

/// <summary>
/// The campaign case's verdict: the burst without the campaign (a fresh app before and another after the campaign's run,
/// so a machine whose load drifts shows it), with the campaign, and the campaign itself.
/// </summary>
sealed record CampaignCaseResult(string Database, CampaignPlan? Plan, IReadOnlyList<CaseResult> Baselines, CaseResult? With, string? Error)
{
    /// <summary>Issue 19's targets: text-back p99 within 10 % of the baseline; the campaign's rate within 2 % of its budget.</summary>
    public const double P99Tolerance = 10, RateTolerance = 2;

    /// <summary>The baseline's text-back p99: the mean of the runs without the campaign.</summary>
    public double BaseP99 => Baselines.Count == 0 ? double.NaN : Baselines.Average(b => b.TextP99);
    public double BaseP50 => Baselines.Count == 0 ? double.NaN : Baselines.Average(b => b.TextP50);
    /// <summary>How far the baselines are apart, in % of their mean: the machine's own noise, against which the 10 % is judged.</summary>
    public double BaseSpread => Baselines.Count < 2 ? double.NaN : 100 * (Baselines.Max(b => b.TextP99) - Baselines.Min(b => b.TextP99)) / BaseP99;
    public double P99Change => With is null ? double.NaN : 100 * (With.TextP99 / BaseP99 - 1);
    public double RateChange => With?.Campaign is { } c && Plan is not null ? 100 * (c.Rate / Plan.PerSecond - 1) : double.NaN;
    public bool P99Ok => P99Change <= P99Tolerance;
    public bool RateOk => Math.Abs(RateChange) <= RateTolerance;
    public int CallsLost => Baselines.Sum(b => b.Lost) + (With?.Lost ?? 0);
    public int CallsDuplicated => Baselines.Sum(b => b.Duplicates) + (With?.Duplicates ?? 0);
    public int CallsFailed => Baselines.Sum(b => b.Errors) + (With?.Errors ?? 0);
    public bool CampaignOk => With?.Campaign is { Finished: true, Lost: 0, Duplicates: 0, Unexpected: 0, BadBody: 0 };
    public bool Ok => Error is null && Baselines.Count > 0 && P99Ok && RateOk && CallsLost + CallsDuplicated + CallsFailed == 0 && CampaignOk;

    public void Print()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Plan is null || Baselines.Count == 0 || With is null || With.Campaign is not { } c)
        {
            Console.WriteLine($"campaign case ({Database}) FAILED: {Error}");
            return;
        }
        var baselines = string.Join(" and ", Baselines.Select(b => string.Create(inv, $"{b.TextP50:F0} / {b.TextP99:F0}")));
        Console.WriteLine(string.Create(inv, $"campaign case ({Database}): {Plan.Recipients} recipients in {Plan.Zone} (area code {Plan.AreaCode}), budget {Plan.PerSecond}/s, {Environment.ProcessorCount} CPU(s)"));
        Console.WriteLine(string.Create(inv, $"text-back p50 / p99  without campaign {baselines} ms (before and after; p99 {BaseSpread:F0} % apart), with campaign {With.TextP50:F0} / {With.TextP99:F0} ms"));
        Console.WriteLine(string.Create(inv, $"                     p99 with vs without (mean {BaseP99:F0} ms): {P99Change:+0.0;-0.0} % (target ≤ +{P99Tolerance} %) {(P99Ok ? "MET" : "NOT MET")}"));
        Console.WriteLine(string.Create(inv, $"webhook p50 / p99    without {string.Join(" and ", Baselines.Select(b => string.Create(inv, $"{b.WebP50:F0} / {b.WebP99:F0}")))} ms, with {With.WebP50:F0} / {With.WebP99:F0} ms; calls lost / dup / failed (all runs) {CallsLost} / {CallsDuplicated} / {CallsFailed}"));
        Console.WriteLine(string.Create(inv, $"campaign send rate   {c.Rate:F2} texts/s over {c.SteadySeconds} whole UTC seconds (from {Plan.SettleSeconds:F0} s after its first text to its last): {RateChange:+0.00;-0.00} % of the {Plan.PerSecond}/s budget (target within ±{RateTolerance} %) {(RateOk ? "MET" : "NOT MET")}"));
        Console.WriteLine(string.Create(inv, $"                     per second min {c.MinPerSecond} / max {c.MaxPerSecond}, {c.SecondsOverBudget} second(s) above the budget at the carrier (highest 5 s average {c.Max5s:F1}/s); during the bursts {c.BurstRate:F2}/s over {c.BurstSeconds} s ({c.BurstSpan})"));
        Console.WriteLine($"                     seconds by texts: {c.Histogram}");
        if (c.Dips.Length > 0) Console.WriteLine($"                     seconds under 75 % of the budget (offset from the first text: texts): {c.Dips}");
        Console.WriteLine(string.Create(inv, $"campaign texts       {c.Arrived} at the carrier to {c.Texted} of {c.Recipients} recipients: lost {c.Lost}, duplicated {c.Duplicates}, to numbers not on the list {c.Unexpected}, without the campaign's text {c.BadBody}"));
        Console.WriteLine(string.Create(inv, $"                     first text {c.FirstTextSeconds:F1} s after the start, first → last {c.Seconds:F0} s; campaign {c.Status} ({c.Progress}) {(CampaignOk ? "MET" : "NOT MET")}"));
        Console.WriteLine(Ok ? "targets              MET" : "targets              NOT MET");
    }

    public static void PrintTable(IEnumerable<CampaignCaseResult> results)
    {
        Console.WriteLine("| database | campaign | text-back p99 without (before, after) / with campaign | p99 change | campaign rate (budget) | rate change | during bursts | campaign lost / dup | calls lost / dup / failed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            if (r.Plan is null || r.Baselines.Count == 0 || r.With?.Campaign is not { } c) { Console.WriteLine($"| {r.Database} | failed: {r.Error?.Split('\n')[0]} | | | | | | | |"); continue; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Plan.Recipients} to {r.Plan.Zone} | {string.Join(", ", r.Baselines.Select(b => b.TextP99.ToString("F0", CultureInfo.InvariantCulture)))} / {r.With.TextP99:F0} ms | {r.P99Change:+0.0;-0.0} % | {c.Rate:F2}/s ({r.Plan.PerSecond}/s) | {r.RateChange:+0.00;-0.00} % | {c.BurstRate:F1}/s | {c.Lost} / {c.Duplicates} | {r.CallsLost} / {r.CallsDuplicated} / {r.CallsFailed} |"));
        }
        Console.WriteLine($"targets: text-back p99 with the campaign ≤ +{P99Tolerance} % of the mean without, campaign rate within ±{RateTolerance} % of its budget, nothing lost or duplicated");
    }
}
