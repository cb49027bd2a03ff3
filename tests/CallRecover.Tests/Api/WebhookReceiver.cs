using System.Collections.Concurrent;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallRecover.Tests.Api;

/// <summary>One request a webhook receiver got: the raw body, the signature header, and what it answered.</summary>
public sealed record ReceivedWebhook(string Body, string Signature, string Event, int Answered);

/// <summary>A webhook receiver on loopback that fails the requests a test chooses (by their number, from 1).</summary>
public sealed class WebhookReceiver : LoopbackServer
{
    private int _count;
    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();
    public Func<int, bool> Fails { get; set; } = _ => false;

    public IEnumerable<ReceivedWebhook> Accepted => Requests.Where(r => r.Answered == 200);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var n = Interlocked.Increment(ref receiver._count);
            var status = receiver.Fails(n) ? 500 : 200;
            receiver.Requests.Enqueue(new ReceivedWebhook(body, request.Headers["X-CallRecover-Signature"].ToString(), request.Headers["X-CallRecover-Event"].ToString(), status));
            return Results.StatusCode(status);
        }));
        return receiver;
    }
}
