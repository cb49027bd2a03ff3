using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (real Kestrel, real HTTP) answering with the documented
/// JSON: tool calls, plain content, and error bodies with their status codes.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public sealed record Request(string Path, string? Authorization, JsonElement Body, long Timestamp);

    private readonly WebApplication _app;
    private int _calls;

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Answers call number n (0-based). Defaults to an empty tool call.</summary>
    public Func<int, JsonElement, HttpContext, Task> Respond { get; set; } = (_, _, ctx) => ToolCall(ctx, new { reply = "Thanks!" });

    public string BaseUrl { get; }

    private FakeOpenAiServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenAiServer? self = null;
        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            self!.Requests.Enqueue(new Request(ctx.Request.Path, ctx.Request.Headers.Authorization, body, System.Diagnostics.Stopwatch.GetTimestamp()));
            var n = Interlocked.Increment(ref self._calls) - 1;
            await self.Respond(n, body, ctx);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        self = new FakeOpenAiServer(app, address.TrimEnd('/') + "/v1");
        return self;
    }

    public static Task ToolCall(HttpContext ctx, object arguments, string? content = null) =>
        ToolCallRaw(ctx, JsonSerializer.Serialize(arguments), content);

    /// <summary>A completion whose function arguments are exactly <paramref name="arguments"/> (which may be invalid JSON).</summary>
    public static Task ToolCallRaw(HttpContext ctx, string arguments, string? content = null) =>
        Json(ctx, 200, new
        {
            id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            @object = "chat.completion",
            created = 1_767_225_600,
            model = "gpt-4o-mini",
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new
                    {
                        role = "assistant",
                        content,
                        tool_calls = new[] { new { id = "call_" + Guid.NewGuid().ToString("N")[..8], type = "function", function = new { name = "record_turn", arguments } } },
                    },
                    finish_reason = "tool_calls",
                },
            },
            usage = new { prompt_tokens = 120, completion_tokens = 40, total_tokens = 160 },
        });

    public static Task Error(HttpContext ctx, int status, string type, string code, string message, string? retryAfter = null)
    {
        if (retryAfter is not null) ctx.Response.Headers["Retry-After"] = retryAfter;
        return Json(ctx, status, new { error = new { message, type, param = (string?)null, code } });
    }

    private static async Task Json(HttpContext ctx, int status, object body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
