using System.Buffers;
using System.Diagnostics;
using CallRecover.Common;
using CallRecover.Conversations.Engines;
using CallRecover.Tenancy;
using System.Net.WebSockets;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Voice;

/// <summary>
/// GET /voice/relay?call={id}: Twilio's ConversationRelay WebSocket (WIRE.md). The upgrade must carry a valid
/// X-Twilio-Signature over the wss URL. Frames in: setup, prompt, interrupt, dtmf, error (JSON text). Frames out: the
/// reply as text tokens (the last one with <c>last: true</c>), and <c>end</c> with handoff data when the call leaves the
/// conversation (transfer, hang up); the &lt;Connect action&gt; webhook then plays the goodbye or dials the owner.
/// A frame that is not JSON text, or larger than <c>Voice:MaxFrameBytes</c>, closes the socket; so does a setup for
/// another call. A socket that closes before we ended it leaves the lead as it was and tells the owner.
/// </summary>
public sealed class RelaySocket(Receptionist receptionist, ReceptionistCalls calls, VoiceStore store, CallStore callStore, BusinessStore businesses,
    CarrierWebhook webhook, Db db, TimeProvider clock, IOptions<VoiceOptions> options, ILogger<RelaySocket> log)
{
    /// <summary>
    /// What the socket keeps for its one call between turns, so a turn reads nothing before the engine runs: the session
    /// and the lead as the last answer left them, the business, and the conversation so far as the engine reads it. (The
    /// turn's transaction reads session and lead again before it writes.)
    /// </summary>
    private sealed class RelayCall(VoiceSession session, Business business, List<ThreadMessage> thread)
    {
        public VoiceSession Session { get; set; } = session;
        /// <summary>The lead as the last answer left it (null until the first turn reads it).</summary>
        public Leads.Lead? Lead { get; set; }
        public Business Business { get; } = business;
        public List<ThreadMessage> Thread { get; } = thread;
    }

    public async Task<IResult> AcceptAsync(HttpContext http, string? call)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a WebSocket request",
                detail: "The relay speaks ConversationRelay over a WebSocket.");
        if (string.IsNullOrEmpty(call)) return VoiceWebhooks.BadField("call");
        if (!webhook.IsSignedUpgrade(http.Request, calls.SocketUrl(call))) return CarrierWebhook.Forbidden();
        if (await store.FindAsync(call, http.RequestAborted) is not { } session || !VoiceSessionStatuses.IsLive(session.Status) || session.Path != VoicePaths.Relay)
            return TypedResults.NotFound();
        if (await businesses.GetAsync(session.BusinessId, http.RequestAborted) is not { } business) return TypedResults.NotFound();
        var thread = Receptionist.Thread(session, await store.TurnsAsync(session.BusinessId, session.CallId, http.RequestAborted));
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await RunAsync(socket, new RelayCall(session, business, [.. thread]), http.RequestAborted);
        return TypedResults.Empty;
    }

    private async Task RunAsync(WebSocket socket, RelayCall call, CancellationToken ct)
    {
        var session = call.Session;
        var ended = false;
        var why = "the caller hung up";
        try
        {
            while (socket.State == WebSocketState.Open && !ended)
            {
                var (frame, close) = await ReceiveAsync(socket, ct);
                if (close is { } c)
                {
                    if (c.Status is { } status) await CloseAsync(socket, status, c.Reason);
                    why = c.Reason;
                    break;
                }
                ended = await HandleAsync(socket, call, frame!.Value, ct);
            }
            // After our "end" the carrier leaves the socket and asks the <Connect action>: close it cleanly.
            if (ended) await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "conversation ended");
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            why = "the voice connection broke";
        }
        if (!ended) await calls.SocketClosedAsync(session.BusinessId, session.CallId, why);
    }

    /// <summary>Handles one frame; true when the conversation is over (we sent <c>end</c>).</summary>
    private async Task<bool> HandleAsync(WebSocket socket, RelayCall call, JsonElement frame, CancellationToken ct)
    {
        var session = call.Session;
        var type = frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "setup":
                // The session must be the one this socket was opened for.
                if (Str(frame, "callSid") is { } sid && await CallSidAsync(session) is { } expected && sid != expected)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "setup for another call");
                    return false;
                }
                return false;
            case "prompt":
                if (frame.TryGetProperty("last", out var last) && last.ValueKind == JsonValueKind.False) return false; // a partial transcript
                return await AnswerAsync(socket, call, Str(frame, "voicePrompt") ?? "", null, ct);
            case "dtmf":
                return await AnswerAsync(socket, call, "", Str(frame, "digit"), ct);
            case "interrupt":
                var heard = Str(frame, "utteranceUntilInterrupt") ?? "";
                await db.WriteAsync(tx => store.MarkLastReplyInterruptedAsync(tx, session.BusinessId, session.CallId, heard), CancellationToken.None);
                if (heard.Length > 0 && call.Thread.FindLastIndex(m => !m.FromCaller) is var ours and >= 0)
                    call.Thread[ours] = call.Thread[ours] with { Body = heard };
                return false;
            case "error":
                log.LogWarning("Call {CallId}: the relay reported an error: {Error}", session.CallId, Str(frame, "description"));
                return false;
            default:
                log.LogInformation("Call {CallId}: relay frame of unknown type {Type} ignored", session.CallId, type is { Length: > 40 } ? type[..40] : type);
                return false;
        }
    }

    /// <summary>Runs a turn and speaks the reply: token by token, or — when the call leaves the conversation — <c>end</c> with the handoff.</summary>
    private async Task<bool> AnswerAsync(WebSocket socket, RelayCall call, string text, string? digit, CancellationToken ct)
    {
        if (text.Trim().Length == 0 && string.IsNullOrEmpty(digit)) return false;
        var started = Stopwatch.GetTimestamp();
        var heard = await receptionist.HearAsync(call.Session, text, digit, ct, call.Business, call.Thread, call.Lead);
        // A reply that keeps the conversation going starts streaming as soon as it is decided and written, while the
        // commit is made durable, so the caller is not kept waiting on the disk. (Should that commit fail, the caller has
        // heard a line the transcript lacks and the next turn starts from the state before it: a repeated question, nothing lost.)
        Task? speaking = null;
        ReceptionistReply? reply = null;
        try
        {
            reply = heard is null ? null : await db.WriteAsync(async tx =>
            {
                var r = await receptionist.ApplyAsync(tx, heard);
                if (r is { Action: ReceptionistActions.Listen }) speaking = SpeakAsync(socket, r.Text, started, ct);
                return r;
                // Not the socket's token: a caller who hangs up right after hearing the reply must not roll back what they said.
            }, CancellationToken.None);
        }
        finally
        {
            if (speaking is not null) await speaking;
        }
        if (reply is not null)
        {
            call.Session = reply.Session ?? call.Session;
            call.Lead = reply.Lead;
            call.Thread.Add(new ThreadMessage(true, heard!.Text, heard.At));
            call.Thread.Add(new ThreadMessage(false, reply.Text, clock.GetUtcNow()));
        }
        if (reply is null)
        {
            await SendAsync(socket, new { type = "end", handoffData = Json("ended") }, ct);
            return true;
        }
        if (reply.Action != ReceptionistActions.Listen)
        {
            await SendAsync(socket, new { type = "end", handoffData = Json(reply.Action) }, ct);
            return true;
        }
        return false;
    }

    /// <summary>Streams a reply word by word (the last token says so), timing the caller's wait for the first word.</summary>
    private static async Task SpeakAsync(WebSocket socket, string reply, long started, CancellationToken ct)
    {
        var words = Tokens(reply);
        for (var i = 0; i < words.Count; i++)
        {
            await SendAsync(socket, new { type = "text", token = words[i], last = i == words.Count - 1 }, ct);
            if (i == 0 && Telemetry.ReceptionistLatency.Enabled)
                Telemetry.ReceptionistLatency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("path", VoicePaths.Relay));
        }
    }

    /// <summary>The reply as the tokens streamed to the carrier: each word with its following space.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == ' ' && i > start) { tokens.Add(text[start..(i + 1)]); start = i + 1; }
        if (start < text.Length) tokens.Add(text[start..]);
        return tokens;
    }

    private static string Json(string reason) => JsonSerializer.Serialize(new { reason });

    private async Task<string?> CallSidAsync(VoiceSession session) => (await callStore.FindForWebhookAsync(session.CallId, CancellationToken.None))?.CallSid;

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Task SendAsync(WebSocket socket, object frame, CancellationToken ct) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, ct);

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseAsync(status, reason, CancellationToken.None);
    }

    private sealed record Closing(WebSocketCloseStatus? Status, string Reason);

    /// <summary>One whole JSON text frame, or why the socket closes (the peer closed: no status to send back).</summary>
    private async Task<(JsonElement? Frame, Closing? Close)> ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        var max = options.Value.MaxFrameBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(max + 1);
        try
        {
            var length = 0;
            while (true)
            {
                var r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, Math.Min(buffer.Length - length, max + 1 - length)), ct);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
                    return (null, new Closing(null, "the voice connection closed"));
                }
                if (r.MessageType != WebSocketMessageType.Text)
                    return (null, new Closing(WebSocketCloseStatus.InvalidMessageType, "frames must be JSON text"));
                length += r.Count;
                if (length > max) return (null, new Closing(WebSocketCloseStatus.MessageTooBig, $"a frame may be at most {max} bytes"));
                if (r.EndOfMessage) break;
            }
            try
            {
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, new Closing(WebSocketCloseStatus.InvalidPayloadData, "a frame must be a JSON object"));
                return (doc.RootElement.Clone(), null);
            }
            catch (JsonException)
            {
                log.LogWarning("Relay frame that is not JSON ({Bytes} bytes): closing", length);
                return (null, new Closing(WebSocketCloseStatus.InvalidPayloadData, "a frame must be JSON"));
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}
