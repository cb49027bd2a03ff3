using System.Globalization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Tenancy;
using Dapper;

namespace CallRecover.Extraction;

public sealed record CorrectionOutcome(StoredExtraction Extraction, IReadOnlyList<ExtractionCorrection> Corrections, IReadOnlyList<string> RepricedQuotes);

/// <summary>
/// Staff corrections of extracted fields. Each is stored with who, when, old and new (the original extraction stays
/// untouched for measuring quality); the corrected value gets confidence 1 and flows to the lead, the customer and
/// vehicle, and a waiting quote is re-priced when the vehicle or the problem changed.
/// </summary>
public sealed class CorrectionService(
    Db db, ExtractionStore extractions, LeadStore leads, LeadCapture capture, CustomerStore customers, QuoteStore quotes,
    ServiceCatalogStore catalogs, LaborGuideStore guides, AuditLog audit, LiveEvents live, TimeProvider clock, PartsPricing partsPricing)
{
    /// <summary>Validates and normalizes a corrected value; null value clears the field. Adds an error naming the field when bad.</summary>
    public static string? Normalize(string field, string? value, int currentYear, Dictionary<string, string[]> errors)
    {
        if (!FieldNames.All.Contains(field)) { errors[$"fields.{field}"] = [$"Unknown field. Known fields: {string.Join(", ", FieldNames.All)}."]; return null; }
        if (value is null) return null;
        var v = value.Trim();
        if (v.Length == 0) return null;
        if (v.Length > 500) { errors[$"fields.{field}"] = ["At most 500 characters."]; return null; }
        switch (field)
        {
            case FieldNames.Phone:
                if (Phone.NormalizeOrNull(v) is { } p) return p;
                errors[$"fields.{field}"] = ["Not a valid phone number."]; return null;
            case FieldNames.Urgency:
                if (Urgencies.All.Contains(v)) return v;
                errors[$"fields.{field}"] = [$"urgency must be one of {string.Join(", ", Urgencies.All)}."]; return null;
            case FieldNames.VehicleYear:
                if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 1900 && y <= currentYear + 1) return y.ToString(CultureInfo.InvariantCulture);
                errors[$"fields.{field}"] = [$"vehicleYear must be a year between 1900 and {currentYear + 1}."]; return null;
            case FieldNames.Vin:
                if (FieldValues.Vin(v) is { } vin) return vin;
                errors[$"fields.{field}"] = ["A VIN is 17 letters and digits (no I, O or Q)."]; return null;
            case FieldNames.Price:
                if (decimal.TryParse(v.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d >= 0) return FieldValues.Price(d);
                errors[$"fields.{field}"] = ["price must be a non-negative amount."]; return null;
            case FieldNames.Email:
                if (FieldValues.Email(v) is { } email) return email;
                errors[$"fields.{field}"] = ["Not an email address."]; return null;
            default:
                return v;
        }
    }

    public async Task<CorrectionOutcome?> CorrectAsync(Business business, string extractionId, IReadOnlyDictionary<string, string?> changes, string actor, CancellationToken ct)
    {
        return await db.WriteAsync(async tx =>
        {
            var extraction = await extractions.GetAsync(tx, business.Id, extractionId);
            if (extraction is null) return null;
            var now = clock.GetUtcNow();
            var fields = extraction.FieldMap;
            var made = new List<ExtractionCorrection>();
            foreach (var (field, value) in changes)
            {
                var old = fields.GetValueOrDefault(field);
                if (old?.Value == value) continue;
                var correction = new ExtractionCorrection
                {
                    Id = Ids.New(), BusinessId = business.Id, ExtractionId = extractionId, Field = field, OldValue = old?.Value, NewValue = value,
                    OldConfidence = old?.Confidence, CorrectedBy = actor, CorrectedAt = now,
                };
                await extractions.AddCorrectionAsync(tx, correction);
                made.Add(correction);
                if (value is null) fields.Remove(field); else fields[field] = new ExtractedField(value, 1.0);
            }
            if (made.Count == 0) return new CorrectionOutcome(extraction, [], []);
            await extractions.UpdateFieldsAsync(tx, business.Id, extractionId, fields, now);
            var changed = made.Select(c => c.Field).ToHashSet();

            if (extraction.LeadId is not null && await leads.GetAsync(tx, business.Id, extraction.LeadId) is { } lead)
            {
                var leadFields = fields.Where(f => changed.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value);
                await capture.ApplyToLeadAsync(tx, business.Id, lead, leadFields, onlyBetter: false, now);
                var leadId = lead.Id;
                tx.AfterCommit(() => live.Publish(business.Id, "lead", leadId));
            }
            if (extraction.CustomerId is not null)
            {
                foreach (var (field, column) in new[] { (FieldNames.Name, "name"), (FieldNames.Email, "email"), (FieldNames.Address, "address") })
                    if (changed.Contains(field)) await customers.SetFieldAsync(tx, business.Id, extraction.CustomerId, column, fields.GetValueOrDefault(field)?.Value);
            }
            string? vehicleId = extraction.VehicleId;
            string[] vehicleFields = [FieldNames.VehicleYear, FieldNames.VehicleMake, FieldNames.VehicleModel, FieldNames.VehicleEngine, FieldNames.Vin];
            if (extraction.CustomerId is not null && changed.Overlaps(vehicleFields))
            {
                int? year = int.TryParse(fields.GetValueOrDefault(FieldNames.VehicleYear)?.Value, out var y) ? y : null;
                string? F(string f) => fields.GetValueOrDefault(f)?.Value;
                var existing = vehicleId is null ? null : await customers.GetVehicleAsync(tx, business.Id, vehicleId);
                if (existing is not null)
                    await customers.UpdateVehicleAsync(tx, existing with { Year = year, Make = F(FieldNames.VehicleMake), Model = F(FieldNames.VehicleModel), Engine = F(FieldNames.VehicleEngine), Vin = F(FieldNames.Vin), UpdatedAt = now });
                else
                    vehicleId = (await customers.UpsertVehicleAsync(tx, business.Id, extraction.CustomerId, year, F(FieldNames.VehicleMake), F(FieldNames.VehicleModel), F(FieldNames.VehicleEngine), F(FieldNames.Vin)))?.Id;
                await extractions.SetLinksAsync(tx, business.Id, extractionId, extraction.CustomerId, vehicleId);
            }

            var repriced = new List<string>();
            if (business.EstimatesEnabled && changed.Overlaps([.. vehicleFields, FieldNames.Problem, FieldNames.VehicleBody]))
            {
                var text = changed.Contains(FieldNames.Problem) ? fields.GetValueOrDefault(FieldNames.Problem)?.Value : null;
                text ??= await SourceTextAsync(tx, business.Id, extraction) ?? fields.GetValueOrDefault(FieldNames.Problem)?.Value ?? "";
                var catalog = await catalogs.GetAsync(tx, business.Id, business.Vertical);
                int? year = int.TryParse(fields.GetValueOrDefault(FieldNames.VehicleYear)?.Value, out var yy) ? yy : null;
                var vehicle = VinDecoder.Fill(new VehicleInfo(year, fields.GetValueOrDefault(FieldNames.VehicleMake)?.Value, fields.GetValueOrDefault(FieldNames.VehicleModel)?.Value, fields.GetValueOrDefault(FieldNames.VehicleBody)?.Value,
                    Vin: fields.GetValueOrDefault(FieldNames.Vin)?.Value, Engine: fields.GetValueOrDefault(FieldNames.VehicleEngine)?.Value));
                var guide = await guides.ListAsync(tx, business.Id);
                // Inside the transaction: the price list and cached provider prices only, never the network.
                var prices = await partsPricing.PriceOfflineAsync(tx, business.Id, catalog, guide, text, vehicle);
                var estimate = EstimateEngine.Run(text, catalog, business.LaborRate, vehicle, business.LocalTime(now).Year, prices, guide);
                var waiting = await tx.Connection.QueryAsync<string>(
                    "SELECT id FROM quotes WHERE business_id = @businessId AND extraction_id = @extractionId AND status IN ('draft','sent')",
                    new { businessId = business.Id, extractionId }, tx.Transaction);
                foreach (var quoteId in waiting)
                    if (await QuoteRepricing.RepriceAsync(tx, quotes, audit, live, business.Id, quoteId, estimate, actor, now)) repriced.Add(quoteId);
            }
            await audit.WriteAsync(tx, business.Id, actor, "extraction", extractionId, "corrected",
                new { fields = made.Select(c => new { c.Field, c.OldValue, c.NewValue }), repriced });
            var updated = (await extractions.GetAsync(tx, business.Id, extractionId))!;
            return new CorrectionOutcome(updated, made, repriced);
        }, ct);
    }

    /// <summary>The text the extraction was made from (the transcript), for re-pricing.</summary>
    private static Task<string?> SourceTextAsync(DbTx tx, string businessId, StoredExtraction e) =>
        e.Source == "transcription"
            ? tx.Connection.ExecuteScalarAsync<string?>("SELECT text FROM transcriptions WHERE business_id = @businessId AND id = @SourceId", new { businessId, e.SourceId }, tx.Transaction)
            : Task.FromResult<string?>(null);
}
