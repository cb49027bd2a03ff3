using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Voice;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Voice;

/// <summary>A business with the voice receptionist on, the carrier faked on loopback, and the carrier's side of both voice paths.</summary>
public sealed class VoiceHarness : IAsyncDisposable
{
    public TelephonyHarness T { get; }
    public FakeClock Clock { get; }
    public Business Business { get; private set; } = null!;

    private VoiceHarness(TelephonyHarness t, FakeClock clock) => (T, Clock) = (t, clock);

    /// <summary>The relay path (ConversationRelay, over Kestrel for the socket) or the Gather path (<c>Voice:Path</c>), Twilio as the carrier.</summary>
    public static async Task<VoiceHarness> StartAsync(string provider, string path, string mode = VoiceReceptionistModes.Always,
        IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeClock(BookingScenario.Start);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Voice:Path"] = path };
        var t = await TelephonyHarness.StartAsync(provider, all, clock, kestrel: path == VoicePaths.Relay);
        var h = new VoiceHarness(t, clock);
        h.Business = await t.BusinessAsync(b => b with { VoiceReceptionist = mode, OwnerName = "Sam Rivera", Services = ["AC repair", "Furnace repair", "Tune-up"] });
        return h;
    }

    /// <summary>A missed call: incoming, then no-answer. Returns the TwiML the caller hears next.</summary>
    public async Task<string> MissedCallAsync(string from, string callSid) => await T.MissedCallAsync(Business, from, callSid);

    public static XElement Root(string twiml) => XDocument.Parse(twiml).Root!;

    /// <summary>What a Gather answer says (its &lt;Say&gt; inside the Gather, or a bare &lt;Say&gt;).</summary>
    public static string Said(string twiml) => string.Join(" ", Root(twiml).Descendants("Say").Select(s => s.Value));

    /// <summary>The carrier's next Gather post: the caller's words as SpeechResult to the last answer's action URL.</summary>
    public async Task<string> SayAsync(string twiml, string from, string callSid, string speech, string? digits = null)
    {
        var action = TelephonyHarness.UrlIn(twiml, "Gather", "action") ?? throw new InvalidOperationException($"No Gather in {twiml}");
        (string, string)[] extra = digits is null ? [("SpeechResult", speech), ("Confidence", "0.91")] : [("Digits", digits)];
        var r = await T.PostAsync(action, TelephonyHarness.CallForm(Business, from, callSid, extra));
        r.EnsureSuccessStatusCode();
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>Opens the relay socket the carrier would, signed over the wss URL the TwiML named.</summary>
    public async Task<ClientWebSocket> ConnectAsync(string twiml, string? signature = null)
    {
        var url = Root(twiml).Descendants("ConversationRelay").Single().Attribute("url")!.Value;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(CarrierWebhook.TwilioHeader, signature ?? WebhookSignature.Compute(url, [], T.Token));
        var local = new Uri(T.Client.BaseAddress!, new Uri(url).PathAndQuery);
        await socket.ConnectAsync(new UriBuilder(local) { Scheme = "ws" }.Uri, CancellationToken.None);
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads frames until a text frame with last=true (the whole reply) or an end frame; returns them all.</summary>
    public static async Task<List<JsonElement>> ReplyAsync(ClientWebSocket socket)
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveAsync(socket) ?? throw new InvalidOperationException("The socket closed: " + socket.CloseStatus + " " + socket.CloseStatusDescription);
            frames.Add(frame);
            var type = frame.GetProperty("type").GetString();
            if (type == "end" || (type == "text" && frame.GetProperty("last").GetBoolean())) return frames;
        }
    }

    public static string Text(IEnumerable<JsonElement> frames) =>
        string.Concat(frames.Where(f => f.GetProperty("type").GetString() == "text").Select(f => f.GetProperty("token").GetString()));

    /// <summary>The next frame, or null when the server closed the socket.</summary>
    public static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var length = 0;
        while (true)
        {
            var r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            length += r.Count;
            if (r.EndOfMessage) return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
        }
    }

    public Task<TValue> ScalarAsync<TValue>(string sql, object? param = null) => T.ScalarAsync<TValue>(sql, param);

    public ValueTask DisposeAsync() => T.DisposeAsync();
}
