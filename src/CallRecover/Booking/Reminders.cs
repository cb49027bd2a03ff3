using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Queue;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>
/// Schedules the day-before reminder as a durable work item, due inside 08:00–21:00 local time (callers' phones
/// are assumed to be in the business's time zone). The dedupe key carries the start time, so a rescheduled
/// appointment gets a fresh reminder and the old one is cancelled.
/// </summary>
public sealed class ReminderScheduler(WorkQueue queue, AppointmentStore appointments, BookingOfferStore offers, TimeProvider clock) : IOptOutObserver
{
    public const string Kind = "booking.remind";
    public static readonly LocalTime WindowStart = new(8, 0), WindowEnd = new(21, 0);

    /// <summary>Work item dedupe key prefix of an appointment's reminders.</summary>
    public static string KeyPrefix(string appointmentId) => $"remind:{appointmentId}:";

    public sealed record Payload(string BusinessId, string AppointmentId, DateTimeOffset StartAt);

    public async Task ScheduleAsync(DbTx tx, Business business, Appointment a)
    {
        if (DueAt(business, a.StartAt, clock.GetUtcNow()) is not { } due) return;
        await queue.EnqueueAsync(tx, new NewWork(Kind, new Payload(business.Id, a.Id, a.StartAt), business.Id,
            DedupeKey: KeyPrefix(a.Id) + a.StartAt.UtcTicks, DueAt: due, MaxAttempts: 5));
    }

    public async Task RescheduleAsync(DbTx tx, Business business, Appointment a)
    {
        await CancelAsync(tx, a.Id);
        await ScheduleAsync(tx, business, a);
    }

    public Task CancelAsync(DbTx tx, string appointmentId) => queue.CancelPendingByPrefixAsync(tx, Kind, KeyPrefix(appointmentId));

    /// <summary>A caller who opted out gets no reminders, and slots on offer to them are withdrawn (the visit itself stays booked).</summary>
    public async Task OnOptedOutAsync(DbTx tx, string businessId, string phone, string? leadId, IReadOnlyList<string> closedConversationIds)
    {
        if (leadId is null) return;
        foreach (var a in await appointments.LiveForLeadAsync(tx, businessId, leadId)) await CancelAsync(tx, a.Id);
        await offers.CloseAsync(tx, businessId, leadId, OfferStatuses.Declined);
    }

    /// <summary>
    /// When to remind: the day before, at the appointment's own time of day moved into 08:00–21:00. Booked after
    /// that moment (a visit for tomorrow booked this afternoon): no reminder, the confirmation text is that fresh.
    /// </summary>
    public static DateTimeOffset? DueAt(Business business, DateTimeOffset start, DateTimeOffset now)
    {
        var zone = business.Zone;
        var localStart = Instant.FromDateTimeOffset(start).InZone(zone).LocalDateTime;
        var time = localStart.TimeOfDay;
        if (time < WindowStart) time = WindowStart;
        if (time >= WindowEnd) time = WindowEnd.PlusMinutes(-30);
        var due = zone.AtLeniently(localStart.Date.PlusDays(-1).At(time)).ToInstant().ToDateTimeOffset();
        return due > now ? due : null;
    }

    public static bool InWindow(Business business, DateTimeOffset t)
    {
        var local = business.LocalTime(t).TimeOfDay;
        return local >= WindowStart && local < WindowEnd;
    }

    public static DateTimeOffset NextWindowStart(Business business, DateTimeOffset t)
    {
        var local = business.LocalTime(t);
        var date = local.TimeOfDay < WindowStart ? local.Date : local.Date.PlusDays(1);
        return business.Zone.AtLeniently(date.At(WindowStart)).ToInstant().ToDateTimeOffset();
    }
}

/// <summary>
/// Sends the reminder: "Reply C to confirm or R to reschedule". Skips appointments that were cancelled, moved
/// (the payload's start no longer matches) or already confirmed; a reminder that comes due outside 08:00–21:00
/// (the queue was down) waits for the next morning if the visit is still far enough away.
/// </summary>
public sealed class ReminderHandler(Db db, BusinessStore businesses, AppointmentStore appointments, LeadStore leads,
    SmsSender sms, WorkQueue queue, TimeProvider clock, ILogger<ReminderHandler> log) : IWorkHandler
{
    public string Kind => ReminderScheduler.Kind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<ReminderScheduler.Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct) ?? throw new PermanentWorkFailure("Business not found.");
        var now = clock.GetUtcNow();
        await db.WriteAsync(async tx =>
        {
            var a = await appointments.GetAsync(tx, p.BusinessId, p.AppointmentId);
            if (a is null || a.Status != AppointmentStatuses.Scheduled || a.StartAt != p.StartAt || a.ReminderSentAt is not null || a.StartAt <= now) return;
            if (!ReminderScheduler.InWindow(business, now))
            {
                var next = ReminderScheduler.NextWindowStart(business, now);
                if (next < a.StartAt.AddHours(-2))
                    await queue.EnqueueAsync(tx, new NewWork(Kind, p, p.BusinessId,
                        DedupeKey: ReminderScheduler.KeyPrefix(a.Id) + a.StartAt.UtcTicks + ":" + next.UtcTicks, DueAt: next, MaxAttempts: 5));
                return;
            }
            var lead = await leads.GetAsync(tx, p.BusinessId, a.LeadId);
            if (lead is null) return;
            var conversationId = a.ConversationId;
            var when = SlotText.Format(business, new Slot(a.StartAt, a.EndAt));
            var day = business.LocalTime(a.StartAt).Date == business.LocalTime(now).Date.PlusDays(1) ? "tomorrow, " : "";
            var sent = await sms.QueueAsync(tx, new OutboundSms(p.BusinessId, lead.Phone,
                $"Reminder: your {business.Name} visit is {day}{when}{BookingService.At(a)}. Reply C to confirm or R to reschedule.",
                Senders.System, SmsPurposes.Reminder, conversationId));
            await appointments.MarkReminderSentAsync(tx, p.BusinessId, a.Id);
            log.LogInformation("Reminder for appointment {AppointmentId} to {Phone}: {Outcome}", a.Id, Common.Phone.Mask(lead.Phone), sent.BlockedReason ?? "queued");
        }, ct);
    }
}
