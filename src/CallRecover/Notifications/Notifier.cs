using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Queue;
using CallRecover.Tenancy;

namespace CallRecover.Notifications;

/// <summary>What to tell the owner. <paramref name="Event"/>: missed_call, new_message, qualified, booked, emergency,
/// human_needed, quote_approved, job_status, cannot_text, urgent_repeat_caller, ...</summary>
public sealed record OwnerNotice(string Event, string Title, string Body, object? Data = null, bool Urgent = false);

/// <summary>A way to reach the owner (SMS, email). Each delivery runs as its own work item, retried on failure.</summary>
public interface INotificationChannel
{
    string Name { get; }

    /// <summary>Delivers; returns a short result for the record ("sent", "not sent: it is within your quiet hours"). Throw to retry.</summary>
    Task<ChannelResult> DeliverAsync(Business business, Notification notification, CancellationToken ct);

    /// <summary>
    /// Why this channel never carries <paramref name="notification"/>, known from the notification alone ("skipped: goes
    /// in the daily digest"); null when it may. A skipped channel gets no delivery work item: the reason is recorded
    /// with the notification at once.
    /// </summary>
    string? Skips(Notification notification) => null;
}

/// <summary>
/// A channel's result for the notification's record. <paramref name="Recorded"/>: the channel already wrote it there
/// (in the transaction that delivered, as <see cref="Notifier.Stamp"/> says it), so the delivery does not write it again.
/// </summary>
public sealed record ChannelResult(string Text, bool Recorded = false);

/// <summary>
/// Stores a notification (the dashboard shows it whatever happens) and enqueues one delivery per channel,
/// in the caller's transaction.
/// </summary>
public sealed class Notifier(NotificationStore store, WorkQueue queue, IEnumerable<INotificationChannel> channels, LiveEvents live, TimeProvider clock)
{
    public const string DeliverKind = "notify.deliver";

    public async Task<Notification> NotifyAsync(DbTx tx, string businessId, OwnerNotice notice)
    {
        var n = new Notification
        {
            Id = Ids.New(), BusinessId = businessId, Event = notice.Event, Title = notice.Title, Body = notice.Body,
            Data = notice.Data is null ? "{}" : Json.Serialize(notice.Data), Urgent = notice.Urgent, Channels = "{}",
            CreatedAt = clock.GetUtcNow(),
        };
        // A channel that never carries this kind of notice is recorded as skipped now (as its delivery would have), not queued.
        var skipped = channels.Select(c => (c.Name, Reason: c.Skips(n))).Where(x => x.Reason is not null)
            .ToDictionary(x => x.Name, x => Stamp(x.Reason!, n.CreatedAt));
        if (skipped.Count > 0) n = n with { Channels = Json.Serialize(skipped) };
        await store.InsertAsync(tx, n);
        foreach (var channel in channels.Where(c => !skipped.ContainsKey(c.Name)))
            await queue.EnqueueAsync(tx, new NewWork(DeliverKind, new DeliverPayload(businessId, n.Id, channel.Name), businessId,
                DedupeKey: $"notify:{n.Id}:{channel.Name}", MaxAttempts: 8, SomeoneWaiting: n.Urgent));
        tx.AfterCommit(() => live.Publish(businessId, "notification", n.Id));
        return n;
    }

    public sealed record DeliverPayload(string BusinessId, string NotificationId, string Channel);

    /// <summary>How a channel's result reads in the notification's record: "queued 01ab… at 2026-12-06T04:00:00.0000000+00:00".</summary>
    public static string Stamp(string result, DateTimeOffset at) => $"{result} at {at:O}";
}

/// <summary>Runs one channel delivery and records its result on the notification.</summary>
public sealed class NotificationDeliveryHandler(Db db, NotificationStore store, BusinessStore businesses, IEnumerable<INotificationChannel> channels, TimeProvider clock)
    : IWorkHandler
{
    public string Kind => Notifier.DeliverKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<Notifier.DeliverPayload>();
        var channel = channels.FirstOrDefault(c => c.Name == p.Channel) ?? throw new PermanentWorkFailure($"No notification channel '{p.Channel}'.");
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        var n = await store.GetAsync(p.BusinessId, p.NotificationId, ct) ?? throw new PermanentWorkFailure("Notification not found.");
        ChannelResult result;
        try { result = await channel.DeliverAsync(business, n, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordAsync(p, $"error: {ex.Message}", ct);
            throw;
        }
        if (!result.Recorded) await RecordAsync(p, result.Text, ct);
    }

    private Task RecordAsync(Notifier.DeliverPayload p, string result, CancellationToken ct) =>
        db.WriteAsync(async tx =>
        {
            var map = await NotificationStore.LockChannelsAsync(tx, p.BusinessId, p.NotificationId);
            map[p.Channel] = Notifier.Stamp(result, clock.GetUtcNow());
            await NotificationStore.SaveChannelsAsync(tx, p.BusinessId, p.NotificationId, map);
        }, ct);
}
