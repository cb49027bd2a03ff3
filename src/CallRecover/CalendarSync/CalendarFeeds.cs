using System.Text;
using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>
/// The subscribable feed of a business's (or one technician's) live visits at <c>/calendar/{token}.ics</c>: no sign-in, the
/// secret token is the capability. Only its SHA-256 finds the feed; the token itself is kept encrypted (Data Protection) so
/// the owner can copy the link again; rotating revokes the old link (404 from then on).
/// </summary>
public sealed class CalendarFeeds(Db db, CalendarSyncStore store, AppointmentStore appointments, BusinessStore businesses, AuditLog audit,
    IDataProtectionProvider protection, IOptions<AppOptions> app, TimeProvider clock)
{
    /// <summary>Visits from this far back stay in the feed (a calendar app keeps last week's visit visible).</summary>
    public static readonly TimeSpan Past = TimeSpan.FromDays(30), Ahead = TimeSpan.FromDays(366);

    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.CalendarSync.FeedToken");

    public string Url(string token) => $"{app.Value.BaseUrl}/calendar/{token}.ics";

    /// <summary>The live feed link of the business (or technician), made on first ask.</summary>
    public async Task<string> LinkAsync(string businessId, string? technicianId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
            await store.LiveFeedAsync(tx, businessId, technicianId) is { } feed && Unprotect(feed.TokenProtected) is { } token
                ? Url(token)
                : await NewAsync(tx, businessId, technicianId, actor, "calendar_feed_created"), ct);

    /// <summary>A new link; the old one stops working at once.</summary>
    public async Task<string> RotateAsync(string businessId, string? technicianId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            await store.RevokeFeedsAsync(tx, businessId, technicianId, clock.GetUtcNow());
            return await NewAsync(tx, businessId, technicianId, actor, "calendar_feed_rotated");
        }, ct);

    private async Task<string> NewAsync(DbTx tx, string businessId, string? technicianId, string actor, string action)
    {
        await store.RevokeFeedsAsync(tx, businessId, technicianId, clock.GetUtcNow());
        var (token, hash) = PublicPage.NewToken();
        var feed = new CalendarFeed
        {
            Id = Ids.New(), BusinessId = businessId, TechnicianId = technicianId, TokenHash = hash, TokenProtected = _protector.Protect(token), CreatedAt = clock.GetUtcNow(),
        };
        await store.AddFeedAsync(tx, feed);
        await audit.WriteAsync(tx, businessId, actor, technicianId is null ? "business" : "technician", technicianId ?? businessId, action);
        return Url(token);
    }

    /// <summary>The feed's .ics for a token; null for an unknown, tampered or rotated token.</summary>
    public async Task<string?> FileAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is < 20 or > 100) return null;
        if (await store.FeedByTokenHashAsync(PublicPage.HashToken(token), ct) is not { } feed) return null;
        if (await businesses.GetAsync(feed.BusinessId, ct) is not { } business) return null;
        var now = clock.GetUtcNow();
        var rows = (await appointments.BoardAsync(business.Id, now - Past, now + Ahead, limit: 2000, ct: ct))
            .Where(r => AppointmentStatuses.IsLive(r.Appointment.Status) && (feed.TechnicianId is null || r.Appointment.TechnicianId == feed.TechnicianId))
            .ToList();
        return Write(business, rows, feed.TechnicianId is null ? business.Name : $"{business.Name} (technician)");
    }

    /// <summary>
    /// A VCALENDAR of the visits, by Ical.Net. Times are UTC (every calendar app shows them in its own zone); each event's UID is
    /// the appointment's, so a moved visit moves in the subscriber's calendar. Like the booking's .ics it names the customer, the
    /// service and the address, but never the caller's phone number: a feed link is easily shared.
    /// </summary>
    public static string Write(Business business, IReadOnlyList<AppointmentRow> rows, string name)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//CallRecover//Calendar feed//EN", Method = "PUBLISH", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", name + " visits");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT15M");
        foreach (var r in rows)
        {
            var a = r.Appointment;
            var description = new StringBuilder($"{business.Name} visit");
            description.Append($"\nCustomer: {r.LeadName ?? "(name not given)"}");
            if (!string.IsNullOrWhiteSpace(a.ServiceType)) description.Append($"\nService: {a.ServiceType}");
            calendar.Events.Add(new CalendarEvent
            {
                Uid = a.IcsUid,
                Sequence = a.IcsSequence,
                DtStamp = Utc(a.UpdatedAt),
                LastModified = Utc(a.UpdatedAt),
                DtStart = Utc(a.StartAt),
                DtEnd = Utc(a.EndAt),
                Summary = $"{a.ServiceType ?? "Service visit"} – {r.LeadName ?? "customer"}",
                Location = string.IsNullOrWhiteSpace(a.Address) ? null : a.Address,
                Description = description.ToString(),
                Status = EventStatus.Confirmed,
                Transparency = TransparencyType.Opaque,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Utc(DateTimeOffset t) => new(t.UtcDateTime, CalDateTime.UtcTzId);

    private string? Unprotect(string value)
    {
        try { return _protector.Unprotect(value); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }
}
