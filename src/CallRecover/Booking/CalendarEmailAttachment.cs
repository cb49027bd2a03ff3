using CallRecover.Common;
using System.Text;
using System.Text.Json;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Booking;

/// <summary>The owner's email about a booked, moved or cancelled visit carries the visit as a calendar file.</summary>
public sealed class CalendarEmailAttachment(AppointmentStore appointments, LeadStore leads, IOptions<AppOptions> app) : INotificationAttachments
{
    private static readonly HashSet<string> CalendarEvents = ["booked", "rescheduled", "cancelled"];

    public async Task<NotificationAttachment?> ForAsync(Business business, Notification notification, CancellationToken ct)
    {
        if (!CalendarEvents.Contains(notification.Event) || AppointmentId(notification.Data) is not { } appointmentId
            || await appointments.GetAsync(business.Id, appointmentId, ct) is not { } a) return null;
        var lead = await leads.GetAsync(business.Id, a.LeadId, ct);
        var url = CalendarFile.Url(app.Value.BaseUrl, a);
        var ics = CalendarFile.Write(a, business, lead, url);
        return new NotificationAttachment(
            new EmailAttachment("appointment.ics", CalendarFile.EmailContentType, Convert.ToBase64String(Encoding.UTF8.GetBytes(ics))),
            $"The visit is attached as a calendar file (appointment.ics); it is also at {url}");
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
