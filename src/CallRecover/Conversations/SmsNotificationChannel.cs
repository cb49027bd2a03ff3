using CallRecover.Compliance;
using CallRecover.Notifications;
using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>
/// Owner notifications by SMS: a text from the business number to the owner's phone through the one send path, whose
/// texting policy keeps it out of the owner's quiet hours (the notification stays stored for the dashboard); an urgent one
/// goes anyway with the emergency override (on by default), else at the end of quiet hours.
/// </summary>
public sealed class SmsNotificationChannel(Db db, SmsSender sender, TimeProvider clock) : INotificationChannel
{
    public string Name => "sms";

    public async Task<ChannelResult> DeliverAsync(Business business, Notification notification, CancellationToken ct)
    {
        if (!business.NotificationPrefs.Sms) return new("skipped: sms notifications off");
        return await db.WriteAsync(async tx =>
        {
            // Delivery can run twice (a lease that expired mid-run): the channel's mark, written with the text, makes it once
            // and is the notification's record of it (the delivery writes nothing more).
            // Locked read: the email channel records its result on the same row at the same time.
            var map = await NotificationStore.LockChannelsAsync(tx, notification.BusinessId, notification.Id);
            if (map.TryGetValue(Name, out var done)) return new ChannelResult(done, Recorded: true);
            var sent = await sender.QueueAsync(tx, new OutboundSms(business.Id, business.OwnerPhone, Text(business, notification), Senders.System,
                SmsPurposes.OwnerNotification, Urgent: notification.Urgent), business);
            var result = sent.HeldUntil is { } until ? $"queued {sent.Message.Id}, held until {LocalClock(business, until)}: {TextReasons.Describe(sent.Decision.Reason)}"
                : sent.Queued ? $"queued {sent.Message.Id}" : $"not sent: {TextReasons.Describe(sent.BlockedReason)}";
            map[Name] = Notifier.Stamp(result, clock.GetUtcNow());
            await NotificationStore.SaveChannelsAsync(tx, notification.BusinessId, notification.Id, map);
            return new ChannelResult(result, Recorded: true);
        }, ct);
    }

    private static string LocalClock(Business business, DateTimeOffset at) =>
        business.LocalTime(at).ToString("h:mmtt", System.Globalization.CultureInfo.InvariantCulture).ToLowerInvariant();

    /// <summary>
    /// One short text: title and body, trimmed to two SMS segments. A title's subject that the body names again
    /// ("Emergency: (904) 555-0142" over "(904) 555-0142 says …") is left out, so the owner reads a number or name once.
    /// </summary>
    public static string Text(Business business, Notification n)
    {
        var title = n.Title.Trim();
        var colon = title.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && title[(colon + 2)..].Trim() is { Length: > 0 } subject && n.Body.Contains(subject, StringComparison.OrdinalIgnoreCase))
            title = title[..colon];
        var text = $"{(n.Urgent ? "URGENT " : "")}{business.Name}: {title}. {n.Body}";
        return text.Length <= 300 ? text : text[..297] + "...";
    }
}
