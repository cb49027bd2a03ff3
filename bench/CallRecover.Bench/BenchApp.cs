using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net.Sockets;

/// <summary>The real app as its own process on a free loopback port, with a fresh SQLite file in a temporary folder and a
/// fresh operator key; <paramref name="env"/> adds or overrides settings (the carrier, PostgreSQL, providers).</summary>
static class BenchApp
{
    /// <summary>Waits until no work item is due (work scheduled minutes ahead does not count); <paramref name="exceptBusiness"/>: a business whose work is not waited for (a campaign's: never idle while it sends).</summary>
    public static async Task WaitQueueIdleAsync(HttpClient http, string opKey, string? exceptBusiness = null)
    {
        for (var i = 0; i < 600; i++)
        {
            var busy = 0;
            foreach (var status in new[] { "pending", "running" })
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/work?status={status}");
                req.Headers.Authorization = new("Bearer", opKey);
                // Only work that is due: follow-ups scheduled minutes ahead are not part of this round.
                var soon = DateTimeOffset.UtcNow.AddSeconds(2);
                busy += (await (await http.SendAsync(req)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                    .Count(w => (!w.TryGetProperty("dueAt", out var due) || due.GetDateTimeOffset() <= soon)
                        && (exceptBusiness is null || !w.TryGetProperty("businessId", out var b) || b.GetString() != exceptBusiness));
            }
            if (busy == 0) return;
            await Task.Delay(100);
        }
    }

    public static (Process App, string BaseUrl, string OpKey, string DataDir, ConcurrentQueue<string> Log) Start(string appDll, Dictionary<string, string> env)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var dataDir = Path.Combine(Path.GetTempPath(), "callrecover-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        // Credentials exist only between this process and the app it starts: made fresh per run.
        var opKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var psi = new ProcessStartInfo("dotnet", $"\"{appDll}\"")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataDir,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Urls"] = baseUrl, ["PublicBaseUrl"] = baseUrl,
            ["Database__Provider"] = "sqlite", ["Database__ConnectionString"] = $"Data Source={Path.Combine(dataDir, "bench.db")}",
            ["SeedDemo"] = "false", ["Operator__ApiKey"] = opKey,
            // The bench's carrier bursts come from one address: the per-IP webhook limit would answer them 429.
            ["RateLimits__Enabled"] = "false", ["DataProtection__KeyEncryptionSecret"] = "bench-key-encryption-secret-0123456789abcdef",
        };
        foreach (var (k, v) in env) settings[k] = v;
        foreach (var (k, v) in settings) psi.Environment[k] = v;
        var app = Process.Start(psi)!;
        var log = new ConcurrentQueue<string>();
        app.OutputDataReceived += (sender, e) => { if (e.Data is not null) { log.Enqueue(e.Data); while (log.Count > 200) log.TryDequeue(out string? _); } };
        app.ErrorDataReceived += (sender, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return (app, baseUrl, opKey, dataDir, log);
    }

    public static async Task WaitReadyAsync(HttpClient http, Process app, ConcurrentQueue<string> log)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (app.HasExited) throw new InvalidOperationException("The app exited at start:\n" + string.Join('\n', log));
            try { if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The app did not become ready:\n" + string.Join('\n', log));
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>What the fake carrier posts: a call's form fields, signed as the carrier signs them.</summary>
static class CarrierForm
{
    public static List<KeyValuePair<string, string>> CallForm(SimCall c, string accountSid) =>
    [
        new("CallSid", c.CallSid), new("AccountSid", accountSid), new("From", c.From), new("To", c.BusinessNumber), new("Caller", c.From),
        new("Called", c.BusinessNumber), new("CallStatus", "ringing"), new("Direction", "inbound"), new("ApiVersion", "2010-04-01"),
    ];

    public static async Task<string> PostSignedAsync(HttpClient http, string baseUrl, string pathAndQuery, List<KeyValuePair<string, string>> form, string token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        req.Headers.TryAddWithoutValidation(CallRecover.Telephony.CarrierWebhook.TwilioHeader, CallRecover.Telephony.WebhookSignature.Compute(baseUrl + pathAndQuery, form, token));
        using var r = await http.SendAsync(req);
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{pathAndQuery} → {(int)r.StatusCode}: {body}");
        return body;
    }
}
