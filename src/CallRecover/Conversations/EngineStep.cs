using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations.Engines;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;
using CallRecover.Webhooks;

namespace CallRecover.Conversations;

/// <summary>
/// The conversation engine as the last inbound-text step (Order 1000). The engine runs outside any transaction
/// (a model call can take seconds); its outcome is applied in one transaction that first re-reads the
/// conversation: if a person took over, the conversation closed, or the caller opted out meanwhile, the reply is
/// dropped. A row per answered text (<c>conversation_turns</c>, written by whichever step answered it) makes a re-run of
/// the same work item a no-op.
/// </summary>
public sealed partial class EngineStep(
    Db db, ConversationStore conversations, LeadStore leads, LeadLearner learner, EngineRunner runner, SmsSender sender, Notifier notifier, OptOuts optOuts,
    OptOutStore optOutStore, AuditLog audit, LiveEvents live, IEnumerable<ILeadQualifiedHook> hooks, TimeProvider clock, ILogger<EngineStep> log,
    WebhookEvents webhooks) : IInboundTextStep
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
        var state = ParseState(c.Qualification);
        if (LooksAutomatic(upTo, text.Message, new UnderstandingContext(text.Business.Services, text.Business.Vertical, null)))
        {
            // The first machine-like text pauses the AI (and tells the owner); later ones are not answered.
            if (state.AutoResponder) await IgnoreWhilePausedAsync(text, ct);
            else await StopForAutoResponderAsync(text, ct);
            return true;
        }
        // A human-looking reply resumes a paused conversation: this turn is answered as usual.
        if (state.AutoResponder) state = state with { AutoResponder = false };

        var input = new EngineInput(text.Business, KnownLead.From(text.Lead), state,
            [.. upTo.Where(m => m.Status != MessageStatuses.Blocked && m.Status != MessageStatuses.Canceled)
                .Select(m => new ThreadMessage(m.Direction == "inbound", m.Body, m.CreatedAt, m.Purpose))],
            clock.GetUtcNow());
        var turn = await runner.RunAsync(input, ct);
        await ApplyAsync(text, turn, ct);
        return true;
    }

    /// <summary>
    /// A machine, not a fast typist: a known auto-reply phrase ("I'm driving", "out of the office", "automated reply");
    /// the same or nearly the same text as an earlier one (numbers aside; long enough not to be a plain "yes", or three
    /// times); or a burst of more than <see cref="MaxTextsPerMinute"/> texts a minute none of which answers anything
    /// (no field, no yes or no, no question). A person texting every few seconds answers questions, so is never paused.
    /// </summary>
    public static bool LooksAutomatic(IReadOnlyList<Message> thread, Message current, UnderstandingContext? context = null)
    {
        if (AutoReplyPhraseRx().IsMatch(current.Body)) return true;
        var inbound = thread.Where(m => m.Direction == "inbound").OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var before = inbound.Where(m => m.Id != current.Id && m.CreatedAt <= current.CreatedAt).Select(m => Normalize(m.Body)).ToList();
        var now = Normalize(current.Body);
        if (before.Count > 0 && now.Length >= 20 && before.Any(b => NearlySame(b, now))) return true;
        if (before.Count >= 2 && before[^1] == now && before[^2] == now) return true;
        var recent = inbound.Where(m => m.CreatedAt > current.CreatedAt.AddMinutes(-1) && m.CreatedAt <= current.CreatedAt).ToList();
        if (recent.Count <= MaxTextsPerMinute) return false;
        context ??= new UnderstandingContext([], "", null);
        return !recent.Any(m => Answers(m.Body, context));
    }

    /// <summary>The text says something a person would: a field, a yes or no, a flag, or a question.</summary>
    private static bool Answers(string body, UnderstandingContext context)
    {
        var u = SmsUnderstanding.Read(body, context, null);
        return u.Fields.Count > 0 || u.YesNo is not null || u.OptOut || u.WrongNumber || u.NotInterested || u.HumanNeeded || u.Emergency || body.Contains('?');
    }

    /// <summary>Equal once numbers are set aside ("Ref 1021" / "Ref 1022"), or differing in at most a tenth of the characters.</summary>
    private static bool NearlySame(string a, string b)
    {
        var x = Digits().Replace(a, "#");
        var y = Digits().Replace(b, "#");
        if (x == y) return true;
        var longer = Math.Max(x.Length, y.Length);
        return Math.Abs(x.Length - y.Length) <= longer / 10 && Distance(x, y) <= longer / 10;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    private static string Normalize(string s) => string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex Digits();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(i'?m driving|i am driving|while driving|driving with do not disturb|do not disturb while driving|auto[- ]?reply|auto[- ]?response|automatic reply|automated (reply|response|message)|this is an automated|out of (the )?office|away from (my|the) (phone|desk)|currently unavailable|i am unavailable|i'?m unavailable|will (get back to|respond to|reply to|return) (you|your)|thank you for (your message|contacting|reaching out)|thanks for (your message|contacting|reaching out)|we have received your message|your message (was|has been) received|do not reply to this|sent from my (car|vehicle))\b")]
    private static partial System.Text.RegularExpressions.Regex AutoReplyPhraseRx();

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
            var state = ParseState(c.Qualification) with { AutoResponder = true };
            // The conversation stays open but the AI stops answering (shown as "Paused: automatic replies detected");
            // it needs a person's look, and a human-looking reply resumes it.
            await conversations.PauseForAutoResponderAsync(tx, c.BusinessId, c.Id, Json.Serialize(state));
            await audit.WriteAsync(tx, c.BusinessId, "engine", "conversation", c.Id, "auto_responder_detected", new { messageId = text.Message.Id });
            await notifier.NotifyAsync(tx, c.BusinessId, new OwnerNotice("human_needed", "Automatic replies detected — texting paused",
                $"{text.Lead.Name ?? Phone.Display(text.Lead.Phone)} seems to be answering with an automatic responder. Automatic replies are paused until a person answers; reply yourself if needed.",
                new { leadId = text.Lead.Id, conversationId = c.Id }));
            tx.AfterCommit(() => live.Publish(c.BusinessId, "conversation", c.Id));
        }, ct);
        log.LogInformation("Conversation {ConversationId}: automatic replies from {Phone}; AI paused", c.Id, Phone.Mask(c.Phone));
    }

    /// <summary>Another machine-like text while paused: not answered (the turn is claimed, so a re-run does nothing either).</summary>
    private async Task IgnoreWhilePausedAsync(InboundText text, CancellationToken ct) =>
        await db.WriteAsync(async tx =>
        {
            if (!await ClaimTurnAsync(tx, text, "none", null, "{}", "auto_responder")) return;
            tx.AfterCommit(() => live.Publish(text.Conversation.BusinessId, "conversation", text.Conversation.Id));
        }, ct);

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
        var learned = await learner.ApplyAsync(tx, business, lead, o);
        var (merged, changed, becameQualified) = (learned.Merged, learned.Changed, learned.BecameQualified);
        var state = ParseState(c.Qualification);
        // Answered means a person wrote: a pause for automatic replies ends here (its "needs a person" flag with it).
        var resumed = state.AutoResponder;
        if (resumed)
            await audit.WriteAsync(tx, business.Id, "engine", "conversation", c.Id, "auto_responder_resumed", new { messageId = inbound.Id });
        // A person's request for a person stands until staff act on the conversation (taking it over or handing it back
        // clears the column). The state's copy only says whether it was a person who asked, under an auto-reply pause; it
        // must not raise the flag again after staff answered it (it did, on the first text after "return to AI").
        var humanPending = resumed ? state.HumanNeeded : c.NeedsHuman;
        var newState = state.After(turn, merged) with { AutoResponder = false, HumanNeeded = humanPending || o.HumanNeeded };
        var newlyEmergency = o.Emergency && !c.Emergency;
        // An emergency brought under control ("found the valve, it's off"): the lead's urgency came down this turn. The
        // conversation is no emergency any more (follow-ups and booking treat it as any other), and the owner is told.
        var stoodDown = c.Emergency && !o.Emergency && lead.Urgency == Urgencies.Emergency && merged[LeadFields.Urgency] is { } lowered && lowered != Urgencies.Emergency;
        var newlyHuman = o.HumanNeeded && !c.NeedsHuman;
        // The reply says what else a correction changed.
        var reply = string.Join(' ', [turn.Reply, .. learned.Notes]);

        // Send first: a close below must not stop the polite closing text, and an opt-out is recorded after it
        // so that only the confirmation goes out. A wrong number's close ("we won't text you again") is that confirmation
        // too: as a reply, the send path's second ask at the moment of sending found the number already on the list and
        // blocked it, so the person who texted "wrong number" heard nothing.
        var purpose = o.OptOut || o.WrongNumber ? SmsPurposes.Compliance : SmsPurposes.Reply;
        var sent = await sender.QueueAsync(tx, new OutboundSms(business.Id, c.Phone, reply, Senders.Ai, purpose, c.Id, Engine: turn.Engine));
        await conversations.SetTurnReplyAsync(tx, business.Id, inbound.Id, sent.Message.Id, sent.BlockedReason);

        var status = o.OptOut ? ConversationStatuses.ClosedOptedOut
            : o.NotInterested || o.WrongNumber ? ConversationStatuses.ClosedManual
            : ConversationStatuses.Active;
        await conversations.ApplyTurnAsync(tx, c.BusinessId, c.Id, new ConversationStore.TurnChange(status,
            Json.Serialize(newState with { Closed = o.OptOut ? "opt_out" : o.WrongNumber ? "wrong_number" : o.NotInterested ? "not_interested" : null }),
            NeedsHuman: humanPending || o.HumanNeeded, Emergency: (c.Emergency || o.Emergency) && !stoodDown, Closing: o.Closes));
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
        {
            var said = o.DangerConfirmed
                ? $"{whoAndPhone} answered \"{inbound.Body}\" when asked whether anyone is in danger (a gas smell, smoke, sparks or water spreading)."
                : $"{whoAndPhone} says: \"{inbound.Body}\".";
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("emergency", $"Emergency: {who}",
                $"{said} Address: {merged[LeadFields.Address] ?? "not given yet"}. Call them now.", data, Urgent: true));
        }
        if (stoodDown)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("emergency", $"No longer an emergency: {who}",
                $"{whoAndPhone} says it is under control now: \"{inbound.Body}\". Still wanted {(merged[LeadFields.Urgency] == Urgencies.Flexible ? "when convenient" : "soon")}; " +
                $"address: {merged[LeadFields.Address] ?? "not given yet"}.", data));
        if (newlyHuman)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("human_needed", $"{who} needs a person",
                $"{whoAndPhone} needs you to take over the conversation. Last text: \"{inbound.Body}\"", data));
        if (o.ForOwner is { } asked && !newlyHuman)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("caller_question", $"{who} {asked}",
                $"{whoAndPhone} {asked}: \"{inbound.Body}\". They were told it is with the team: reply from the conversation or call them.", data));
        if (becameQualified && !o.Closes)
        {
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("qualified", $"Qualified lead: {who}",
                $"{merged[LeadFields.Name]} — {merged[LeadFields.Service]}, urgency {merged[LeadFields.Urgency] ?? Urgencies.Unknown}, " +
                $"{merged[LeadFields.Address]}, {phone}. Preferred time: {merged[LeadFields.PreferredTime]}.", data));
            var fresh = await leads.GetAsync(tx, business.Id, lead.Id) ?? lead;
            var conversation = await conversations.GetAsync(tx, business.Id, c.Id) ?? c;
            foreach (var hook in _hooks) await hook.OnQualifiedAsync(tx, business, conversation, fresh);
            await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.LeadQualified, fresh.Id, fresh);
        }
        tx.AfterCommit(() =>
        {
            live.Publish(business.Id, "lead", lead.Id);
            live.Publish(business.Id, "conversation", c.Id);
            live.Publish(business.Id, "message", sent.Message.Id);
        });
    }
}
