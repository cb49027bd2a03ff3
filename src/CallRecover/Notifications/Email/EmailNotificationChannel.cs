using CallRecover.Common;
using System.Text;
using CallRecover.Data;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Notifications.Email;

/// <summary>A file a capability attaches to the owner's email about one of its notifications, with a line saying what it is.</summary>
public sealed record NotificationAttachment(EmailAttachment File, string Line);

/// <summary>
/// Lets a capability attach a file to the owner's notification email (Booking attaches the visit's .ics), so the email
/// channel does not need to know about appointments.
/// </summary>
public interface INotificationAttachments
{
    Task<NotificationAttachment?> ForAsync(Business business, Notification notification, CancellationToken ct);
}

/// <summary>
/// Owner notifications by email ("email" channel). Only events worth an email go out one by one — new qualified
/// lead, emergency, a person needed, booked / rescheduled / cancelled, a call needed to set a time; everything
/// else waits for the daily digest. Capabilities may attach a file (booking emails carry the visit's .ics). Honours the
/// owner's email preference.
/// The email is queued in the outbox (sent by <c>email.send</c>), keyed by notification so a re-run of this
/// delivery never queues it twice.
/// </summary>
public sealed class EmailNotificationChannel(Db db, EmailOutbox outbox, IEnumerable<INotificationAttachments> attachmentSources, IOptions<AppOptions> app)
    : INotificationChannel
{
    public static readonly HashSet<string> EmailedEvents =
        ["qualified", "new_lead", "emergency", "human_needed", "booked", "rescheduled", "cancelled", "booking_needs_call", "quote_approved", "receptionist_call"];

    public string Name => "email";

    /// <summary>Everyday notices (a missed call, a new message) are not emailed one by one: the daily digest carries them.</summary>
    public string? Skips(Notification notification) =>
        EmailedEvents.Contains(notification.Event) || notification.Urgent ? null : "skipped: goes in the daily digest";

    public async Task<ChannelResult> DeliverAsync(Business business, Notification notification, CancellationToken ct)
    {
        if (!business.NotificationPrefs.Email) return new("skipped: email notifications are off");
        if (Skips(notification) is { } skipped) return new(skipped);

        var attachments = new List<EmailAttachment>();
        var text = new StringBuilder(notification.Body).Append("\n\n");
        foreach (var source in attachmentSources)
        {
            if (await source.ForAsync(business, notification, ct) is not { } attached) continue;
            attachments.Add(attached.File);
            text.Append(attached.Line).Append("\n\n");
        }
        text.Append("Open CallRecover: ").Append(app.Value.BaseUrl).Append("/\n")
            .Append("You get these emails because email notifications are on for ").Append(business.Name).Append('.');

        var key = $"notify:{notification.Id}";
        var subject = (notification.Urgent ? "URGENT: " : "") + $"{notification.Title} – {business.Name}";
        var id = await db.WriteAsync(tx => outbox.QueueOnceAsync(tx, key,
            new EmailMessage(business.OwnerEmail, subject, text.ToString(), "notification", business.Id, Attachments: attachments)), ct);
        return new($"queued email {id}");
    }
}
