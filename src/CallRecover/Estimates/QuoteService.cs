using System.Text;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Compliance;
using CallRecover.Tenancy;
using CallRecover.Webhooks;

namespace CallRecover.Estimates;

/// <summary>Where a quote came from (all optional).</summary>
public sealed record QuoteOrigin(string? CustomerId = null, string? VehicleId = null, string? ExtractionId = null, string? CallId = null);

/// <summary>
/// Creates quotes from estimates, texts them to the caller through the one send path, and moves them through
/// approved / declined / expired. Every change is audited, published live, and (on approval) told to the owner.
/// </summary>
public sealed class QuoteService(
    QuoteStore quotes, LeadStore leads, ConversationStore conversations, SmsSender sms, Notifier notifier, AuditLog audit, LiveEvents live, TimeProvider clock,
    IEnumerable<IQuoteApprovedHook> approvedHooks, Db db, IEnumerable<ICustomerPortalLinks> portalLinks, WebhookEvents webhooks)
{
    public const string ApprovalPrompt = "Reply YES to approve or call us with questions.";

    /// <summary>Quotes stay answerable by SMS this long; after that a YES no longer approves them.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(14);

    /// <summary>Stores a quote for <paramref name="lead"/> from an estimate. An unpriced estimate gives a draft flagged for a person.</summary>
    public async Task<QuoteWithItems> CreateAsync(DbTx tx, Business business, Lead lead, Estimate estimate, QuoteOrigin origin, string actor)
    {
        var now = clock.GetUtcNow();
        var quote = new Quote
        {
            Id = Ids.New(), BusinessId = business.Id, LeadId = lead.Id, CustomerId = origin.CustomerId, VehicleId = origin.VehicleId,
            ExtractionId = origin.ExtractionId, CallId = origin.CallId, Status = QuoteStatuses.Draft,
            NeedsReview = !estimate.Priced, ReviewReason = estimate.ReviewReason,
            LaborTotal = estimate.LaborTotal, PartsTotal = estimate.PartsTotal, AdjustmentsTotal = estimate.AdjustmentsTotal,
            FeesTotal = estimate.FeesTotal, Total = estimate.Total, Estimate = Json.Serialize(estimate), CatalogVersion = estimate.CatalogVersion,
            ExpiresAt = now + Validity, CreatedAt = now, UpdatedAt = now,
        };
        var items = ItemsFor(estimate);
        await quotes.InsertAsync(tx, quote);
        await quotes.ReplaceItemsAsync(tx, business.Id, quote.Id, items);
        await audit.WriteAsync(tx, business.Id, actor, "quote", quote.Id, "created",
            new { estimate.Priced, estimate.Total, estimate.Rules, matched = estimate.Repairs.Select(r => new { r.Name, r.MatchedWords }), estimate.CatalogVersion });
        tx.AfterCommit(() => live.Publish(business.Id, "quote", quote.Id));
        return new QuoteWithItems(quote, items);
    }

    /// <summary>The line items of an estimate: labor and parts per repair, then each adjustment, then fees.</summary>
    public static IReadOnlyList<QuoteItem> ItemsFor(Estimate estimate)
    {
        var items = new List<QuoteItem>();
        foreach (var r in estimate.Repairs)
        {
            items.Add(new QuoteItem { Id = Ids.New(), Position = items.Count, Kind = QuoteItemKinds.Labor, Repair = r.Name,
                Description = $"{r.Name} labor", Hours = r.Hours, Qty = r.Hours, UnitPrice = estimate.LaborRate, Amount = r.Labor });
            if (r.Parts > 0)
                items.Add(new QuoteItem { Id = Ids.New(), Position = items.Count, Kind = QuoteItemKinds.Part, Repair = r.Name,
                    Description = $"{r.Name} parts", PartNumber = r.PartNumber, Qty = 1, UnitPrice = r.Parts, Amount = r.Parts,
                    PriceSource = r.PartsSource, PriceFetchedAt = r.PartsFetchedAt });
        }
        foreach (var a in estimate.Adjustments)
            items.Add(new QuoteItem { Id = Ids.New(), Position = items.Count, Kind = QuoteItemKinds.Adjustment,
                Description = $"{AdjustmentLabel(a.Rule)} +{a.Percent:0.##}% ({a.Description})", Qty = 1, UnitPrice = a.Amount, Amount = a.Amount });
        if (estimate.FeesTotal > 0)
            items.Add(new QuoteItem { Id = Ids.New(), Position = items.Count, Kind = QuoteItemKinds.Fee, Description = "Trip charge",
                Qty = 1, UnitPrice = estimate.FeesTotal, Amount = estimate.FeesTotal });
        return items;
    }

    private static string AdjustmentLabel(string rule) => rule switch
    {
        "luxury_make" => "Luxury vehicle",
        "truck_suv" => "Truck/SUV",
        "vehicle_age" => "Older vehicle",
        _ => "Adjustment",
    };

    /// <summary>
    /// Texts the quote to the lead (the texting policy decides in the send path) and marks it sent. Older quotes still
    /// waiting for this lead expire, so a YES always answers the newest one. Returns the send result; a text the policy
    /// refused (opted out, or a person holds the conversation and the engine sent it) leaves the quote a draft, with the
    /// reason in the audit log and on the message. Staff (any <paramref name="actor"/> but <c>engine</c>) send as a person.
    /// </summary>
    public async Task<SendResult> SendAsync(DbTx tx, Business business, Lead lead, string quoteId, string? intro, string actor)
    {
        var quote = await quotes.GetAsync(tx, business.Id, quoteId) ?? throw new InvalidOperationException("Quote not found.");
        var items = await quotes.ItemsAsync(tx, business.Id, quoteId);
        var now = clock.GetUtcNow();
        var conversationId = quote.ConversationId ?? (await conversations.OpenAsync(tx, business.Id, lead.Id, quote.CallId, lead.Phone)).Id;
        var body = ComposeSms(business, lead, quote, items, intro);
        // The customer's portal shows the quote's lines and takes the approval with a typed name.
        if (portalLinks.FirstOrDefault() is { } portal) body += $" See it online: {await portal.NewLinkAsync(tx, business.Id, lead.Id, quote.CustomerId, "quote")}";
        var sender = actor == "engine" ? Senders.System : Senders.Human;
        var result = await sms.QueueAsync(tx, new OutboundSms(business.Id, lead.Phone, body, sender, SmsPurposes.Quote, conversationId));
        if (!result.Queued)
        {
            await audit.WriteAsync(tx, business.Id, actor, "quote", quote.Id, "send_blocked", new { reason = result.BlockedReason });
            await quotes.UpdateAsync(tx, quote with { ConversationId = conversationId, UpdatedAt = now });
            return result;
        }
        await quotes.ExpireOthersForLeadAsync(tx, business.Id, lead.Id, quoteId);
        await quotes.UpdateAsync(tx, quote with
        {
            Status = QuoteStatuses.Sent, ConversationId = conversationId, SentMessageId = result.Message.Id, SentAt = now,
            ExpiresAt = now + Validity, UpdatedAt = now,
        });
        await audit.WriteAsync(tx, business.Id, actor, "quote", quote.Id, "sent", new { messageId = result.Message.Id, quote.Total });
        tx.AfterCommit(() =>
        {
            live.Publish(business.Id, "quote", quote.Id);
            live.Publish(business.Id, "message", result.Message.Id);
        });
        return result;
    }

    /// <summary>The quote text: what is being fixed, labor + parts (+ adjustments, fees) = total, and how to approve.</summary>
    public static string ComposeSms(Business business, Lead lead, Quote quote, IReadOnlyList<QuoteItem> items, string? intro)
    {
        var sb = new StringBuilder();
        var first = lead.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        sb.Append(intro ?? $"{(first is null ? "Hi" : $"Hi {first}")}, thanks for calling {business.Name}.");
        var repairs = items.Where(i => i.Repair is not null).Select(i => i.Repair!).Distinct().ToList();
        var labor = items.Where(i => i.Kind == QuoteItemKinds.Labor).Sum(i => i.Amount);
        var parts = items.Where(i => i.Kind == QuoteItemKinds.Part).Sum(i => i.Amount);
        var adjustments = items.Where(i => i.Kind == QuoteItemKinds.Adjustment).Sum(i => i.Amount);
        var fees = items.Where(i => i.Kind == QuoteItemKinds.Fee).Sum(i => i.Amount);
        sb.Append(' ').Append(repairs.Count switch
        {
            0 => "Your estimate",
            1 => $"Estimate for {repairs[0]}",
            _ => $"Estimate for {string.Join(", ", repairs.Take(repairs.Count - 1))} and {repairs[^1]}",
        }).Append(": labor ").Append(EstimateEngine.Money(labor)).Append(" + parts ").Append(EstimateEngine.Money(parts));
        if (adjustments != 0) sb.Append(" + vehicle adjustment ").Append(EstimateEngine.Money(adjustments));
        if (fees != 0) sb.Append(" + trip charge ").Append(EstimateEngine.Money(fees));
        sb.Append(" = ").Append(EstimateEngine.Money(quote.Total)).Append(" total. ").Append(ApprovalPrompt);
        return sb.ToString();
    }

    /// <summary>Approves a waiting quote; false when it was not waiting (already answered or expired).</summary>
    public async Task<bool> ApproveAsync(DbTx tx, Business business, string quoteId, string actor)
    {
        var now = clock.GetUtcNow();
        if (!await quotes.TransitionAsync(tx, business.Id, quoteId, QuoteStatuses.Pending, QuoteStatuses.Approved, actor, now)) return false;
        var quote = (await quotes.GetAsync(tx, business.Id, quoteId))!;
        var items = await quotes.ItemsAsync(tx, business.Id, quoteId);
        await audit.WriteAsync(tx, business.Id, actor, "quote", quoteId, "approved", new { quote.Total });
        var lead = await leads.GetAsync(tx, quote.BusinessId, quote.LeadId);
        var who = actor.StartsWith("caller", StringComparison.Ordinal) ? "The customer" : "Staff";
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("quote_approved", $"Quote approved: {EstimateEngine.Money(quote.Total)}",
            $"{who} approved the quote for {lead?.Name ?? (lead is null ? "a lead" : Phone.Display(lead.Phone))}: {string.Join(", ", items.Where(i => i.Repair is not null).Select(i => i.Repair).Distinct())} — {EstimateEngine.Money(quote.Total)}.",
            new { quoteId, leadId = quote.LeadId, total = quote.Total }));
        foreach (var hook in approvedHooks) await hook.OnApprovedAsync(tx, business, quote, items, actor);
        await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.QuoteApproved, quoteId, new { quote = quote with { Status = QuoteStatuses.Approved }, items });
        tx.AfterCommit(() => live.Publish(business.Id, "quote", quoteId));
        return true;
    }

    public async Task<bool> DeclineAsync(DbTx tx, Business business, string quoteId, string actor)
    {
        var now = clock.GetUtcNow();
        if (!await quotes.TransitionAsync(tx, business.Id, quoteId, QuoteStatuses.Pending, QuoteStatuses.Declined, actor, now)) return false;
        await audit.WriteAsync(tx, business.Id, actor, "quote", quoteId, "declined");
        tx.AfterCommit(() => live.Publish(business.Id, "quote", quoteId));
        return true;
    }

    /// <summary>Replaces the line items of a waiting quote (staff edit) and recomputes its totals. It goes back to draft:
    /// the caller has not seen these numbers, so their YES must not approve them.</summary>
    public async Task<QuoteWithItems?> EditAsync(DbTx tx, string businessId, string quoteId, IReadOnlyList<QuoteItem> items, string actor)
    {
        var quote = await quotes.GetAsync(tx, businessId, quoteId);
        if (quote is null || !QuoteStatuses.Pending.Contains(quote.Status)) return null;
        var numbered = items.Select((i, n) => i with { Id = Ids.New(), Position = n, Amount = EstimateEngine.Round(i.Qty * i.UnitPrice) }).ToList();
        decimal Sum(string kind) => numbered.Where(i => i.Kind == kind).Sum(i => i.Amount);
        var updated = quote with
        {
            Status = QuoteStatuses.Draft, NeedsReview = false, ReviewReason = null,
            LaborTotal = Sum(QuoteItemKinds.Labor), PartsTotal = Sum(QuoteItemKinds.Part), AdjustmentsTotal = Sum(QuoteItemKinds.Adjustment),
            FeesTotal = Sum(QuoteItemKinds.Fee), Total = numbered.Sum(i => i.Amount), UpdatedAt = clock.GetUtcNow(),
        };
        var before = await quotes.ItemsAsync(tx, businessId, quoteId);
        // A line staff kept as it was keeps where its price came from; a changed or new one is theirs.
        numbered = [.. numbered.Select(i => before.FirstOrDefault(b => b.Kind == i.Kind && b.Repair == i.Repair && b.Amount == i.Amount && b.Description == i.Description) is { } same
            ? i with { PriceSource = same.PriceSource, PriceFetchedAt = same.PriceFetchedAt } : i with { PriceSource = null, PriceFetchedAt = null })];
        await quotes.UpdateAsync(tx, updated);
        await quotes.ReplaceItemsAsync(tx, businessId, quoteId, numbered);
        await quotes.InsertCorrectionsAsync(tx, Corrections(before, numbered, businessId, quoteId, actor, updated.UpdatedAt));
        await audit.WriteAsync(tx, businessId, actor, "quote", quoteId, "edited", new { oldTotal = quote.Total, newTotal = updated.Total });
        tx.AfterCommit(() => live.Publish(businessId, "quote", quoteId));
        return new QuoteWithItems(updated, numbered);
    }
    /// <summary>The quality loop's examples from one edit: per repair and kind (labor, parts, …), the amount (and hours)
    /// before and after wherever they differ. A line moved or re-worded at the same amount is no correction.</summary>
    public static IReadOnlyList<QuoteCorrection> Corrections(IReadOnlyList<QuoteItem> before, IReadOnlyList<QuoteItem> after, string businessId, string quoteId,
        string actor, DateTimeOffset now)
    {
        static Dictionary<(string?, string), (decimal Amount, decimal? Hours, string? Repair)> Sums(IEnumerable<QuoteItem> items) =>
            items.GroupBy(i => (i.Repair?.Trim().ToLowerInvariant(), i.Kind))
                .ToDictionary(g => g.Key, g => (g.Sum(i => i.Amount), g.Any(i => i.Hours is not null) ? g.Sum(i => i.Hours ?? 0) : (decimal?)null, g.First().Repair));
        var was = Sums(before);
        var now_ = Sums(after);
        var corrections = new List<QuoteCorrection>();
        foreach (var key in was.Keys.Union(now_.Keys))
        {
            var hadIt = was.TryGetValue(key, out var b);
            var hasIt = now_.TryGetValue(key, out var a);
            if (hadIt && hasIt && a.Amount == b.Amount && a.Hours == b.Hours) continue;
            corrections.Add(new QuoteCorrection
            {
                Id = Ids.New(), BusinessId = businessId, QuoteId = quoteId, Repair = hadIt ? b.Repair : a.Repair, Kind = key.Item2,
                BeforeAmount = hadIt ? b.Amount : null, AfterAmount = hasIt ? a.Amount : null,
                BeforeHours = hadIt ? b.Hours : null, AfterHours = hasIt ? a.Hours : null, Actor = actor, CreatedAt = now,
            });
        }
        return corrections;
    }

    private const string ChangedMeanwhile = "This quote was answered a moment ago; it can no longer be changed.";

    // Staff actions (the dashboard's quote page and the operator API): each checks QuoteRules inside its own write
    // transaction, so a quote the caller answered a moment ago gives a sentence, never a second change.

    /// <summary>Staff replace a waiting quote's line items (validated by <see cref="QuoteRules.CheckItems"/>).</summary>
    public async Task<QuoteActionResult> EditItemsAsync(string businessId, string quoteId, IReadOnlyList<QuoteItemInput?>? input, string actor, CancellationToken ct = default)
    {
        var (items, errors) = QuoteRules.CheckItems(input);
        if (errors.Count > 0) return new QuoteActionResult { Outcome = QuoteOutcome.Invalid, Errors = errors, Message = "The quote was not saved: fix the items marked below." };
        return await db.WriteAsync(async tx =>
        {
            if (await quotes.GetForChangeAsync(tx, businessId, quoteId) is not { } quote) return QuoteActionResult.NotFound;
            if (QuoteRules.Refusal(QuoteRules.Edit, quote.Status) is { } refusal) return QuoteActionResult.Refused(refusal);
            var edited = await EditAsync(tx, businessId, quoteId, items, actor);
            return edited is null ? QuoteActionResult.Refused(ChangedMeanwhile)
                : new QuoteActionResult { Outcome = QuoteOutcome.Done, Quote = edited };
        }, ct);
    }

    /// <summary>Staff send a waiting quote through the one send path (<see cref="SendAsync"/>), as a person.</summary>
    public async Task<QuoteActionResult> SendByStaffAsync(Business business, string quoteId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (await quotes.GetForChangeAsync(tx, business.Id, quoteId) is not { } quote) return QuoteActionResult.NotFound;
            if (QuoteRules.Refusal(QuoteRules.Send, quote.Status) is { } refusal) return QuoteActionResult.Refused(refusal);
            var items = await quotes.ItemsAsync(tx, business.Id, quoteId);
            if (QuoteRules.SendRefusal(quote, items) is { } empty)
                return new QuoteActionResult { Outcome = QuoteOutcome.Invalid, Message = empty, Errors = new() { ["items"] = [empty] } };
            var lead = await leads.GetAsync(tx, business.Id, quote.LeadId) ?? throw new InvalidOperationException("The quote's lead is missing.");
            var result = await SendAsync(tx, business, lead, quoteId, null, actor);
            return new QuoteActionResult
            {
                Outcome = result.Queued ? QuoteOutcome.Done : QuoteOutcome.Blocked, Sent = result,
                Message = result.Queued ? null : $"The text was not sent: {Compliance.TextReasons.Describe(result.BlockedReason)}.",
            };
        }, ct);

    /// <summary>Staff approve or decline a waiting quote (for example after the customer called back).</summary>
    public async Task<QuoteActionResult> AnswerByStaffAsync(Business business, string quoteId, bool approve, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (await quotes.GetForChangeAsync(tx, business.Id, quoteId) is not { } quote) return QuoteActionResult.NotFound;
            var action = approve ? QuoteRules.Approve : QuoteRules.Decline;
            if (QuoteRules.Refusal(action, quote.Status) is { } refusal) return QuoteActionResult.Refused(refusal);
            var done = approve ? await ApproveAsync(tx, business, quoteId, actor) : await DeclineAsync(tx, business, quoteId, actor);
            return done ? new QuoteActionResult { Outcome = QuoteOutcome.Done } : QuoteActionResult.Refused(ChangedMeanwhile);
        }, ct);
}

/// <summary>Re-pricing after a correction (vehicle or problem changed).</summary>
public static class QuoteRepricing
{
    /// <summary>Replaces a waiting quote's lines and totals with a new estimate. A quote the caller already saw goes back to
    /// draft (their YES must not approve numbers they were not sent). False when the quote is no longer waiting.</summary>
    public static async Task<bool> RepriceAsync(DbTx tx, QuoteStore quotes, AuditLog audit, Live.LiveEvents live, string businessId, string quoteId, Estimate estimate, string actor, DateTimeOffset now)
    {
        var quote = await quotes.GetAsync(tx, businessId, quoteId);
        if (quote is null || !QuoteStatuses.Pending.Contains(quote.Status)) return false;
        await quotes.UpdateAsync(tx, quote with
        {
            Status = QuoteStatuses.Draft, NeedsReview = !estimate.Priced, ReviewReason = estimate.ReviewReason,
            LaborTotal = estimate.LaborTotal, PartsTotal = estimate.PartsTotal, AdjustmentsTotal = estimate.AdjustmentsTotal, FeesTotal = estimate.FeesTotal,
            Total = estimate.Total, Estimate = Json.Serialize(estimate), CatalogVersion = estimate.CatalogVersion, UpdatedAt = now,
        });
        await quotes.ReplaceItemsAsync(tx, businessId, quoteId, QuoteService.ItemsFor(estimate));
        await audit.WriteAsync(tx, businessId, actor, "quote", quoteId, "repriced", new { oldTotal = quote.Total, newTotal = estimate.Total, wasSent = quote.Status == QuoteStatuses.Sent });
        tx.AfterCommit(() => live.Publish(businessId, "quote", quoteId));
        return true;
    }
}
