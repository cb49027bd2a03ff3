using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Reviews;

/// <summary>
/// Asks every customer whose job or appointment was completed for a Google review, the same way (no filtering by
/// how the job went): after the business's delay (2 h by default) one text with our tracked link <c>/r/{code}</c>,
/// and one reminder 48 h later if the link was not opened; never more. Both are durable work items with dedupe keys,
/// and each moves the request's status conditionally in the transaction that queues its text, so two nodes (or a
/// retried item) send one text, never two. The texts go through the one send path (opt-out, quiet hours, review cap).
/// </summary>
public sealed class ReviewRequests(ReviewStore store, LeadStore leads, WorkQueue queue, TimeProvider clock) : IWorkCompletedHook, IOptOutObserver
{
    public const string Kind = "review.request";
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromHours(48);

    public sealed record Payload(string BusinessId, string RequestId, string Step);

    public const string Ask = "ask", Remind = "remind";

    public static string DedupeKey(string requestId, string step) => $"review:{requestId}:{step}";

    public async Task OnWorkCompletedAsync(DbTx tx, Business business, string leadId, string source, string sourceId)
    {
        var settings = await store.SettingsAsync(tx, business.Id);
        if (string.IsNullOrWhiteSpace(settings.ReviewUrl)) return;
        var lead = await leads.GetAsync(tx, business.Id, leadId);
        if (lead is null || Phone.IsWithheld(lead.Phone)) return;
        var due = clock.GetUtcNow().AddMinutes(settings.DelayMinutes);
        var request = await store.TryCreateAsync(tx, business.Id, lead.Id, source, sourceId, lead.Phone, settings.ReviewUrl, due);
        if (request is null) return;
        await queue.EnqueueAsync(tx, new NewWork(Kind, new Payload(business.Id, request.Id, Ask), business.Id,
            DedupeKey: DedupeKey(request.Id, Ask), DueAt: due, MaxAttempts: 5));
    }

    public async Task OnOptedOutAsync(DbTx tx, string businessId, string phone, string? leadId, IReadOnlyList<string> closedConversationIds)
    {
        foreach (var id in await store.OptOutAsync(tx, businessId, phone))
        {
            await queue.CancelPendingAsync(tx, DedupeKey(id, Ask));
            await queue.CancelPendingAsync(tx, DedupeKey(id, Remind));
        }
    }
}

/// <summary>Sends the ask and the reminder (see <see cref="ReviewRequests"/>).</summary>
public sealed class ReviewRequestHandler(Db db, BusinessStore businesses, ReviewStore store, ConversationStore conversations, SmsSender sms,
    WorkQueue queue, IOptions<AppOptions> app, TimeProvider clock, ILogger<ReviewRequestHandler> log) : IWorkHandler
{
    public string Kind => ReviewRequests.Kind;

    public string Link(ReviewRequest r) => $"{app.Value.BaseUrl}/r/{r.Code}";

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<ReviewRequests.Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        await db.WriteAsync(async tx =>
        {
            var r = await store.GetAsync(tx, p.BusinessId, p.RequestId);
            if (r is null) return;
            var (from, to, body) = p.Step == ReviewRequests.Ask
                ? (ReviewStatuses.Pending, ReviewStatuses.Sent,
                    $"Thanks for choosing {business.Name}! Would you leave us a quick Google review? It helps a lot: {Link(r)}")
                : (ReviewStatuses.Sent, ReviewStatuses.Reminded,
                    $"A quick reminder from {business.Name}: if you have a minute, a review helps us a lot: {Link(r)}");
            // Only from the status read here: a second run (another node, a retried item) finds it moved and sends nothing.
            if (r.Status != from || !await store.TryMoveAsync(tx, p.BusinessId, r.Id, from, to)) return;
            var conversationId = await conversations.LatestIdForLeadAsync(tx, p.BusinessId, r.LeadId);
            var sent = await sms.QueueAsync(tx, new OutboundSms(p.BusinessId, r.Phone, body, Senders.System, SmsPurposes.Review, conversationId));
            if (!sent.Queued)
            {
                var status = sent.BlockedReason == TextReasons.OptedOut ? ReviewStatuses.OptedOut : ReviewStatuses.NotSent;
                await store.TryMoveAsync(tx, p.BusinessId, r.Id, to, status);
            }
            else if (p.Step == ReviewRequests.Ask)
                await queue.EnqueueAsync(tx, new NewWork(Kind, p with { Step = ReviewRequests.Remind }, p.BusinessId,
                    DedupeKey: ReviewRequests.DedupeKey(r.Id, ReviewRequests.Remind), DueAt: clock.GetUtcNow().Add(ReviewRequests.ReminderAfter), MaxAttempts: 5));
            log.LogInformation("Review {Step} {RequestId} to {Phone}: {Outcome}", p.Step, r.Id, Phone.Mask(r.Phone), sent.BlockedReason ?? "queued");
        }, ct);
    }
}
