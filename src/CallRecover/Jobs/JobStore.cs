using CallRecover.Customers;
using System.Data.Common;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Jobs;

/// <summary>Jobs and the per-business job settings (the completion checklist). Always scoped by business.</summary>
public sealed class JobStore(Db db, TimeProvider clock) : ICustomerMergeParticipant, CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: jobs stay (stages, money, dates) without the office's and the technician's notes.</summary>
    public async Task<IReadOnlyList<Erased>> EraseCustomerAsync(DbTx tx, ErasureSubject s) =>
        [new("jobs", await s.ExecuteAsync(tx, $"""
            UPDATE jobs SET notes = NULL, technician_notes = NULL, updated_at = @now
            WHERE business_id = @b AND (customer_id {tx.Dialect.InList("customerIds")} OR lead_id {tx.Dialect.InList("leadIds")})
            """))];

    /// <summary>Customer merge: the merged customer's jobs now belong to the kept customer.</summary>
    public async Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        await tx.Connection.ExecuteAsync("UPDATE jobs SET customer_id = @toCustomerId, updated_at = @now WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId, now = clock.GetUtcNow() }, tx.Transaction);

    public const string Columns = """
        id, business_id, lead_id, customer_id, quote_id, source, title, stage, notes, technician_notes, checklist_done,
        stage_changed_at, completed_at, paid_at, created_at, updated_at
        """;

    private static readonly string AliasedColumns = string.Join(", ", Columns.Split(',').Select(c => "j." + c.Trim()));

    public async Task<Job?> GetAsync(string businessId, string jobId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Job>($"SELECT {Columns} FROM jobs WHERE business_id = @businessId AND id = @jobId", new { businessId, jobId });
    }

    public async Task<Job?> GetAsync(DbTx tx, string businessId, string jobId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Job>($"SELECT {Columns} FROM jobs WHERE business_id = @businessId AND id = @jobId",
            new { businessId, jobId }, tx.Transaction);

    public async Task<Job?> ForQuoteAsync(DbTx tx, string businessId, string quoteId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Job>($"SELECT {Columns} FROM jobs WHERE business_id = @businessId AND quote_id = @quoteId",
            new { businessId, quoteId }, tx.Transaction);

    /// <summary>The lead's newest open job that has no live visit yet (an approved quote waiting to be scheduled).</summary>
    public async Task<Job?> WaitingForVisitAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<Job>($"""
            SELECT {AliasedColumns} FROM jobs j
            WHERE j.business_id = @businessId AND j.lead_id = @leadId AND j.stage IN ('quote_requested','quote_sent','confirmed')
              AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.business_id = j.business_id AND a.job_id = j.id AND a.status IN ('scheduled','confirmed'))
            ORDER BY j.created_at DESC, j.id DESC
            """, new { businessId, leadId }, tx.Transaction);

    /// <summary>
    /// The lead's newest open job for the same work: titled like <paramref name="service"/> (any open job when the
    /// service is not known). A second visit booked for the same work joins that job instead of opening a twin card.
    /// </summary>
    public async Task<Job?> OpenForSameWorkAsync(DbTx tx, string businessId, string leadId, string? service)
    {
        var sameWork = string.IsNullOrWhiteSpace(service) ? "" : "AND lower(j.title) = lower(@service)";
        return await tx.Connection.QueryFirstOrDefaultAsync<Job>($"""
            SELECT {AliasedColumns} FROM jobs j
            WHERE j.business_id = @businessId AND j.lead_id = @leadId AND j.stage IN ('quote_requested','quote_sent','confirmed','in_progress') {sameWork}
            ORDER BY j.created_at DESC, j.id DESC
            """, new { businessId, leadId, service = service?.Trim() }, tx.Transaction);
    }

    /// <summary>
    /// Jobs with who they are for and their parts order's status, newest change first; optionally of one stage,
    /// or only those with a visit of <paramref name="technicianId"/> (what a technician may see).
    /// </summary>
    public async Task<IReadOnlyList<JobRow>> ListAsync(string businessId, string? stage = null, string? technicianId = null, int limit = 500,
        CancellationToken ct = default)
    {
        var stageFilter = stage is null ? "" : "AND j.stage = @stage";
        var technicianFilter = technicianId is null ? ""
            : "AND EXISTS (SELECT 1 FROM appointments v WHERE v.business_id = j.business_id AND v.job_id = j.id AND v.technician_id = @technicianId)";
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<JobRow>($"""
            SELECT j.id, j.lead_id, j.stage, j.title, j.quote_id, j.customer_id, j.updated_at, l.name AS customer_name, l.phone AS customer_phone,
                l.address, p.status AS parts_status
            FROM jobs j
            JOIN leads l ON l.business_id = j.business_id AND l.id = j.lead_id
            LEFT JOIN parts_orders p ON p.business_id = j.business_id AND p.job_id = j.id
            WHERE j.business_id = @businessId {stageFilter} {technicianFilter}
            ORDER BY j.updated_at DESC, j.id DESC LIMIT {limit}
            """, new { businessId, stage, technicianId })];
    }

    /// <summary>A lead's jobs, newest first (what the customer's portal shows).</summary>
    public async Task<IReadOnlyList<Job>> ForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Job>($"SELECT {Columns} FROM jobs WHERE business_id = @businessId AND lead_id = @leadId ORDER BY created_at DESC, id DESC LIMIT 50",
            new { businessId, leadId })];
    }

    public async Task InsertAsync(DbTx tx, Job job) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO jobs ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @CustomerId, @QuoteId, @Source, @Title, @Stage, @Notes, @TechnicianNotes,
                @ChecklistDone, @StageChangedAt, @CompletedAt, @PaidAt, @CreatedAt, @UpdatedAt)
            """, job, tx.Transaction);

    /// <summary>
    /// The quote's job, inserted unless the quote already has one (a replayed approval): the unique index on quote_id
    /// decides, so two approvals racing on two nodes still make one job. True when this call inserted it.
    /// </summary>
    public async Task<bool> TryInsertForQuoteAsync(DbTx tx, Job job) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO jobs ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @CustomerId, @QuoteId, @Source, @Title, @Stage, @Notes, @TechnicianNotes,
                @ChecklistDone, @StageChangedAt, @CompletedAt, @PaidAt, @CreatedAt, @UpdatedAt)
            ON CONFLICT (quote_id) WHERE quote_id IS NOT NULL DO NOTHING
            """, job, tx.Transaction) == 1;

    /// <summary>Moves the job only if it is still in <paramref name="from"/>; false when someone moved it first.</summary>
    public async Task<bool> TryChangeStageAsync(DbTx tx, string businessId, string jobId, string from, string to)
    {
        var now = clock.GetUtcNow();
        return await tx.Connection.ExecuteAsync("""
            UPDATE jobs SET stage = @to, stage_changed_at = @now, updated_at = @now,
                completed_at = CASE WHEN @to = 'completed' THEN @now ELSE completed_at END
            WHERE business_id = @businessId AND id = @jobId AND stage = @from
            """, new { businessId, jobId, from, to, now }, tx.Transaction) == 1;
    }

    /// <summary>Closes a completed job as paid (once); false when it is not completed or already paid.</summary>
    public async Task<bool> TryMarkPaidAsync(DbTx tx, string businessId, string jobId)
    {
        var now = clock.GetUtcNow();
        return await tx.Connection.ExecuteAsync("""
            UPDATE jobs SET paid_at = @now, updated_at = @now
            WHERE business_id = @businessId AND id = @jobId AND stage = 'completed' AND paid_at IS NULL
            """, new { businessId, jobId, now }, tx.Transaction) == 1;
    }

    public async Task SetTechnicianNotesAsync(DbTx tx, string businessId, string jobId, string? notes) =>
        await tx.Connection.ExecuteAsync("UPDATE jobs SET technician_notes = @notes, updated_at = @now WHERE business_id = @businessId AND id = @jobId",
            new { businessId, jobId, notes, now = clock.GetUtcNow() }, tx.Transaction);

    public async Task SetChecklistDoneAsync(DbTx tx, string businessId, string jobId, IReadOnlyList<string> done) =>
        await tx.Connection.ExecuteAsync("UPDATE jobs SET checklist_done = @done, updated_at = @now WHERE business_id = @businessId AND id = @jobId",
            new { businessId, jobId, done = Json.Serialize(done), now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The business's completion checklist (empty: none).</summary>
    public async Task<IReadOnlyList<string>> ChecklistAsync(DbConnection conn, DbTransaction? transaction, string businessId) =>
        await conn.ExecuteScalarAsync<string?>("SELECT checklist FROM job_settings WHERE business_id = @businessId", new { businessId }, transaction) is { } json
            ? Json.Deserialize<List<string>>(json) : [];

    public async Task SaveChecklistAsync(DbTx tx, string businessId, IReadOnlyList<string> items) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO job_settings (business_id, checklist, updated_at) VALUES (@businessId, @checklist, @now)
            ON CONFLICT (business_id) DO UPDATE SET checklist = excluded.checklist, updated_at = excluded.updated_at
            """, new { businessId, checklist = Json.Serialize(items), now = clock.GetUtcNow() }, tx.Transaction);
}

/// <summary>A job on a board: who it is for and whether it waits for parts.</summary>
public sealed record JobRow
{
    public string Id { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string Stage { get; init; } = "";
    public string Title { get; init; } = "";
    public string? QuoteId { get; init; }
    public string? CustomerId { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? CustomerName { get; init; }
    public string CustomerPhone { get; init; } = "";
    public string? Address { get; init; }
    public string? PartsStatus { get; init; }
    public bool WaitingForParts => PartsStatus is not null && PartsStatus != PartsOrderStatuses.Received;
}
