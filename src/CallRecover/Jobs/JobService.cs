using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;
using CallRecover.Webhooks;

namespace CallRecover.Jobs;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewJobInput
{
    public string? LeadId { get; init; }
    public string? Title { get; init; }
    /// <summary>Default quote_requested.</summary>
    public string? Stage { get; init; }
    public string? Notes { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StageInput
{
    public string? Stage { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VisitInput
{
    /// <summary>Null: auto-assign picks the technician.</summary>
    public string? TechnicianId { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    /// <summary>Text the customer the date and window (default true).</summary>
    public bool? NotifyCustomer { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VisitStatusInput
{
    public string? Status { get; init; }
    /// <summary>With en_route: minutes until arrival, for the customer's "on my way" text.</summary>
    public int? EtaMinutes { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PartsStatusInput
{
    public string? Status { get; init; }
    public string? SupplierName { get; init; }
    public string? SupplierContact { get; init; }
}

/// <summary>The outcome of a job action: a value, field errors (400), a conflict naming what clashed (409) or not found (404).</summary>
public sealed record Outcome<T>(T? Value, Dictionary<string, string[]> Errors, string? Conflict = null, bool NotFound = false) where T : class
{
    public bool Ok => Value is not null && Errors.Count == 0 && Conflict is null && !NotFound;
    public static Outcome<T> Done(T value) => new(value, []);
    public static Outcome<T> Bad(string field, string message) => new(null, new() { [field] = [message] });
    public static Outcome<T> Clash(string message) => new(null, [], message);
    public static Outcome<T> Missing() => new(null, [], NotFound: true);

    /// <summary>The HTTP answer: <paramref name="ok"/> with the value, 404 naming <paramref name="what"/>, 409 with the conflict, or 400 naming the fields.</summary>
    public IResult ToResult(Func<T, IResult> ok, string what, string id)
    {
        if (NotFound) return Problems.Missing(what, id);
        if (Conflict is not null) return Problems.Conflict(Conflict);
        if (Errors.Count > 0) return TypedResults.ValidationProblem(Errors, title: $"The {what} is not valid.");
        return ok(Value!);
    }
}

/// <summary>
/// Jobs from start to finish: created from an approved quote, a booked visit or by staff; moved through their stages
/// (checked: an impossible move is a conflict naming the stages); visits dispatched to technicians (never double-booked,
/// auto-assign with a reason); visit statuses with the customer's texts through the one send path; parts orders.
/// Every change commits with its texts, notifications and audit lines, and publishes a live event after commit.
/// </summary>
public sealed class JobService(Db db, JobStore jobs, TechnicianStore technicians, PartsOrderStore parts, AppointmentStore appointments, LeadStore leads,
    ConversationStore conversations, SmsSender sms, Notifier notifier, AuditLog audit, LiveEvents live, TimeProvider clock,
    IEnumerable<IWorkCompletedHook> workCompletedHooks, IEnumerable<IJobCompletedHook> jobCompletedHooks, WebhookEvents webhooks,
    IEnumerable<IBusyTimeSource> busySources)
    : IQuoteApprovedHook, IAppointmentBookedHook, IAppointmentCancelledHook
{
    public const int MaxVisitHours = 12;

    // ---- Reads ----

    public async Task<JobView?> ViewAsync(string businessId, string jobId, CancellationToken ct = default)
    {
        var job = await jobs.GetAsync(businessId, jobId, ct);
        if (job is null) return null;
        var lead = await leads.GetAsync(businessId, job.LeadId, ct);
        var visits = await appointments.ForJobAsync(businessId, jobId, ct);
        var order = (await parts.ListAsync(businessId, jobId, ct)).FirstOrDefault();
        return new JobView
        {
            Job = job, CustomerName = lead?.Name, CustomerPhone = lead?.Phone ?? "", Address = visits.FirstOrDefault()?.Address ?? lead?.Address,
            Visits = visits, PartsStatus = order?.Status,
        };
    }

    // ---- Creating jobs ----

    public async Task<Outcome<Job>> CreateAsync(Business business, NewJobInput input, string actor, CancellationToken ct = default)
    {
        var stage = string.IsNullOrWhiteSpace(input.Stage) ? JobStages.QuoteRequested : input.Stage.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(input.LeadId)) return Outcome<Job>.Bad("leadId", "leadId is required.");
        if (!JobStages.All.Contains(stage) || !JobStages.IsOpen(stage))
            return Outcome<Job>.Bad("stage", $"stage must be one of {string.Join(", ", JobStages.All.Where(JobStages.IsOpen))}.");
        if (input.Title is { Length: > 200 }) return Outcome<Job>.Bad("title", "title must be at most 200 characters.");
        if (input.Notes is { Length: > 4000 }) return Outcome<Job>.Bad("notes", "notes must be at most 4000 characters.");
        return await db.WriteAsync(async tx =>
        {
            var lead = await leads.GetAsync(tx, business.Id, input.LeadId.Trim());
            if (lead is null) return Outcome<Job>.Bad("leadId", $"No lead '{input.LeadId}' in this business.");
            var job = NewJob(business.Id, lead, null, JobSources.Manual, string.IsNullOrWhiteSpace(input.Title) ? null : input.Title.Trim(), stage) with
            {
                Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim(),
            };
            await jobs.InsertAsync(tx, job);
            await audit.WriteAsync(tx, business.Id, actor, "job", job.Id, "created", new { job.Stage, job.Source });
            Publish(tx, business.Id, "job", job.Id);
            return Outcome<Job>.Done(job);
        }, ct);
    }

    /// <summary>
    /// An approved quote (the caller's YES or staff) opens its job, confirmed, and a parts order for its part lines.
    /// A replayed approval finds the job already there and does nothing (the unique index on the quote decides).
    /// </summary>
    public async Task OnApprovedAsync(DbTx tx, Business business, Quote quote, IReadOnlyList<QuoteItem> items, string actor)
    {
        var lead = await leads.GetAsync(tx, business.Id, quote.LeadId);
        if (lead is null) return;
        var repairs = items.Where(i => i.Repair is not null).Select(i => i.Repair!).Distinct().ToList();
        var job = NewJob(business.Id, lead, quote.CustomerId, JobSources.Quote, repairs.Count > 0 ? string.Join(", ", repairs) : null, JobStages.Confirmed)
            with { QuoteId = quote.Id };
        if (!await jobs.TryInsertForQuoteAsync(tx, job)) return;
        var lines = items.Where(i => i.Kind == QuoteItemKinds.Part).Select(i => new PartsOrderItem
        {
            PartNumber = i.PartNumber, Description = i.Description, Qty = i.Qty, UnitCost = i.UnitPrice,
        }).ToList();
        if (lines.Count > 0) await parts.TryOpenAsync(tx, parts.New(business.Id, job.Id, lines));
        await audit.WriteAsync(tx, business.Id, actor, "job", job.Id, "created", new { job.Stage, job.Source, quoteId = quote.Id, partLines = lines.Count });
        Publish(tx, business.Id, "job", job.Id);
    }

    /// <summary>
    /// A visit booked by text or by hand is a job's visit: the lead's job that waits for one (an approved quote) gets
    /// it, else the lead's open job for the same work (a second visit, not a twin job), otherwise a new confirmed job
    /// is opened with it as its first visit. The same record, never a copy.
    /// </summary>
    public async Task OnBookedAsync(DbTx tx, Business business, Appointment appointment, string actor)
    {
        if (appointment.JobId is not null) return;
        var job = await jobs.WaitingForVisitAsync(tx, business.Id, appointment.LeadId)
            ?? await jobs.OpenForSameWorkAsync(tx, business.Id, appointment.LeadId, appointment.ServiceType);
        if (job is null)
        {
            var lead = await leads.GetAsync(tx, business.Id, appointment.LeadId);
            if (lead is null) return;
            job = NewJob(business.Id, lead, null, JobSources.Booking, appointment.ServiceType, JobStages.Confirmed);
            await jobs.InsertAsync(tx, job);
            await audit.WriteAsync(tx, business.Id, actor, "job", job.Id, "created", new { job.Stage, job.Source, appointmentId = appointment.Id });
        }
        else if (job.Stage is JobStages.QuoteRequested or JobStages.QuoteSent)
            await MoveStageAsync(tx, business, job, JobStages.Confirmed, actor);
        await appointments.SetJobAsync(tx, business.Id, appointment.Id, job.Id);
        Publish(tx, business.Id, "job", job.Id);
    }

    /// <summary>A visit was cancelled outside dispatch (the caller's text, the portal, the appointments page): the job follows.</summary>
    public async Task OnCancelledAsync(DbTx tx, Business business, Appointment appointment, string actor)
    {
        if (appointment.JobId is not null && await jobs.GetAsync(tx, business.Id, appointment.JobId) is { } job)
        {
            await FollowCancelledVisitAsync(tx, business, job, actor);
            Publish(tx, business.Id, "job", job.Id);
        }
    }

    /// <summary>
    /// A job its booking opened (source booking) was that booking and nothing more: when its last live visit is cancelled
    /// and no work was done (still confirmed, no visit completed), the job is cancelled too, so the board, the portal and
    /// the reports stop counting it as confirmed work (found by a tester: a caller's "cancel my appointment" left the
    /// job Confirmed with its only visit Cancelled). Booking again is new work, a new job. A job from an approved quote or
    /// made by staff keeps its stage: the work is still agreed and waits for a visit (the next booking joins it, see
    /// <see cref="JobStore.WaitingForVisitAsync"/>). A job with another live visit, or in progress, keeps its stage.
    /// </summary>
    private async Task FollowCancelledVisitAsync(DbTx tx, Business business, Job job, string actor)
    {
        if (job.Source != JobSources.Booking || job.Stage != JobStages.Confirmed) return;
        var visits = await appointments.ForJobAsync(tx, business.Id, job.Id);
        if (visits.Any(v => AppointmentStatuses.IsLive(v.Status) || v.Status == AppointmentStatuses.Completed)) return;
        await MoveStageAsync(tx, business, job, JobStages.Cancelled, actor);
    }

    private Job NewJob(string businessId, Lead lead, string? customerId, string source, string? title, string stage)
    {
        var now = clock.GetUtcNow();
        return new Job
        {
            Id = Ids.New(), BusinessId = businessId, LeadId = lead.Id, CustomerId = customerId, Source = source,
            Title = title ?? lead.ServiceNeeded ?? "Service visit", Stage = stage, StageChangedAt = now, CreatedAt = now, UpdatedAt = now,
        };
    }

    // ---- Stages ----

    public async Task<Outcome<Job>> ChangeStageAsync(Business business, string jobId, string? stage, string actor, CancellationToken ct = default)
    {
        var to = stage?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(to) || !JobStages.All.Contains(to)) return Outcome<Job>.Bad("stage", $"stage must be one of {string.Join(", ", JobStages.All)}.");
        return await db.WriteAsync(async tx =>
        {
            var job = await jobs.GetAsync(tx, business.Id, jobId);
            if (job is null) return Outcome<Job>.Missing();
            if (job.Stage == to) return Outcome<Job>.Done(job);
            if (!JobStages.CanMove(job.Stage, to))
                return Outcome<Job>.Clash($"A job that is {job.Stage} cannot move to {to}" +
                    (JobStages.IsOpen(job.Stage) ? $" (from {job.Stage}: {string.Join(", ", JobStages.NextOf(job.Stage))})." : $": {job.Stage} is final."));
            if (to == JobStages.Completed && await MissingChecklistAsync(tx, business.Id, job) is { Count: > 0 } missing)
                return Outcome<Job>.Clash($"The checklist is not done: {string.Join(", ", missing)}.");
            if (!await MoveStageAsync(tx, business, job, to, actor))
                return Outcome<Job>.Clash($"The job changed meanwhile: it is {(await jobs.GetAsync(tx, business.Id, jobId))!.Stage} now.");
            return Outcome<Job>.Done((await jobs.GetAsync(tx, business.Id, jobId))!);
        }, ct);
    }

    /// <summary>Moves the job (if still where it was read), tells the owner and audits. False: it moved meanwhile.</summary>
    private async Task<bool> MoveStageAsync(DbTx tx, Business business, Job job, string to, string actor)
    {
        if (!await jobs.TryChangeStageAsync(tx, business.Id, job.Id, job.Stage, to)) return false;
        var lead = await leads.GetAsync(tx, business.Id, job.LeadId);
        var who = lead is null ? "a customer" : lead.Name ?? Phone.Display(lead.Phone);
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("job_stage", $"Job {JobStages.Label(to).ToLowerInvariant()}: {job.Title}",
            $"{job.Title} for {who} moved from {JobStages.Label(job.Stage).ToLowerInvariant()} to {JobStages.Label(to).ToLowerInvariant()}.",
            new { jobId = job.Id, leadId = job.LeadId, from = job.Stage, to }));
        await audit.WriteAsync(tx, business.Id, actor, "job", job.Id, "stage_changed", new { from = job.Stage, to });
        await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.JobStageChanged, job.Id, new { jobId = job.Id, from = job.Stage, to, job = await jobs.GetAsync(tx, business.Id, job.Id) });
        Publish(tx, business.Id, "job", job.Id);
        if (!JobStages.IsOpen(to)) await EndVisitsAsync(tx, business, job, to, actor);
        if (to == JobStages.Completed)
        {
            foreach (var hook in workCompletedHooks) await hook.OnWorkCompletedAsync(tx, business, job.LeadId, "job", job.Id);
            foreach (var hook in jobCompletedHooks) await hook.OnCompletedAsync(tx, business, job with { Stage = to }, actor);
        }
        return true;
    }

    /// <summary>
    /// A job that ends takes its live visits with it (found probing: a paid job's visit still showed as booked, held the
    /// technician's time and was offered for rescheduling in the portal). Completed by staff: every live visit is completed,
    /// the ones still ahead too, since the work they were for is done (cancelling those, as before, showed a completed job
    /// with a cancelled visit and dropped the booking from the overview's count). Cancelled: every live visit is cancelled,
    /// and the customer is told of each one still ahead through the one send path: ending a job cancels its visits only when
    /// the job is cancelled.
    /// </summary>
    private async Task EndVisitsAsync(DbTx tx, Business business, Job job, string to, string actor)
    {
        var now = clock.GetUtcNow();
        Lead? lead = null;
        foreach (var v in (await appointments.ForJobAsync(tx, business.Id, job.Id)).Where(v => AppointmentStatuses.IsLive(v.Status)))
        {
            var from = v.VisitStatus;
            var status = to == JobStages.Completed ? VisitStatuses.Completed : VisitStatuses.Cancelled;
            if (!await appointments.TrySetVisitStatusAsync(tx, business.Id, v.Id, from, status)) continue;
            await audit.WriteAsync(tx, business.Id, actor, "visit", v.Id, "status_changed", new { from, to = status, because = $"job {to}" });
            if (v.TechnicianId is not null && await technicians.GetAsync(tx, business.Id, v.TechnicianId) is { Status: TechnicianStatuses.Busy } technician
                && from is VisitStatuses.EnRoute or VisitStatuses.OnSite)
                await technicians.SetStatusAsync(tx, business.Id, technician.Id, TechnicianStatuses.Available);
            if (to == JobStages.Cancelled && v.StartAt > now && (lead ??= await leads.GetAsync(tx, business.Id, job.LeadId)) is { } customer)
                await TextAsync(tx, business, customer, v, AppointmentAdmin.CancelledText(business, v), SmsPurposes.Visit, byPerson: true);
            Publish(tx, business.Id, "appointment", v.Id);
        }
    }

    /// <summary>
    /// The job's invoice was paid: a completed job is closed (paid). Once; false when the job is not completed or was
    /// already closed (a replayed payment changes nothing).
    /// </summary>
    public async Task<bool> ClosePaidAsync(DbTx tx, Business business, string jobId, string actor)
    {
        if (!await jobs.TryMarkPaidAsync(tx, business.Id, jobId)) return false;
        await audit.WriteAsync(tx, business.Id, actor, "job", jobId, "closed_paid");
        Publish(tx, business.Id, "job", jobId);
        return true;
    }

    private async Task<List<string>> MissingChecklistAsync(DbTx tx, string businessId, Job job)
    {
        var checklist = await jobs.ChecklistAsync(tx.Connection, tx.Transaction, businessId);
        var done = job.ChecklistDoneList;
        return [.. checklist.Where(i => !done.Contains(i))];
    }

    // ---- Dispatch ----

    private static Dictionary<string, string[]> CheckWindow(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (start is null) errors["start"] = ["start is required (ISO-8601 with offset, e.g. 2026-03-03T09:00:00-05:00)."];
        else if (!LocalTimes.IsSensible(NodaTime.LocalDate.FromDateTime(start.Value.UtcDateTime))) errors["start"] = [LocalTimes.SensibleDayMessage];
        else if (start < now.AddDays(-1)) errors["start"] = ["start is in the past."];
        if (end is null) errors["end"] = ["end is required (ISO-8601 with offset)."];
        else if (start is not null && end <= start) errors["end"] = ["end must be after start."];
        else if (start is not null && end - start > TimeSpan.FromHours(MaxVisitHours)) errors["end"] = [$"A visit may last at most {MaxVisitHours} hours."];
        return errors;
    }

    /// <summary>The technicians who could take [start, end) for the job, best first, each with the reason.</summary>
    public async Task<IReadOnlyList<AssignProposal>> ProposeAsync(Business business, Job job, DateTimeOffset start, DateTimeOffset end, string? address,
        string? exceptVisitId = null, CancellationToken ct = default)
    {
        var lead = await leads.GetAsync(business.Id, job.LeadId, ct);
        return await ProposeAsync(business, $"{job.Title} {lead?.ServiceNeeded}", start, end, address, exceptVisitId, ct);
    }

    /// <summary>Two reads (the team, the team's live visits that day) and a ranking in memory.</summary>
    private async Task<IReadOnlyList<AssignProposal>> ProposeAsync(Business business, string jobText, DateTimeOffset start, DateTimeOffset end, string? address,
        string? exceptVisitId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var team = await technicians.ListAsync(conn, null, business.Id);
        if (team.Count == 0) return [];
        // The local day around the window: enough for "free" (overlap) and for the day's load per technician.
        var day = business.LocalTime(start).Date;
        var from = Min(business.Zone.StartOfDayUtc(day), start);
        var to = Max(business.Zone.StartOfDayUtc(day.PlusDays(1)), end);
        var visits = await appointments.TechniciansBusyAsync(conn, null, business.Id, from, to);
        var calendars = new List<TechnicianBusy>();
        foreach (var source in busySources) calendars.AddRange(await source.TechnicianBusyAsync(business.Id, start, end, ct));
        return AutoAssign.Rank(business, team, visits, start, end, jobText, address, exceptVisitId, calendars);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Adds a visit to the job with the given technician, or the best free one (auto-assign; the visit keeps the reason).
    /// A clash with the technician's other visits is a conflict naming it; nothing is written then.
    /// </summary>
    public async Task<Outcome<Appointment>> AddVisitAsync(Business business, string jobId, VisitInput input, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = CheckWindow(input.Start, input.End, now);
        if (errors.Count > 0) return new(null, errors);
        var start = input.Start!.Value.ToUniversalTime();
        var end = input.End!.Value.ToUniversalTime();
        var job = await jobs.GetAsync(business.Id, jobId, ct);
        if (job is null) return Outcome<Appointment>.Missing();
        if (!JobStages.IsOpen(job.Stage)) return Outcome<Appointment>.Clash($"A job that is {job.Stage} gets no new visits.");
        var lead = await leads.GetAsync(business.Id, job.LeadId, ct);
        if (lead is null) return Outcome<Appointment>.Missing();
        var technicianId = string.IsNullOrWhiteSpace(input.TechnicianId) ? null : input.TechnicianId.Trim();
        // Auto-assign ranks outside the transaction (reads only); the insert below re-checks under the technician's lock,
        // and a proposal taken meanwhile falls through to the next one.
        IReadOnlyList<AssignProposal> proposals = technicianId is null
            ? await ProposeAsync(business, $"{job.Title} {lead.ServiceNeeded}", start, end, lead.Address, null, ct) : [];
        if (technicianId is null && proposals.Count == 0)
            return Outcome<Appointment>.Clash($"No technician is free {SlotText.Format(business, new Slot(start, end))} (all off, outside their shifts or booked).");
        return await db.WriteAsync(async tx =>
        {
            Technician? chosen;
            string? reason = null;
            var candidates = technicianId is not null
                ? [(await technicians.GetAsync(tx, business.Id, technicianId), (string?)null)]
                : proposals.Select(p => ((Technician?)p.Technician, (string?)p.Reason)).ToList();
            if (candidates[0].Item1 is null) return Outcome<Appointment>.Bad("technicianId", $"No technician '{technicianId}' in this business.");
            var conversationId = await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
            Appointment? clash = null;
            foreach (var (candidate, why) in candidates)
            {
                chosen = candidate!;
                reason = why;
                var visit = new Appointment
                {
                    Id = Ids.New(), BusinessId = business.Id, LeadId = lead.Id, ConversationId = conversationId, StartAt = start, EndAt = end,
                    DurationMinutes = (int)(end - start).TotalMinutes, ServiceType = job.Title, Address = lead.Address, Status = AppointmentStatuses.Scheduled,
                    IcsUid = $"{Ids.New()}@callrecover", IcsToken = AppointmentStore.NewToken(), Source = "manual", CreatedAt = now, UpdatedAt = now,
                    JobId = job.Id, TechnicianId = chosen.Id, AssignReason = reason,
                };
                clash = await appointments.TryInsertVisitAsync(tx, visit);
                if (clash is not null) continue;
                await audit.WriteAsync(tx, business.Id, actor, "visit", visit.Id, "scheduled",
                    new { jobId = job.Id, technicianId = chosen.Id, visit.StartAt, visit.EndAt, reason });
                if (input.NotifyCustomer ?? true) await TextScheduledAsync(tx, business, lead, visit, chosen);
                Publish(tx, business.Id, "appointment", visit.Id);
                Publish(tx, business.Id, "job", job.Id);
                return Outcome<Appointment>.Done((await appointments.GetAsync(tx, business.Id, visit.Id))!);
            }
            return Outcome<Appointment>.Clash(await ClashTextAsync(tx, business, candidates.Count == 1 ? candidates[0].Item1! : null, clash!));
        }, ct);
    }

    /// <summary>
    /// Gives an existing live visit to a technician at a time (the dispatch board's drag, or an SMS-booked visit that
    /// has no technician yet); null technician: auto-assign.
    /// </summary>
    public async Task<Outcome<Appointment>> AssignAsync(Business business, string visitId, VisitInput input, string actor, CancellationToken ct = default)
    {
        var visit = await appointments.GetAsync(business.Id, visitId, ct);
        if (visit is null) return Outcome<Appointment>.Missing();
        var start = (input.Start ?? visit.StartAt).ToUniversalTime();
        var end = (input.End ?? (input.Start is null ? visit.EndAt : start.AddMinutes(visit.DurationMinutes))).ToUniversalTime();
        var errors = CheckWindow(start, end, clock.GetUtcNow());
        if (errors.Count > 0) return new(null, errors);
        if (!AppointmentStatuses.IsLive(visit.Status) || visit.EnRouteAt is not null)
            return Outcome<Appointment>.Clash($"A visit that is {visit.VisitStatus} cannot be reassigned.");
        var technicianId = string.IsNullOrWhiteSpace(input.TechnicianId) ? null : input.TechnicianId.Trim();
        IReadOnlyList<AssignProposal> proposals = [];
        if (technicianId is null)
        {
            var job = visit.JobId is null ? null : await jobs.GetAsync(business.Id, visit.JobId, ct);
            proposals = await ProposeAsync(business, job ?? new Job { Title = visit.ServiceType ?? "", LeadId = visit.LeadId }, start, end, visit.Address, visit.Id, ct);
            if (proposals.Count == 0)
                return Outcome<Appointment>.Clash($"No technician is free {SlotText.Format(business, new Slot(start, end))} (all off, outside their shifts or booked).");
        }
        return await db.WriteAsync(async tx =>
        {
            var candidates = technicianId is not null
                ? [(await technicians.GetAsync(tx, business.Id, technicianId), (string?)null)]
                : proposals.Select(p => ((Technician?)p.Technician, (string?)p.Reason)).ToList();
            if (candidates[0].Item1 is null) return Outcome<Appointment>.Bad("technicianId", $"No technician '{technicianId}' in this business.");
            Appointment? clash = null;
            foreach (var (candidate, why) in candidates)
            {
                clash = await appointments.TryAssignAsync(tx, business.Id, visit.Id, candidate!.Id, start, end, why);
                if (clash is not null) continue;
                await audit.WriteAsync(tx, business.Id, actor, "visit", visit.Id, "assigned",
                    new { technicianId = candidate.Id, from = visit.StartAt, start, end, reason = why });
                var moved = start != visit.StartAt || end != visit.EndAt || visit.TechnicianId is null;
                if (moved && await leads.GetAsync(tx, business.Id, visit.LeadId) is { } lead)
                    await TextScheduledAsync(tx, business, lead, visit with { StartAt = start, EndAt = end }, candidate);
                Publish(tx, business.Id, "appointment", visit.Id);
                if (visit.JobId is not null) Publish(tx, business.Id, "job", visit.JobId);
                return Outcome<Appointment>.Done((await appointments.GetAsync(tx, business.Id, visit.Id))!);
            }
            return Outcome<Appointment>.Clash(await ClashTextAsync(tx, business, candidates.Count == 1 ? candidates[0].Item1! : null, clash!));
        }, ct);
    }

    /// <summary>"Sam already has a visit Wed Mar 4, 9–11am (Jane Doe)."</summary>
    private async Task<string> ClashTextAsync(DbTx tx, Business business, Technician? technician, Appointment clash)
    {
        technician ??= await technicians.GetAsync(tx, business.Id, clash.TechnicianId!);
        var lead = await leads.GetAsync(tx, business.Id, clash.LeadId);
        var who = lead?.Name is { } n ? $" ({n})" : "";
        return technician is null
            ? "Every free technician was booked meanwhile; try another time."
            : $"{technician.Name} already has a visit {SlotText.Format(business, new Slot(clash.StartAt, clash.EndAt))}{who}.";
    }

    // ---- Visit statuses ----

    /// <summary>
    /// Moves a visit along scheduled → confirmed → en route → on site → completed (or cancelled). A technician
    /// (<paramref name="asTechnicianId"/>) may only move their own visits; another's is not found. En route texts the
    /// customer "on my way" with the ETA; completed needs the job's checklist, completes the job when it was its last
    /// live visit and thanks the customer.
    /// </summary>
    public async Task<Outcome<Appointment>> ChangeVisitStatusAsync(Business business, string visitId, VisitStatusInput input, string actor,
        string? asTechnicianId = null, CancellationToken ct = default)
    {
        var to = input.Status?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(to) || !VisitStatuses.All.Contains(to))
            return Outcome<Appointment>.Bad("status", $"status must be one of {string.Join(", ", VisitStatuses.All)}.");
        if (input.EtaMinutes is < 1 or > 600) return Outcome<Appointment>.Bad("etaMinutes", "etaMinutes must be between 1 and 600.");
        return await db.WriteAsync(async tx =>
        {
            var visit = await appointments.GetAsync(tx, business.Id, visitId);
            if (visit is null || (asTechnicianId is not null && visit.TechnicianId != asTechnicianId)) return Outcome<Appointment>.Missing();
            var from = visit.VisitStatus;
            if (from == to) return Outcome<Appointment>.Done(visit);
            if (!VisitStatuses.CanMove(from, to))
                return Outcome<Appointment>.Clash($"A visit that is {from} cannot become {to}.");
            var job = visit.JobId is null ? null : await jobs.GetAsync(tx, business.Id, visit.JobId);
            if (to == VisitStatuses.Completed && job is not null && await MissingChecklistAsync(tx, business.Id, job) is { Count: > 0 } missing)
                return Outcome<Appointment>.Clash($"The checklist is not done: {string.Join(", ", missing)}.");
            if (!await appointments.TrySetVisitStatusAsync(tx, business.Id, visit.Id, from, to, input.EtaMinutes))
                return Outcome<Appointment>.Clash($"The visit changed meanwhile: it is {(await appointments.GetAsync(tx, business.Id, visit.Id))!.VisitStatus} now.");
            await audit.WriteAsync(tx, business.Id, actor, "visit", visit.Id, "status_changed", new { from, to, input.EtaMinutes });
            var lead = await leads.GetAsync(tx, business.Id, visit.LeadId);
            var technician = visit.TechnicianId is null ? null : await technicians.GetAsync(tx, business.Id, visit.TechnicianId);
            if (technician is not null && to is VisitStatuses.EnRoute or VisitStatuses.OnSite && technician.Status != TechnicianStatuses.Busy)
                await technicians.SetStatusAsync(tx, business.Id, technician.Id, TechnicianStatuses.Busy);
            if (technician is not null && to is VisitStatuses.Completed or VisitStatuses.Cancelled && technician.Status == TechnicianStatuses.Busy)
                await technicians.SetStatusAsync(tx, business.Id, technician.Id, TechnicianStatuses.Available);
            if (job is not null) await FollowVisitAsync(tx, business, job, visit, to, actor);
            else if (to == VisitStatuses.Completed)
                foreach (var hook in workCompletedHooks) await hook.OnWorkCompletedAsync(tx, business, visit.LeadId, "appointment", visit.Id);
            if (lead is not null && to == VisitStatuses.EnRoute) await TextOnMyWayAsync(tx, business, lead, visit, technician, input.EtaMinutes);
            if (lead is not null && to == VisitStatuses.Completed && job is { } j && (await jobs.GetAsync(tx, business.Id, j.Id))!.Stage == JobStages.Completed)
                await TextAsync(tx, business, lead, visit, $"Thanks for choosing {business.Name}! Your {j.Title.ToLowerInvariant()} job is done. Reply here if anything needs another look.",
                    SmsPurposes.JobCompleted, byPerson: false);
            Publish(tx, business.Id, "appointment", visit.Id);
            return Outcome<Appointment>.Done((await appointments.GetAsync(tx, business.Id, visit.Id))!);
        }, ct);
    }

    /// <summary>The job follows its visits: work starts when a technician heads out; the job completes with its last live visit.</summary>
    private async Task FollowVisitAsync(DbTx tx, Business business, Job job, Appointment visit, string to, string actor)
    {
        if (to is VisitStatuses.EnRoute or VisitStatuses.OnSite)
        {
            foreach (var step in new[] { JobStages.Confirmed, JobStages.InProgress })
            {
                var current = (await jobs.GetAsync(tx, business.Id, job.Id))!;
                if (current.Stage != step && JobStages.CanMove(current.Stage, step) && (step == JobStages.InProgress || current.Stage is JobStages.QuoteRequested or JobStages.QuoteSent))
                    await MoveStageAsync(tx, business, current, step, actor);
            }
        }
        else if (to == VisitStatuses.Completed)
        {
            var others = (await appointments.ForJobAsync(tx, business.Id, job.Id)).Where(v => v.Id != visit.Id && AppointmentStatuses.IsLive(v.Status));
            if (others.Any()) return;
            foreach (var step in new[] { JobStages.InProgress, JobStages.Completed })
            {
                var current = (await jobs.GetAsync(tx, business.Id, job.Id))!;
                if (current.Stage != step && JobStages.CanMove(current.Stage, step)) await MoveStageAsync(tx, business, current, step, actor);
            }
        }
        else if (to == VisitStatuses.Cancelled) await FollowCancelledVisitAsync(tx, business, job, actor);
        Publish(tx, business.Id, "job", job.Id);
    }

    // ---- Technician's work on a job ----

    public async Task<Outcome<Job>> SaveTechnicianWorkAsync(Business business, string jobId, string? notes, IReadOnlyList<string>? checklistDone, string actor,
        string? asTechnicianId = null, CancellationToken ct = default)
    {
        if (notes is { Length: > 4000 }) return Outcome<Job>.Bad("notes", "notes must be at most 4000 characters.");
        return await db.WriteAsync(async tx =>
        {
            var job = await jobs.GetAsync(tx, business.Id, jobId);
            if (job is null || (asTechnicianId is not null && !(await appointments.ForJobAsync(tx, business.Id, jobId)).Any(v => v.TechnicianId == asTechnicianId)))
                return Outcome<Job>.Missing();
            if (notes is not null) await jobs.SetTechnicianNotesAsync(tx, business.Id, jobId, notes.Trim());
            if (checklistDone is not null)
            {
                var checklist = await jobs.ChecklistAsync(tx.Connection, tx.Transaction, business.Id);
                await jobs.SetChecklistDoneAsync(tx, business.Id, jobId, [.. checklistDone.Where(checklist.Contains).Distinct()]);
            }
            await audit.WriteAsync(tx, business.Id, actor, "job", jobId, "technician_work", new { notes = notes is not null, checklist = checklistDone?.Count });
            Publish(tx, business.Id, "job", jobId);
            return Outcome<Job>.Done((await jobs.GetAsync(tx, business.Id, jobId))!);
        }, ct);
    }

    // ---- Parts orders ----

    public async Task<Outcome<PartsOrder>> ChangePartsStatusAsync(Business business, string partsOrderId, PartsStatusInput input, string actor, CancellationToken ct = default)
    {
        var to = input.Status?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(to) || !PartsOrderStatuses.All.Contains(to))
            return Outcome<PartsOrder>.Bad("status", $"status must be one of {string.Join(", ", PartsOrderStatuses.All)}.");
        if (input.SupplierName is { Length: > 200 }) return Outcome<PartsOrder>.Bad("supplierName", "supplierName must be at most 200 characters.");
        if (input.SupplierContact is { Length: > 200 }) return Outcome<PartsOrder>.Bad("supplierContact", "supplierContact must be at most 200 characters.");
        return await db.WriteAsync(async tx =>
        {
            var order = await parts.GetAsync(tx, business.Id, partsOrderId);
            if (order is null) return Outcome<PartsOrder>.Missing();
            if (order.Status == to) return Outcome<PartsOrder>.Done(order);
            if (!PartsOrderStatuses.CanMove(order.Status, to)) return Outcome<PartsOrder>.Clash($"A parts order that is {order.Status} cannot go back to {to}.");
            if (!await parts.TryChangeStatusAsync(tx, business.Id, order.Id, order.Status, to, input.SupplierName?.Trim(), input.SupplierContact?.Trim()))
                return Outcome<PartsOrder>.Clash("The parts order changed meanwhile.");
            await audit.WriteAsync(tx, business.Id, actor, "parts_order", order.Id, "status_changed", new { from = order.Status, to });
            Publish(tx, business.Id, "job", order.JobId);
            return Outcome<PartsOrder>.Done((await parts.GetAsync(tx, business.Id, order.Id))!);
        }, ct);
    }

    // ---- Customer texts (the one send path; the texting policy decides) ----

    private async Task TextScheduledAsync(DbTx tx, Business business, Lead lead, Appointment visit, Technician technician) =>
        await TextAsync(tx, business, lead, visit,
            $"{business.Name}: your visit is scheduled for {SlotText.Format(business, new Slot(visit.StartAt, visit.EndAt))}{BookingService.At(visit)}. Your technician is {Names.First(technician.Name)}.",
            SmsPurposes.Visit, byPerson: true);

    private async Task TextOnMyWayAsync(DbTx tx, Business business, Lead lead, Appointment visit, Technician? technician, int? etaMinutes)
    {
        var who = technician is null ? $"Your {business.Name} technician" : $"{Names.First(technician.Name)} from {business.Name}";
        var eta = etaMinutes is { } m ? $", about {m} minutes away (ETA {SlotText.Clock(business.LocalTime(clock.GetUtcNow().AddMinutes(m)).TimeOfDay, true)})" : "";
        await TextAsync(tx, business, lead, visit, $"{who} is on the way{eta}.", SmsPurposes.Visit, byPerson: true);
    }

    private async Task TextAsync(DbTx tx, Business business, Lead lead, Appointment visit, string body, string purpose, bool byPerson)
    {
        var conversationId = visit.ConversationId ?? await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
        var sent = await sms.QueueAsync(tx, new OutboundSms(business.Id, lead.Phone, body, byPerson ? Senders.Human : Senders.System, purpose, conversationId,
            NeededBy: visit.StartAt));
        tx.AfterCommit(() => live.Publish(business.Id, "message", sent.Message.Id));
    }

    private void Publish(DbTx tx, string businessId, string kind, string id) => tx.AfterCommit(() => live.Publish(businessId, kind, id));
}
