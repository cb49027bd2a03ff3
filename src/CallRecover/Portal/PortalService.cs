using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Portal;

/// <summary>
/// What a portal action did. <see cref="SlotTaken"/>: the chosen time is no longer open; <see cref="Closed"/>: the visit
/// can no longer be changed online (started, or a technician is on the way).
/// </summary>
public enum PortalAnswer { Done, NotFound, AlreadyAnswered, Bad, SlotTaken, Closed }

/// <summary>A visit of the link's customer and the times it may move to (none when it can no longer be moved online).</summary>
public sealed record RescheduleChoice(Appointment Visit, bool CanMove, IReadOnlyList<Slot> Slots);

/// <summary>
/// The customer portal's links and actions. A link is a random 256-bit token (only its SHA-256 is stored) that opens
/// the items of one lead in one business for 30 days, until staff revoke it. Every action checks that the item belongs
/// to the link's lead and business; anything else is "not found".
/// </summary>
public sealed class PortalService(Db db, PortalLinkStore links, BusinessStore businesses, LeadStore leads, QuoteStore quotes, QuoteService quoteService,
    AppointmentStore appointments, AppointmentAdmin appointmentAdmin, BookingService booking, PortalLinkIssuer issuer, AuditLog audit, TimeProvider clock)
{
    public const int MaxNameLength = 120, MaxReasonLength = 1000;

    /// <summary>How many open times the portal offers for a move, spread over the next business days that have any.</summary>
    public const int RescheduleDays = 5, RescheduleMax = 10;

    /// <summary>Staff make a link for a lead (to send it themselves); null when the lead is not in the business.</summary>
    public async Task<(PortalLink Link, string Url)?> CreateForLeadAsync(string businessId, string leadId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            var lead = await leads.GetAsync(tx, businessId, leadId);
            if (lead is null) return ((PortalLink, string)?)null;
            var made = await issuer.CreateAsync(tx, businessId, lead.Id, await CustomerIdAsync(tx, businessId, lead.Id), "staff");
            await audit.WriteAsync(tx, businessId, actor, "portal_link", made.Link.Id, "created", new { leadId });
            return made;
        }, ct);

    /// <summary>The customer of a lead's latest quote, if any (links list by customer).</summary>
    private async Task<string?> CustomerIdAsync(DbTx tx, string businessId, string leadId) =>
        (await quotes.ListAsync(businessId, leadId: leadId, limit: 1)).FirstOrDefault()?.CustomerId;

    public async Task<bool> RevokeAsync(string businessId, string linkId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (await links.GetAsync(tx, businessId, linkId) is null) return false;
            if (await links.TryRevokeAsync(tx, businessId, linkId, actor))
                await audit.WriteAsync(tx, businessId, actor, "portal_link", linkId, "revoked");
            return true;
        }, ct);

    /// <summary>The link and its business for a token; null for anything unknown, tampered, expired or revoked.</summary>
    public async Task<(PortalLink Link, Business Business)?> ResolveAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is < 20 or > 100) return null;
        var link = await links.ByTokenHashAsync(PublicPage.HashToken(token), ct);
        if (link is null || !link.UsableAt(clock.GetUtcNow())) return null;
        var business = await businesses.GetAsync(link.BusinessId, ct);
        return business is null ? null : (link, business);
    }

    /// <summary>The customer approves a sent quote of theirs with their typed name: the existing approval (the job opens as today) plus the signature.</summary>
    public async Task<PortalAnswer> ApproveAsync(PortalLink link, Business business, string quoteId, string? signedName, string? ip, CancellationToken ct = default)
    {
        var name = signedName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength) return PortalAnswer.Bad;
        return await AnswerAsync(link, business, quoteId, QuoteStatuses.Approved, name, null, ip, ct);
    }

    public async Task<PortalAnswer> DeclineAsync(PortalLink link, Business business, string quoteId, string? reason, string? ip, CancellationToken ct = default)
    {
        var why = reason?.Trim();
        if (why is { Length: > MaxReasonLength }) return PortalAnswer.Bad;
        return await AnswerAsync(link, business, quoteId, QuoteStatuses.Declined, null, string.IsNullOrEmpty(why) ? null : why, ip, ct);
    }

    private async Task<PortalAnswer> AnswerAsync(PortalLink link, Business business, string quoteId, string decision, string? name, string? reason, string? ip,
        CancellationToken ct) =>
        await db.WriteAsync(async tx =>
        {
            var quote = await quotes.GetAsync(tx, business.Id, quoteId);
            if (quote is null || quote.LeadId != link.LeadId || quote.Status == QuoteStatuses.Draft) return PortalAnswer.NotFound;
            if (quote.Status != QuoteStatuses.Sent) return PortalAnswer.AlreadyAnswered;
            var actor = $"caller:portal:{link.Id}";
            var changed = decision == QuoteStatuses.Approved
                ? await quoteService.ApproveAsync(tx, business, quoteId, actor)
                : await quoteService.DeclineAsync(tx, business, quoteId, actor);
            if (!changed) return PortalAnswer.AlreadyAnswered;
            await links.TryInsertSignatureAsync(tx, new QuoteSignature
            {
                Id = Ids.New(), BusinessId = business.Id, QuoteId = quoteId, PortalLinkId = link.Id, Decision = decision, SignedName = name, Reason = reason,
                Ip = ip, SignedAt = clock.GetUtcNow(),
            });
            await links.MarkUsedAsync(tx, business.Id, link.Id);
            return PortalAnswer.Done;
        }, ct);

    /// <summary>
    /// The customer cancels an upcoming visit of theirs: only a live visit that has not started and nobody is on the way
    /// to (the business's rule for a cancellation by the customer); through the same path as staff cancellations.
    /// </summary>
    public async Task<PortalAnswer> CancelVisitAsync(PortalLink link, Business business, string visitId, CancellationToken ct = default)
    {
        var visit = await appointments.GetAsync(business.Id, visitId, ct);
        if (visit is null || visit.LeadId != link.LeadId) return PortalAnswer.NotFound;
        if (!CanCancel(visit, clock.GetUtcNow())) return PortalAnswer.AlreadyAnswered;
        var result = await appointmentAdmin.ChangeStatusAsync(business, visitId, new StatusInput { Status = AppointmentStatuses.Cancelled }, $"caller:portal:{link.Id}", ct,
            byCustomerVia: "portal");
        return result.Ok ? PortalAnswer.Done : PortalAnswer.AlreadyAnswered;
    }

    public static bool CanCancel(Appointment visit, DateTimeOffset now) =>
        AppointmentStatuses.IsLive(visit.Status) && visit.EnRouteAt is null && visit.OnSiteAt is null && visit.StartAt > now;

    /// <summary>
    /// The times a visit of the link's customer may move to: the slot finder's open slots (business hours, closed days,
    /// lead time, other visits and their buffer), for the visit's own length. Null when the visit is not theirs.
    /// </summary>
    public async Task<RescheduleChoice?> RescheduleOptionsAsync(PortalLink link, Business business, string visitId, CancellationToken ct = default)
    {
        // Only reads; rolled back (the slot request reads the calendar and settings inside a transaction).
        await using var tx = await db.BeginAsync(ct);
        var visit = await appointments.GetAsync(tx, business.Id, visitId);
        if (visit is null || visit.LeadId != link.LeadId) return null;
        if (!CanCancel(visit, clock.GetUtcNow())) return new RescheduleChoice(visit, false, []);
        var request = await OpenTimesAsync(tx, business, visit);
        // The visit's own time is not a new time to move to.
        return new RescheduleChoice(visit, true, [.. SlotFinder.Offer(request, RescheduleDays, RescheduleMax).Where(s => s.Start != visit.StartAt)]);
    }

    /// <summary>
    /// The customer moves an upcoming visit of theirs to <paramref name="start"/>: under the cancel rules (a live visit
    /// that has not started and nobody is on the way to), to a time that is open right now by the same slot finder that
    /// offered it, through <see cref="BookingService.MoveByCustomerAsync"/> (the appointments store's move under the
    /// booking lock, the reminder, the customer's text, the owner's notice, the audit entry), in one transaction.
    /// </summary>
    public async Task<PortalAnswer> RescheduleVisitAsync(PortalLink link, Business business, string visitId, DateTimeOffset? start, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            var visit = await appointments.GetAsync(tx, business.Id, visitId);
            if (visit is null || visit.LeadId != link.LeadId) return PortalAnswer.NotFound;
            if (!CanCancel(visit, clock.GetUtcNow())) return PortalAnswer.Closed;
            if (start is null) return PortalAnswer.Bad;
            if (visit.StartAt == start) return PortalAnswer.AlreadyAnswered;
            var open = SlotFinder.Candidates(await OpenTimesAsync(tx, business, visit)).SelectMany(d => d.Slots).FirstOrDefault(s => s.Start == start);
            if (open is null) return PortalAnswer.SlotTaken;
            var lead = await leads.GetAsync(tx, business.Id, visit.LeadId);
            if (lead is null) return PortalAnswer.NotFound;
            // Null: someone took the time between the check above and the booking lock.
            if (await booking.MoveByCustomerAsync(tx, business, lead, visit, open, $"caller:portal:{link.Id}", "portal") is null) return PortalAnswer.SlotTaken;
            await links.MarkUsedAsync(tx, business.Id, link.Id);
            return PortalAnswer.Done;
        }, ct);

    /// <summary>Open slots for this visit's length, not counting the visit itself as busy.</summary>
    private async Task<SlotFinder.Request> OpenTimesAsync(DbTx tx, Business business, Appointment visit) =>
        await booking.SlotRequestAsync(tx, business, visit.ServiceType, visit.Id) with { DurationMinutes = visit.DurationMinutes };
}
