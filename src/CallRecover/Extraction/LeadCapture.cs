using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;

namespace CallRecover.Extraction;

/// <summary>Where extracted fields came from, and which lead source a new lead gets.</summary>
public sealed record CaptureSource(string Source, string SourceId, string LeadSource, string? CallId = null, string? RecordingId = null, IReadOnlyList<string>? ReviewReasons = null);

/// <param name="LeadCreated">The caller had no lead before.</param>
/// <param name="IsNew">This source (transcript, form) was captured now; false when it had been captured before (a re-run).</param>
public sealed record CaptureResult(Lead Lead, Customer Customer, Vehicle? Vehicle, StoredExtraction Extraction, bool LeadCreated, bool IsNew);

/// <summary>
/// Turns an extraction into records: the lead (one per phone per business), the customer (one per phone) and
/// their vehicle, and the stored extraction. A lead field is filled when empty, or replaced only by a value we are
/// more sure of — a staff correction (confidence 1) is never overwritten by a later call.
/// </summary>
public sealed class LeadCapture(ExtractionStore extractions, LeadStore leads, CustomerStore customers, AuditLog audit, LiveEvents live, TimeProvider clock)
{
    /// <summary>Lead columns fed by extracted fields, and the key each uses in the lead's field confidence.</summary>
    public static readonly (string Field, string Column, string ConfidenceKey)[] LeadFields =
    [
        (FieldNames.Name, "name", "name"), (FieldNames.Email, "email", "email"), (FieldNames.Address, "address", "address"),
        (FieldNames.Problem, "service_needed", "serviceNeeded"), (FieldNames.Urgency, "urgency", "urgency"), (FieldNames.PreferredTime, "preferred_time", "preferredTime"),
    ];

    /// <summary>The phone to key the lead on: the caller id, unless it was withheld and a callback number was said.</summary>
    public static string? LeadPhone(string? callerPhone, ExtractionResult result)
    {
        if (Phone.CallerIdOrNull(callerPhone) is { } id) return id;
        return result.Confidence(FieldNames.Phone) >= 0.7 ? Phone.NormalizeOrNull(result.Value(FieldNames.Phone)) : null;
    }

    public async Task<CaptureResult?> CaptureAsync(DbTx tx, string businessId, string? callerPhone, ExtractionResult result, CaptureSource source, string actor)
    {
        var phone = LeadPhone(callerPhone, result);
        if (phone is null) return null;
        var now = clock.GetUtcNow();
        var (lead, created) = await leads.GetOrCreateAsync(tx, businessId, phone, source.LeadSource);
        // A voicemail left after a missed call is the more specific source for that lead.
        if (!created && source.LeadSource == LeadSources.Voicemail)
            await leads.RefineSourceAsync(tx, businessId, lead.Id, LeadSources.MissedCall, LeadSources.Voicemail);

        lead = await ApplyToLeadAsync(tx, businessId, lead, result.Fields, onlyBetter: true, now);
        var spoken = Phone.NormalizeOrNull(result.Value(FieldNames.Phone));
        if (spoken is not null && spoken != phone && result.Confidence(FieldNames.Phone) >= 0.7)
            await leads.AppendNoteAsync(tx, businessId, lead.Id, $"Callback number said on the call: {spoken}");

        var customer = await customers.UpsertAsync(tx, businessId, phone, result.Value(FieldNames.Name), result.Value(FieldNames.Email), result.Value(FieldNames.Address));
        var vehicle = await customers.UpsertVehicleAsync(tx, businessId, customer.Id, result.VehicleYear, result.Value(FieldNames.VehicleMake),
            result.Value(FieldNames.VehicleModel), result.Value(FieldNames.VehicleEngine), result.Value(FieldNames.Vin));

        var reasons = new List<string>(source.ReviewReasons ?? []);
        reasons.AddRange(result.Notes.Where(n => n.StartsWith("several", StringComparison.Ordinal) || n.StartsWith("ai ", StringComparison.Ordinal)));
        var fieldsJson = Json.Serialize(result.Fields);
        var (stored, isNew) = await extractions.InsertAsync(tx, new StoredExtraction
        {
            Id = Ids.New(), BusinessId = businessId, Source = source.Source, SourceId = source.SourceId, LeadId = lead.Id, CustomerId = customer.Id,
            VehicleId = vehicle?.Id, CallId = source.CallId, RecordingId = source.RecordingId, Fields = fieldsJson, OriginalFields = fieldsJson,
            AppointmentStatus = result.AppointmentStatus, Engine = result.Engine, NeedsReview = reasons.Count > 0, ReviewReasons = Json.Serialize(reasons),
            CreatedAt = now, UpdatedAt = now,
        });
        if (isNew)
            await audit.WriteAsync(tx, businessId, actor, "lead", lead.Id, created ? "created_from_call" : "updated_from_call",
                new { extractionId = stored.Id, fields = result.Fields.Keys, result.Engine, result.AppointmentStatus });
        var leadId = lead.Id;
        tx.AfterCommit(() => live.Publish(businessId, "lead", leadId));
        return new CaptureResult(lead, customer, vehicle, stored, created, isNew);
    }

    /// <summary>Writes extracted fields onto the lead. With <paramref name="onlyBetter"/> a known value is replaced only by a more confident one.</summary>
    public async Task<Lead> ApplyToLeadAsync(DbTx tx, string businessId, Lead lead, IReadOnlyDictionary<string, ExtractedField> fields, bool onlyBetter, DateTimeOffset now)
    {
        var confidence = lead.Confidence;
        var values = new Dictionary<string, object?>();
        foreach (var (field, column, key) in LeadFields)
        {
            if (!fields.TryGetValue(field, out var f)) continue;
            if (field == FieldNames.Urgency && (f.Value is null || f.Value == Urgencies.Unknown)) continue;
            var current = column switch
            {
                "name" => lead.Name, "email" => lead.Email, "address" => lead.Address, "service_needed" => lead.ServiceNeeded,
                "urgency" => lead.Urgency == Urgencies.Unknown ? null : lead.Urgency, _ => lead.PreferredTime,
            };
            var known = confidence.TryGetValue(key, out var c) ? c : (current is null ? 0 : 0.5);
            if (onlyBetter && current is not null && f.Confidence <= known) continue;
            var value = f.Value is { Length: > 500 } v ? v[..500] : f.Value;
            if (column == "urgency" && value is not null && !Urgencies.All.Contains(value)) continue;
            if (column == "urgency" && value is null) value = Urgencies.Unknown;
            values[column] = value;
            confidence[key] = f.Confidence;
        }
        if (values.Count == 0) return lead;
        await leads.UpdateColumnsAsync(tx, businessId, lead.Id, values, Json.Serialize(confidence));
        return (await leads.GetAsync(tx, businessId, lead.Id))!;
    }
}
