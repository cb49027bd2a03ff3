using CallRecover.Compliance;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;

namespace CallRecover.FollowUps;

/// <summary>Work item kinds and keys for follow-ups.</summary>
public static class FollowUpWork
{
    public const string SendKind = "followup.send", SweepKey = "followup.sweep";

    /// <summary>What every follow-up's dedupe key starts with; <see cref="KeyPrefix"/> adds the conversation.</summary>
    public const string AnyKeyPrefix = "followup:";
    public static string KeyPrefix(string conversationId) => $"{AnyKeyPrefix}{conversationId}:";
    public static string DedupeKey(string conversationId, int number, DateTimeOffset anchor) => $"{KeyPrefix(conversationId)}{number}:{anchor.UtcTicks}";
    public sealed record Payload(string BusinessId, string ConversationId, int Number, DateTimeOffset Anchor);
}

/// <summary>
/// Schedules the next follow-up whenever the greeting, an AI reply or a booking text is queued (through the one
/// send path, so the missed-call greeting schedules follow-up #1 wherever it is sent from). The item is durable on
/// the work queue with a dedupe key per conversation, number and anchor, so two nodes schedule and send it once.
/// Follow-ups share the conversation's turn ordering key: one never runs while a caller's text is being answered.
/// </summary>
public sealed class FollowUpScheduler(WorkQueue queue, BusinessStore businesses, ConversationStore conversations, TimeProvider clock)
    : IOutboundTextObserver, IOptOutObserver
{
    private static readonly string[] Triggers = [SmsPurposes.Greeting, SmsPurposes.Reply, SmsPurposes.Booking];

    public async Task OnQueuedAsync(DbTx tx, OutboundSms sms, Message message)
    {
        if (sms.ConversationId is null || !Triggers.Contains(sms.Purpose) || sms.Sender is not (Senders.Ai or Senders.System)) return;
        await ScheduleAsync(tx, sms.BusinessId, sms.ConversationId, clock.GetUtcNow());
    }

    /// <summary>Replaces any pending follow-up of the conversation with the next one, counted from <paramref name="anchor"/>.</summary>
    public async Task ScheduleAsync(DbTx tx, string businessId, string conversationId, DateTimeOffset anchor)
    {
        var c = await conversations.GetAsync(tx, businessId, conversationId);
        if (c is null || c.Status is not (ConversationStatuses.Active or ConversationStatuses.FollowUp) || c.FollowUpCount >= FollowUpSchedule.Max)
        {
            await queue.CancelPendingByPrefixAsync(tx, FollowUpWork.SendKind, FollowUpWork.KeyPrefix(conversationId));
            await conversations.SetNextFollowUpAsync(tx, businessId, conversationId, null);
            return;
        }
        // Read on its own connection: the business row is not part of this change.
        var business = await businesses.GetAsync(businessId) ?? throw new InvalidOperationException("Unknown business.");
        await EnqueueAsync(tx, business, c, c.FollowUpCount + 1, anchor);
    }

    internal async Task EnqueueAsync(DbTx tx, Business business, Conversation c, int number, DateTimeOffset anchor)
    {
        var due = FollowUpSchedule.Due(number, anchor, CallerTimeZone.For(c.Phone, business));
        var key = FollowUpWork.DedupeKey(c.Id, number, anchor);
        // Everything pending for this conversation except this very follow-up (a second node scheduling the same
        // one must not cancel it) gives way to it.
        await queue.CancelPendingByPrefixAsync(tx, FollowUpWork.SendKind, FollowUpWork.KeyPrefix(c.Id), exceptDedupeKey: key);
        await queue.EnqueueAsync(tx, new NewWork(FollowUpWork.SendKind, new FollowUpWork.Payload(business.Id, c.Id, number, anchor), business.Id,
            OrderingKey: ConversationTurn.OrderingKey(c.Id), DedupeKey: key, DueAt: due, MaxAttempts: 10));
        await conversations.SetNextFollowUpAsync(tx, business.Id, c.Id, due);
    }

    /// <summary>A caller who opted out gets no more follow-ups.</summary>
    public async Task OnOptedOutAsync(DbTx tx, string businessId, string phone, string? leadId, IReadOnlyList<string> closedConversationIds)
    {
        foreach (var id in closedConversationIds)
            await queue.CancelPendingByPrefixAsync(tx, FollowUpWork.SendKind, FollowUpWork.KeyPrefix(id));
    }
}

/// <summary>Any text from the caller cancels the pending follow-up (Order 10: before every other step; never consumes the text).</summary>
public sealed class FollowUpCancelStep(Db db, WorkQueue queue, ConversationStore conversations, LiveEvents live) : IInboundTextStep
{
    public int Order => 10;

    public async Task<bool> TryHandleAsync(InboundText text, CancellationToken ct)
    {
        var c = text.Conversation;
        await db.WriteAsync(async tx =>
        {
            await queue.CancelPendingByPrefixAsync(tx, FollowUpWork.SendKind, FollowUpWork.KeyPrefix(c.Id));
            // The caller is talking again: back to an active conversation.
            await conversations.RecordInboundAsync(tx, c.BusinessId, c.Id, text.Message.CreatedAt);
            tx.AfterCommit(() => live.Publish(c.BusinessId, "conversation", c.Id));
        }, ct);
        return false;
    }
}

/// <summary>Sends one follow-up, if it is still due: the conversation is open and nobody has written since the anchor.</summary>
public sealed class FollowUpHandler(
    Db db, WorkQueue queue, BusinessStore businesses, ConversationStore conversations, LeadStore leads, SmsSender sender, FollowUpScheduler scheduler, AuditLog audit, LiveEvents live,
    TimeProvider clock, ILogger<FollowUpHandler> log) : IWorkHandler
{
    public string Kind => FollowUpWork.SendKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<FollowUpWork.Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        await db.WriteAsync(async tx =>
        {
            var c = await conversations.GetAsync(tx, p.BusinessId, p.ConversationId);
            if (c is null || c.Status is not (ConversationStatuses.Active or ConversationStatuses.FollowUp) || c.FollowUpCount >= p.Number) return;
            if (await conversations.HasInboundSinceAsync(tx, p.BusinessId, p.ConversationId, p.Anchor)) return;
            var now = clock.GetUtcNow();
            var zone = CallerTimeZone.For(c.Phone, business);
            // Claimed late (a node was down overnight): move it to the morning rather than text at midnight. A new
            // item (not a retry) so that it does not hold back the caller's texts queued behind it meanwhile.
            if (!FollowUpSchedule.IsAllowed(now, zone))
            {
                var later = FollowUpSchedule.NextAllowed(now, zone);
                await queue.EnqueueAsync(tx, new NewWork(FollowUpWork.SendKind, p, p.BusinessId, OrderingKey: ConversationTurn.OrderingKey(c.Id),
                    DedupeKey: $"{FollowUpWork.DedupeKey(c.Id, p.Number, p.Anchor)}:{later.UtcTicks}", DueAt: later, MaxAttempts: 10));
                await conversations.SetNextFollowUpAsync(tx, p.BusinessId, p.ConversationId, later);
                return;
            }

            var lead = await leads.GetAsync(tx, p.BusinessId, c.LeadId) ?? throw new PermanentWorkFailure("Lead not found.");
            if (NotForThem(c, lead) is { } why)
            {
                await conversations.SetNextFollowUpAsync(tx, p.BusinessId, p.ConversationId, null);
                log.LogInformation("Follow-up {Number} of {ConversationId} not sent: {Why}", p.Number, c.Id, why);
                return;
            }
            var last = p.Number >= FollowUpSchedule.Max;
            // The conditional update is the claim: a second run of this item (an expired lease) waits on the row
            // lock, then finds the count already moved and sends nothing.
            if (!await conversations.ClaimFollowUpAsync(tx, p.BusinessId, p.ConversationId, p.Number, last)) return;
            var sent = await sender.QueueAsync(tx, new OutboundSms(p.BusinessId, c.Phone, Text(p.Number, business, lead), Senders.Ai, SmsPurposes.FollowUp, c.Id));
            if (last && lead.Status is LeadStatuses.New or LeadStatuses.Contacted or LeadStatuses.Qualifying or LeadStatuses.Qualified)
                await leads.SetStatusAsync(tx, p.BusinessId, lead.Id, LeadStatuses.Unresponsive);
            // The claim above changed only the count and status; the next follow-up needs the id and phone, which it did not.
            if (!last) await scheduler.EnqueueAsync(tx, business, c, p.Number + 1, p.Anchor);
            await audit.WriteAsync(tx, p.BusinessId, "system", "conversation", c.Id, "follow_up_sent", new { p.Number, messageId = sent.Message.Id, sent.BlockedReason });
            tx.AfterCommit(() =>
            {
                live.Publish(p.BusinessId, "conversation", c.Id);
                live.Publish(p.BusinessId, "message", sent.Message.Id);
                if (last) live.Publish(p.BusinessId, "lead", lead.Id);
            });
            log.LogInformation("Follow-up #{Number} queued for conversation {ConversationId}", p.Number, c.Id);
        }, ct);
    }

    /// <summary>"Maintenance / tune-up" → "maintenance", "AC repair" stays, "Brake pads" → "brake pads".</summary>
    private static string? ServiceWords(string? service)
    {
        if (string.IsNullOrWhiteSpace(service)) return null;
        var s = service.Split(',')[0].Split(" / ")[0].Trim();
        return s.Length > 1 && char.IsUpper(s[0]) && char.IsLower(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;
    }

    /// <summary>PRODUCT.md's follow-up texts, with the service and the name filled in when known.</summary>

    /// <summary>
    /// "Just checking in — did you still need help?" is wrong for someone whose visit is booked (or done), whom the owner
    /// is calling about an emergency, or who asked for a person (or whose phone answers by itself): found using the
    /// product, where such follow-ups were due the next morning after a booked caller's address correction.
    /// </summary>
    public static string? NotForThem(Conversation c, Lead lead) =>
        lead.Status is LeadStatuses.Booked or LeadStatuses.Completed ? "a visit is booked"
        : c.Emergency ? "an emergency: the owner calls them"
        : c.NeedsHuman ? "waiting for a person"
        : null;
    public static string Text(int number, Business business, Lead lead)
    {
        var service = ServiceWords(lead.ServiceNeeded);
        var first = Names.First(lead.Name);
        return number switch
        {
            1 => $"Just checking in — did you still need help with {(service is null ? "anything" : "your " + service)}?",
            2 => $"Hi{(first is null ? "" : " " + first)}, it's {business.Name} following up. We'd still be glad to help with {(service is null ? "whatever you need" : "your " + service)} — just reply here.",
            _ => $"Last note from {business.Name}: we'll close this out for now. If you still need help{(service is null ? "" : " with your " + service)}, just text us here anytime.",
        };
    }
}

/// <summary>
/// Every 15 minutes: open conversations idle for 48 h with no follow-up pending become <c>stale</c>. A scheduled task,
/// so one node runs each sweep; the update is conditional, so a repeated sweep changes nothing twice.
/// </summary>
public sealed class StaleSweepTask(Db db, ConversationStore conversations, TimeProvider clock) : IScheduledTask
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromHours(48);

    public string Key => FollowUpWork.SweepKey;
    public string Name => "Stale conversations";
    public string Description => "Marks open conversations idle for 48 hours with no follow-up pending as stale.";
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await MarkStaleAsync(ct)} conversation(s) marked stale";

    public async Task<int> MarkStaleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.WriteAsync(tx => conversations.MarkIdleStaleAsync(tx, now - IdleAfter, FollowUpWork.SendKind, FollowUpWork.AnyKeyPrefix), ct);
    }
}

public static class FollowUpsModule
{
    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddSingleton<FollowUpScheduler>();
        services.AddSingleton<IOutboundTextObserver>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<IOptOutObserver>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<IInboundTextStep, FollowUpCancelStep>();
        services.AddWorkHandler<FollowUpHandler>();
        services.AddScheduledTask<StaleSweepTask>();
        return services;
    }
}
