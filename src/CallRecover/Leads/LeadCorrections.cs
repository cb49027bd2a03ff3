using System.Globalization;
using System.Net.Mail;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;

namespace CallRecover.Leads;

/// <summary>Outcome of correcting one lead field: no error when it was saved.</summary>
public sealed record CorrectionResult(string? Error, bool NotFound = false);

/// <summary>
/// A person fixing what the AI (or the caller) got wrong. The change is recorded in the audit log as a
/// correction (old and new value) in the same transaction, and the field's confidence becomes 1: a person
/// confirmed it, so the engine should not overwrite it with a guess.
/// </summary>
public sealed class LeadCorrections(Db db, LeadStore leads, AuditLog audit, LiveEvents live)
{
    /// <summary>Editable fields: API name → column.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["name"] = "name", ["email"] = "email", ["address"] = "address", ["serviceNeeded"] = "service_needed",
        ["urgency"] = "urgency", ["preferredTime"] = "preferred_time", ["status"] = "status",
        ["estimatedValue"] = "estimated_value", ["notes"] = "notes",
    };

    public async Task<CorrectionResult> CorrectAsync(string businessId, string leadId, string field, string? value, string actor, CancellationToken ct = default)
    {
        if (!Fields.TryGetValue(field, out var column)) return new($"'{field}' is not a field that can be edited.");
        var (parsed, error) = Validate(field, value);
        if (error is not null) return new(error);
        return await db.WriteAsync(async tx =>
        {
            var lead = await leads.GetAsync(tx, businessId, leadId);
            if (lead is null) return new CorrectionResult("Not found.", NotFound: true);
            var before = Current(lead, field);
            var confidence = Json.Deserialize<Dictionary<string, double>>(lead.FieldConfidence);
            if (field is not ("status" or "notes" or "estimatedValue")) confidence[field] = 1.0;
            await leads.UpdateColumnsAsync(tx, businessId, leadId, new Dictionary<string, object?> { [column] = parsed }, Json.Serialize(confidence));
            await audit.WriteAsync(tx, businessId, actor, "lead", leadId, field == "status" ? "status_changed" : "corrected",
                new { field, from = before, to = parsed?.ToString() });
            tx.AfterCommit(() => live.Publish(businessId, "lead", leadId));
            return new CorrectionResult(null);
        }, ct);
    }

    private static (object? Value, string? Error) Validate(string field, string? raw)
    {
        var v = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
        (object?, string?) Text(int max) => v is not null && v.Length > max ? (null, $"{field} must be at most {max} characters.") : (v, null);
        switch (field)
        {
            case "name": return Text(100);
            case "address": return Text(300);
            case "serviceNeeded": return Text(120);
            case "preferredTime": return Text(120);
            case "notes": return Text(4000);
            case "email":
                if (v is null) return (null, null);
                return MailAddress.TryCreate(v, out var m) && m.Address == v && v.Contains('.', StringComparison.Ordinal)
                    ? (v.ToLowerInvariant(), null) : (null, $"email '{v}' is not a valid email address.");
            case "urgency":
                return v is not null && Urgencies.All.Contains(v) ? (v, null) : (null, $"urgency must be one of {string.Join(", ", Urgencies.All)}.");
            case "status":
                return v is not null && LeadStatuses.All.Contains(v) ? (v, null) : (null, $"status must be one of {string.Join(", ", LeadStatuses.All)}.");
            case "estimatedValue":
                if (v is null) return (null, null);
                return decimal.TryParse(v.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 10_000_000
                    ? (decimal.Round(d, 2), null) : (null, "estimatedValue must be an amount between 0 and 10,000,000.");
            default: return (null, $"'{field}' is not a field that can be edited.");
        }
    }

    public static string? Current(Lead lead, string field) => field switch
    {
        "name" => lead.Name, "email" => lead.Email, "address" => lead.Address, "serviceNeeded" => lead.ServiceNeeded,
        "urgency" => lead.Urgency, "preferredTime" => lead.PreferredTime, "status" => lead.Status,
        "estimatedValue" => lead.EstimatedValue?.ToString(CultureInfo.InvariantCulture), "notes" => lead.Notes, _ => null,
    };
}
