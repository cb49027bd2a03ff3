using System.Text;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallRecover.Reports;

/// <summary>
/// The owner's daily email: yesterday's calls, missed calls, leads, bookings and cancellations, and today's visits.
/// One durable work item per business per local day (dedupe key <c>digest:{business}:{date}</c>) due at
/// <c>Email:DigestTime</c> in the business's time zone; each run schedules the next, and a scheduled task
/// (<see cref="DigestScheduler"/>) makes sure every business (including new ones) has its next one.
/// </summary>
public sealed class DailyDigest(Db db, BusinessStore businesses, WorkQueue queue, EmailOutbox outbox, IOptions<EmailOptions> options, TimeProvider clock)
    : IWorkHandler
{
    public const string DigestKind = "email.digest";

    public string Kind => DigestKind;

    public sealed record Payload(string BusinessId, string Date);

    private LocalTime DigestTime => LocalTimes.HourMinute.Parse(options.Value.DigestTime).Value;

    /// <summary>Ensures every business has its next digest queued; returns how many were added.</summary>
    public Task<int> EnsureScheduledAsync(CancellationToken ct = default) => EveryBusiness.ScheduleAsync(db, businesses, ScheduleNextAsync, ct);

    public async Task<bool> ScheduleNextAsync(DbTx tx, Business business)
    {
        var now = clock.GetUtcNow();
        var local = business.LocalTime(now);
        var date = local.TimeOfDay < DigestTime ? local.Date : local.Date.PlusDays(1);
        var due = business.Zone.AtLeniently(date.At(DigestTime)).ToInstant().ToDateTimeOffset();
        var day = date.ToString("yyyy-MM-dd", null);
        return await queue.EnqueueAsync(tx, new NewWork(DigestKind, new Payload(business.Id, day), business.Id,
            DedupeKey: $"digest:{business.Id}:{day}", DueAt: due, MaxAttempts: 5));
    }

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct);
        if (business is null) return;
        var today = NodaTime.Text.LocalDatePattern.Iso.Parse(p.Date).GetValueOrThrow();
        var key = $"digest:{business.Id}:{p.Date}";
        var text = business.NotificationPrefs.Email ? await ComposeAsync(business, today, ct) : null;
        await db.WriteAsync(async tx =>
        {
            if (text is not null)
                await outbox.QueueOnceAsync(tx, key, new EmailMessage(business.OwnerEmail, $"Your daily summary – {business.Name} – {SlotText.Day(today)}",
                    text, "digest", business.Id));
            await ScheduleNextAsync(tx, business);
        }, ct);
    }

    /// <summary>The digest text for the local day before <paramref name="today"/> and the visits on <paramref name="today"/>.</summary>
    public async Task<string> ComposeAsync(Business business, LocalDate today, CancellationToken ct = default)
    {
        var zone = business.Zone;
        var from = zone.AtStartOfDay(today.PlusDays(-1)).ToInstant().ToDateTimeOffset();
        var to = zone.AtStartOfDay(today).ToInstant().ToDateTimeOffset();
        var end = zone.AtStartOfDay(today.PlusDays(1)).ToInstant().ToDateTimeOffset();
        await using var conn = await db.OpenAsync(ct);
        var args = new { businessId = business.Id, from, to, end };
        var calls = await conn.QuerySingleAsync<(long Total, long Missed)>(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'missed' THEN 1 ELSE 0 END), 0) FROM calls WHERE business_id = @businessId AND created_at >= @from AND created_at < @to", args);
        var newLeads = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM leads WHERE business_id = @businessId AND created_at >= @from AND created_at < @to", args);
        var qualified = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE business_id = @businessId AND event = 'qualified' AND created_at >= @from AND created_at < @to", args);
        var booked = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM appointments WHERE business_id = @businessId AND created_at >= @from AND created_at < @to", args);
        var cancelled = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM appointments WHERE business_id = @businessId AND status = 'cancelled' AND updated_at >= @from AND updated_at < @to", args);
        var unread = await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE business_id = @businessId AND read_at IS NULL", args);
        var visits = (await conn.QueryAsync<Visit>("""
            SELECT a.start_at, a.end_at, a.service_type, a.address, a.status, l.name, l.phone
            FROM appointments a JOIN leads l ON l.id = a.lead_id AND l.business_id = a.business_id
            WHERE a.business_id = @businessId AND a.start_at >= @to AND a.start_at < @end AND a.status IN ('scheduled','confirmed')
            ORDER BY a.start_at
            """, args)).ToList();

        var sb = new StringBuilder();
        sb.Append($"Good morning! Here is {business.Name} for {SlotText.Day(today.PlusDays(-1))}:\n\n");
        sb.Append($"- Calls: {calls.Total} ({calls.Missed} missed)\n");
        sb.Append($"- New leads: {newLeads}, qualified: {qualified}\n");
        sb.Append($"- Appointments booked: {booked}, cancelled: {cancelled}\n");
        sb.Append($"- Unread notifications: {unread}\n\n");
        if (visits.Count == 0) sb.Append($"No visits scheduled for today ({SlotText.Day(today)}).\n");
        else
        {
            sb.Append($"Today's visits ({SlotText.Day(today)}):\n");
            foreach (var v in visits)
                sb.Append($"- {SlotText.Window(business.LocalTime(v.StartAt).TimeOfDay, business.LocalTime(v.EndAt).TimeOfDay)}: {v.Name ?? Phone.Display(v.Phone)}" +
                          $"{(v.ServiceType is null ? "" : $", {v.ServiceType}")}{(v.Address is null ? "" : $", {v.Address}")}{(v.Status == "confirmed" ? " (confirmed)" : "")}\n");
        }
        return sb.ToString();
    }

    private sealed class Visit
    {
        public DateTimeOffset StartAt { get; set; }
        public DateTimeOffset EndAt { get; set; }
        public string? ServiceType { get; set; }
        public string? Address { get; set; }
        public string Status { get; set; } = "";
        public string? Name { get; set; }
        public string Phone { get; set; } = "";
    }
}

/// <summary>Every hour (and at first start), makes sure each business (new ones too) has its next digest queued. A scheduled task.</summary>
public sealed class DigestScheduler(DailyDigest digest) : IScheduledTask
{
    public string Key => "email.digest-schedule";
    public string Name => "Schedule daily digests";
    public string Description => "Makes sure every business has its next daily digest email queued.";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await digest.EnsureScheduledAsync(ct)} digest(s) scheduled";
}
