using CallRecover.Customers;
using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Extraction;

/// <summary>A stored extraction: the fields as they are now (after corrections) and as the engine first produced them.</summary>
public sealed record StoredExtraction
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Source { get; init; } = "transcription";
    public string SourceId { get; init; } = "";
    public string? LeadId { get; init; }
    public string? CustomerId { get; init; }
    public string? VehicleId { get; init; }
    public string? CallId { get; init; }
    public string? RecordingId { get; init; }
    [JsonIgnore] public string Fields { get; init; } = "{}";
    [JsonIgnore] public string OriginalFields { get; init; } = "{}";
    [JsonPropertyName("fields")] public Dictionary<string, ExtractedField> FieldMap => Json.Deserialize<Dictionary<string, ExtractedField>>(Fields);
    [JsonPropertyName("originalFields")] public Dictionary<string, ExtractedField> OriginalFieldMap => Json.Deserialize<Dictionary<string, ExtractedField>>(OriginalFields);
    public string AppointmentStatus { get; init; } = AppointmentStatuses.None;
    public string Engine { get; init; } = "rules";
    public bool NeedsReview { get; init; }
    [JsonIgnore] public string ReviewReasons { get; init; } = "[]";
    [JsonPropertyName("reviewReasons")] public IReadOnlyList<string> ReviewReasonList => Json.Deserialize<List<string>>(ReviewReasons);
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A staff correction of one extracted field: who, when, old → new.</summary>
public sealed record ExtractionCorrection
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string ExtractionId { get; init; } = "";
    public string Field { get; init; } = "";
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public double? OldConfidence { get; init; }
    public string CorrectedBy { get; init; } = "";
    public DateTimeOffset CorrectedAt { get; init; }
}

/// <summary>Per field: how many extractions had it and how many of those staff corrected (extraction quality).</summary>
public sealed record FieldQuality(string Field, int Extracted, int Corrected, int AddedByStaff, double Accuracy);

/// <summary>Extractions and their corrections, always scoped by business.</summary>
public sealed class ExtractionStore(Db db) : ICustomerMergeParticipant, CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the fields read from their calls and texts (and staff corrections of them) are emptied.</summary>
    public async Task<IReadOnlyList<Erased>> EraseCustomerAsync(DbTx tx, ErasureSubject s)
    {
        var d = tx.Dialect;
        var theirs = $"business_id = @b AND (customer_id {d.InList("customerIds")} OR lead_id {d.InList("leadIds")} OR call_id {d.InList("callIds")} OR recording_id {d.InList("recordingIds")})";
        var corrections = await s.ExecuteAsync(tx, $"UPDATE extraction_corrections SET old_value = NULL, new_value = NULL WHERE business_id = @b AND extraction_id IN (SELECT id FROM extractions WHERE {theirs})");
        var extractions = await s.ExecuteAsync(tx, $"UPDATE extractions SET fields = '{{}}', original_fields = '{{}}', updated_at = @now WHERE {theirs}");
        return [new("extractions", extractions), new("extraction_corrections", corrections)];
    }

    /// <summary>Customer merge: the merged customer's extractions now belong to the kept customer.</summary>
    public async Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        await tx.Connection.ExecuteAsync("UPDATE extractions SET customer_id = @toCustomerId WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId }, tx.Transaction);

    private const string Columns = """
        id, business_id, source, source_id, lead_id, customer_id, vehicle_id, call_id, recording_id, fields, original_fields,
        appointment_status, engine, needs_review, review_reasons, created_at, updated_at
        """;

    /// <summary>Inserts unless this source was already extracted (a retried work item); returns the stored row and whether it is new.</summary>
    public async Task<(StoredExtraction Extraction, bool Created)> InsertAsync(DbTx tx, StoredExtraction e)
    {
        var rows = await tx.Connection.ExecuteAsync($"""
            INSERT INTO extractions ({Columns}) VALUES (@Id, @BusinessId, @Source, @SourceId, @LeadId, @CustomerId, @VehicleId, @CallId, @RecordingId,
                @Fields, @OriginalFields, @AppointmentStatus, @Engine, @NeedsReview, @ReviewReasons, @CreatedAt, @UpdatedAt)
            ON CONFLICT (business_id, source, source_id) DO NOTHING
            """, e, tx.Transaction);
        var stored = await tx.Connection.QuerySingleAsync<StoredExtraction>(
            $"SELECT {Columns} FROM extractions WHERE business_id = @BusinessId AND source = @Source AND source_id = @SourceId", e, tx.Transaction);
        return (stored, rows == 1);
    }

    public async Task<StoredExtraction?> GetAsync(string businessId, string extractionId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StoredExtraction>($"SELECT {Columns} FROM extractions WHERE business_id = @businessId AND id = @extractionId", new { businessId, extractionId });
    }

    public async Task<StoredExtraction?> GetAsync(DbTx tx, string businessId, string extractionId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<StoredExtraction>($"SELECT {Columns} FROM extractions WHERE business_id = @businessId AND id = @extractionId", new { businessId, extractionId }, tx.Transaction);

    public async Task<IReadOnlyList<StoredExtraction>> ListAsync(string businessId, string? leadId, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<StoredExtraction>($"""
            SELECT {Columns} FROM extractions WHERE business_id = @businessId AND (@leadId IS NULL OR lead_id = @leadId)
            ORDER BY created_at DESC, id LIMIT @limit
            """, new { businessId, leadId, limit })];
    }

    public async Task UpdateFieldsAsync(DbTx tx, string businessId, string extractionId, Dictionary<string, ExtractedField> fields, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("UPDATE extractions SET fields = @Fields, updated_at = @now WHERE business_id = @businessId AND id = @extractionId",
            new { businessId, extractionId, Fields = Json.Serialize(fields), now }, tx.Transaction);

    public async Task SetLinksAsync(DbTx tx, string businessId, string extractionId, string? customerId, string? vehicleId) =>
        await tx.Connection.ExecuteAsync("UPDATE extractions SET customer_id = @customerId, vehicle_id = @vehicleId WHERE business_id = @businessId AND id = @extractionId",
            new { businessId, extractionId, customerId, vehicleId }, tx.Transaction);

    public async Task AddCorrectionAsync(DbTx tx, ExtractionCorrection c) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO extraction_corrections (id, business_id, extraction_id, field, old_value, new_value, old_confidence, corrected_by, corrected_at)
            VALUES (@Id, @BusinessId, @ExtractionId, @Field, @OldValue, @NewValue, @OldConfidence, @CorrectedBy, @CorrectedAt)
            """, c, tx.Transaction);

    public async Task<IReadOnlyList<ExtractionCorrection>> CorrectionsAsync(string businessId, string? extractionId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<ExtractionCorrection>("""
            SELECT id, business_id, extraction_id, field, old_value, new_value, old_confidence, corrected_by, corrected_at
            FROM extraction_corrections WHERE business_id = @businessId AND (@extractionId IS NULL OR extraction_id = @extractionId)
            ORDER BY corrected_at, id
            """, new { businessId, extractionId })];
    }

    /// <summary>
    /// Extraction quality from corrected examples: per field, the share of extracted values staff did not have to
    /// change. A field staff added (the engine missed it) counts against recall, reported separately.
    /// </summary>
    public async Task<IReadOnlyList<FieldQuality>> QualityAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<(string Id, string OriginalFields)>(
            "SELECT id, original_fields FROM extractions WHERE business_id = @businessId", new { businessId })).ToList();
        var corrections = (await CorrectionsAsync(businessId, null, ct)).GroupBy(c => (c.ExtractionId, c.Field)).ToDictionary(g => g.Key, g => g.First());
        var result = new List<FieldQuality>();
        foreach (var field in FieldNames.All)
        {
            int extracted = 0, corrected = 0, added = 0;
            foreach (var (id, original) in rows)
            {
                var had = Json.Deserialize<Dictionary<string, ExtractedField>>(original).ContainsKey(field);
                var fixedIt = corrections.ContainsKey((id, field));
                if (had) { extracted++; if (fixedIt) corrected++; }
                else if (fixedIt) added++;
            }
            if (extracted + added == 0) continue;
            result.Add(new FieldQuality(field, extracted, corrected, added, extracted == 0 ? 0 : Math.Round((extracted - corrected) / (double)extracted, 3)));
        }
        return result;
    }
}
