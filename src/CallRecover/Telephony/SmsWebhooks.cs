using CallRecover.Common;

namespace CallRecover.Telephony;

/// <summary>The SMS webhooks: incoming texts and message status callbacks (WIRE.md).</summary>
public sealed class SmsWebhooks(CarrierWebhook webhook, BusinessDirectory directory, InboundSmsService inbound, MessageStatusUpdater statuses,
    ILogger<SmsWebhooks> log)
{
    /// <summary>POST /webhook/sms/incoming: store the text once and hand it on; answer an empty &lt;Response/&gt; (replies go through the send path).</summary>
    public async Task<IResult> IncomingAsync(HttpRequest request, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var sid = form.Get("MessageSid");
        if (sid.Length == 0) sid = form.Get("SmsSid");
        if (sid.Length == 0) return VoiceWebhooks.BadField("MessageSid");
        var business = await directory.ByCarrierNumberAsync(form.Get("To"), ct);
        if (business is null)
        {
            log.LogWarning("Text {MessageSid} to unknown number {To}: nothing stored", sid, Phone.Mask(form.Get("To")));
            return WebhookAnswer.Xml(Twiml.NoReply).ToResult();
        }
        if (Phone.NormalizeOrNull(form.Get("From")) is null)
        {
            // Nobody to answer or to make a lead of: nothing stored, not even the receipt.
            log.LogWarning("Text {MessageSid} from a sender that is not a phone number: ignored", sid);
            return WebhookAnswer.Xml(Twiml.NoReply).ToResult();
        }
        var body = form.Get("Body");
        if (body.Length == 0 && int.TryParse(form["NumMedia"], out var media) && media > 0) body = $"[{media} attachment(s)]";
        var answer = await webhook.OnceAsync("sms/incoming", sid, business.Id, async tx =>
        {
            await inbound.HandleAsync(tx, business, sid, form.Get("From"), body);
            return WebhookAnswer.Xml(Twiml.NoReply);
        }, ct);
        return answer.ToResult();
    }

    /// <summary>POST /webhook/sms/status: a message's status, forward-only (a late "sent" never overwrites "delivered"); error codes stored.</summary>
    public async Task<IResult> StatusAsync(HttpRequest request, CancellationToken ct)
    {
        if (await webhook.ReadAsync(request, ct) is not { } form) return CarrierWebhook.Forbidden();
        var sid = form.Get("MessageSid");
        if (sid.Length == 0) sid = form.Get("SmsSid");
        var status = form.Get("MessageStatus");
        if (status.Length == 0) status = form.Get("SmsStatus");
        if (sid.Length == 0) return VoiceWebhooks.BadField("MessageSid");
        if (status.Length == 0) return VoiceWebhooks.BadField("MessageStatus");
        // Our texts go out from a business's number. A callback for a text from any other number is not ours to keep;
        // one from ours is kept for that business even before we know the SID (the carrier can be faster than our commit).
        if (await directory.ByCarrierNumberAsync(form.Get("From"), ct) is not { } business)
        {
            log.LogWarning("Status callback {MessageSid} for a text not sent from one of our numbers ({From}): dropped", sid, Phone.Mask(form.Get("From")));
            return WebhookAnswer.NoContent.ToResult();
        }
        var answer = await webhook.OnceAsync("sms/status", $"{sid}:{status.ToLowerInvariant()}", business.Id, async tx =>
        {
            await statuses.RecordCallbackAsync(tx, business.Id, sid, status, form["ErrorCode"]);
            return WebhookAnswer.NoContent;
        }, ct);
        return answer.ToResult();
    }
}
