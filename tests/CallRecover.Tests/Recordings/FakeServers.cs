using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Recordings;

/// <summary>A small Kestrel app on http://127.0.0.1:{random port} for one test.</summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    protected async Task StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        map(_app);
        await _app.StartAsync();
        Url = _app.Urls.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One request the fake Whisper server received.</summary>
public sealed record WhisperRequest(string? Authorization, string Model, string ResponseFormat, string? Language, string FileName, string FileContentType, int FileBytes);

/// <summary>
/// A Whisper-compatible <c>POST /v1/audio/transcriptions</c>: multipart in, verbose_json out (text, language, duration,
/// segments with avg_logprob / no_speech_prob). Tests script failures (status + OpenAI error body + headers) first.
/// </summary>
public sealed class FakeWhisperServer : LoopbackServer
{
    public ConcurrentQueue<WhisperRequest> Requests { get; } = new();
    public ConcurrentQueue<(int Status, string Body, Dictionary<string, string> Headers)> Failures { get; } = new();
    /// <summary>Answer by file name; <see cref="DefaultAnswer"/> otherwise.</summary>
    public ConcurrentDictionary<string, string> Answers { get; } = new();
    public string DefaultAnswer { get; set; } = VerboseJson("Hello.");
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public string BaseUrl => Url + "/v1";

    public static async Task<FakeWhisperServer> StartAsync()
    {
        var server = new FakeWhisperServer();
        await server.StartAsync(app => app.MapPost("/v1/audio/transcriptions", server.HandleAsync));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var file = form.Files["file"];
        Requests.Enqueue(new WhisperRequest(context.Request.Headers.Authorization.ToString(), form["model"].ToString(), form["response_format"].ToString(),
            form["language"].ToString() is { Length: > 0 } l ? l : null, file?.FileName ?? "", file?.ContentType ?? "", (int)(file?.Length ?? 0)));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (Failures.TryDequeue(out var failure))
        {
            context.Response.StatusCode = failure.Status;
            foreach (var (k, v) in failure.Headers) context.Response.Headers[k] = v;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(failure.Body);
            return;
        }
        if (file is null || form["model"].Count == 0)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(Error("file and model are required", "invalid_request_error", null));
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Answers.TryGetValue(file.FileName, out var answer) ? answer : DefaultAnswer);
    }

    public static string Error(string message, string type, string? code) =>
        JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code } });

    /// <summary>A verbose_json answer: each sentence one segment with the given avg_logprob / no_speech_prob.</summary>
    public static string VerboseJson(string text, double avgLogprob = -0.2, double noSpeechProb = 0.01)
    {
        var sentences = System.Text.RegularExpressions.Regex.Split(text, @"(?<=[.?!])\s+").Where(s => s.Length > 0).ToArray();
        var t = 0.0;
        var segments = sentences.Select((s, i) =>
        {
            var start = t;
            t += 2.5;
            return new { id = i, seek = 0, start, end = t, text = " " + s, tokens = new[] { 1, 2 }, temperature = 0.0, avg_logprob = avgLogprob, compression_ratio = 1.2, no_speech_prob = noSpeechProb };
        }).ToArray();
        return JsonSerializer.Serialize(new { task = "transcribe", language = "english", duration = t, text, segments });
    }
}

/// <summary>
/// The carrier's recording media: <c>GET /2010-04-01/Accounts/{sid}/Recordings/{RE}.mp3</c> behind Basic auth, answering
/// with a redirect to a CDN path (as Twilio does) that must not receive the credentials.
/// </summary>
public sealed class FakeRecordingHost : LoopbackServer
{
    // The carrier's credentials: the same account that sends the texts (issue 3's fake carrier).
    public const string AccountSid = CallRecover.Tests.Telephony.FakeCarrier.AccountSid, AuthToken = CallRecover.Tests.Telephony.FakeCarrier.AuthToken;

    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();
    public ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> Media { get; } = new();
    public int NotReadyCount { get; set; }

    public static async Task<FakeRecordingHost> StartAsync()
    {
        var server = new FakeRecordingHost();
        await server.StartAsync(app =>
        {
            app.MapGet("/2010-04-01/Accounts/{account}/Recordings/{file}", (HttpContext ctx, string account, string file) =>
            {
                server.Requests.Enqueue((ctx.Request.Path, ctx.Request.Headers.Authorization.ToString()));
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
                if (ctx.Request.Headers.Authorization.ToString() != expected) return Results.StatusCode(401);
                if (server.NotReadyCount > 0) { server.NotReadyCount--; return Results.NotFound(); }
                return Results.Redirect($"/cdn/{file}");
            });
            app.MapGet("/cdn/{file}", (HttpContext ctx, string file) =>
            {
                server.Requests.Enqueue((ctx.Request.Path, ctx.Request.Headers.Authorization.ToString()));
                return server.Media.TryGetValue(file, out var m) ? Results.Bytes(m.Bytes, m.ContentType) : Results.NotFound();
            });
        });
        return server;
    }

    public string RecordingUrl(string recordingSid) => $"{Url}/2010-04-01/Accounts/{AccountSid}/Recordings/{recordingSid}";

    /// <summary>Fake mp3 bytes: an ID3 tag then MPEG frame sync bytes; big enough for <paramref name="seconds"/> of audio.</summary>
    public static byte[] Mp3(int seconds)
    {
        var bytes = new byte[Math.Max(1024, seconds * 4000)];
        "ID3"u8.CopyTo(bytes);
        for (var i = 10; i < bytes.Length; i += 417) { bytes[i] = 0xFF; if (i + 1 < bytes.Length) bytes[i + 1] = 0xFB; }
        return bytes;
    }

    public static byte[] Wav(int seconds)
    {
        var bytes = new byte[Math.Max(1024, seconds * 16000)];
        "RIFF"u8.CopyTo(bytes);
        "WAVE"u8.CopyTo(bytes.AsSpan(8));
        return bytes;
    }
}
