using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations.Engines;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>
/// Processes one stored inbound text (exactly once per message, one at a time per conversation thanks to the
/// ordering key): while a person has taken over, the owner is told; otherwise the registered steps run in
/// order until one handles it; if none does, the owner is told so no text goes unanswered.
/// </summary>
public sealed class ConversationTurnHandler(
    Db db, BusinessStore businesses, ConversationStore conversations, LeadStore leads, Notifier notifier, OptOuts optOuts, SmsSender sender,
    IEnumerable<IInboundTextStep> steps, TimeProvider clock, ILogger<ConversationTurnHandler> log) : IWorkHandler
{
    private readonly IInboundTextStep[] _steps = [.. steps.OrderBy(s => s.Order)];

    public string Kind => ConversationTurn.Kind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<ConversationTurn.Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        var conversation = await conversations.GetAsync(p.BusinessId, p.ConversationId, ct) ?? throw new PermanentWorkFailure("Conversation not found.");
        var lead = await leads.GetAsync(p.BusinessId, conversation.LeadId, ct) ?? throw new PermanentWorkFailure("Lead not found.");
        var message = await conversations.GetMessageAsync(p.BusinessId, p.MessageId, ct) ?? throw new PermanentWorkFailure("Message not found.");

        if (conversation.Status == ConversationStatuses.HumanActive)
        {
            // The person who took over answers; but "stop texting me" is an opt-out whoever holds the conversation.
            if (SmsUnderstanding.Read(message.Body, business, null, clock.GetUtcNow()).OptOut)
            {
                await OptOutWhileHumanActiveAsync(business, conversation, lead, message, ct);
                return;
            }
            await NotifyOwnerAsync(business, lead, message, "new_message", "New text while you have the conversation", "human_active", ct);
            return;
        }
        // A second run of this item (its lease ran out before it was marked done: a crash, a stall, another node) finds the
        // text answered and stops here. Every step would otherwise see what the first run left: a booking offer the
        // engine's answer made, so the same "thursday morning" offered the times again.
        if (await conversations.TurnExistsAsync(business.Id, message.Id, ct))
        {
            log.LogInformation("Text {MessageId} was already answered; this run of its turn does nothing", message.Id);
            return;
        }
        var text = new InboundText(business, conversation, lead, message);
        foreach (var step in _steps)
        {
            try
            {
                if (!await step.TryHandleAsync(text, ct)) continue;
            }
            catch (TurnAlreadyAnsweredException)
            {
                // Two runs at once: the other committed its answer first, and this one's was rolled back.
                log.LogInformation("Text {MessageId} was answered by another run meanwhile", message.Id);
                return;
            }
            log.LogInformation("Text {MessageId} from {Phone} handled by {Step}", message.Id, Phone.Mask(lead.Phone), step.GetType().Name);
            return;
        }
        await NotifyOwnerAsync(business, lead, message, "new_message", "New text from a caller", "no_automated_answer", ct);
    }

    private async Task OptOutWhileHumanActiveAsync(Business business, Conversation conversation, Lead lead, Message message, CancellationToken ct)
    {
        await db.WriteAsync(async tx =>
        {
            // The turn, recorded with what it told: a rerun of this item finds it and tells nobody again.
            if (!await conversations.ClaimTurnAsync(tx, business.Id, conversation.Id, message.Id, OwnerAnswers, null,
                    Json.Serialize(new TurnOutcome { OptOut = true }), "human_active")) return;
            if (!await optOuts.OptOutAsync(tx, business.Id, conversation.Phone, "caller asked not to be texted (read while a person had the conversation)", "caller",
                    message.CreatedAt)) return;
            await sender.QueueAsync(tx, new OutboundSms(business.Id, conversation.Phone, ComplianceReplies.OptOutConfirmation(business), Senders.System,
                SmsPurposes.Compliance, conversation.Id));
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("opted_out", $"{lead.Name ?? Phone.Display(lead.Phone)} asked not to be texted",
                $"{lead.Name ?? Phone.Display(lead.Phone)} wrote \"{message.Body}\" while you had the conversation. They are opted out; call them if you need to reach them.",
                new { leadId = lead.Id, conversationId = conversation.Id, messageId = message.Id }));
        }, ct);
        log.LogInformation("Conversation {ConversationId}: opt-out in words while a person had it; honoured", conversation.Id);
    }

    /// <summary>The engine name of a turn a person answers (the owner was told of the text instead).</summary>
    public const string OwnerAnswers = "owner";

    /// <summary>
    /// Tells the owner of the text, once: the turn is recorded in the same transaction (why no automated reply went out:
    /// <paramref name="why"/>), so a rerun of this item (its lease ran out before it was marked done) tells nobody again.
    /// </summary>
    private Task NotifyOwnerAsync(Business business, Lead lead, Message message, string ev, string title, string why, CancellationToken ct) =>
        db.WriteAsync(async tx =>
        {
            if (!await conversations.ClaimTurnAsync(tx, business.Id, message.ConversationId!, message.Id, OwnerAnswers, null, "{}", why)) return;
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice(ev, title,
                $"{lead.Name ?? Phone.Display(lead.Phone)}: {message.Body}", new { leadId = lead.Id, conversationId = message.ConversationId, messageId = message.Id }));
        }, ct);
}
