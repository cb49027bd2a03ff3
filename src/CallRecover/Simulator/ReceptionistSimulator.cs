using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CallRecover.Common;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Voice;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CallRecover.Simulator;

public static class TalkStates
{
    public const string Listening = "listening", Transferring = "transferring", Ended = "ended";
}

/// <summary>Who said a line on the panel: the caller, the receptionist, what the owner's phone hears (the whisper), or the call itself (a note).</summary>
public static class TalkSpeakers
{
    public const string Caller = Speakers.Caller, Receptionist = Speakers.Receptionist, Owner = "owner", Call = "call";
}

public sealed record TalkLine(string Speaker, string Text);

/// <summary>A simulated receptionist call as the panel shows it: the whole transcript so far and what can happen next.</summary>
public sealed record TalkView(string Id, string Path, IReadOnlyList<TalkLine> Lines, string State, string Greeting, string? Whisper);

/// <summary>
/// "Talk to the receptionist" on /simulator: plays the carrier's side of a call the voice receptionist answers, on
/// either path. Relay: a ClientWebSocket to the app's own ConversationRelay socket, signed as the carrier signs it,
/// speaking its frames, then the signed &lt;Connect action&gt; webhook. Gather: one signed webhook per turn, following
/// each answer's &lt;Gather&gt; and &lt;Redirect&gt;. Transfers ring a pretend owner who answers or not. Live calls are
/// kept in memory only (a demo, not state to survive a restart), capped and expired so the map cannot grow.
/// </summary>
public sealed class ReceptionistSimulator(SimulatorCalls calls, WebhookInvoker webhooks, SimulatorKey key, IServer server, TimeProvider clock,
    ILogger<ReceptionistSimulator> log) : IAsyncDisposable
{
    public const int MaxCalls = 20;
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(30);
    /// <summary>How long a reply may take over the relay (a model behind the engine can take seconds).</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private const int MaxFrameBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, TalkCall> _calls = new();

    private sealed class TalkCall(string id, string path, Business business, string from, string callSid, DateTimeOffset now)
    {
        public string Id { get; } = id;
        public string Path { get; } = path;
        public Business Business { get; } = business;
        public string From { get; } = from;
        public string CallSid { get; } = callSid;
        public List<TalkLine> Lines { get; } = [];
        public string State { get; set; } = TalkStates.Listening;
        public string Greeting { get; set; } = "";
        public string? Whisper { get; set; }
        public ClientWebSocket? Socket { get; set; }
        /// <summary>The relay's socket URL and its &lt;Connect action&gt;.</summary>
        public string? RelayUrl { get; set; }
        public string? RelayEnded { get; set; }
        /// <summary>The pending &lt;Gather action&gt; and its silence &lt;Redirect&gt;.</summary>
        public string? Gather { get; set; }
        public string? Silence { get; set; }
        /// <summary>The pending &lt;Dial action&gt; and the whisper the owner's leg fetches.</summary>
        public string? DialAction { get; set; }
        public string? WhisperUrl { get; set; }
        public DateTimeOffset LastUsed { get; set; } = now;
        /// <summary>One step at a time per call: two clicks must not interleave frames on one socket.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool SocketOpen => Socket is { State: WebSocketState.Open };
        public void Add(string speaker, string text) { if (text.Trim().Length > 0) Lines.Add(new TalkLine(speaker, text.Trim())); }
        public TalkView View() => new(Id, Path, [.. Lines], State, Greeting, Whisper);
    }

    /// <summary>Places the call (nobody answers, the receptionist forced on, the chosen path) and, on the relay, opens the socket.</summary>
    public async Task<IResult> StartAsync(Business business, string from, string path)
    {
        Sweep();
        // The carrier's side goes on whether or not the page waits for it: no request cancellation below.
        var placed = await calls.PlaceAsync(business, from, SimulatedOutcomes.Missed, CancellationToken.None,
            [new(ReceptionistCalls.SimulatorPathField, path), new(ReceptionistCalls.SimulatorReceptionistField, VoiceReceptionistModes.Always)]);
        var call = new TalkCall(SimulatorCalls.NewSid("VS"), path, business, from, placed.CallSid, clock.GetUtcNow());
        Follow(call, placed.Steps[^1]);
        call.Greeting = call.Lines.FirstOrDefault(l => l.Speaker == TalkSpeakers.Receptionist)?.Text ?? "";
        if (call.RelayUrl is { } relayUrl)
        {
            try
            {
                call.Socket = await ConnectAsync(relayUrl);
                await SendAsync(call.Socket, new
                {
                    type = "setup", sessionId = SimulatorCalls.NewSid("VX"), accountSid = SimulatorCalls.AccountSid, callSid = call.CallSid,
                    from, to = business.CarrierNumber, direction = "inbound", customParameters = new { },
                });
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or HttpRequestException)
            {
                call.Socket?.Dispose();
                log.LogWarning("Simulator: the relay socket for call {CallSid} did not open: {Error}", call.CallSid, ex.Message);
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The relay socket did not open",
                    detail: $"The simulator could not reach this app's ConversationRelay socket ({ex.Message}). Try the Gather path.");
            }
        }
        _calls[call.Id] = call;
        log.LogInformation("Simulator: receptionist call {Id} ({Path}) from {Caller}", call.Id, path, Phone.Mask(from));
        return TypedResults.Ok(call.View());
    }

    /// <summary>The caller says <paramref name="text"/>: a prompt frame on the relay, a SpeechResult on the Gather path.</summary>
    public Task<IResult> SayAsync(string id, string text) => WithCallAsync(id, async call =>
    {
        if (call.State != TalkStates.Listening) return NotListening(call);
        call.Add(TalkSpeakers.Caller, text);
        if (call.Gather is { } action) await GatherTurnAsync(call, action, ("SpeechResult", text), ("Confidence", "0.92"));
        else await RelayTurnAsync(call, new { type = "prompt", voicePrompt = text, lang = "en-US", last = true });
        return TypedResults.Ok(call.View());
    });

    /// <summary>The caller presses a key (1: "text me instead").</summary>
    public Task<IResult> PressAsync(string id, string digit) => WithCallAsync(id, async call =>
    {
        if (call.State != TalkStates.Listening) return NotListening(call);
        call.Add(TalkSpeakers.Caller, $"(pressed {digit})");
        if (call.Gather is { } action) await GatherTurnAsync(call, action, ("Digits", digit));
        else await RelayTurnAsync(call, new { type = "dtmf", digit });
        return TypedResults.Ok(call.View());
    });

    /// <summary>The caller says nothing: the Gather times out into its &lt;Redirect&gt;. The relay sends nothing on silence, so there is nothing to simulate.</summary>
    public Task<IResult> SilenceAsync(string id) => WithCallAsync(id, async call =>
    {
        if (call.State != TalkStates.Listening) return NotListening(call);
        if (call.Silence is not { } redirect)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No silence on the relay",
                detail: "On the ConversationRelay path the carrier only sends what the caller says, so silence sends the app nothing. Say something, press 1 or hang up.");
        call.Add(TalkSpeakers.Caller, "(silence)");
        await GatherTurnAsync(call, redirect);
        return TypedResults.Ok(call.View());
    });

    /// <summary>The owner's phone rang (a pending &lt;Dial&gt;): they answer and hear the whisper, or nobody picks up.</summary>
    public Task<IResult> TransferAsync(string id, bool answered) => WithCallAsync(id, async call =>
    {
        if (call.State != TalkStates.Transferring || call.DialAction is not { } action)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No transfer is ringing",
                detail: $"The call is {call.State}; the owner's phone rings only after the receptionist puts the caller through.");
        var legSid = SimulatorCalls.NewSid("CA");
        var owner = call.Business.OwnerPhone;
        if (answered && call.WhisperUrl is { } whisperUrl)
        {
            // The carrier fetches the whisper for the owner's leg only once the owner picks up.
            var whisper = await webhooks.PostAsync(whisperUrl,
            [
                new("CallSid", legSid), new("ParentCallSid", call.CallSid), new("AccountSid", SimulatorCalls.AccountSid), new("From", call.Business.CarrierNumber!),
                new("To", owner), new("CallStatus", "in-progress"), new("Direction", "outbound-dial"),
            ], CancellationToken.None);
            call.Whisper = Said(whisper.Body);
            call.Add(TalkSpeakers.Owner, call.Whisper);
        }
        call.Add(TalkSpeakers.Call, answered ? "The owner picked up: you are talking to them now." : "The owner's phone rang out.");
        var answer = await webhooks.PostAsync(action, Form(call, ("DialCallStatus", answered ? "completed" : "no-answer"), ("DialCallSid", legSid)), CancellationToken.None);
        Follow(call, answer);
        return TypedResults.Ok(call.View());
    });

    /// <summary>
    /// The caller hangs up. On a live relay the socket is dropped (the app sees the line go) and the carrier reports the
    /// end of the &lt;Connect&gt; without handoff data; otherwise the call is simply over.
    /// </summary>
    public async Task<IResult> HangUpAsync(string id)
    {
        if (!_calls.TryRemove(id, out var call)) return UnknownCall();
        await call.Gate.WaitAsync();
        try
        {
            call.Add(TalkSpeakers.Call, "You hung up.");
            if (call.SocketOpen && call.RelayEnded is { } ended)
            {
                call.Socket!.Abort();
                call.Socket.Dispose();
                Follow(call, await webhooks.PostAsync(ended, Form(call), CancellationToken.None));
            }
            else call.Socket?.Dispose();
            call.State = TalkStates.Ended;
            return TypedResults.Ok(call.View());
        }
        finally { call.Gate.Release(); }
    }

    private async Task<IResult> WithCallAsync(string id, Func<TalkCall, Task<IResult>> step)
    {
        if (!_calls.TryGetValue(id, out var call)) return UnknownCall();
        await call.Gate.WaitAsync();
        try
        {
            call.LastUsed = clock.GetUtcNow();
            var result = await step(call);
            // An ended call has nothing left to do: it is forgotten at once rather than waiting for its expiry.
            if (call.State == TalkStates.Ended && _calls.TryRemove(id, out _)) call.Socket?.Dispose();
            return result;
        }
        finally { call.Gate.Release(); }
    }

    private static IResult UnknownCall() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such call",
        detail: "That simulated call is not live here (it ended, expired, or the app restarted). Start a new one.");

    private static IResult NotListening(TalkCall call) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The receptionist is not listening",
        detail: call.State == TalkStates.Transferring ? "The call is being put through: answer as the owner, or let it ring out." : "The call has ended.");

    private async Task GatherTurnAsync(TalkCall call, string url, params (string, string)[] extra) =>
        Follow(call, await webhooks.PostAsync(url, Form(call, extra), CancellationToken.None));

    /// <summary>
    /// One relay turn: sends the frame, then reads the reply (text tokens up to <c>last</c>), or an <c>end</c> after which
    /// the app closes the socket and the carrier asks the &lt;Connect action&gt; what next, with the handoff data.
    /// </summary>
    private async Task RelayTurnAsync(TalkCall call, object frame)
    {
        if (!call.SocketOpen || call.Socket is not { } socket)
        {
            call.Add(TalkSpeakers.Call, "The line is gone.");
            call.State = TalkStates.Ended;
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await SendAsync(socket, frame, timeout.Token);
            var reply = new StringBuilder();
            while (true)
            {
                if (await ReceiveAsync(socket, timeout.Token) is not { } f)
                {
                    call.Add(TalkSpeakers.Call, "The receptionist's line closed.");
                    call.State = TalkStates.Ended;
                    return;
                }
                var type = Str(f, "type");
                if (type == "text")
                {
                    reply.Append(Str(f, "token"));
                    if (f.TryGetProperty("last", out var last) && last.ValueKind == JsonValueKind.True) break;
                }
                else if (type == "end")
                {
                    var handoff = Str(f, "handoffData") ?? "";
                    await CloseAsync(socket, timeout.Token);
                    Follow(call, await webhooks.PostAsync(call.RelayEnded!, Form(call, ("HandoffData", handoff)), CancellationToken.None));
                    return;
                }
            }
            call.Add(TalkSpeakers.Receptionist, reply.ToString());
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JsonException)
        {
            // As with a real carrier: the socket is gone, then the <Connect action> hears of it without handoff data.
            socket.Abort();
            call.Add(TalkSpeakers.Call, "The line dropped: " + ex.Message);
            Follow(call, await webhooks.PostAsync(call.RelayEnded!, Form(call), CancellationToken.None));
            call.State = TalkStates.Ended;
        }
    }

    /// <summary>Reads what the app answered: who says what, and what the carrier would do next (listen, ring the owner, hang up).</summary>
    private static void Follow(TalkCall call, InvokedWebhook answer)
    {
        call.Gather = call.Silence = call.DialAction = call.WhisperUrl = null;
        XElement root;
        try { root = XDocument.Parse(answer.Body).Root ?? throw new System.Xml.XmlException("empty"); }
        catch (System.Xml.XmlException)
        {
            call.Add(TalkSpeakers.Call, $"The app answered {answer.Status} without TwiML.");
            call.State = TalkStates.Ended;
            return;
        }
        var next = TalkStates.Ended;
        foreach (var e in root.Elements())
            switch (e.Name.LocalName)
            {
                case "Say":
                    call.Add(TalkSpeakers.Receptionist, e.Value);
                    break;
                case "Gather":
                    foreach (var say in e.Elements("Say")) call.Add(TalkSpeakers.Receptionist, say.Value);
                    call.Gather = e.Attribute("action")?.Value;
                    next = TalkStates.Listening;
                    break;
                case "Redirect":
                    call.Silence = e.Value.Trim();
                    break;
                case "Connect" when e.Element("ConversationRelay") is { } relay:
                    call.Add(TalkSpeakers.Receptionist, relay.Attribute("welcomeGreeting")?.Value ?? "");
                    call.RelayUrl = relay.Attribute("url")?.Value;
                    call.RelayEnded = e.Attribute("action")?.Value;
                    next = TalkStates.Listening;
                    break;
                case "Dial":
                    call.DialAction = e.Attribute("action")?.Value;
                    call.WhisperUrl = e.Element("Number")?.Attribute("url")?.Value;
                    call.Add(TalkSpeakers.Call, "Ringing the owner's phone…");
                    next = TalkStates.Transferring;
                    break;
            }
        call.State = next;
    }

    private static string Said(string twiml)
    {
        try { return string.Join(" ", XDocument.Parse(twiml).Descendants("Say").Select(s => s.Value.Trim())); }
        catch (System.Xml.XmlException) { return ""; }
    }

    private static List<KeyValuePair<string, string>> Form(TalkCall call, params (string Key, string Value)[] extra) =>
    [
        new("CallSid", call.CallSid), new("AccountSid", SimulatorCalls.AccountSid), new("From", call.From), new("To", call.Business.CarrierNumber!),
        new("Caller", call.From), new("Called", call.Business.CarrierNumber!), new("CallStatus", "in-progress"), new("Direction", "inbound"),
        new("ApiVersion", "2010-04-01"), .. extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)),
    ];

    /// <summary>
    /// Opens the relay socket as the carrier does: signed over the public ws(s) URL the TwiML named, but connected to
    /// the address this app listens on (the public one may be a proxy, or not listening at all in the default run).
    /// </summary>
    private async Task<ClientWebSocket> ConnectAsync(string publicUrl)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader(CarrierWebhook.TwilioHeader, WebhookSignature.Compute(publicUrl, [], key.Token));
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await socket.ConnectAsync(LocalUri(publicUrl), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Uri LocalUri(string publicUrl)
    {
        var bindings = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => { try { return BindingAddress.Parse(a); } catch (FormatException) { return null; } })
            .OfType<BindingAddress>().Where(b => !b.IsUnixPipe && !b.IsNamedPipe)
            .OrderBy(b => b.Scheme == "http" ? 0 : 1).ToList();
        if (bindings.Count == 0) throw new InvalidOperationException("this app is not listening on a network address");
        var b = bindings[0];
        // A wildcard or "localhost" listens on loopback too; connect there.
        var host = b.Host is "*" or "+" or "0.0.0.0" or "[::]" or "" || b.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : b.Host;
        return new Uri($"{(b.Scheme == "https" ? "wss" : "ws")}://{host}:{b.Port}{new Uri(publicUrl).PathAndQuery}");
    }

    private static Task SendAsync(WebSocket socket, object frame, CancellationToken ct = default) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, ct);

    /// <summary>The next JSON frame, or null when the app closed the socket.</summary>
    private static async Task<JsonElement?> ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[MaxFrameBytes];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length) throw new WebSocketException($"a frame larger than {MaxFrameBytes} bytes");
            var r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), ct);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            length += r.Count;
            if (r.EndOfMessage)
            {
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
                return doc.RootElement.Clone();
            }
        }
    }

    /// <summary>After <c>end</c> the app closes the socket; answer its close as the carrier does before asking the &lt;Connect action&gt;.</summary>
    private static async Task CloseAsync(ClientWebSocket socket, CancellationToken ct)
    {
        while (socket.State == WebSocketState.Open && await ReceiveAsync(socket, ct) is not null) { }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
        socket.Dispose();
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Drops calls idle past <see cref="IdleExpiry"/>, then the least recently used while at <see cref="MaxCalls"/>.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, call) in _calls)
            if (now - call.LastUsed > IdleExpiry) Forget(id);
        while (_calls.Count >= MaxCalls && _calls.OrderBy(c => c.Value.LastUsed).Select(c => c.Key).FirstOrDefault() is { } oldest) Forget(oldest);
    }

    private void Forget(string id)
    {
        // Aborting a relay socket is what a caller hanging up looks like to the app: it marks the session dropped.
        if (_calls.TryRemove(id, out var call)) call.Socket?.Abort();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var id in _calls.Keys) Forget(id);
        return ValueTask.CompletedTask;
    }

    public sealed record StartRequest(string? CarrierNumber, string? From, string? Path);
    public sealed record SayRequest(string? Text);
    public sealed record PressRequest(string? Digit);
    public sealed record TransferRequest(bool? Answered);

    /// <summary>The panel's API under /simulator/api/voice (on the simulator's group: its gate and filter apply).</summary>
    public static void MapReceptionistSimulator(RouteGroupBuilder sim)
    {
        var voice = sim.MapGroup("/api/voice/calls");
        voice.MapPost("", async (StartRequest body, BusinessDirectory directory, ReceptionistSimulator talk, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var business = await directory.ByCarrierNumberAsync(body.CarrierNumber ?? "", ct);
            if (business is null) errors["carrierNumber"] = ["carrierNumber must be the carrier number of a business."];
            // A withheld number has no lead to keep: the receptionist leaves it to the text-back's apology.
            var from = Phone.CallerIdOrNull(body.From);
            if (from is null) errors["from"] = ["from must be a phone number (the receptionist does not answer withheld numbers)."];
            var path = (body.Path ?? VoicePaths.Relay).Trim().ToLowerInvariant();
            if (path is not (VoicePaths.Relay or VoicePaths.Gather)) errors["path"] = ["path must be 'relay' or 'gather'."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            return await talk.StartAsync(business!, from!, path);
        });
        voice.MapPost("/{id}/say", (string id, SayRequest body, ReceptionistSimulator talk) =>
        {
            var text = body.Text?.Trim() ?? "";
            if (text.Length == 0) return Task.FromResult(Bad("text", "text is required: what the caller says."));
            if (text.Length > Receptionist.MaxLine) return Task.FromResult(Bad("text", $"text must be at most {Receptionist.MaxLine} characters."));
            return talk.SayAsync(id, text);
        });
        voice.MapPost("/{id}/press", (string id, PressRequest body, ReceptionistSimulator talk) =>
            body.Digit is { Length: 1 } d && (char.IsAsciiDigit(d[0]) || d is "*" or "#")
                ? talk.PressAsync(id, d)
                : Task.FromResult(Bad("digit", "digit must be one key: 0-9, * or #.")));
        voice.MapPost("/{id}/silence", (string id, ReceptionistSimulator talk) => talk.SilenceAsync(id));
        voice.MapPost("/{id}/transfer", (string id, TransferRequest body, ReceptionistSimulator talk) =>
            body.Answered is { } answered ? talk.TransferAsync(id, answered) : Task.FromResult(Bad("answered", "answered must be true (the owner picks up) or false.")));
        voice.MapDelete("/{id}", (string id, ReceptionistSimulator talk) => talk.HangUpAsync(id));
    }

    private static IResult Bad(string field, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
