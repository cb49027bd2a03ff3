using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Voice;

/// <summary>
/// The receptionist's carrier side: it takes a missed call when the business has it on (instead of the text-back), and
/// answers the signed webhooks of both paths — a &lt;Gather&gt; turn, the end of a ConversationRelay session, a transfer's
/// result and its whisper. Every webhook is recorded once (a carrier retry gets the same answer).
/// </summary>
public sealed class ReceptionistCalls(
    Receptionist receptionist, VoiceStore store, CarrierWebhook webhook, Db db, BusinessStore businesses, CallStore calls, MissedCallService missed,
    IOptions<VoiceOptions> options, IOptions<CarrierOptions> carrier, IOptions<AppOptions> app, TimeProvider clock, ILogger<ReceptionistCalls> log) : IMissedCallAnswerer
{
    /// <summary>Simulator-only form fields (ignored with a real carrier): the path to use, and "always" to answer even when the business has the receptionist off.</summary>
    public const string SimulatorPathField = "SimulatorVoicePath", SimulatorReceptionistField = "SimulatorVoiceReceptionist";
    public const string LostLine = "Sorry, we lost the line. We'll text you right away. Goodbye.";

    private string Url(string path) => app.Value.BaseUrl + path;

    /// <summary>The relay's WebSocket address: the public base URL with ws(s).</summary>
    public string SocketUrl(string callId)
    {
        var b = app.Value.BaseUrl;
        var ws = b.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + b[8..] : "ws://" + b[(b.IndexOf("://", StringComparison.Ordinal) + 3)..];
        return $"{ws}/voice/relay?call={callId}";
    }

    /// <summary>The path for this call: the setting, or by carrier; the simulator may ask for either (its panel demonstrates both).</summary>
    private string PathFor(WebhookForm form)
    {
        if (carrier.Value.IsSimulator && form[SimulatorPathField] is VoicePaths.Relay or VoicePaths.Gather) return form[SimulatorPathField]!;
        if (options.Value.Path != VoiceOptions.Auto) return options.Value.Path;
        return carrier.Value.Provider == CarrierOptions.SignalWire ? VoicePaths.Gather : VoicePaths.Relay;
    }

    public async Task<string?> TryAnswerAsync(DbTx tx, Business business, Call call, WebhookForm form)
    {
        var demo = carrier.Value.IsSimulator && form[SimulatorReceptionistField] == VoiceReceptionistModes.Always;
        if (!demo && !VoiceReceptionistModes.Answers(business, clock.GetUtcNow())) return null;
        // A withheld number has no lead to keep and cannot get the confirmation: the usual apology answers it.
        if (Phone.CallerIdOrNull(call.CallerPhone) is not { } caller || business.IsOwnLine(caller)) return null;
        var path = PathFor(form);
        var greeting = await receptionist.StartAsync(tx, business, call, path);
        return path == VoicePaths.Relay
            ? VoiceTwiml.Relay(SocketUrl(call.Id), Url($"/webhook/voice/relay-ended?call={call.Id}"), greeting, business)
            : VoiceTwiml.Gather(GatherUrl(call.Id, 0), greeting, business);
    }

    private string GatherUrl(string callId, int turn) => Url($"/webhook/voice/gather?call={callId}&turn={turn}");

    /// <summary>POST /webhook/voice/gather: one spoken turn (SpeechResult, or Digits), or silence (<c>silent=1</c> from the redirect).</summary>
    public async Task<IResult> GatherAsync(HttpRequest request, string? call, int? turn, string? silent, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        if (string.IsNullOrEmpty(call)) return VoiceWebhooks.BadField("call");
        if (turn is null or < 0) return VoiceWebhooks.BadField("turn");
        if (await store.FindAsync(call, ct) is not { } session) return WebhookAnswer.Xml(Twiml.Hangup()).ToResult();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var speech = silent == "1" ? "" : form.Get("SpeechResult");
        var heard = await receptionist.HearAsync(session, speech, form["Digits"], ct);
        var answer = await webhook.OnceAsync("voice/gather", $"{call}:{turn}:{silent}", session.BusinessId, async tx =>
        {
            if (heard is null || await receptionist.ApplyAsync(tx, heard) is not { } reply) return WebhookAnswer.Xml(Twiml.Hangup());
            return WebhookAnswer.Xml(Answer(heard.Business, session, reply));
        }, ct);
        if (Telemetry.ReceptionistLatency.Enabled)
            Telemetry.ReceptionistLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("path", VoicePaths.Gather));
        return answer.ToResult();
    }

    /// <summary>The TwiML for a reply on the Gather path (and after a relay session handed the call back).</summary>
    private string Answer(Business business, VoiceSession session, ReceptionistReply reply) =>
        reply.Action switch
        {
            ReceptionistActions.Transfer => VoiceTwiml.Transfer(reply.Text, Url($"/webhook/voice/transfer-ended?call={session.CallId}"),
                Url($"/webhook/voice/whisper?call={session.CallId}"), business),
            ReceptionistActions.Hangup => VoiceTwiml.Goodbye(reply.Text),
            _ => VoiceTwiml.Gather(GatherUrl(session.CallId, reply.Turn), reply.Text, business),
        };

    /// <summary>
    /// POST /webhook/voice/relay-ended: the ConversationRelay session is over (the &lt;Connect action&gt;). We ended it to
    /// transfer or hang up: that is done now. It ended without us (the socket dropped, the carrier's error): the caller
    /// hears an apology and gets the text-back, and the owner is told.
    /// </summary>
    public async Task<IResult> RelayEndedAsync(HttpRequest request, string? call, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        if (string.IsNullOrEmpty(call)) return VoiceWebhooks.BadField("call");
        if (await store.FindAsync(call, ct) is not { } known) return WebhookAnswer.Xml(Twiml.Hangup()).ToResult();
        var answer = await webhook.OnceAsync("voice/relay-ended", call, known.BusinessId, async tx =>
        {
            var session = await store.GetAsync(tx, known.BusinessId, call);
            if (session is null) return WebhookAnswer.Xml(Twiml.Hangup());
            var state = Receptionist.StateOf(session);
            var business = await businesses.GetAsync(tx, session.BusinessId);
            if (business is null) return WebhookAnswer.Xml(Twiml.Hangup());
            if (state.Leaving is { } leaving && state.Farewell is { } farewell && session.Status != VoiceSessionStatuses.Dropped)
                return WebhookAnswer.Xml(Answer(business, session, new ReceptionistReply(farewell, leaving, 0)));
            // Ended without our "end": the caller is told and texted; the lead keeps what was said.
            if (VoiceSessionStatuses.IsLive(session.Status))
                await receptionist.DroppedAsync(tx, session, form["ErrorMessage"] is { Length: > 0 } e ? e : "the voice connection ended");
            if (await calls.FindForWebhookAsync(tx, session.CallId) is { } c) await missed.OnMissedAsync(tx, business, c);
            return WebhookAnswer.Xml(VoiceTwiml.Goodbye(LostLine));
        }, ct);
        return answer.ToResult();
    }

    /// <summary>POST /webhook/voice/transfer-ended: the owner took the call (done), or nobody answered (the receptionist takes a message).</summary>
    public async Task<IResult> TransferEndedAsync(HttpRequest request, string? call, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        if (string.IsNullOrEmpty(call)) return VoiceWebhooks.BadField("call");
        if (await store.FindAsync(call, ct) is not { } known) return WebhookAnswer.Xml(Twiml.Hangup()).ToResult();
        var answer = await webhook.OnceAsync("voice/transfer-ended", call, known.BusinessId, async tx =>
        {
            var session = await store.GetAsync(tx, known.BusinessId, call);
            if (session is null) return WebhookAnswer.Xml(Twiml.Hangup());
            var status = form.Get("DialCallStatus").Trim().ToLowerInvariant();
            if (status is "completed" or "answered")
            {
                await receptionist.TransferAnsweredAsync(tx, session);
                return WebhookAnswer.Xml(Twiml.Hangup());
            }
            var business = await businesses.GetAsync(tx, session.BusinessId);
            if (business is null || await receptionist.TransferMissedAsync(tx, session) is not var (say, turn)) return WebhookAnswer.Xml(Twiml.Hangup());
            return WebhookAnswer.Xml(VoiceTwiml.Gather(GatherUrl(session.CallId, turn), say, business));
        }, ct);
        return answer.ToResult();
    }

    /// <summary>POST /webhook/voice/whisper: what the owner hears before the transferred caller is connected.</summary>
    public async Task<IResult> WhisperAsync(HttpRequest request, string? call, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is null) return CarrierWebhook.Forbidden();
        if (string.IsNullOrEmpty(call)) return VoiceWebhooks.BadField("call");
        if (await store.FindAsync(call, ct) is not { } session) return WebhookAnswer.Xml(Twiml.Empty).ToResult();
        var whisper = Receptionist.StateOf(session).Whisper ?? "A call from your voice receptionist. Connecting you now.";
        return WebhookAnswer.Xml(VoiceTwiml.Whisper("CallRecover. " + whisper)).ToResult();
    }

    /// <summary>A relay socket closed before the conversation ended: the session is marked dropped and the owner told (once).</summary>
    public async Task SocketClosedAsync(string businessId, string callId, string why)
    {
        await db.WriteAsync(async tx =>
        {
            var session = await store.GetAsync(tx, businessId, callId);
            if (session is null || !VoiceSessionStatuses.IsLive(session.Status) || Receptionist.StateOf(session).Leaving is not null) return;
            await receptionist.DroppedAsync(tx, session, why);
        }, CancellationToken.None);
        log.LogInformation("Call {CallId}: the receptionist's socket closed before the conversation ended ({Why})", callId, why);
    }
}
