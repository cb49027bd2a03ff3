using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Live;
using CallRecover.Queue;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Telephony;

/// <summary>
/// The back half of the send path: hands one stored text to the carrier (<c>sms.send</c> work item).
/// Crash safety: the message is marked <c>sending</c> before the POST. A later attempt that finds it still
/// <c>sending</c> without a SID does not know whether the carrier took it, so it first asks the carrier (list of
/// messages to that number from our number with that body) and records what it finds instead of sending again.
/// </summary>
public sealed class SmsSendHandler(
    Db db, ConversationStore conversations, ICarrierClient carrier, OptOutStore optOuts, MessageStatusUpdater statuses, LiveEvents live, IOptions<AppOptions> app,
    TimeProvider clock, ILogger<SmsSendHandler> log) : IWorkHandler
{
    public string Kind => SmsSender.SendKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<SendSmsPayload>();
        var message = await conversations.GetMessageAsync(p.BusinessId, p.MessageId, ct) ?? throw new PermanentWorkFailure("Message not found.");
        if (message.CarrierSid is not null || message.Status is not (MessageStatuses.Queued or MessageStatuses.Sending)) return;

        // Compliance again at the moment of sending (a STOP may have arrived while this text waited in line), and the
        // "sending" mark before the POST, in one transaction: the hot path of every text takes one write here.
        var (blocked, go) = await db.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            var reason = await BlockReasonAsync(tx, message);
            if (reason is not null)
            {
                await tx.Connection.ExecuteAsync("""
                    UPDATE messages SET status = 'blocked', error_code = @reason, updated_at = @now
                    WHERE business_id = @BusinessId AND id = @Id AND carrier_sid IS NULL AND status IN ('queued','sending')
                    """, new { reason, now, message.BusinessId, message.Id }, tx.Transaction);
                return (reason, false);
            }
            if (message.Status == MessageStatuses.Sending) return (null, true);
            var marked = await tx.Connection.ExecuteAsync("""
                UPDATE messages SET status = 'sending', updated_at = @now WHERE business_id = @BusinessId AND id = @Id AND status = 'queued' AND carrier_sid IS NULL
                """, new { now, message.BusinessId, message.Id }, tx.Transaction);
            return ((string?)null, marked == 1);
        }, ct);
        if (blocked is not null)
        {
            log.LogInformation("Text {MessageId} to {Phone} not sent: {Reason}", message.Id, Phone.Mask(message.ToPhone), blocked);
            Publish(message);
            return;
        }
        if (!go) return; // someone else moved it on

        if (message.Status == MessageStatuses.Sending)
        {
            // An earlier attempt may have reached the carrier and died before recording the answer.
            var known = await KnownSidsAsync(message, ct);
            var found = await carrier.FindAsync(message.ToPhone, message.FromPhone, message.Body, message.CreatedAt, known, ct);
            if (found is not null)
            {
                log.LogInformation("Text {MessageId}: an earlier attempt had reached the carrier ({Sid}); recorded, not sent again", message.Id, found.Sid);
                await RecordAcceptedAsync(message, found.Sid, found.Status, null, ct);
                return;
            }
        }

        var result = await carrier.SendAsync(new CarrierSms(message.ToPhone, message.FromPhone, message.Body, app.Value.BaseUrl + "/webhook/sms/status"), ct);
        var last = item.Attempts >= item.MaxAttempts;
        switch (result.Outcome)
        {
            case CarrierOutcome.Accepted:
                await RecordAcceptedAsync(message, result.Sid!, result.Status ?? "queued", result.ErrorCode, ct);
                log.LogInformation("Text {MessageId} to {Phone} handed to the carrier as {Sid}", message.Id, Phone.Mask(message.ToPhone), result.Sid);
                return;
            case CarrierOutcome.Rejected:
                await db.WriteAsync(async tx =>
                {
                    await FailAsync(tx, message, result.ErrorCode, result.ErrorMessage);
                    if (result.ErrorCode is { } code) await statuses.OnErrorAsync(tx, message, code);
                }, ct);
                log.LogWarning("Text {MessageId} to {Phone} refused by the carrier: {Code}", message.Id, Phone.Mask(message.ToPhone), result.ErrorCode);
                Publish(message);
                if (result.ErrorCode == MessageStatusUpdater.OptedOutCode || MessageStatusUpdater.CannotTextCodes.Contains(result.ErrorCode)) return;
                // The carrier's own message can quote the number; logs and last_error get the code only.
                throw new PermanentWorkFailure($"Carrier refused the text with error {result.ErrorCode}.");
            case CarrierOutcome.NotSent:
                await db.WriteAsync(tx => last
                    ? FailAsync(tx, message, result.ErrorCode, result.ErrorMessage)
                    : tx.Connection.ExecuteAsync("UPDATE messages SET status = 'queued', updated_at = @now WHERE business_id = @BusinessId AND id = @Id AND status = 'sending' AND carrier_sid IS NULL",
                        new { now = clock.GetUtcNow(), message.BusinessId, message.Id }, tx.Transaction), ct);
                if (result.RetryAfter is { } delay && !last) throw new RetryWorkLater(delay, $"Carrier asked us to retry later ({result.ErrorCode}).");
                throw new InvalidOperationException($"The carrier did not take the text ({result.ErrorCode ?? "no connection"}).");
            default:
                if (last) await db.WriteAsync(tx => FailAsync(tx, message, result.ErrorCode, $"Gave up: {result.ErrorMessage}"), ct);
                if (result.RetryAfter is { } wait && !last) throw new RetryWorkLater(wait, $"Carrier unavailable ({result.ErrorCode}).");
                throw new InvalidOperationException($"Carrier unavailable or no answer in time ({result.ErrorCode ?? "timeout/5xx"}).");
        }
    }

    private async Task RecordAcceptedAsync(Message message, string sid, string carrierStatus, string? errorCode, CancellationToken ct)
    {
        await db.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            await tx.Connection.ExecuteAsync("""
                UPDATE messages SET carrier_sid = @sid, status = 'sending', updated_at = @now WHERE business_id = @BusinessId AND id = @Id AND carrier_sid IS NULL
                """, new { sid, now, message.BusinessId, message.Id }, tx.Transaction);
            var current = message with { CarrierSid = sid, Status = MessageStatuses.Sending };
            if (MessageStatusUpdater.Map(carrierStatus) is { } status) await statuses.ApplyAsync(tx, current, status, errorCode);
            await statuses.ApplyEarlyCallbacksAsync(tx, current, sid);
        }, ct);
        Publish(message);
    }

    private async Task FailAsync(DbTx tx, Message message, string? code, string? error) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE messages SET status = 'failed', error_code = @code, error_message = @error, updated_at = @now
            WHERE business_id = @BusinessId AND id = @Id AND carrier_sid IS NULL
            """, new { code, error = error is { Length: > 500 } ? error[..500] : error, now = clock.GetUtcNow(), message.BusinessId, message.Id }, tx.Transaction);

    private async Task<string?> BlockReasonAsync(DbTx tx, Message m)
    {
        if (m.Purpose == SmsPurposes.Compliance) return null;
        if (await optOuts.IsOptedOutAsync(tx, m.BusinessId, m.ToPhone)) return "opted_out";
        if (m.Purpose == SmsPurposes.OwnerNotification) return null;
        if (await optOuts.IsDoNotTextAsync(tx, m.BusinessId, m.ToPhone)) return "do_not_text";
        if (await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM leads WHERE business_id = @BusinessId AND phone = @ToPhone AND cannot_text",
                new { m.BusinessId, m.ToPhone }, tx.Transaction) > 0) return "cannot_text";
        return null;
    }

    private async Task<IReadOnlySet<string>> KnownSidsAsync(Message m, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<string>("""
            SELECT carrier_sid FROM messages WHERE business_id = @BusinessId AND to_phone = @ToPhone AND carrier_sid IS NOT NULL AND created_at >= @since
            """, new { m.BusinessId, m.ToPhone, since = m.CreatedAt.AddDays(-2) })).ToHashSet(StringComparer.Ordinal);
    }

    private void Publish(Message m) => live.Publish(m.BusinessId, "message", m.Id);
}
