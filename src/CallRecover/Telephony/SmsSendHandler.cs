using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Telephony;

/// <summary>
/// The back half of the send path: hands one stored text to the carrier (<c>sms.send</c> work item).
/// The texting policy is asked again at the moment of sending (a STOP or a takeover may have arrived while the text
/// waited in line): never → blocked with the reason; later → held again. Then the send budget (Compliance/SendBudget)
/// gives the text a slot or holds it (rescheduled, its attempt given back) until there is room.
/// Crash safety: the message is marked <c>sending</c> before the POST. A later attempt that finds it still
/// <c>sending</c> without a SID does not know whether the carrier took it, so it first asks the carrier (list of
/// messages to that number from our number with that body) and records what it finds instead of sending again.
/// </summary>
public sealed class SmsSendHandler(
    Db db, ConversationStore conversations, BusinessStore businesses, TextingPolicy policy, SendBudget budget, ICarrierClient carrier, MessageStatusUpdater statuses,
    LiveEvents live, IOptions<AppOptions> app, TimeProvider clock, ILogger<SmsSendHandler> log) : IWorkHandler
{
    public string Kind => SmsSender.SendKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<SendSmsPayload>();
        var message = await conversations.GetMessageAsync(p.BusinessId, p.MessageId, ct) ?? throw new PermanentWorkFailure("Message not found.");
        if (message.CarrierSid is not null || message.Status is not (MessageStatuses.Queued or MessageStatuses.Sending)) return;
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");

        // The policy again at the moment of sending, the "sending" mark before the POST and the send budget's slot, in one
        // transaction: the hot path of every text takes one write here.
        var (decision, go) = await db.WriteAsync(async tx =>
        {
            var d = await policy.DecideAsync(tx, business, Intent(message));
            switch (d.Verdict)
            {
                case TextVerdict.Never:
                    await conversations.BlockAsync(tx, message.BusinessId, message.Id, d.Reason!);
                    return (d, false);
                case TextVerdict.Later when message.Status == MessageStatuses.Queued:
                    await conversations.HoldAsync(tx, message.BusinessId, message.Id, d.Reason!, d.Until!.Value);
                    return (d, false);
            }
            // A text found "sending" took its slot on the attempt that marked it.
            if (message.Status == MessageStatuses.Sending) return (d, true);
            if (!await conversations.MarkSendingAsync(tx, message.BusinessId, message.Id)) return (d, false);
            var grant = await budget.TakeAsync(tx, message.BusinessId, message.FromPhone, message.Purpose);
            if (grant.Granted) return (d, true);
            await conversations.RequeueAsync(tx, message.BusinessId, message.Id);
            await conversations.HoldAsync(tx, message.BusinessId, message.Id, TextReasons.SendBudget, grant.RetryAt!.Value);
            return (TextDecision.Later(TextReasons.SendBudget, grant.RetryAt!.Value), false);
        }, ct);
        if (decision.Verdict == TextVerdict.Never)
        {
            Telemetry.Text(Purpose(message), Telemetry.Outcomes.Blocked, decision.Reason);
            log.LogInformation("Text {MessageId} to {Phone} not sent: {Reason}", message.Id, Phone.Mask(message.ToPhone), decision.Reason);
            Publish(message);
            return;
        }
        if (decision.Verdict == TextVerdict.Later && message.Status == MessageStatuses.Queued)
        {
            log.LogInformation("Text {MessageId} to {Phone} held until {Until}: {Reason}", message.Id, Phone.Mask(message.ToPhone), decision.Until, decision.Reason);
            Publish(message);
            throw new RetryWorkLater(decision.Until!.Value - clock.GetUtcNow(), $"Held: {decision.Reason}.") { Hold = true };
        }
        if (!go) return; // someone else moved it on

        if (message.Status == MessageStatuses.Sending)
        {
            // An earlier attempt may have reached the carrier and died before recording the answer.
            // Or it is still running (its lease ran out while it waited on the carrier) and records the SID any moment now:
            // so this text's own SID is never counted among the others'.
            var known = await conversations.RecentSidsToAsync(message.BusinessId, message.ToPhone, message.CreatedAt.AddDays(-2), message.Id, ct);
            var found = await carrier.FindAsync(message.ToPhone, message.FromPhone, message.Body, message.CreatedAt, known, ct);
            if (found is not null)
            {
                log.LogInformation("Text {MessageId}: an earlier attempt had reached the carrier ({Sid}); not sent again", message.Id, found.Sid);
                if (await RecordAcceptedAsync(message, found.Sid, found.Status, null, ct)) RecordSent(message);
                return;
            }
        }

        var result = await carrier.SendAsync(new CarrierSms(message.ToPhone, message.FromPhone, message.Body, app.Value.BaseUrl + "/webhook/sms/status"), ct);
        var last = item.Attempts >= item.MaxAttempts;
        switch (result.Outcome)
        {
            case CarrierOutcome.Accepted:
                if (await RecordAcceptedAsync(message, result.Sid!, result.Status ?? "queued", result.ErrorCode, ct)) RecordSent(message);
                else log.LogWarning("Text {MessageId}: another run recorded it first; the carrier took it twice ({Sid})", message.Id, result.Sid);
                log.LogInformation("Text {MessageId} to {Phone} handed to the carrier as {Sid}", message.Id, Phone.Mask(message.ToPhone), result.Sid);
                return;
            case CarrierOutcome.Rejected:
                await db.WriteAsync(async tx =>
                {
                    await conversations.FailAsync(tx, message.BusinessId, message.Id, result.ErrorCode, result.ErrorMessage);
                    if (result.ErrorCode is { } code) await statuses.OnErrorAsync(tx, message, code);
                }, ct);
                Telemetry.Text(Purpose(message), Telemetry.Outcomes.Failed);
                log.LogWarning("Text {MessageId} to {Phone} refused by the carrier: {Code}", message.Id, Phone.Mask(message.ToPhone), result.ErrorCode);
                Publish(message);
                if (result.ErrorCode == MessageStatusUpdater.OptedOutCode || MessageStatusUpdater.CannotTextCodes.Contains(result.ErrorCode)) return;
                // The carrier's own message can quote the number; logs and last_error get the code only.
                throw new PermanentWorkFailure($"Carrier refused the text with error {result.ErrorCode}.");
            case CarrierOutcome.NotSent:
                await db.WriteAsync(tx => last
                    ? conversations.FailAsync(tx, message.BusinessId, message.Id, result.ErrorCode, result.ErrorMessage)
                    : conversations.RequeueAsync(tx, message.BusinessId, message.Id), ct);
                if (last) Telemetry.Text(Purpose(message), Telemetry.Outcomes.Failed);
                if (result.RetryAfter is { } delay && !last) throw new RetryWorkLater(delay, $"Carrier asked us to retry later ({result.ErrorCode}).");
                throw new InvalidOperationException($"The carrier did not take the text ({result.ErrorCode ?? "no connection"}).");
            default:
                if (last)
                {
                    await db.WriteAsync(tx => conversations.FailAsync(tx, message.BusinessId, message.Id, result.ErrorCode, $"Gave up: {result.ErrorMessage}"), ct);
                    Telemetry.Text(Purpose(message), Telemetry.Outcomes.Failed);
                }
                if (result.RetryAfter is { } wait && !last) throw new RetryWorkLater(wait, $"Carrier unavailable ({result.ErrorCode}).");
                throw new InvalidOperationException($"Carrier unavailable or no answer in time ({result.ErrorCode ?? "timeout/5xx"}).");
        }
    }

    private static string Purpose(Message m) => m.Purpose ?? SmsPurposes.Reply;

    /// <summary>
    /// Counts a text the carrier took; for a missed call's greeting also the text-back latency. The greeting is stored in
    /// the transaction of the webhook that marked the call missed (MissedCallService), so its creation time is the call's
    /// end as we know it; retries and a crashed attempt count against the promise too.
    /// </summary>
    private void RecordSent(Message m)
    {
        Telemetry.Text(Purpose(m), Telemetry.Outcomes.Sent);
        if (m.Purpose == SmsPurposes.Greeting && Telemetry.TextbackLatency.Enabled)
            Telemetry.TextbackLatency.Record(Math.Max(0, (clock.GetUtcNow() - m.CreatedAt).TotalSeconds));
    }

    /// <summary>What the stored message asks of the policy.</summary>
    private static TextIntent Intent(Message m) =>
        new(m.ToPhone, m.Purpose ?? SmsPurposes.Reply, m.Sender == Senders.Human, MessageId: m.Id, AtSend: true);

    /// <summary>
    /// Records the SID and the carrier's status; false (nothing changed) when another run of this item recorded it first,
    /// whose status may already be further on than the one in hand.
    /// </summary>
    private async Task<bool> RecordAcceptedAsync(Message message, string sid, string carrierStatus, string? errorCode, CancellationToken ct)
    {
        var recorded = await db.WriteAsync(async tx =>
        {
            if (!await conversations.RecordSidAsync(tx, message.BusinessId, message.Id, sid)) return false;
            var current = message with { CarrierSid = sid, Status = MessageStatuses.Sending };
            if (MessageStatusUpdater.Map(carrierStatus) is { } status) await statuses.ApplyAsync(tx, current, status, errorCode);
            await statuses.ApplyEarlyCallbacksAsync(tx, current, sid);
            return true;
        }, ct);
        if (recorded) Publish(message);
        return recorded;
    }

    private void Publish(Message m) => live.Publish(m.BusinessId, "message", m.Id);
}
