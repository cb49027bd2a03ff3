using CallRecover.Data;
using Dapper;

namespace CallRecover.Payments;

/// <summary>Invoices and their lines. Always scoped by business, except the lookup by a payment link's token hash.</summary>
public sealed class InvoiceStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerMergeParticipant
{
    public async Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        await tx.Connection.ExecuteAsync("UPDATE invoices SET customer_id = @toCustomerId, updated_at = @now WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId, now = clock.GetUtcNow() }, tx.Transaction);

    private const string Columns = """
        id, business_id, job_id, lead_id, customer_id, quote_id, status, currency, total_cents, pay_token_hash, sent_message_id, sent_at, paid_at,
        created_at, updated_at
        """;

    private const string LineColumns = "id, business_id, invoice_id, position, source, description, qty, unit_cents, amount_cents";

    public async Task<InvoiceWithLines?> GetAsync(string businessId, string invoiceId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var invoice = await conn.QuerySingleOrDefaultAsync<Invoice>($"SELECT {Columns} FROM invoices WHERE business_id = @businessId AND id = @invoiceId",
            new { businessId, invoiceId });
        if (invoice is null) return null;
        var lines = await conn.QueryAsync<InvoiceLine>(
            $"SELECT {LineColumns} FROM invoice_lines WHERE business_id = @businessId AND invoice_id = @invoiceId ORDER BY position, id", new { businessId, invoiceId });
        return new(invoice, [.. lines]);
    }

    public async Task<Invoice?> GetAsync(DbTx tx, string businessId, string invoiceId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Invoice>($"SELECT {Columns} FROM invoices WHERE business_id = @businessId AND id = @invoiceId",
            new { businessId, invoiceId }, tx.Transaction);

    public async Task<IReadOnlyList<InvoiceLine>> LinesAsync(DbTx tx, string businessId, string invoiceId) =>
        [.. await tx.Connection.QueryAsync<InvoiceLine>(
            $"SELECT {LineColumns} FROM invoice_lines WHERE business_id = @businessId AND invoice_id = @invoiceId ORDER BY position, id",
            new { businessId, invoiceId }, tx.Transaction)];

    /// <summary>The invoice a payment link's token opens (the hash is unique across businesses); null for an unknown token.</summary>
    public async Task<Invoice?> ByPayTokenHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Invoice>($"SELECT {Columns} FROM invoices WHERE pay_token_hash = @tokenHash", new { tokenHash });
    }

    public async Task<IReadOnlyList<Invoice>> ListAsync(string businessId, string? status = null, string? jobId = null, int limit = 500, CancellationToken ct = default)
    {
        var filters = (status is null ? "" : " AND status = @status") + (jobId is null ? "" : " AND job_id = @jobId");
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Invoice>(
            $"SELECT {Columns} FROM invoices WHERE business_id = @businessId{filters} ORDER BY updated_at DESC, id DESC LIMIT {limit}",
            new { businessId, status, jobId })];
    }

    private static readonly string AliasedColumns = string.Join(", ", Columns.Split(',').Select(c => "i." + c.Trim()));

    /// <summary>
    /// The staff list: the business's invoices newest first, optionally of one status, with who and what each is for
    /// (the customer's name, else the lead's; the job's title).
    /// </summary>
    public async Task<IReadOnlyList<InvoiceRow>> BoardAsync(string businessId, string? status = null, int limit = 200, CancellationToken ct = default)
    {
        var filter = status is null ? "" : "AND i.status = @status";
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Invoice, InvoiceParty, InvoiceRow>($"""
            SELECT {AliasedColumns}, l.phone AS lead_phone, l.name AS lead_name, c.name AS customer_name, j.title AS job_title
            FROM invoices i
            JOIN leads l ON l.business_id = i.business_id AND l.id = i.lead_id
            LEFT JOIN customers c ON c.business_id = i.business_id AND c.id = i.customer_id
            LEFT JOIN jobs j ON j.business_id = i.business_id AND j.id = i.job_id
            WHERE i.business_id = @businessId {filter}
            ORDER BY i.created_at DESC, i.id DESC LIMIT {limit}
            """, (i, p) => new InvoiceRow(i, p.CustomerName ?? p.LeadName, p.LeadPhone, p.JobTitle), new { businessId, status }, splitOn: "lead_phone")];
    }

    /// <summary>Split on the lead's phone, which is never null: Dapper maps a null split column to a null object.</summary>
    private sealed class InvoiceParty
    {
        public string LeadPhone { get; set; } = "";
        public string? LeadName { get; set; }
        public string? CustomerName { get; set; }
        public string? JobTitle { get; set; }
    }

    /// <summary>What customers owe (sent, not paid yet) and what was paid since <paramref name="paidSince"/>, in cents.</summary>
    public async Task<InvoiceTotals> TotalsAsync(string businessId, DateTimeOffset paidSince, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleAsync<InvoiceTotals>("""
            SELECT CAST(COALESCE(SUM(CASE WHEN status = 'sent' THEN total_cents ELSE 0 END), 0) AS BIGINT) AS outstanding_cents,
                   CAST(COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0) AS BIGINT) AS outstanding_count,
                   CAST(COALESCE(SUM(CASE WHEN status = 'paid' AND paid_at >= @paidSince THEN total_cents ELSE 0 END), 0) AS BIGINT) AS paid_cents,
                   CAST(COALESCE(SUM(CASE WHEN status = 'paid' AND paid_at >= @paidSince THEN 1 ELSE 0 END), 0) AS BIGINT) AS paid_count
            FROM invoices WHERE business_id = @businessId AND status IN ('sent','paid')
            """, new { businessId, paidSince });
    }

    /// <summary>The invoices of these jobs (at most one each), for links from job cards and customer pages.</summary>
    public async Task<IReadOnlyList<Invoice>> ForJobsAsync(string businessId, IReadOnlyCollection<string> jobIds, CancellationToken ct = default)
    {
        if (jobIds.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var found = new List<Invoice>();
        // In chunks: SQLite caps the number of parameters in one statement.
        foreach (var chunk in jobIds.Distinct().Chunk(500))
            found.AddRange(await conn.QueryAsync<Invoice>($"SELECT {Columns} FROM invoices WHERE business_id = @businessId AND job_id {db.Dialect.InList("jobIds")}",
                new { businessId, jobIds = chunk }));
        return found;
    }

    /// <summary>The sent or paid invoices of a lead, or of its customer (what the customer's portal shows).</summary>
    public async Task<IReadOnlyList<Invoice>> ForCustomerAsync(string businessId, string leadId, string? customerId, CancellationToken ct = default)
    {
        var customer = customerId is null ? "" : " OR customer_id = @customerId";
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Invoice>($"""
            SELECT {Columns} FROM invoices
            WHERE business_id = @businessId AND status IN ('sent','paid') AND (lead_id = @leadId{customer})
            ORDER BY created_at DESC, id DESC LIMIT 50
            """, new { businessId, leadId, customerId })];
    }

    /// <summary>Inserts the job's invoice with its lines unless the job already has one (the unique index decides). True when inserted.</summary>
    public async Task<bool> TryInsertAsync(DbTx tx, Invoice invoice, IReadOnlyList<InvoiceLine> lines)
    {
        var inserted = await tx.Connection.ExecuteAsync($"""
            INSERT INTO invoices ({Columns}) VALUES (@Id, @BusinessId, @JobId, @LeadId, @CustomerId, @QuoteId, @Status, @Currency, @TotalCents, @PayTokenHash,
                @SentMessageId, @SentAt, @PaidAt, @CreatedAt, @UpdatedAt)
            ON CONFLICT (job_id) DO NOTHING
            """, invoice, tx.Transaction) == 1;
        if (!inserted) return false;
        foreach (var line in lines) await InsertLineAsync(tx, line with { BusinessId = invoice.BusinessId, InvoiceId = invoice.Id });
        await RecomputeTotalAsync(tx, invoice.BusinessId, invoice.Id);
        return true;
    }

    /// <summary>Adds a line at the end of a draft invoice; false when the invoice is not a draft (any more).</summary>
    public async Task<bool> TryAddLineAsync(DbTx tx, string businessId, string invoiceId, InvoiceLine line)
    {
        if (!await LockDraftAsync(tx, businessId, invoiceId)) return false;
        var position = await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM invoice_lines WHERE business_id = @businessId AND invoice_id = @invoiceId",
            new { businessId, invoiceId }, tx.Transaction);
        await InsertLineAsync(tx, line with { BusinessId = businessId, InvoiceId = invoiceId, Position = position });
        await RecomputeTotalAsync(tx, businessId, invoiceId);
        return true;
    }

    /// <summary>Removes a line of a draft invoice; false when the invoice is not a draft or has no such line.</summary>
    public async Task<bool> TryRemoveLineAsync(DbTx tx, string businessId, string invoiceId, string lineId)
    {
        if (!await LockDraftAsync(tx, businessId, invoiceId)) return false;
        var removed = await tx.Connection.ExecuteAsync("DELETE FROM invoice_lines WHERE business_id = @businessId AND invoice_id = @invoiceId AND id = @lineId",
            new { businessId, invoiceId, lineId }, tx.Transaction) == 1;
        if (removed) await RecomputeTotalAsync(tx, businessId, invoiceId);
        return removed;
    }

    /// <summary>Marks a draft or sent invoice sent (again) with a new payment-link token hash; false when it is paid or void.</summary>
    public async Task<bool> TryMarkSentAsync(DbTx tx, string businessId, string invoiceId, string payTokenHash, string? messageId)
    {
        var now = clock.GetUtcNow();
        return await tx.Connection.ExecuteAsync("""
            UPDATE invoices SET status = 'sent', pay_token_hash = @payTokenHash, sent_message_id = @messageId, sent_at = @now, updated_at = @now
            WHERE business_id = @businessId AND id = @invoiceId AND status IN ('draft','sent')
            """, new { businessId, invoiceId, payTokenHash, messageId, now }, tx.Transaction) == 1;
    }

    /// <summary>Marks a sent invoice paid, once; false when it was not sent (or already paid).</summary>
    public async Task<bool> TryMarkPaidAsync(DbTx tx, string businessId, string invoiceId)
    {
        var now = clock.GetUtcNow();
        return await tx.Connection.ExecuteAsync("""
            UPDATE invoices SET status = 'paid', paid_at = @now, updated_at = @now
            WHERE business_id = @businessId AND id = @invoiceId AND status = 'sent'
            """, new { businessId, invoiceId, now }, tx.Transaction) == 1;
    }

    /// <summary>Touches a draft invoice (serializing concurrent edits on PostgreSQL); false when it is not a draft.</summary>
    private async Task<bool> LockDraftAsync(DbTx tx, string businessId, string invoiceId) =>
        await tx.Connection.ExecuteAsync("UPDATE invoices SET updated_at = @now WHERE business_id = @businessId AND id = @invoiceId AND status = 'draft'",
            new { businessId, invoiceId, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    private async Task InsertLineAsync(DbTx tx, InvoiceLine line) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO invoice_lines ({LineColumns}) VALUES (@Id, @BusinessId, @InvoiceId, @Position, @Source, @Description, @Qty, @UnitCents, @AmountCents)
            """, line, tx.Transaction);

    private async Task RecomputeTotalAsync(DbTx tx, string businessId, string invoiceId) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE invoices SET total_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM invoice_lines WHERE business_id = @businessId AND invoice_id = @invoiceId)
            WHERE business_id = @businessId AND id = @invoiceId
            """, new { businessId, invoiceId }, tx.Transaction);
}
