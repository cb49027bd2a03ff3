using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using Twilio.TwiML;
using CallRecover.Webhooks;

namespace CallRecover.Telephony;

/// <summary>
/// The voice webhooks (WIRE.md). Each one is thin: verify the signature, find the tenant, record the event once,
/// answer TwiML. Texts go out through the queue; nothing here waits on the carrier API or the AI.
/// </summary>
public sealed class VoiceWebhooks(
    CarrierWebhook webhook, BusinessDirectory directory, CallStore calls, TelephonySettingsStore settings, MissedCallService missed,
    LiveEvents live, IOptions<AppOptions> app, TimeProvider clock, ILogger<VoiceWebhooks> log, IEnumerable<IVoiceAnswerExtension> extensions,
    WebhookEvents webhooks, IEnumerable<IMissedCallAnswerer> answerers)
{
    private readonly IMissedCallAnswerer[] _answerers = [.. answerers];

    public const string NotInService = "Sorry, the number you called is not in service. Goodbye.";
    private static readonly string[] AnsweredDialStatuses = ["completed", "answered"];

    private string Url(string path) => app.Value.BaseUrl + path;

    /// <summary>POST /webhook/voice/incoming: ring the business phone for 20 s and log the call as ringing.</summary>
    public async Task<IResult> IncomingAsync(HttpRequest request, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var callSid = form.Get("CallSid");
        if (callSid.Length == 0) return BadField("CallSid");
        var business = await directory.ByCarrierNumberAsync(form.Get("To"), ct);
        if (business is null)
        {
            log.LogWarning("Incoming call {CallSid} to unknown number {To}: nothing stored", callSid, Phone.Mask(form.Get("To")));
            return WebhookAnswer.Xml(Twiml.Say(NotInService)).ToResult();
        }
        var answer = await webhook.OnceAsync("voice/incoming", callSid, business.Id, async tx =>
        {
            var now = clock.GetUtcNow();
            var s = await settings.GetAsync(tx, business.Id);
            // A caller id that is withheld or not a phone number at all is stored as withheld, never as the raw text.
            var caller = Phone.CallerIdOrNull(form.Get("From")) ?? "anonymous";
            var callId = await calls.InsertRingingAsync(tx, business.Id, callSid, caller, afterHours: !business.IsOpenAt(now), s.ScreeningMode)
                ?? throw new InvalidOperationException("Call belongs to another business.");
            tx.AfterCommit(() => live.Publish(business.Id, "call", callId));
            var q = $"?call={callId}";
            var dial = Twiml.Dial(
                Url("/webhook/voice/call-completed" + q), business.CarrierNumber!, business.BusinessPhone, Url("/webhook/voice/status" + q),
                s.ScreeningMode is null ? null : Url("/webhook/voice/screen" + q), s.MachineDetection);
            var incoming = new VoiceResponse();
            foreach (var extension in extensions) await extension.OnIncomingAsync(tx, business, incoming, dial);
            return WebhookAnswer.Xml(Twiml.Write(incoming.Append(dial)));
        }, ct);
        return answer.ToResult();
    }

    /// <summary>POST /webhook/voice/call-completed: the &lt;Dial action&gt; result. Answered → done; otherwise missed → text-back.</summary>
    public async Task<IResult> CallCompletedAsync(HttpRequest request, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var callSid = form.Get("CallSid");
        if (callSid.Length == 0) return BadField("CallSid");
        var business = await directory.ByCarrierNumberAsync(form.Get("To"), ct);
        if (business is null) return WebhookAnswer.Xml(Twiml.Say(NotInService)).ToResult();
        var answer = await webhook.OnceAsync("voice/call-completed", callSid, business.Id, async tx =>
        {
            var call = await calls.GetBySidAsync(tx, business.Id, callSid);
            if (call is null)
            {
                log.LogWarning("Call-completed for unknown call {CallSid}", callSid);
                return WebhookAnswer.Xml(Twiml.Hangup());
            }
            var dial = form.Get("DialCallStatus").Trim().ToLowerInvariant();
            var duration = int.TryParse(form["DialCallDuration"], out var d) ? d : (int?)null;
            var answered = AnsweredDialStatuses.Contains(dial) && form["DialBridged"] != "false" && PassedScreening(call);
            await calls.SetOutcomeAsync(tx, business.Id, call.Id, answered ? CallStatuses.Answered : CallStatuses.Missed, dial, duration);
            tx.AfterCommit(() => live.Publish(business.Id, "call", call.Id));
            if (answered) return WebhookAnswer.Xml(Twiml.Hangup());
            await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.CallMissed, call.Id, call with { Status = CallStatuses.Missed, DialStatus = dial });
            // The voice receptionist, when on, answers the caller itself; otherwise (and for a withheld number) the text-back.
            foreach (var answerer in _answerers)
                if (await answerer.TryAnswerAsync(tx, business, call with { Status = CallStatuses.Missed, DialStatus = dial }, form) is { } taken)
                    return WebhookAnswer.Xml(taken);
            var told = await missed.OnMissedAsync(tx, business, call with { Status = CallStatuses.Missed, DialStatus = dial });
            var missedAnswer = new VoiceResponse().Say(told);
            foreach (var extension in extensions) await extension.OnMissedAsync(tx, business, missedAnswer);
            return WebhookAnswer.Xml(Twiml.Write(missedAnswer.Hangup()));
        }, ct);
        return answer.ToResult();
    }

    /// <summary>A pickup counts as answered only when the screening that ran on the business phone let a person through.</summary>
    private static bool PassedScreening(Call call) => call.Screening switch
    {
        null => true,
        var s when s.Contains("press1", StringComparison.Ordinal) => call.ScreenResult == "accepted",
        _ => call.ScreenResult is null or "accepted",
    };

    /// <summary>POST /webhook/voice/screen: runs on the business-phone side after it answers, before the caller is connected.</summary>
    public async Task<IResult> ScreenAsync(HttpRequest request, string? call, string? step, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var legSid = form.Get("CallSid");
        if (legSid.Length == 0) return BadField("CallSid");
        if (string.IsNullOrEmpty(call)) return BadField("call");
        // The call (and so the business the receipt belongs to) first: a call we do not know is hung up, nothing stored.
        if (await calls.FindForWebhookAsync(call, ct) is not { } known) return WebhookAnswer.Xml(Twiml.Hangup()).ToResult();
        var answer = await webhook.OnceAsync("voice/screen", $"{legSid}:{step ?? "answer"}", known.BusinessId, async tx =>
        {
            var c = await calls.FindForWebhookAsync(tx, known.Id);
            if (c is null) return WebhookAnswer.Xml(Twiml.Hangup());
            string? result;
            string twiml;
            if (step == "gather")
            {
                var accepted = form.Get("Digits").Trim() == "1";
                result = accepted ? "accepted" : "rejected";
                twiml = accepted ? Twiml.Empty : Twiml.Hangup();
            }
            else
            {
                var answeredBy = form["AnsweredBy"];
                if (answeredBy is not null) await calls.SetAnsweredByAsync(tx, c.BusinessId, c.Id, answeredBy);
                if (answeredBy is not null && (answeredBy.StartsWith("machine", StringComparison.Ordinal) || answeredBy == "fax"))
                {
                    result = "machine";
                    twiml = Twiml.Hangup();
                }
                else if (c.Screening?.Contains("press1", StringComparison.Ordinal) == true)
                {
                    var business = await directory.ByIdAsync(c.BusinessId, ct);
                    result = null;
                    twiml = Twiml.ScreenGather(Url($"/webhook/voice/screen?call={c.Id}&step=gather"), business?.Name ?? "your business");
                }
                else
                {
                    result = "accepted";
                    twiml = Twiml.Empty;
                }
            }
            if (result is not null) await calls.SetScreenResultAsync(tx, c.BusinessId, c.Id, result);
            return WebhookAnswer.Xml(twiml);
        }, ct);
        return answer.ToResult();
    }

    private static readonly Dictionary<string, int> LegRank = new()
    {
        ["queued"] = 1, ["initiated"] = 1, ["ringing"] = 2, ["in-progress"] = 3, ["answered"] = 3,
        ["completed"] = 4, ["busy"] = 4, ["no-answer"] = 4, ["failed"] = 4, ["canceled"] = 4,
    };

    /// <summary>POST /webhook/voice/status: call progress of the business-phone leg, in any order; the stored status only moves forward.</summary>
    public async Task<IResult> StatusAsync(HttpRequest request, string? call, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var sid = form.Get("CallSid");
        var status = form.Get("CallStatus").Trim().ToLowerInvariant();
        if (sid.Length == 0) return BadField("CallSid");
        if (!LegRank.TryGetValue(status, out var rank)) return BadField("CallStatus");
        // The call (and so the business the receipt belongs to) first: progress of a call we do not know is dropped.
        var known = call is { Length: > 0 } ? await calls.FindForWebhookAsync(call, ct) : null;
        known ??= await calls.FindForWebhookBySidAsync(sid, form.Get("ParentCallSid"), ct);
        if (known is null) return WebhookAnswer.NoContent.ToResult();
        var answer = await webhook.OnceAsync("voice/status", $"{sid}:{status}:{form["SequenceNumber"]}", known.BusinessId, async tx =>
        {
            var c = await calls.FindForWebhookAsync(tx, known.Id);
            if (c is null) return WebhookAnswer.NoContent;
            var duration = int.TryParse(form["CallDuration"], out var d) ? d : (int?)null;
            await calls.AddEventAsync(tx, c.BusinessId, c.Id, sid, status, int.TryParse(form["SequenceNumber"], out var n) ? n : null, duration);
            var current = c.LegStatus is not null && LegRank.TryGetValue(c.LegStatus, out var r) ? r : 0;
            if (rank > current) await calls.SetLegStatusAsync(tx, c.BusinessId, c.Id, status);
            // The answered leg's talk time, when the dial result did not carry it.
            if (status == "completed" && duration is { } talk && c.Status == CallStatuses.Answered && c.DurationSeconds is null)
                await calls.SetDurationIfMissingAsync(tx, c.BusinessId, c.Id, talk);
            tx.AfterCommit(() => live.Publish(c.BusinessId, "call", c.Id));
            return WebhookAnswer.NoContent;
        }, ct);
        return answer.ToResult();
    }

    public static IResult BadField(string field) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad webhook",
        detail: $"The field '{field}' is missing or not valid.", extensions: new Dictionary<string, object?> { ["field"] = field });
}
