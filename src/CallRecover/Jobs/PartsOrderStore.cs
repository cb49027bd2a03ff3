using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Jobs;

/// <summary>Parts orders (one per job) and their line items.</summary>
public sealed class PartsOrderStore(Db db, TimeProvider clock)
{
    public const string Columns = "id, business_id, job_id, supplier_name, supplier_contact, status, requested_at, ordered_at, received_at, created_at, updated_at";
    private const string ItemColumns = "id, business_id, parts_order_id, position, part_number, description, qty, unit_cost";

    public async Task<IReadOnlyList<PartsOrder>> ListAsync(string businessId, string? jobId = null, CancellationToken ct = default)
    {
        var filter = jobId is null ? "" : "AND job_id = @jobId";
        await using var conn = await db.OpenAsync(ct);
        var orders = (await conn.QueryAsync<PartsOrder>(
            $"SELECT {Columns} FROM parts_orders WHERE business_id = @businessId {filter} ORDER BY created_at DESC, id LIMIT 500", new { businessId, jobId })).ToList();
        if (orders.Count == 0) return orders;
        var ids = orders.Select(o => o.Id).ToArray();
        var items = (await conn.QueryAsync<PartsOrderItem>(
            $"SELECT {ItemColumns} FROM parts_order_items WHERE business_id = @businessId AND parts_order_id {db.Dialect.InList("ids")} ORDER BY position",
            new { businessId, ids })).ToLookup(i => i.PartsOrderId);
        return [.. orders.Select(o => o with { Items = [.. items[o.Id]] })];
    }

    public async Task<PartsOrder?> GetAsync(DbTx tx, string businessId, string partsOrderId)
    {
        var order = await tx.Connection.QuerySingleOrDefaultAsync<PartsOrder>(
            $"SELECT {Columns} FROM parts_orders WHERE business_id = @businessId AND id = @partsOrderId", new { businessId, partsOrderId }, tx.Transaction);
        if (order is null) return null;
        var items = await tx.Connection.QueryAsync<PartsOrderItem>(
            $"SELECT {ItemColumns} FROM parts_order_items WHERE business_id = @businessId AND parts_order_id = @partsOrderId ORDER BY position",
            new { businessId, partsOrderId }, tx.Transaction);
        return order with { Items = [.. items] };
    }

    /// <summary>Opens the job's parts order with its lines unless the job has one (one per job); false then.</summary>
    public async Task<bool> TryOpenAsync(DbTx tx, PartsOrder order)
    {
        var inserted = await tx.Connection.ExecuteAsync($"""
            INSERT INTO parts_orders ({Columns}) VALUES (@Id, @BusinessId, @JobId, @SupplierName, @SupplierContact, @Status, @RequestedAt, NULL, NULL,
                @CreatedAt, @UpdatedAt)
            ON CONFLICT (job_id) DO NOTHING
            """, order, tx.Transaction) == 1;
        if (!inserted) return false;
        foreach (var item in order.Items)
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO parts_order_items ({ItemColumns}) VALUES (@Id, @BusinessId, @PartsOrderId, @Position, @PartNumber, @Description, @Qty, @UnitCost)
                """, item with { BusinessId = order.BusinessId, PartsOrderId = order.Id }, tx.Transaction);
        return true;
    }

    /// <summary>Moves the order forward from <paramref name="from"/> (stamping the new status's time); false when it changed meanwhile.</summary>
    public async Task<bool> TryChangeStatusAsync(DbTx tx, string businessId, string partsOrderId, string from, string to, string? supplierName, string? supplierContact)
    {
        var stamp = to switch
        {
            PartsOrderStatuses.Ordered => "ordered_at = @now",
            PartsOrderStatuses.Received => "received_at = @now, ordered_at = COALESCE(ordered_at, @now)",
            _ => throw new ArgumentException($"A parts order cannot go back to {to}.", nameof(to)),
        };
        return await tx.Connection.ExecuteAsync($"""
            UPDATE parts_orders SET status = @to, {stamp}, supplier_name = COALESCE(@supplierName, supplier_name),
                supplier_contact = COALESCE(@supplierContact, supplier_contact), updated_at = @now
            WHERE business_id = @businessId AND id = @partsOrderId AND status = @from
            """, new { businessId, partsOrderId, from, to, supplierName, supplierContact, now = clock.GetUtcNow() }, tx.Transaction) == 1;
    }

    /// <summary>A new order's id and timestamps.</summary>
    public PartsOrder New(string businessId, string jobId, IReadOnlyList<PartsOrderItem> items)
    {
        var now = clock.GetUtcNow();
        return new PartsOrder
        {
            Id = Ids.New(), BusinessId = businessId, JobId = jobId, Status = PartsOrderStatuses.Requested, RequestedAt = now, CreatedAt = now, UpdatedAt = now,
            Items = [.. items.Select((i, n) => i with { Id = Ids.New(), Position = n })],
        };
    }
}
