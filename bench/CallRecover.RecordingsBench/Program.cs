// Pushes N recorded calls through the real pipeline — signed recording webhook → download from a fake carrier →
// transcription by a fake Whisper server with a realistic delay → extraction → estimate → quote SMS queued — and
// reports per-call times. "Own processing" is end to end minus the time the transcription service itself took.
//
//   dotnet run -c Release --project bench/CallRecover.RecordingsBench -- --calls 100 --whisper-delay-ms 4000
//   options: --calls N  --whisper-delay-ms MS  --concurrency N (queue workers)  --postgres "<connection string>"
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Recordings;
using CallRecover.Tenancy;
using Dapper;

var calls = Arg("--calls", 100);
var whisperDelay = TimeSpan.FromMilliseconds(Arg("--whisper-delay-ms", 4000));
var concurrency = Arg("--concurrency", 32);
var postgres = ArgText("--postgres");
const string accountSid = "ACbench", authToken = "bench-token";
var clock = TimeProvider.System;

var audio = Mp3(60);
var whisperTimes = new ConcurrentDictionary<string, TimeSpan>();
await using var fakes = await Fakes.StartAsync(audio, whisperDelay, whisperTimes, accountSid, authToken);

await using var host = await CallRecover.BenchShared.BenchHost.StartAsync("recordings", postgres, new Dictionary<string, string?>
{
    ["PublicBaseUrl"] = "http://bench.local",
    ["Queue:Enabled"] = "true",
    ["Queue:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    ["Queue:PollInterval"] = "00:00:00.100",
    ["Transcription:Provider"] = "openai",
    ["Transcription:BaseUrl"] = fakes.Url + "/v1",
    ["Transcription:ApiKey"] = "sk-bench",
    ["Carrier:AccountSid"] = accountSid,
    ["Carrier:AuthToken"] = authToken,
});
var app = host.App;
var baseUrl = app.Urls.First();

var created = await app.Services.GetRequiredService<BusinessService>().CreateAsync(new BusinessInput
{
    Name = "Bench Mobile Mechanic", OwnerName = "Bo Bench", OwnerEmail = $"bench-{Guid.NewGuid():N}@example.com", OwnerPhone = "+19045550100",
    BusinessPhone = "+19045550101", CarrierNumber = $"+1904555{Random.Shared.Next(1000, 9999)}", Vertical = "auto", EstimatesEnabled = true, RecordingEnabled = true,
}, "bench");
var business = created.Business ?? throw new InvalidOperationException("Bench business rejected.");
var db = app.Services.GetRequiredService<Db>();
await db.WriteAsync(async tx =>
{
    for (var i = 0; i < calls; i++)
        await tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @sid, @phone, 'answered', FALSE, @now, @now)
            """, new { id = Guid.NewGuid().ToString("N"), businessId = business.Id, sid = $"CAbench{i:D4}", phone = $"+1904{(2000000 + i):D7}", now = clock.GetUtcNow() }, tx.Transaction);
});

Console.WriteLine($"{calls} recorded calls, fake Whisper delay {whisperDelay.TotalMilliseconds:0} ms, {concurrency} queue workers, {db.Describe()}");
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
var sentAt = new ConcurrentDictionary<string, DateTimeOffset>();
var wall = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    var sid = $"REbench{i:D4}";
    var path = $"{RecordingWebhook.Path}?business={business.Id}&kind=answered_call";
    var form = new Dictionary<string, string>
    {
        ["AccountSid"] = accountSid, ["CallSid"] = $"CAbench{i:D4}", ["RecordingSid"] = sid, ["RecordingUrl"] = $"{fakes.Url}/2010-04-01/Accounts/{accountSid}/Recordings/{sid}",
        ["RecordingStatus"] = "completed", ["RecordingDuration"] = "60",
    };
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
    request.Headers.Add("X-Twilio-Signature", CallRecover.Telephony.WebhookSignature.Compute("http://bench.local" + path, form, authToken));
    sentAt[$"CAbench{i:D4}"] = clock.GetUtcNow();
    using var response = await http.SendAsync(request, ct);
    if ((int)response.StatusCode != 204) throw new InvalidOperationException($"Webhook answered {(int)response.StatusCode}.");
});

List<Row> rows;
var deadline = Stopwatch.StartNew();
while (true)
{
    await using var conn = await db.OpenAsync();
    rows = [.. await conn.QueryAsync<Row>("""
        SELECT c.call_sid, m.created_at AS sms_at, r.created_at AS received_at, r.downloaded_at, t.updated_at AS transcribed_at
        FROM quotes q JOIN calls c ON c.id = q.call_id JOIN messages m ON m.id = q.sent_message_id
        JOIN recordings r ON r.call_id = c.id JOIN transcriptions t ON t.recording_id = r.id
        WHERE q.business_id = @Id
        """, new { business.Id })];
    if (rows.Count >= calls || deadline.Elapsed > TimeSpan.FromMinutes(5)) break;
    await Task.Delay(200);
}
wall.Stop();
await app.StopAsync();

var endToEnd = rows.Select(r => (r.SmsAt - sentAt[r.CallSid]).TotalSeconds).ToList();
var whisper = rows.Select(r => whisperTimes.TryGetValue(r.CallSid.Replace("CA", "RE", StringComparison.Ordinal) + ".mp3", out var w) ? w.TotalSeconds : 0).ToList();
var own = endToEnd.Zip(whisper, (e, w) => e - w).ToList();
// Our stages alone: webhook → stored, download, and extraction → estimate → quote → SMS (the transcription stage excluded).
var stages = rows.Select(r => (r.ReceivedAt - sentAt[r.CallSid]).TotalSeconds + (r.DownloadedAt - r.ReceivedAt).TotalSeconds + (r.SmsAt - r.TranscribedAt).TotalSeconds).ToList();
Console.WriteLine($"completed {rows.Count}/{calls} in {wall.Elapsed.TotalSeconds:0.0} s wall time");
Report("end to end (webhook → quote SMS queued)", endToEnd);
Report("transcription service time", whisper);
Report("own processing (end to end − transcription)", own);
Report("own stages (webhook + download + extract→SMS)", stages);
Console.WriteLine(JsonSerializer.Serialize(new { calls, completed = rows.Count, whisperDelayMs = whisperDelay.TotalMilliseconds, concurrency, database = db.Dialect.Name, wallSeconds = wall.Elapsed.TotalSeconds }));
return rows.Count == calls && endToEnd.Max() < 30 && stages.Max() < 2 ? 0 : 1;

static void Report(string what, List<double> seconds)
{
    if (seconds.Count == 0) { Console.WriteLine($"{what}: no data"); return; }
    var s = seconds.Order().ToList();
    double P(double p) => s[Math.Min(s.Count - 1, (int)Math.Ceiling(p * s.Count) - 1)];
    Console.WriteLine($"{what,-48} p50 {P(0.50),6:0.000} s   p95 {P(0.95),6:0.000} s   max {s[^1],6:0.000} s");
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string? ArgText(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static byte[] Mp3(int seconds)
{
    var bytes = new byte[seconds * 4000];
    "ID3"u8.CopyTo(bytes);
    return bytes;
}

sealed record Row
{
    public string CallSid { get; init; } = "";
    public DateTimeOffset SmsAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset DownloadedAt { get; init; }
    public DateTimeOffset TranscribedAt { get; init; }
}

/// <summary>Fake carrier media (Basic auth) and a fake Whisper-compatible server with a fixed delay, on loopback.</summary>
sealed class Fakes : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Fakes(WebApplication app) => _app = app;
    public string Url => _app.Urls.First().TrimEnd('/');

    private static readonly string[] Transcripts =
    [
        "Hi, my name is Maria Lopez. I've got a 2015 Honda Civic and the brakes are squealing when I stop. Call me back at nine oh four five five five oh one three four. I'm at 1234 Oak Street. Thursday morning works.",
        "Hey, this is Dave. My oh eight Ford F-150 won't crank, it just clicks when I turn the key. Call me back at 904-555-0177.",
        "This is Ann Lee. I need an oil change and the battery light is on in my 2019 Toyota Camry. Tomorrow afternoon would be great.",
        "My name is Raj. My 2012 BMW 328i has the check engine light on and it runs rough. Can you diagnose it this week?",
    ];

    public static async Task<Fakes> StartAsync(byte[] audio, TimeSpan delay, ConcurrentDictionary<string, TimeSpan> times, string accountSid, string authToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var auth = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{accountSid}:{authToken}"));
        app.MapGet("/2010-04-01/Accounts/{account}/Recordings/{file}", (HttpContext ctx) =>
            ctx.Request.Headers.Authorization.ToString() == auth ? Results.Bytes(audio, "audio/mpeg") : Results.StatusCode(401));
        app.MapPost("/v1/audio/transcriptions", async (HttpContext ctx) =>
        {
            var started = Stopwatch.StartNew();
            var form = await ctx.Request.ReadFormAsync();
            var file = form.Files["file"]!;
            await Task.Delay(delay);
            var text = Transcripts[int.Parse(new string([.. file.FileName.Where(char.IsAsciiDigit)]), CultureInfo.InvariantCulture) % Transcripts.Length];
            var segments = text.Split(". ").Select((s, i) => new { id = i, start = i * 3.0, end = i * 3.0 + 3, text = s, avg_logprob = -0.25, no_speech_prob = 0.02 });
            await ctx.Response.WriteAsJsonAsync(new { task = "transcribe", language = "english", duration = 60.0, text, segments });
            times[file.FileName] = started.Elapsed;
        });
        await app.StartAsync();
        return new Fakes(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
