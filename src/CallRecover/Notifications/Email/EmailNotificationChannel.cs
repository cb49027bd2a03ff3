using System.Text;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Leads;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Notifications.Email;

/// <summary>
/// Owner notifications by email ("email" channel). Only events worth an email go out one by one — new qualified
/// lead, emergency, a person needed, booked / rescheduled / cancelled, a call needed to set a time; everything
/// else waits for the daily digest. Booking emails carry the visit's .ics. Honours the owner's email preference.
/// The email is queued in the outbox (sent by <c>email.send</c>), keyed by notification so a re-run of this
/// delivery never queues it twice.
/// </summary>
public sealed class EmailNotificationChannel(Db db, EmailOutbox outbox, AppointmentStore appointments, LeadStore leads, IOptions<AppOptions> app) : INotificationChannel
{
    public static readonly HashSet<string> EmailedEvents =
        ["qualified", "new_lead", "emergency", "human_needed", "booked", "rescheduled", "cancelled", "booking_needs_call", "quote_approved"];

    private static readonly HashSet<string> CalendarEvents = ["booked", "rescheduled", "cancelled"];

    public string Name => "email";

    public async Task<string> DeliverAsync(Business business, Notification notification, CancellationToken ct)
    {
        if (!business.NotificationPrefs.Email) return "skipped: email notifications are off";
        if (!EmailedEvents.Contains(notification.Event) && !notification.Urgent) return "skipped: goes in the daily digest";

        var attachments = new List<EmailAttachment>();
        var text = new StringBuilder(notification.Body).Append("\n\n");
        if (CalendarEvents.Contains(notification.Event) && AppointmentId(notification.Data) is { } appointmentId
            && await appointments.GetAsync(business.Id, appointmentId, ct) is { } a)
        {
            var lead = await leads.GetAsync(business.Id, a.LeadId, ct);
            var url = CalendarFile.Url(app.Value.BaseUrl, a);
            var ics = CalendarFile.Write(a, business, lead, url);
            attachments.Add(new EmailAttachment("appointment.ics", CalendarFile.EmailContentType, Convert.ToBase64String(Encoding.UTF8.GetBytes(ics))));
            text.Append("The visit is attached as a calendar file (appointment.ics); it is also at ").Append(url).Append("\n\n");
        }
        text.Append("Open CallRecover: ").Append(app.Value.BaseUrl).Append("/\n")
            .Append("You get these emails because email notifications are on for ").Append(business.Name).Append('.');

        var key = $"notify:{notification.Id}";
        var subject = (notification.Urgent ? "URGENT: " : "") + $"{notification.Title} – {business.Name}";
        var id = await db.WriteAsync(tx => outbox.QueueOnceAsync(tx, key,
            new EmailMessage(business.OwnerEmail, subject, text.ToString(), "notification", business.Id, Attachments: attachments)), ct);
        return $"queued email {id}";
    }

    private static string? AppointmentId(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("appointmentId", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }
}
