using CallRecover.Customers;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>Quotes and their line items, always scoped by business.</summary>
public sealed class QuoteStore(Db db, TimeProvider clock) : ICustomerMergeParticipant
{
    /// <summary>Customer merge: the merged customer's quotes now belong to the kept customer.</summary>
    public async Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        await tx.Connection.ExecuteAsync("UPDATE quotes SET customer_id = @toCustomerId, updated_at = @now WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId, now = clock.GetUtcNow() }, tx.Transaction);

    public const string Columns = """
        id, business_id, lead_id, customer_id, vehicle_id, extraction_id, call_id, conversation_id, status, needs_review, review_reason,
        labor_total, parts_total, adjustments_total, fees_total, total, estimate, catalog_version, sent_message_id, sent_at,
        approved_at, approved_by, declined_at, declined_by, expires_at, created_at, updated_at
        """;

    private const string ItemColumns = "id, business_id, quote_id, position, kind, repair, description, part_number, hours, qty, unit_price, amount, price_source, price_fetched_at";

    public async Task<QuoteWithItems?> GetAsync(string businessId, string quoteId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var quote = await conn.QuerySingleOrDefaultAsync<Quote>($"SELECT {Columns} FROM quotes WHERE business_id = @businessId AND id = @quoteId", new { businessId, quoteId });
        if (quote is null) return null;
        var items = await conn.QueryAsync<QuoteItem>($"SELECT {ItemColumns} FROM quote_items WHERE business_id = @businessId AND quote_id = @quoteId ORDER BY position", new { businessId, quoteId });
        return new QuoteWithItems(quote, [.. items]);
    }

    public async Task<Quote?> GetAsync(DbTx tx, string businessId, string quoteId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Quote>($"SELECT {Columns} FROM quotes WHERE business_id = @businessId AND id = @quoteId", new { businessId, quoteId }, tx.Transaction);

    /// <summary>The quote, locked for this transaction: a staff action checks its status and writes with no answer
    /// from the caller (their YES) landing in between.</summary>
    public async Task<Quote?> GetForChangeAsync(DbTx tx, string businessId, string quoteId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Quote>($"SELECT {Columns} FROM quotes WHERE business_id = @businessId AND id = @quoteId {db.Dialect.ForUpdate}", new { businessId, quoteId }, tx.Transaction);

    public async Task<IReadOnlyList<QuoteItem>> ItemsAsync(DbTx tx, string businessId, string quoteId) =>
        [.. await tx.Connection.QueryAsync<QuoteItem>($"SELECT {ItemColumns} FROM quote_items WHERE business_id = @businessId AND quote_id = @quoteId ORDER BY position", new { businessId, quoteId }, tx.Transaction)];

    public async Task<IReadOnlyList<Quote>> ListAsync(string businessId, string? status = null, string? leadId = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Quote>($"""
            SELECT {Columns} FROM quotes
            WHERE business_id = @businessId AND (@status IS NULL OR status = @status) AND (@leadId IS NULL OR lead_id = @leadId)
            ORDER BY created_at DESC, id LIMIT @limit
            """, new { businessId, status, leadId, limit })];
    }

    /// <summary>The dashboard's quote list: newest first, with who the quote is for (customer, else lead name, and phone).</summary>
    public async Task<IReadOnlyList<QuoteListRow>> ListRowsAsync(string businessId, string? status = null, int limit = 300, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<QuoteListRow>("""
            SELECT q.id, q.lead_id, q.customer_id, q.status, q.needs_review, q.total, q.sent_at, q.expires_at, q.created_at, q.updated_at,
                   COALESCE(c.name, l.name) AS name, l.phone
            FROM quotes q
            JOIN leads l ON l.business_id = q.business_id AND l.id = q.lead_id
            LEFT JOIN customers c ON c.business_id = q.business_id AND c.id = q.customer_id
            WHERE q.business_id = @businessId AND (@status IS NULL OR q.status = @status)
            ORDER BY q.created_at DESC, q.id LIMIT @limit
            """, new { businessId, status, limit })];
    }

    /// <summary>How many of the business's quotes are in each status (statuses with none are absent).</summary>
    public async Task<Dictionary<string, int>> CountByStatusAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM quotes WHERE business_id = @businessId GROUP BY status", new { businessId }))
            .ToDictionary(r => r.Status, r => (int)r.Count);
    }

    /// <summary>A customer's quotes: linked to the customer, or to the lead with the customer's phone (before extraction linked them).</summary>
    public async Task<IReadOnlyList<Quote>> ForCustomerAsync(string businessId, string customerId, string phone, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Quote>($"""
            SELECT {Columns} FROM quotes
            WHERE business_id = @businessId
              AND (customer_id = @customerId OR lead_id IN (SELECT id FROM leads WHERE business_id = @businessId AND phone = @phone))
            ORDER BY created_at DESC, id LIMIT 200
            """, new { businessId, customerId, phone })];
    }

    /// <summary>The quote a caller's YES/NO answers: the latest one sent to this lead and still waiting.</summary>
    public async Task<Quote?> PendingSentForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Quote>($"""
            SELECT {Columns} FROM quotes WHERE business_id = @businessId AND lead_id = @leadId AND status = 'sent'
            ORDER BY sent_at DESC, id DESC LIMIT 1
            """, new { businessId, leadId }, tx.Transaction);

    /// <summary>Sending a new quote: older ones still waiting for this lead's answer expire (a YES answers the newest).</summary>
    public Task ExpireOthersForLeadAsync(DbTx tx, string businessId, string leadId, string exceptQuoteId) =>
        tx.Connection.ExecuteAsync("""
            UPDATE quotes SET status = 'expired', updated_at = @now
            WHERE business_id = @businessId AND lead_id = @leadId AND status = 'sent' AND id <> @exceptQuoteId
            """, new { businessId, leadId, exceptQuoteId, now = clock.GetUtcNow() }, tx.Transaction);

    public async Task InsertAsync(DbTx tx, Quote q) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO quotes ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @CustomerId, @VehicleId, @ExtractionId, @CallId, @ConversationId,
                @Status, @NeedsReview, @ReviewReason, @LaborTotal, @PartsTotal, @AdjustmentsTotal, @FeesTotal, @Total, @Estimate, @CatalogVersion,
                @SentMessageId, @SentAt, @ApprovedAt, @ApprovedBy, @DeclinedAt, @DeclinedBy, @ExpiresAt, @CreatedAt, @UpdatedAt)
            """, q, tx.Transaction);

    public async Task ReplaceItemsAsync(DbTx tx, string businessId, string quoteId, IReadOnlyList<QuoteItem> items)
    {
        await tx.Connection.ExecuteAsync("DELETE FROM quote_items WHERE business_id = @businessId AND quote_id = @quoteId", new { businessId, quoteId }, tx.Transaction);
        foreach (var item in items)
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO quote_items ({ItemColumns})
                VALUES (@Id, @BusinessId, @QuoteId, @Position, @Kind, @Repair, @Description, @PartNumber, @Hours, @Qty, @UnitPrice, @Amount, @PriceSource, @PriceFetchedAt)
                """, item with { BusinessId = businessId, QuoteId = quoteId }, tx.Transaction);
    }

    // ---- the quality loop: staff corrections of the engine's quotes ----

    public async Task InsertCorrectionsAsync(DbTx tx, IReadOnlyList<QuoteCorrection> corrections)
    {
        foreach (var c in corrections)
            await tx.Connection.ExecuteAsync("""
                INSERT INTO quote_corrections (id, business_id, quote_id, repair, kind, before_amount, after_amount, before_hours, after_hours, actor, created_at)
                VALUES (@Id, @BusinessId, @QuoteId, @Repair, @Kind, @BeforeAmount, @AfterAmount, @BeforeHours, @AfterHours, @Actor, @CreatedAt)
                """, c, tx.Transaction);
    }

    /// <summary>The business's corrections grouped by repair, most corrected quotes first, with how many of its quotes
    /// priced that repair at all.</summary>
    public async Task<IReadOnlyList<RepairCorrections>> CorrectionsByRepairAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<QuoteCorrection>("""
            SELECT id, business_id, quote_id, repair, kind, before_amount, after_amount, before_hours, after_hours, actor, created_at
            FROM quote_corrections WHERE business_id = @businessId
            """, new { businessId })).ToList();
        var priced = (await conn.QueryAsync<(string Repair, int Quotes)>("""
            SELECT lower(repair) AS repair, COUNT(DISTINCT quote_id) AS quotes FROM quote_items
            WHERE business_id = @businessId AND repair IS NOT NULL GROUP BY lower(repair)
            """, new { businessId })).ToDictionary(r => r.Repair, r => r.Quotes);
        static decimal Change(QuoteCorrection c) => (c.AfterAmount ?? 0) - (c.BeforeAmount ?? 0);
        static decimal Average(IEnumerable<QuoteCorrection> cs) => cs.Any() ? Math.Round(cs.Average(Change), 2) : 0;
        return [.. rows.GroupBy(r => r.Repair?.ToLowerInvariant()).Select(g =>
        {
            var labor = g.Where(c => c.Kind == QuoteItemKinds.Labor).ToList();
            var parts = g.Where(c => c.Kind == QuoteItemKinds.Part).ToList();
            var corrected = g.Select(c => c.QuoteId).Distinct().Count();
            return new RepairCorrections
            {
                Repair = g.OrderByDescending(c => c.CreatedAt).First().Repair, QuotesCorrected = corrected,
                QuotesWithRepair = Math.Max(corrected, g.Key is null ? corrected : priced.GetValueOrDefault(g.Key)),
                LaborCorrections = labor.Count, PartsCorrections = parts.Count, AverageLaborChange = Average(labor), AveragePartsChange = Average(parts),
                LastCorrectedAt = g.Max(c => c.CreatedAt),
            };
        }).OrderByDescending(r => r.QuotesCorrected).ThenByDescending(r => r.LastCorrectedAt)];
    }

    public async Task UpdateAsync(DbTx tx, Quote q) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE quotes SET customer_id = @CustomerId, vehicle_id = @VehicleId, conversation_id = @ConversationId, status = @Status,
                needs_review = @NeedsReview, review_reason = @ReviewReason, labor_total = @LaborTotal, parts_total = @PartsTotal,
                adjustments_total = @AdjustmentsTotal, fees_total = @FeesTotal, total = @Total, estimate = @Estimate, catalog_version = @CatalogVersion,
                sent_message_id = @SentMessageId, sent_at = @SentAt, approved_at = @ApprovedAt, approved_by = @ApprovedBy,
                declined_at = @DeclinedAt, declined_by = @DeclinedBy, expires_at = @ExpiresAt, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id
            """, q, tx.Transaction);

    /// <summary>
    /// Expires every sent quote past its expiry, across businesses (the platform's expiry sweep); returns exactly the
    /// quotes this call expired, for their live events. One statement, so a concurrent run expires none twice.
    /// </summary>
    public async Task<IReadOnlyList<ExpiredQuote>> ExpireDueAsync(DbTx tx, DateTimeOffset now) =>
        [.. await tx.Connection.QueryAsync<ExpiredQuote>("""
            UPDATE quotes SET status = 'expired', updated_at = @now WHERE status = 'sent' AND expires_at <= @now
            RETURNING id, business_id
            """, new { now }, tx.Transaction)];

    /// <summary>Moves a quote from one of <paramref name="from"/> to <paramref name="to"/>; false when it was not in those statuses
    /// (a second YES, or staff and caller answering at once, change it only once).</summary>
    public async Task<bool> TransitionAsync(DbTx tx, string businessId, string quoteId, string[] from, string to, string actor, DateTimeOffset now)
    {
        var set = to switch
        {
            QuoteStatuses.Approved => "approved_at = @now, approved_by = @actor,",
            QuoteStatuses.Declined => "declined_at = @now, declined_by = @actor,",
            _ => "",
        };
        // Statuses are inlined (from the closed set only): Dapper does not expand lists for Npgsql, and IN needs a list on SQLite.
        var fromList = string.Join(",", from.Where(QuoteStatuses.All.Contains).Select(f => $"'{f}'"));
        return await tx.Connection.ExecuteAsync($"""
            UPDATE quotes SET status = @to, {set} updated_at = @now
            WHERE business_id = @businessId AND id = @quoteId AND status IN ({fromList})
            """, new { businessId, quoteId, to, actor, now }, tx.Transaction) == 1;
    }
}

/// <summary>A quote the expiry sweep expired.</summary>
public sealed record ExpiredQuote
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
}

/// <summary>One line of the dashboard's quote list.</summary>
public sealed record QuoteListRow
{
    public string Id { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CustomerId { get; init; }
    public string Status { get; init; } = QuoteStatuses.Draft;
    public bool NeedsReview { get; init; }
    public decimal Total { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The customer's name, else the lead's (null when nobody gave one).</summary>
    public string? Name { get; init; }
    public string Phone { get; init; } = "";
}
