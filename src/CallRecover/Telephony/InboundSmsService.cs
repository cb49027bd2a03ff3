using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;
using CallRecover.Webhooks;

namespace CallRecover.Telephony;

/// <summary>
/// A caller's text, inside the incoming-SMS webhook's transaction: compliance keywords first (STOP/START/HELP),
/// otherwise store it on the caller's open conversation (a first text starts a lead and a conversation) and enqueue
/// the conversation turn, which the engine answers through the send path.
/// </summary>
public sealed class InboundSmsService(
    SmsSender sender, OptOuts optOuts, OptOutStore optOutStore, LeadStore leads, ConversationStore conversations, WorkQueue queue, Notifier notifier,
    LiveEvents live, TimeProvider clock, ILogger<InboundSmsService> log, WebhookEvents webhooks)
{
    /// <summary>How long after a campaign text a first reply counts as answering it.</summary>
    public static readonly TimeSpan CampaignReplyWindow = TimeSpan.FromDays(14);

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
            var conversationId = open?.Id ?? await conversations.LatestIdForPhoneAsync(tx, business.Id, from);
            await StoreAsync(tx, business, conversationId, messageSid, from, body);
            await HandleKeywordAsync(tx, business, keyword, from, optedOut, conversationId, now);
            return;
        }

        if (optedOut || await optOutStore.IsDoNotTextAsync(tx, business.Id, from))
        {
            // We may not answer them by text; the owner still sees what they wrote.
            var conversationId = open?.Id ?? await conversations.LatestIdForPhoneAsync(tx, business.Id, from);
            var messageId = await StoreAsync(tx, business, conversationId, messageSid, from, body);
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("new_message",
                optedOut ? "Text from a caller who opted out" : "Text from a do-not-text number",
                $"{lead?.Name ?? Phone.Display(from)}: {body}", new { leadId = lead?.Id, conversationId, messageId }));
            return;
        }

        var threadId = open?.Id;
        if (threadId is null)
        {
            // A reply to a campaign text (reactivation) starts a conversation that carries that text, so the engine
            // and the owner read the reply in its context.
            var campaignText = await conversations.LatestCampaignTextAsync(tx, business.Id, from, now - CampaignReplyWindow);
            var (l, created) = await leads.GetOrCreateAsync(tx, business.Id, from, campaignText is null ? LeadSources.Sms : LeadSources.Reactivation);
            lead = l;
            (threadId, _) = await conversations.OpenAsync(tx, business.Id, l.Id, null, from);
            if (campaignText is not null) await conversations.AttachAsync(tx, business.Id, campaignText, threadId);
            if (created) tx.AfterCommit(() => live.Publish(business.Id, "lead", l.Id));
        }
        var id = await StoreAsync(tx, business, threadId, messageSid, from, body);
        await conversations.RecordInboundAsync(tx, business.Id, threadId, now);
        await queue.EnqueueAsync(tx, new NewWork(ConversationTurn.Kind, new ConversationTurn.Payload(business.Id, threadId, id), business.Id,
            OrderingKey: ConversationTurn.OrderingKey(threadId), DedupeKey: ConversationTurn.DedupeKey(id), SomeoneWaiting: true));
        tx.AfterCommit(() => live.Publish(business.Id, "conversation", threadId));
    }

    private async Task HandleKeywordAsync(DbTx tx, Business business, ComplianceKeyword keyword, string from, bool optedOut, string? conversationId, DateTimeOffset now)
    {
        switch (keyword)
        {
            case ComplianceKeyword.OptOut:
                var added = await optOuts.OptOutAsync(tx, business.Id, from, "keyword", "caller", now);
                // One confirmation: a second STOP while already opted out gets none.
                if (added && !optedOut)
                    await sender.QueueAsync(tx, new OutboundSms(business.Id, from, ComplianceReplies.OptOutConfirmation(business), Senders.System, SmsPurposes.Compliance, conversationId));
                log.LogInformation("Opt-out from {Phone} for business {BusinessId}", Phone.Mask(from), business.Id);
                break;
            case ComplianceKeyword.OptIn:
                await optOuts.OptInAsync(tx, business.Id, from);
                await sender.QueueAsync(tx, new OutboundSms(business.Id, from, ComplianceReplies.OptInConfirmation(business), Senders.System, SmsPurposes.Compliance, conversationId));
                log.LogInformation("Opt-in from {Phone} for business {BusinessId}", Phone.Mask(from), business.Id);
                break;
            case ComplianceKeyword.Help:
                await sender.QueueAsync(tx, new OutboundSms(business.Id, from, ComplianceReplies.Help(business), Senders.System, SmsPurposes.Compliance, conversationId));
                break;
        }
    }

    private async Task<string> StoreAsync(DbTx tx, Business business, string? conversationId, string messageSid, string from, string body)
    {
        var id = await conversations.InsertInboundAsync(tx, business.Id, conversationId, messageSid, from, business.CarrierNumber!, body); // found by it
        tx.AfterCommit(() => live.Publish(business.Id, "message", id));
        await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.MessageReceived, conversationId ?? from, new { id, conversationId, from, to = business.CarrierNumber, body });
        return id;
    }
}
