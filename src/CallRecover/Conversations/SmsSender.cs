using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>
/// A text to send. <paramref name="ConversationId"/> is null for texts outside a conversation (owner notifications).
/// <paramref name="Engine"/>: the conversation engine that wrote it (null for texts no engine wrote).
/// <paramref name="Urgent"/>: an owner alert that may break the owner's quiet hours when they allow it.
/// <paramref name="MarketingConsent"/>: the sender holds recorded marketing consent for this number (campaigns).
/// </summary>
public sealed record OutboundSms(string BusinessId, string To, string Body, string Sender, string Purpose, string? ConversationId = null,
    string? Engine = null, bool Urgent = false, bool MarketingConsent = false, DateTimeOffset? NeededBy = null)
{
    /// <summary>A person wrote or triggered this text: the human lock does not stop it.</summary>
    public bool ByPerson => Sender == Senders.Human;

    public TextIntent Intent(string? messageId = null) => new(To, Purpose, ByPerson, Urgent, MarketingConsent, messageId, NeededBy: NeededBy);
}

/// <summary>The stored message and the texting policy's decision about it.</summary>
public sealed record SendResult(Message Message, TextDecision Decision)
{
    /// <summary>Queued to go now or held until later: it will be sent unless the policy says no at the moment of sending.</summary>
    public bool Queued => Decision.Verdict != TextVerdict.Never;

    /// <summary>Why it will never be sent (null when it goes now or later).</summary>
    public string? BlockedReason => Decision.Verdict == TextVerdict.Never ? Decision.Reason : null;

    /// <summary>When a held text goes (null when it goes now or never).</summary>
    public DateTimeOffset? HeldUntil => Decision.Verdict == TextVerdict.Later ? Decision.Until : null;
}

/// <summary>
/// The one send path for every outbound SMS. The texting policy (Compliance) decides here, not in callers, whether the
/// text goes now, later or never; the message is stored with that decision and its reason in the caller's transaction
/// together with an <c>sms.send</c> work item (due when the policy allows), ordered per conversation so texts to one
/// person go out one at a time, in order. The carrier half (Telephony's SmsSendHandler) asks the policy again at the
/// moment of sending.
/// </summary>
public sealed class SmsSender(WorkQueue queue, TextingPolicy policy, BusinessStore businesses, ConversationStore conversations, TimeProvider clock,
    IEnumerable<IOutboundTextObserver> observers)
{
    public const string SendKind = "sms.send";

    /// <summary>
    /// Decides and stores the text, and queues it when it may go. <paramref name="business"/>: the sender's business when
    /// the caller has just read it (the missed-call webhook, the owner's notice), so the transaction does not read it again.
    /// <paramref name="facts"/>: the texting policy's facts about this recipient read earlier in the same transaction (the
    /// missed-call webhook asks before it greets), so they are not read twice; used only for a text to that same caller.
    /// </summary>
    public async Task<SendResult> QueueAsync(DbTx tx, OutboundSms sms, Business? business = null, TextFacts? facts = null)
    {
        var now = clock.GetUtcNow();
        if (business?.Id != sms.BusinessId)
            business = await businesses.GetAsync(tx, sms.BusinessId) ?? throw new InvalidOperationException("Unknown business.");
        var intent = sms.Intent();
        // The recipient's time zone in the facts depends on the purpose (the owner's notices keep the business's): only a
        // caller's facts are reused.
        if (facts is null || facts.Business.Id != business.Id || facts.To is null || facts.To != Phone.CallerIdOrNull(sms.To)
            || sms.Purpose == SmsPurposes.OwnerNotification)
            facts = await policy.FactsAsync(tx, business, intent);
        var decision = TextingPolicy.Decide(intent, facts);
        // The first text to a number names the business and says how to opt out, whoever wrote it.
        var body = TextingPolicy.FirstTextBody(business, sms.Purpose, sms.Body, firstText: !facts.TextedBefore);
        var message = new Message
        {
            Id = Ids.New(), BusinessId = sms.BusinessId, ConversationId = sms.ConversationId, Direction = "outbound",
            Sender = sms.Sender, Purpose = sms.Purpose, ToPhone = Phone.CallerIdOrNull(sms.To) ?? sms.To, FromPhone = business.CarrierNumber ?? "",
            Body = body, Engine = sms.Engine,
            Status = decision.Verdict == TextVerdict.Never ? MessageStatuses.Blocked : MessageStatuses.Queued,
            PolicyReason = decision.Reason, SendAfter = decision.Until, CreatedAt = now, UpdatedAt = now,
        };
        await conversations.InsertOutboundAsync(tx, message);
        var result = new SendResult(message, decision);
        if (!result.Queued)
        {
            // Counted once it is certain: the caller's transaction may still roll back.
            tx.AfterCommit(() => Telemetry.Text(sms.Purpose, Telemetry.Outcomes.Blocked, decision.Reason));
            return result;
        }

        if (sms.ConversationId is not null) await conversations.RecordOutboundAsync(tx, sms.BusinessId, sms.ConversationId);
        await queue.EnqueueAsync(tx, new NewWork(SendKind, new SendSmsPayload(sms.BusinessId, message.Id), sms.BusinessId,
            OrderingKey: $"sms:{sms.ConversationId ?? message.ToPhone}", DedupeKey: $"sms:{message.Id}", DueAt: decision.Until, MaxAttempts: 10,
            SomeoneWaiting: SmsPurposes.SomeoneWaits(sms.Purpose, sms.Urgent)));
        foreach (var observer in observers) await observer.OnQueuedAsync(tx, sms, message);
        return result;
    }
}

/// <summary>Payload of an <c>sms.send</c> work item.</summary>
public sealed record SendSmsPayload(string BusinessId, string MessageId);
