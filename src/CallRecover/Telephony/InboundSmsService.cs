using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>
/// A caller's text, inside the incoming-SMS webhook's transaction: compliance keywords first (STOP/START/HELP),
/// otherwise store it on the caller's open conversation (a first text starts a lead and a conversation) and enqueue
/// the conversation turn, which the engine answers through the send path.
/// </summary>
public sealed class InboundSmsService(
    SmsSender sender, OptOutStore optOuts, LeadStore leads, ConversationStore conversations, WorkQueue queue, Notifier notifier,
    AuditLog audit, LiveEvents live, TimeProvider clock, ILogger<InboundSmsService> log)
{
    public static string OptOutConfirmation(Business b) =>
        $"{b.Name}: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.";

    public static string OptInConfirmation(Business b) =>
        $"{b.Name}: You're resubscribed to our texts. Reply HELP for help, STOP to opt out.";

    public static string HelpReply(Business b) =>
        $"{b.Name}: for help call us at {b.BusinessPhone} or reply here. Msg & data rates may apply. Reply STOP to opt out.";

    public async Task HandleAsync(DbTx tx, Business business, string messageSid, string fromRaw, string body)
    {
        if (Phone.NormalizeOrNull(fromRaw) is not { } from)
        {
            log.LogWarning("Text {MessageSid} from an unusable sender number: ignored", messageSid);
            return;
        }
        if (from == business.OwnerPhone)
        {
            // The owner answering one of our notification texts is not a caller: never make a lead of them.
            log.LogInformation("Text {MessageSid} from the owner's phone to the business number: not a lead", messageSid);
            return;
        }
        var now = clock.GetUtcNow();
        var optedOut = await optOuts.IsOptedOutAsync(tx, business.Id, from);
        var keyword = ComplianceKeywords.Classify(body, optedOut);
        var open = await conversations.GetOpenByPhoneAsync(tx, business.Id, from);
        var lead = await leads.GetByPhoneAsync(tx, business.Id, from);

        if (keyword != ComplianceKeyword.None)
        {
            var conversationId = open?.Id ?? await LatestConversationAsync(tx, business.Id, from);
            await StoreAsync(tx, business, conversationId, messageSid, from, body, now);
            await HandleKeywordAsync(tx, business, keyword, from, optedOut, open, lead, conversationId, now);
            return;
        }

        if (optedOut || await optOuts.IsDoNotTextAsync(tx, business.Id, from))
        {
            // We may not answer them by text; the owner still sees what they wrote.
            var conversationId = open?.Id ?? await LatestConversationAsync(tx, business.Id, from);
            var messageId = await StoreAsync(tx, business, conversationId, messageSid, from, body, now);
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("new_message",
                optedOut ? "Text from a caller who opted out" : "Text from a do-not-text number",
                $"{lead?.Name ?? from}: {body}", new { leadId = lead?.Id, conversationId, messageId }));
            return;
        }

        var threadId = open?.Id;
        if (threadId is null)
        {
            var (l, created) = await leads.GetOrCreateAsync(tx, business.Id, from, LeadSources.Sms);
            lead = l;
            (threadId, _) = await ConversationStore.OpenAsync(tx, business.Id, l.Id, null, from, now);
            if (created) tx.AfterCommit(() => live.Publish(business.Id, "lead", l.Id));
        }
        var id = await StoreAsync(tx, business, threadId, messageSid, from, body, now);
        await tx.Connection.ExecuteAsync("UPDATE conversations SET last_inbound_at = @now, updated_at = @now WHERE business_id = @businessId AND id = @id",
            new { now, businessId = business.Id, id = threadId }, tx.Transaction);
        await queue.EnqueueAsync(tx, new NewWork(ConversationTurn.Kind, new ConversationTurn.Payload(business.Id, threadId, id), business.Id,
            OrderingKey: ConversationTurn.OrderingKey(threadId), DedupeKey: ConversationTurn.DedupeKey(id)));
        tx.AfterCommit(() => live.Publish(business.Id, "conversation", threadId));
    }

    private async Task HandleKeywordAsync(DbTx tx, Business business, ComplianceKeyword keyword, string from, bool optedOut,
        Conversation? open, Lead? lead, string? conversationId, DateTimeOffset now)
    {
        switch (keyword)
        {
            case ComplianceKeyword.OptOut:
                var added = await optOuts.OptOutAsync(tx, business.Id, from, "keyword");
                if (open is not null)
                {
                    await tx.Connection.ExecuteAsync("UPDATE conversations SET status = 'closed_opted_out', last_inbound_at = @now, updated_at = @now WHERE business_id = @businessId AND id = @id",
                        new { now, businessId = business.Id, id = open.Id }, tx.Transaction);
                    await audit.WriteAsync(tx, business.Id, "caller", "conversation", open.Id, "opted_out", new { from = open.Status, to = ConversationStatuses.ClosedOptedOut });
                    tx.AfterCommit(() => live.Publish(business.Id, "conversation", open.Id));
                }
                if (lead is not null)
                {
                    await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.OptedOut);
                    tx.AfterCommit(() => live.Publish(business.Id, "lead", lead.Id));
                }
                // One confirmation: a second STOP while already opted out gets none.
                if (added && !optedOut)
                    await sender.QueueAsync(tx, new OutboundSms(business.Id, from, OptOutConfirmation(business), Senders.System, SmsPurposes.Compliance, conversationId));
                log.LogInformation("Opt-out from {Phone} for business {BusinessId}", Phone.Mask(from), business.Id);
                break;
            case ComplianceKeyword.OptIn:
                await optOuts.OptInAsync(tx, business.Id, from);
                if (lead is not null && lead.Status == LeadStatuses.OptedOut)
                {
                    await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Contacted);
                    tx.AfterCommit(() => live.Publish(business.Id, "lead", lead.Id));
                }
                await sender.QueueAsync(tx, new OutboundSms(business.Id, from, OptInConfirmation(business), Senders.System, SmsPurposes.Compliance, conversationId));
                log.LogInformation("Opt-in from {Phone} for business {BusinessId}", Phone.Mask(from), business.Id);
                break;
            case ComplianceKeyword.Help:
                await sender.QueueAsync(tx, new OutboundSms(business.Id, from, HelpReply(business), Senders.System, SmsPurposes.Compliance, conversationId));
                break;
        }
    }

    private async Task<string> StoreAsync(DbTx tx, Business business, string? conversationId, string messageSid, string from, string body, DateTimeOffset now)
    {
        var id = Ids.New();
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO messages ({ConversationStore.MessageColumns})
            VALUES (@id, @businessId, @conversationId, 'inbound', 'caller', NULL, @to, @from, @body, @messageSid, 'received', NULL, NULL, NULL, @now, @now)
            """, new { id, businessId = business.Id, conversationId, to = business.CarrierNumber, from, body, messageSid, now }, tx.Transaction);
        tx.AfterCommit(() => live.Publish(business.Id, "message", id));
        return id;
    }

    private static async Task<string?> LatestConversationAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteScalarAsync<string?>(
            "SELECT id FROM conversations WHERE business_id = @businessId AND phone = @phone ORDER BY created_at DESC, id DESC LIMIT 1",
            new { businessId, phone }, tx.Transaction);
}
