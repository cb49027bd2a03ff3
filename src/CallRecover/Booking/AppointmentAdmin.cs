using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
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
    /// <summary>On a cancellation: text the caller that the visit is cancelled (default true).</summary>
    public bool? NotifyCaller { get; init; }
}

/// <summary>
/// Outcome of an admin action: the appointment, field errors (400), a conflict (409) or not found (404).
/// <paramref name="Text"/>: the text queued for the caller by this action (null when none was), with the policy's decision.
/// </summary>
public sealed record AdminResult(Appointment? Appointment, Dictionary<string, string[]> Errors, string? Conflict = null, bool NotFound = false,
    SendResult? Text = null)
{
    public bool Ok => Appointment is not null && Errors.Count == 0 && Conflict is null && !NotFound;
}

/// <summary>
/// What a person is about to change, read before they confirm: the visit, who it is for, and whether a text to them
/// would go (the texting policy's answer right now, for a text a person triggers) or, when not, why in words.
/// </summary>
public sealed record AppointmentPreview(Appointment Appointment, Lead Lead, string? ConversationId, bool CanText, string? NotTextedBecause)
{
    /// <summary>The first name, or the number when the caller never gave a name.</summary>
    public string Who => Names.First(Lead.Name) ?? Phone.Display(Lead.Phone);
}

/// <summary>Appointments created and moved through their statuses by people (operator API, dashboard).</summary>
public sealed class AppointmentAdmin(Db db, AppointmentStore appointments, BookingSettingsStore settingsStore, LeadStore leads, BookingService booking,
    ConversationStore conversations, ReminderScheduler reminders, AuditLog audit, LiveEvents live, TextingPolicy policy, TimeProvider clock,
    IEnumerable<IWorkCompletedHook> completedHooks)
{
    /// <summary>Reason code for a caller we have never texted with: a cancellation is not the text to start a thread with.</summary>
    public const string NoConversation = "no_conversation";

    /// <summary>
    /// The visit and whether its caller can be texted about a change right now, or null when the business has no such
    /// appointment. Read in a transaction that is rolled back (the policy reads its facts inside one).
    /// </summary>
    public async Task<AppointmentPreview?> PreviewAsync(Business business, string appointmentId, CancellationToken ct = default)
    {
        await using var tx = await db.BeginAsync(ct);
        var a = await appointments.GetAsync(tx, business.Id, appointmentId);
        if (a is null || await leads.GetAsync(tx, business.Id, a.LeadId) is not { } lead) return null;
        var conversationId = a.ConversationId ?? await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
        if (conversationId is null) return new AppointmentPreview(a, lead, null, false, NotTextedWords(NoConversation));
        var decision = await policy.DecideAsync(tx, business, new TextIntent(lead.Phone, SmsPurposes.Booking, ByPerson: true));
        return decision.Verdict == TextVerdict.Never
            ? new AppointmentPreview(a, lead, conversationId, false, NotTextedWords(decision.Reason))
            : new AppointmentPreview(a, lead, conversationId, true, null);
    }

    /// <summary>Why a caller will not be texted, in the words of "They won't be texted (…) — call them."</summary>
    public static string NotTextedWords(string? reason) => reason switch
    {
        TextReasons.OptedOut => "they opted out",
        TextReasons.CannotText => "their number cannot receive texts",
        TextReasons.DoNotText => "their number is on your do-not-text list",
        TextReasons.InvalidNumber => "we have no number we can text for them",
        TextReasons.BusinessPaused => "texting is paused for your business",
        NoConversation => "we have never texted with them",
        _ => TextReasons.Describe(reason),
    };

    /// <summary>The text a caller gets when a person cancels their visit (the caller's own CANCEL APPT has its own answer).</summary>
    public static string CancelledText(Business business, Appointment a) =>
        $"{business.Name}: your visit on {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}{BookingService.At(a)} is cancelled. Reply or call us to book a new time.";

    /// <summary>A start a person can mean (years 2000–2100): far-off dates overflow the slot and calendar arithmetic.</summary>
    private static bool SensibleStart(DateTimeOffset start) => LocalTimes.IsSensible(NodaTime.LocalDate.FromDateTime(start.UtcDateTime));

    public async Task<AdminResult> CreateAsync(Business business, NewAppointmentInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.LeadId)) errors["leadId"] = ["leadId is required."];
        if (input.Start is null) errors["start"] = ["start is required (ISO-8601 with offset, e.g. 2026-03-03T09:00:00-05:00)."];
        else if (!SensibleStart(input.Start.Value)) errors["start"] = [LocalTimes.SensibleDayMessage];
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
            await booking.OnBookedAsync(tx, business, a, actor);
            if (input.NotifyCaller ?? true)
            {
                // The caller's latest thread, so the text shows where the conversation with them is.
                var conversationId = await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
                await booking.TextAsync(tx, business, conversationId, lead,
                    $"You're booked with {business.Name}: {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}{BookingService.At(a)}. Add to your calendar: {booking.CalendarUrl(a)}",
                    byPerson: true);
            }
            tx.AfterCommit(() => { live.Publish(business.Id, "appointment", a.Id); live.Publish(business.Id, "lead", lead.Id); });
            return new AdminResult(await appointments.GetAsync(tx, business.Id, a.Id) ?? a, []);
        }, ct);
    }

    /// <summary>Moves a live appointment (same calendar UID, SEQUENCE + 1); its reminder follows it.</summary>
    public async Task<AdminResult> RescheduleAsync(Business business, string appointmentId, RescheduleInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Start is null) errors["start"] = ["start is required (ISO-8601 with offset, e.g. 2026-03-03T09:00:00-05:00)."];
        if (input.DurationMinutes is < 15 or > 720) errors["durationMinutes"] = ["durationMinutes must be between 15 and 720."];
        if (input.Start is { } t && t < clock.GetUtcNow()) errors["start"] = ["start is in the past."];
        else if (input.Start is { } s && !SensibleStart(s)) errors["start"] = [LocalTimes.SensibleDayMessage];
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
            SendResult? text = null;
            if (lead is not null && (input.NotifyCaller ?? true))
                // A visit booked by hand has no conversation of its own: the caller's latest thread shows the text.
                text = await booking.TextAsync(tx, business, a.ConversationId ?? await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id), lead,
                    $"{business.Name}: your visit is moved to {SlotText.Format(business, new Slot(start, end))}. Updated calendar: {booking.CalendarUrl(moved)}",
                    byPerson: true);
            tx.AfterCommit(() => live.Publish(business.Id, "appointment", a.Id));
            return new AdminResult(moved, [], Text: text);
        }, ct);
    }

    /// <summary>
    /// Moves a visit to another status. <paramref name="byCustomerVia"/>: the customer did it themselves (e.g. "portal"),
    /// so the owner is told of a cancellation.
    /// </summary>
    public async Task<AdminResult> ChangeStatusAsync(Business business, string appointmentId, StatusInput input, string actor, CancellationToken ct = default,
        string? byCustomerVia = null)
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
            // Only from the status read above: of two taps (or a retried request) racing to cancel, one wins and texts;
            // the other finds the visit already cancelled and does nothing more.
            if (!await appointments.TryChangeStatusAsync(tx, business.Id, a.Id, a.Status, status))
            {
                var now = (await appointments.GetAsync(tx, business.Id, a.Id))!;
                return now.Status == status ? new AdminResult(now, []) : new AdminResult(null, [], $"The appointment changed meanwhile: it is {now.Status} now.");
            }
            if (!AppointmentStatuses.IsLive(status)) await reminders.CancelAsync(tx, a.Id);
            if (status == AppointmentStatuses.Cancelled) await booking.OnCancelledAsync(tx, business, a with { Status = status }, actor);
            var lead = await leads.GetAsync(tx, business.Id, a.LeadId);
            SendResult? text = null;
            if (lead is not null)
            {
                if (status == AppointmentStatuses.Completed)
                {
                    await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Completed);
                    foreach (var hook in completedHooks) await hook.OnWorkCompletedAsync(tx, business, lead.Id, "appointment", a.Id);
                }
                else if (status == AppointmentStatuses.Cancelled && lead.Status == LeadStatuses.Booked) await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Qualified);
                // The caller is told through the one send path; the policy stops it for an opted-out or untextable number.
                // Never as the first text to someone we have no thread with (PreviewAsync says so before the person confirms).
                if (status == AppointmentStatuses.Cancelled && (input.NotifyCaller ?? true)
                    && (a.ConversationId ?? await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id)) is { } conversationId)
                    text = await booking.TextAsync(tx, business, conversationId, lead, CancelledText(business, a), byPerson: true);
                if (status == AppointmentStatuses.Cancelled && byCustomerVia is not null)
                    await booking.TellOwnerCustomerCancelledAsync(tx, business, lead, a, byCustomerVia);
            }
            await audit.WriteAsync(tx, business.Id, actor, "appointment", a.Id, "status_changed",
                new { from = a.Status, to = status, texted = text is null ? null : (bool?)text.Queued });
            tx.AfterCommit(() =>
            {
                live.Publish(business.Id, "appointment", a.Id);
                if (lead is not null) live.Publish(business.Id, "lead", lead.Id);
            });
            return new AdminResult(await appointments.GetAsync(tx, business.Id, a.Id), [], Text: text);
        }, ct);
    }
}
