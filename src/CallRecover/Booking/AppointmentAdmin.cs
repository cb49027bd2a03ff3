using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Tenancy;

namespace CallRecover.Booking;

/// <summary>A manually created appointment (operator or dashboard).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewAppointmentInput
{
    public string? LeadId { get; init; }
    /// <summary>Start as an ISO-8601 instant with offset (e.g. 2026-03-03T09:00:00-05:00).</summary>
    public DateTimeOffset? Start { get; init; }
    /// <summary>Defaults to the service's length from booking settings.</summary>
    public int? DurationMinutes { get; init; }
    public string? ServiceType { get; init; }
    /// <summary>Defaults to the lead's address.</summary>
    public string? Address { get; init; }
    public string? Notes { get; init; }
    /// <summary>Text the caller a confirmation with the calendar link (default true).</summary>
    public bool? NotifyCaller { get; init; }
}

/// <summary>A new time for an appointment, set by a person.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RescheduleInput
{
    public DateTimeOffset? Start { get; init; }
    /// <summary>Defaults to the appointment's current length.</summary>
    public int? DurationMinutes { get; init; }
    /// <summary>Text the caller the new time (default true).</summary>
    public bool? NotifyCaller { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StatusInput
{
    public string? Status { get; init; }
}

/// <summary>Outcome of an admin action: the appointment, field errors (400), a conflict (409) or not found (404).</summary>
public sealed record AdminResult(Appointment? Appointment, Dictionary<string, string[]> Errors, string? Conflict = null, bool NotFound = false)
{
    public bool Ok => Appointment is not null && Errors.Count == 0 && Conflict is null && !NotFound;
}

/// <summary>Appointments created and moved through their statuses by people (operator API, dashboard).</summary>
public sealed class AppointmentAdmin(Db db, AppointmentStore appointments, BookingSettingsStore settingsStore, LeadStore leads, BookingService booking,
    ConversationStore conversations, ReminderScheduler reminders, AuditLog audit, LiveEvents live, TimeProvider clock)
{
    public async Task<AdminResult> CreateAsync(Business business, NewAppointmentInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.LeadId)) errors["leadId"] = ["leadId is required."];
        if (input.Start is null) errors["start"] = ["start is required (ISO-8601 with offset, e.g. 2026-03-03T09:00:00-05:00)."];
        if (input.DurationMinutes is < 15 or > 720) errors["durationMinutes"] = ["durationMinutes must be between 15 and 720."];
        if (input.ServiceType is { Length: > 120 }) errors["serviceType"] = ["serviceType must be at most 120 characters."];
        if (input.Address is { Length: > 300 }) errors["address"] = ["address must be at most 300 characters."];
        if (input.Notes is { Length: > 2000 }) errors["notes"] = ["notes must be at most 2000 characters."];
        if (errors.Count > 0) return new AdminResult(null, errors);

        return await db.WriteAsync(async tx =>
        {
            var lead = await leads.GetAsync(tx, business.Id, input.LeadId!.Trim());
            if (lead is null) return new AdminResult(null, new() { ["leadId"] = [$"No lead '{input.LeadId}' in this business."] });
            var settings = await settingsStore.GetAsync(tx, business.Id);
            var service = string.IsNullOrWhiteSpace(input.ServiceType) ? lead.ServiceNeeded : input.ServiceType.Trim();
            var minutes = input.DurationMinutes ?? settings.DurationFor(service);
            var start = input.Start!.Value.ToUniversalTime();
            if (start < clock.GetUtcNow().AddDays(-1))
                return new AdminResult(null, new() { ["start"] = ["start is in the past."] });
            var now = clock.GetUtcNow();
            var a = new Appointment
            {
                Id = Ids.New(), BusinessId = business.Id, LeadId = lead.Id, StartAt = start, EndAt = start.AddMinutes(minutes), DurationMinutes = minutes,
                ServiceType = service, Address = string.IsNullOrWhiteSpace(input.Address) ? lead.Address : input.Address.Trim(),
                Status = AppointmentStatuses.Scheduled, Notes = input.Notes?.Trim(), IcsUid = $"{Ids.New()}@callrecover",
                IcsToken = AppointmentStore.NewToken(), Source = "manual", CreatedAt = now, UpdatedAt = now,
            };
            // People booking by hand may squeeze jobs together; only a real overlap is refused.
            if (!await appointments.TryInsertAsync(tx, a, 0))
                return new AdminResult(null, [], $"Another appointment overlaps {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}.");
            if (lead.Status is not (LeadStatuses.Booked or LeadStatuses.Completed))
                await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Booked);
            await reminders.ScheduleAsync(tx, business, a);
            await audit.WriteAsync(tx, business.Id, actor, "appointment", a.Id, "created", new { a.StartAt, a.EndAt });
            if (input.NotifyCaller ?? true)
            {
                // The caller's latest thread, so the text shows where the conversation with them is.
                var conversationId = await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
                await booking.TextAsync(tx, business, conversationId, lead,
                    $"You're booked with {business.Name}: {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}{BookingService.At(a)}. Add to your calendar: {booking.CalendarUrl(a)}",
                    byPerson: true);
            }
            tx.AfterCommit(() => { live.Publish(business.Id, "appointment", a.Id); live.Publish(business.Id, "lead", lead.Id); });
            return new AdminResult(a, []);
        }, ct);
    }

    /// <summary>Moves a live appointment (same calendar UID, SEQUENCE + 1); its reminder follows it.</summary>
    public async Task<AdminResult> RescheduleAsync(Business business, string appointmentId, RescheduleInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Start is null) errors["start"] = ["start is required (ISO-8601 with offset, e.g. 2026-03-03T09:00:00-05:00)."];
        if (input.DurationMinutes is < 15 or > 720) errors["durationMinutes"] = ["durationMinutes must be between 15 and 720."];
        if (input.Start is { } t && t < clock.GetUtcNow()) errors["start"] = ["start is in the past."];
        if (errors.Count > 0) return new AdminResult(null, errors);
        return await db.WriteAsync(async tx =>
        {
            var a = await appointments.GetAsync(tx, business.Id, appointmentId);
            if (a is null) return new AdminResult(null, [], NotFound: true);
            if (!AppointmentStatuses.IsLive(a.Status)) return new AdminResult(null, [], $"An appointment that is {a.Status} cannot be moved; book a new one.");
            var start = input.Start!.Value.ToUniversalTime();
            var end = start.AddMinutes(input.DurationMinutes ?? a.DurationMinutes);
            if (!await appointments.TryMoveAsync(tx, business.Id, a.Id, start, end, 0))
                return new AdminResult(null, [], $"Another appointment overlaps {SlotText.Format(business, new Slot(start, end))}.");
            var moved = (await appointments.GetAsync(tx, business.Id, a.Id))!;
            await reminders.RescheduleAsync(tx, business, moved);
            await audit.WriteAsync(tx, business.Id, actor, "appointment", a.Id, "rescheduled", new { from = a.StartAt, to = start });
            var lead = await leads.GetAsync(tx, business.Id, a.LeadId);
            if (lead is not null && (input.NotifyCaller ?? true))
                await booking.TextAsync(tx, business, a.ConversationId, lead,
                    $"{business.Name}: your visit is moved to {SlotText.Format(business, new Slot(start, end))}. Updated calendar: {booking.CalendarUrl(moved)}",
                    byPerson: true);
            tx.AfterCommit(() => live.Publish(business.Id, "appointment", a.Id));
            return new AdminResult(moved, []);
        }, ct);
    }

    public async Task<AdminResult> ChangeStatusAsync(Business business, string appointmentId, StatusInput input, string actor, CancellationToken ct = default)
    {
        var status = input.Status?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(status) || !AppointmentStatuses.All.Contains(status))
            return new AdminResult(null, new() { ["status"] = [$"status must be one of {string.Join(", ", AppointmentStatuses.All)}."] });
        return await db.WriteAsync(async tx =>
        {
            var a = await appointments.GetAsync(tx, business.Id, appointmentId);
            if (a is null) return new AdminResult(null, [], NotFound: true);
            if (a.Status == status) return new AdminResult(a, []);
            if (!AppointmentStatuses.CanMove(a.Status, status))
                return new AdminResult(null, [], $"An appointment that is {a.Status} cannot become {status}" +
                    (AppointmentStatuses.IsLive(a.Status) ? "." : $": {a.Status} is final (book a new appointment instead)."));
            if (status == AppointmentStatuses.Scheduled && await appointments.BusyAsync(tx.Connection, tx.Transaction, business.Id, a.StartAt, a.EndAt, a.Id) is { Count: > 0 })
                return new AdminResult(null, [], "Another appointment now holds this time.");
            await appointments.SetStatusAsync(tx, business.Id, a.Id, status);
            if (!AppointmentStatuses.IsLive(status)) await reminders.CancelAsync(tx, a.Id);
            var lead = await leads.GetAsync(tx, business.Id, a.LeadId);
            if (lead is not null)
            {
                if (status == AppointmentStatuses.Completed) await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Completed);
                else if (status == AppointmentStatuses.Cancelled && lead.Status == LeadStatuses.Booked) await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Qualified);
            }
            await audit.WriteAsync(tx, business.Id, actor, "appointment", a.Id, "status_changed", new { from = a.Status, to = status });
            tx.AfterCommit(() => live.Publish(business.Id, "appointment", a.Id));
            return new AdminResult(await appointments.GetAsync(tx, business.Id, a.Id), []);
        }, ct);
    }
}
