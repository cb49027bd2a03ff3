using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations.Engines;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>
/// The conversation engine as the last inbound-text step (Order 1000). The engine runs outside any transaction
/// (a model call can take seconds); its outcome is applied in one transaction that first re-reads the
/// conversation: if a person took over, the conversation closed, or the caller opted out meanwhile, the reply is
/// dropped. A row per answered text (<c>conversation_turns</c>) makes a re-run of the same work item a no-op.
/// </summary>
public sealed class EngineStep(
    Db db, ConversationStore conversations, LeadStore leads, EngineRunner runner, SmsSender sender, Notifier notifier, OptOuts optOuts, OptOutStore optOutStore,
    AuditLog audit, LiveEvents live, IEnumerable<ILeadQualifiedHook> hooks, TimeProvider clock, ILogger<EngineStep> log) : IInboundTextStep
{
    private readonly ILeadQualifiedHook[] _hooks = [.. hooks];

    public int Order => 1000;

    /// <summary>More texts than this within a minute look like an automatic responder, not a person.</summary>
    public const int MaxTextsPerMinute = 5;

    public async Task<bool> TryHandleAsync(InboundText text, CancellationToken ct)
    {
        var c = text.Conversation;
        if (c.Status is not (ConversationStatuses.Active or ConversationStatuses.FollowUp)) return false;
        if (await conversations.TurnExistsAsync(c.BusinessId, text.Message.Id, ct)) return true;
        var thread = await conversations.MessagesAsync(c.BusinessId, c.Id, ct);

        // The thread as it was when this text arrived: a later text is answered by its own turn.
        var upTo = thread.Where(m => m.Id == text.Message.Id || m.CreatedAt < text.Message.CreatedAt
            || (m.CreatedAt == text.Message.CreatedAt && m.Direction == "outbound")).ToList();
        if (LooksAutomatic(upTo, text.Message))
        {
            await StopForAutoResponderAsync(text, ct);
            return true;
        }

        var state = ParseState(c.Qualification);
        var input = new EngineInput(text.Business, KnownLead.From(text.Lead), state,
            [.. upTo.Where(m => m.Status != MessageStatuses.Blocked && m.Status != MessageStatuses.Canceled)
                .Select(m => new ThreadMessage(m.Direction == "inbound", m.Body, m.CreatedAt))],
            clock.GetUtcNow());
        var turn = await runner.RunAsync(input, ct);
        await ApplyAsync(text, turn, ct);
        return true;
    }

    /// <summary>The same text again (long enough not to be a plain "yes", or three times), or a burst of texts.</summary>
    public static bool LooksAutomatic(IReadOnlyList<Message> thread, Message current)
    {
        var inbound = thread.Where(m => m.Direction == "inbound").OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var recent = inbound.Count(m => m.CreatedAt > current.CreatedAt.AddMinutes(-1) && m.CreatedAt <= current.CreatedAt);
        if (recent > MaxTextsPerMinute) return true;
        var before = inbound.Where(m => m.Id != current.Id && m.CreatedAt <= current.CreatedAt).Select(m => Normalize(m.Body)).ToList();
        var now = Normalize(current.Body);
        if (before.Count == 0 || before[^1] != now) return false;
        return now.Length >= 20 || (before.Count >= 2 && before[^2] == now);
    }

    private static string Normalize(string s) => string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static ConversationState ParseState(string json)
    {
        try { return Json.Deserialize<ConversationState>(string.IsNullOrWhiteSpace(json) ? "{}" : json) ?? new ConversationState(); }
        catch (System.Text.Json.JsonException) { return new ConversationState(); }
    }

    private async Task StopForAutoResponderAsync(InboundText text, CancellationToken ct)
    {
        var c = text.Conversation;
        await db.WriteAsync(async tx =>
        {
            if (!await ClaimTurnAsync(tx, text, "none", null, "{}", "auto_responder")) return;
            var state = ParseState(c.Qualification) with { AutoResponder = true, HumanNeeded = true };
            // human_active stops the AI and the follow-ups; texts that still arrive go to the owner.
            await conversations.PauseForAutoResponderAsync(tx, c.BusinessId, c.Id, Json.Serialize(state));
            await audit.WriteAsync(tx, c.BusinessId, "engine", "conversation", c.Id, "auto_responder_detected", new { messageId = text.Message.Id });
            await notifier.NotifyAsync(tx, c.BusinessId, new OwnerNotice("human_needed", "Automatic replies detected — texting paused",
                $"{text.Lead.Name ?? Phone.Display(text.Lead.Phone)} seems to be answering with an automatic responder. The AI stopped; reply yourself if needed.",
                new { leadId = text.Lead.Id, conversationId = c.Id }));
            tx.AfterCommit(() => live.Publish(c.BusinessId, "conversation", c.Id));
        }, ct);
        log.LogInformation("Conversation {ConversationId}: automatic replies from {Phone}; AI stopped", c.Id, Phone.Mask(c.Phone));
    }

    private Task<bool> ClaimTurnAsync(DbTx tx, InboundText text, string engine, string? fallback, string outcome, string? dropped) =>
        conversations.ClaimTurnAsync(tx, text.Conversation.BusinessId, text.Conversation.Id, text.Message.Id, engine, fallback, outcome, dropped);

    private async Task ApplyAsync(InboundText text, EngineTurn turn, CancellationToken ct)
    {
        var businessId = text.Business.Id;
        var outcomeJson = Json.Serialize(turn.Outcome);
        var dropped = await db.WriteAsync(async tx =>
        {
            if (!await ClaimTurnAsync(tx, text, turn.Engine, turn.FallbackReason, outcomeJson, null)) return "already_answered";
            // The lock against a person taking over: lock the conversation row (a no-op update takes the row lock on
            // PostgreSQL; SQLite writers are serialized anyway), then re-read it inside the transaction that sends.
            // A takeover committed before this point drops the reply; one after it waits for this commit.
            await conversations.LockAsync(tx, businessId, text.Conversation.Id);
            var c = await conversations.GetAsync(tx, businessId, text.Conversation.Id);
            var lead = await leads.GetAsync(tx, businessId, text.Lead.Id);
            string? why = c is null || lead is null ? "gone"
                : c.Status == ConversationStatuses.HumanActive ? "human_active"
                : !ConversationStatuses.IsOpen(c.Status) ? "closed"
                : await optOuts.IsOptedOutAsync(tx, businessId, c.Phone) ? "opted_out"
                : null;
            if (why is not null)
            {
                await conversations.SetTurnReplyAsync(tx, businessId, text.Message.Id, null, why);
                return why;
            }
            await ApplyOutcomeAsync(tx, text.Business, c!, lead!, text.Message, turn);
            return null;
        }, ct);
        if (dropped is not null)
            log.LogInformation("Reply to {MessageId} dropped: {Reason}", text.Message.Id, dropped);
    }

    private async Task ApplyOutcomeAsync(DbTx tx, Business business, Conversation c, Lead lead, Message inbound, EngineTurn turn)
    {
        var o = turn.Outcome;
        var before = KnownLead.From(lead);
        var (merged, changed) = before.Merge(o.Fields);
        var state = ParseState(c.Qualification);
        var newState = state.After(turn, merged);
        var newlyEmergency = o.Emergency && !c.Emergency;
        var newlyHuman = o.HumanNeeded && !c.NeedsHuman;
        var becameQualified = merged.IsQualified && lead.Status is not (LeadStatuses.Qualified or LeadStatuses.Booked or LeadStatuses.Completed);

        var leadStatus = o.OptOut ? LeadStatuses.OptedOut
            : o.NotInterested || o.WrongNumber ? LeadStatuses.Lost
            : becameQualified ? LeadStatuses.Qualified
            : lead.Status is LeadStatuses.New or LeadStatuses.Contacted or LeadStatuses.Unresponsive ? LeadStatuses.Qualifying
            : lead.Status;
        var confidence = merged.Fields.ToDictionary(f => f.Key, f => Math.Round(f.Value.Confidence, 2));
        await leads.UpdateColumnsAsync(tx, lead.BusinessId, lead.Id, new Dictionary<string, object?>
        {
            ["name"] = merged[LeadFields.Name], ["email"] = merged[LeadFields.Email], ["address"] = merged[LeadFields.Address],
            ["service_needed"] = merged[LeadFields.Service], ["urgency"] = merged[LeadFields.Urgency] ?? Urgencies.Unknown,
            ["preferred_time"] = merged[LeadFields.PreferredTime], ["status"] = leadStatus,
        }, Json.Serialize(confidence));

        // Send first: a close below must not stop the polite closing text, and an opt-out is recorded after it
        // so that only the confirmation goes out.
        var purpose = o.OptOut ? SmsPurposes.Compliance : SmsPurposes.Reply;
        var sent = await sender.QueueAsync(tx, new OutboundSms(business.Id, c.Phone, turn.Reply, Senders.Ai, purpose, c.Id, Engine: turn.Engine));
        await conversations.SetTurnReplyAsync(tx, business.Id, inbound.Id, sent.Message.Id, sent.BlockedReason);

        var status = o.OptOut ? ConversationStatuses.ClosedOptedOut
            : o.NotInterested || o.WrongNumber ? ConversationStatuses.ClosedManual
            : ConversationStatuses.Active;
        await conversations.ApplyTurnAsync(tx, c.BusinessId, c.Id, new ConversationStore.TurnChange(status,
            Json.Serialize(newState with { Closed = o.OptOut ? "opt_out" : o.WrongNumber ? "wrong_number" : o.NotInterested ? "not_interested" : null }),
            NeedsHuman: c.NeedsHuman || o.HumanNeeded, Emergency: c.Emergency || o.Emergency, Closing: o.Closes));
        if (o.OptOut) await optOuts.OptOutAsync(tx, business.Id, c.Phone, "engine: asked not to be texted", "engine");
        // A wrong number is not an opt-out of a customer (the lead is lost, the thread closed), but we never text it again.
        if (o.WrongNumber) await optOutStore.OptOutAsync(tx, business.Id, c.Phone, "engine: wrong number");

        await audit.WriteAsync(tx, business.Id, "engine", "conversation", c.Id, "turn", new
        {
            messageId = inbound.Id, replyId = sent.Message.Id, engine = turn.Engine, fallback = turn.FallbackReason, changed,
            o.Qualified, o.Emergency, o.HumanNeeded, o.NotInterested, o.WrongNumber, o.OptOut,
        });

        // The owner reads the number once, readable: "Jane (904) 555-0134 says" would name it twice when there is no name.
        var phone = Phone.Display(lead.Phone);
        var who = merged[LeadFields.Name] ?? phone;
        var whoAndPhone = merged[LeadFields.Name] is null ? phone : $"{who} ({phone})";
        var data = new { leadId = lead.Id, conversationId = c.Id, messageId = inbound.Id };
        if (newlyEmergency)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("emergency", $"Emergency: {who}",
                $"{whoAndPhone} says: \"{inbound.Body}\". Address: {merged[LeadFields.Address] ?? "not given yet"}. Call them now.", data, Urgent: true));
        if (newlyHuman)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("human_needed", $"{who} needs a person",
                $"{whoAndPhone} needs you to take over the conversation. Last text: \"{inbound.Body}\"", data));
        if (becameQualified && !o.Closes)
        {
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("qualified", $"Qualified lead: {who}",
                $"{merged[LeadFields.Name]} — {merged[LeadFields.Service]}, urgency {merged[LeadFields.Urgency] ?? Urgencies.Unknown}, " +
                $"{merged[LeadFields.Address]}, {phone}. Preferred time: {merged[LeadFields.PreferredTime]}.", data));
            var fresh = await leads.GetAsync(tx, business.Id, lead.Id) ?? lead;
            var conversation = await conversations.GetAsync(tx, business.Id, c.Id) ?? c;
            foreach (var hook in _hooks) await hook.OnQualifiedAsync(tx, business, conversation, fresh);
        }
        tx.AfterCommit(() =>
        {
            live.Publish(business.Id, "lead", lead.Id);
            live.Publish(business.Id, "conversation", c.Id);
            live.Publish(business.Id, "message", sent.Message.Id);
        });
    }
}
