using CallRecover.Audit;
using CallRecover.Conversations.Engines;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Conversations;

/// <summary>What a turn taught us about the caller, once applied.</summary>
/// <param name="Lead">The lead as it now is (its fields, confidences and status as written).</param>
/// <param name="Notes">Sentences for the caller about what else a correction changed ("Your visit on Tuesday now goes to 24 Oak St.").</param>
public sealed record Learned(Lead Lead, KnownLead Before, KnownLead Merged, IReadOnlyList<string> Changed, bool BecameQualified, IReadOnlyList<string> Notes);

/// <summary>
/// Applies what one turn of a conversation learned to the lead, the customer and their future visits — the same for a
/// text (the SMS engine) and a spoken line (the voice receptionist). Runs inside the turn's transaction; sends nothing.
/// </summary>
public sealed class LeadLearner(LeadStore leads, CustomerStore customers, AuditLog audit, IEnumerable<ILeadCorrectedHook> correctionHooks)
{
    private readonly ILeadCorrectedHook[] _correctionHooks = [.. correctionHooks];

    public async Task<Learned> ApplyAsync(DbTx tx, Business business, Lead lead, TurnOutcome o)
    {
        var before = KnownLead.From(lead);
        var (merged, changed) = before.Merge(o.Fields);
        var becameQualified = merged.IsQualified && lead.Status is not (LeadStatuses.Qualified or LeadStatuses.Booked or LeadStatuses.Completed);
        var leadStatus = o.OptOut ? LeadStatuses.OptedOut
            : o.NotInterested || o.WrongNumber ? LeadStatuses.Lost
            : becameQualified ? LeadStatuses.Qualified
            : lead.Status is LeadStatuses.New or LeadStatuses.Contacted or LeadStatuses.Unresponsive ? LeadStatuses.Qualifying
            : lead.Status;
        var confidence = merged.Fields.ToDictionary(f => f.Key, f => Math.Round(f.Value.Confidence, 2));
        var updated = lead with
        {
            Name = merged[LeadFields.Name], Email = merged[LeadFields.Email], Address = merged[LeadFields.Address], ServiceNeeded = merged[LeadFields.Service],
            Urgency = merged[LeadFields.Urgency] ?? Urgencies.Unknown, PreferredTime = merged[LeadFields.PreferredTime], Status = leadStatus,
            FieldConfidence = Common.Json.Serialize(confidence),
        };
        await leads.UpdateColumnsAsync(tx, lead.BusinessId, lead.Id, new Dictionary<string, object?>
        {
            ["name"] = updated.Name, ["email"] = updated.Email, ["address"] = updated.Address, ["service_needed"] = updated.ServiceNeeded,
            ["urgency"] = updated.Urgency, ["preferred_time"] = updated.PreferredTime, ["status"] = leadStatus,
        }, updated.FieldConfidence);

        // Once a name or an address is known, the caller is a customer (one per phone: found again, gaps filled in); a
        // turn that changed no field has nothing to add to it.
        if (changed.Count > 0 && (merged[LeadFields.Name] is not null || merged[LeadFields.Address] is not null))
            await customers.UpsertAsync(tx, business.Id, lead.Phone, merged[LeadFields.Name], merged[LeadFields.Email], merged[LeadFields.Address],
                CustomerSourceOf(lead.Source));

        // A known detail the caller corrected reaches the customer and their future visits (each through its own store).
        var notes = new List<string>();
        var corrected = changed.Where(f => f is LeadFields.Name or LeadFields.Address or LeadFields.Email && before.Has(f))
            .ToDictionary(f => f, f => merged[f]!);
        if (corrected.Count > 0)
        {
            foreach (var (field, value) in corrected)
                await customers.CorrectByPhoneAsync(tx, business.Id, lead.Phone, field, value);
            var updatedLead = await leads.GetAsync(tx, business.Id, lead.Id) ?? lead;
            foreach (var hook in _correctionHooks)
                if (await hook.OnCorrectedAsync(tx, business, updatedLead, corrected) is { } note) notes.Add(note);
            await audit.WriteAsync(tx, business.Id, "engine", "lead", lead.Id, "corrected_by_caller", new { fields = corrected.Keys });
        }
        return new Learned(updated, before, merged, changed, becameQualified, notes);
    }

    /// <summary>Where a customer first met through a lead came from.</summary>
    private static string CustomerSourceOf(string leadSource) => leadSource switch
    {
        LeadSources.MissedCall => CustomerSources.MissedCall,
        LeadSources.AnsweredCall => CustomerSources.AnsweredCall,
        LeadSources.Voicemail => CustomerSources.Recording,
        LeadSources.WebForm => CustomerSources.WebForm,
        LeadSources.Reactivation => CustomerSources.Import,
        LeadSources.Manual => CustomerSources.Manual,
        _ => CustomerSources.Sms,
    };
}
