using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Leads;

/// <summary>Leads, always scoped by business.</summary>
public sealed class LeadStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the leads keep their status, source, service and value (the reports count them) and lose phone, name, e-mail, address, time wishes and notes.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s) =>
        [new("leads", await s.PerPhoneAsync(tx, """
            UPDATE leads SET phone = @pseudonym, name = NULL, email = NULL, address = NULL, preferred_time = NULL, notes = NULL, field_confidence = '{}', updated_at = @now
            WHERE business_id = @b AND phone = @phone
            """))];

    public const string Columns = """
        id, business_id, phone, name, email, address, service_needed, urgency, preferred_time, status, source,
        estimated_value, notes, field_confidence, cannot_text, created_at, updated_at
        """;

    public async Task<Lead?> GetAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND id = @leadId", new { businessId, leadId });
    }

    public async Task<Lead?> GetAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND id = @leadId", new { businessId, leadId }, tx.Transaction);

    public async Task<Lead?> GetByPhoneAsync(string businessId, string phone, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND phone = @phone", new { businessId, phone });
    }

    public async Task<Lead?> GetByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Lead>($"SELECT {Columns} FROM leads WHERE business_id = @businessId AND phone = @phone", new { businessId, phone }, tx.Transaction);

    public async Task<IReadOnlyList<Lead>> ListAsync(string businessId, string? status = null, string? search = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var like = string.IsNullOrWhiteSpace(search) ? null : "%" + search.Trim().ToLowerInvariant() + "%";
        return [.. await conn.QueryAsync<Lead>($"""
            SELECT {Columns} FROM leads
            WHERE business_id = @businessId AND (@status IS NULL OR status = @status)
              AND (@like IS NULL OR LOWER(COALESCE(name,'')) LIKE @like OR phone LIKE @like OR LOWER(COALESCE(address,'')) LIKE @like OR LOWER(COALESCE(service_needed,'')) LIKE @like)
            ORDER BY updated_at DESC, id LIMIT @limit
            """, new { businessId, status, like, limit })];
    }

    /// <summary>How many of the business's leads are in each status (statuses with none are absent).</summary>
    public async Task<Dictionary<string, int>> CountByStatusAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM leads WHERE business_id = @businessId GROUP BY status", new { businessId }))
            .ToDictionary(r => r.Status, r => (int)r.Count);
    }

    /// <summary>Finds the lead for a phone or creates it (one per phone per business; safe under races).</summary>
    public async Task<(Lead Lead, bool Created)> GetOrCreateAsync(DbTx tx, string businessId, string phone, string source, string status = LeadStatuses.New)
    {
        var now = clock.GetUtcNow();
        var id = Ids.New();
        var inserted = await tx.Connection.ExecuteAsync("""
            INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
            VALUES (@id, @businessId, @phone, 'unknown', @status, @source, '{}', FALSE, @now, @now)
            ON CONFLICT (business_id, phone) DO NOTHING
            """, new { id, businessId, phone, status, source, now }, tx.Transaction);
        var lead = await GetByPhoneAsync(tx, businessId, phone) ?? throw new InvalidOperationException("Lead vanished after upsert.");
        return (lead, inserted == 1);
    }

    public async Task SetStatusAsync(DbTx tx, string businessId, string leadId, string status) =>
        await tx.Connection.ExecuteAsync("UPDATE leads SET status = @status, updated_at = @now WHERE business_id = @businessId AND id = @leadId",
            new { businessId, leadId, status, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>Lead columns that may be written through <see cref="UpdateColumnsAsync"/>.</summary>
    public static readonly IReadOnlySet<string> WritableColumns = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "email", "address", "service_needed", "urgency", "preferred_time", "status", "estimated_value", "notes",
    };

    /// <summary>
    /// Writes some of the lead's fields (and, when given, the confidence per field as JSON). Column names come from
    /// <see cref="WritableColumns"/> only; anything else is a programming error.
    /// </summary>
    public async Task UpdateColumnsAsync(DbTx tx, string businessId, string leadId, IReadOnlyDictionary<string, object?> values, string? fieldConfidence = null)
    {
        if (values.Count == 0 && fieldConfidence is null) return;
        var args = new DynamicParameters(new { businessId, leadId, now = clock.GetUtcNow() });
        var sets = new List<string>();
        foreach (var (column, value) in values)
        {
            if (!WritableColumns.Contains(column)) throw new ArgumentException($"'{column}' is not a writable lead column.", nameof(values));
            sets.Add($"{column} = @v_{column}");
            args.Add("v_" + column, value);
        }
        if (fieldConfidence is not null)
        {
            sets.Add("field_confidence = @fieldConfidence");
            args.Add("fieldConfidence", fieldConfidence);
        }
        await tx.Connection.ExecuteAsync($"UPDATE leads SET {string.Join(", ", sets)}, updated_at = @now WHERE business_id = @businessId AND id = @leadId",
            args, tx.Transaction);
    }

    /// <summary>We texted a caller: a lead that was new (or had gone quiet or been lost) is contacted again.</summary>
    public Task MarkContactedAsync(DbTx tx, string businessId, string leadId) =>
        tx.Connection.ExecuteAsync("""
            UPDATE leads SET status = 'contacted', updated_at = @now
            WHERE business_id = @businessId AND id = @leadId AND status IN ('new','unresponsive','lost')
            """, new { businessId, leadId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The carrier says this number cannot take texts. Returns whether it changed and the lead's id (null: no lead).</summary>
    public async Task<(bool Changed, string? LeadId)> MarkCannotTextAsync(DbTx tx, string businessId, string phone)
    {
        var changed = await tx.Connection.ExecuteAsync("""
            UPDATE leads SET cannot_text = TRUE, updated_at = @now WHERE business_id = @businessId AND phone = @phone AND NOT cannot_text
            """, new { now = clock.GetUtcNow(), businessId, phone }, tx.Transaction);
        var leadId = await tx.Connection.ExecuteScalarAsync<string?>("SELECT id FROM leads WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone }, tx.Transaction);
        return (changed > 0, leadId);
    }

    /// <summary>Changes where the lead came from, only from <paramref name="from"/> (a voicemail after a missed call is the more specific source).</summary>
    public Task RefineSourceAsync(DbTx tx, string businessId, string leadId, string from, string to) =>
        tx.Connection.ExecuteAsync("UPDATE leads SET source = @to WHERE business_id = @businessId AND id = @leadId AND source = @from",
            new { businessId, leadId, from, to }, tx.Transaction);

    /// <summary>Adds a line to the lead's notes unless it is already there.</summary>
    public Task AppendNoteAsync(DbTx tx, string businessId, string leadId, string note) =>
        tx.Connection.ExecuteAsync("""
            UPDATE leads SET notes = CASE WHEN notes IS NULL OR notes = '' THEN @note WHEN notes LIKE @like THEN notes ELSE notes || @sep || @note END, updated_at = @now
            WHERE business_id = @businessId AND id = @leadId
            """, new { businessId, leadId, note, like = "%" + note + "%", sep = "\n", now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>A priced quote: its total becomes the lead's value, and its repairs the service when none was known.</summary>
    public Task SetEstimateAsync(DbTx tx, string businessId, string leadId, decimal total, string service) =>
        tx.Connection.ExecuteAsync("""
            UPDATE leads SET estimated_value = @total, service_needed = COALESCE(service_needed, @service), updated_at = @now
            WHERE business_id = @businessId AND id = @leadId
            """, new { total, service, businessId, leadId, now = clock.GetUtcNow() }, tx.Transaction);
}
