using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Estimates;

/// <summary>One row of the business's own parts price list: the parts price of a catalog repair.</summary>
public sealed record PriceListRow
{
    [JsonIgnore] public string BusinessId { get; init; } = "";
    /// <summary>The repair's name, lower case (the key).</summary>
    [JsonIgnore] public string Repair { get; init; } = "";
    /// <summary>The repair's name as the catalog spells it.</summary>
    public string Name { get; init; } = "";
    public string? PartNumber { get; init; }
    public string? Description { get; init; }
    public decimal Price { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A business's parts-price sources as stored: the PartsTech key is Data Protection ciphertext, never serialized.</summary>
public sealed record PartsProviderSettings
{
    [JsonIgnore] public string BusinessId { get; init; } = "";
    /// <summary>A JSON array of <see cref="PartsSources"/> names, asked in this order before the catalog default.</summary>
    [JsonIgnore] public string ProviderOrder { get; init; } = "[]";
    public int CacheHours { get; init; } = PartsPricing.DefaultCacheHours;
    public string? PartstechUserId { get; init; }
    [JsonIgnore] public string? PartstechKey { get; init; }
    public long? PartstechStoreId { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore] public IReadOnlyList<string> Order => Json.Deserialize<List<string>>(ProviderOrder);
}

/// <summary>A provider's price for one repair on one vehicle, kept until it expires.</summary>
public sealed record CachedPartPrice
{
    public decimal Price { get; init; }
    public string? PartNumber { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The business's price list, its parts-provider settings and the providers' price cache: the only writer of
/// parts_price_list, parts_providers and parts_price_cache; every read and write is scoped by business.</summary>
public sealed class PartsPricingStore(Db db)
{
    private const string ListColumns = "business_id, repair, name, part_number, description, price, updated_at";
    private const string SettingsColumns = "business_id, provider_order, cache_hours, partstech_user_id, partstech_key, partstech_store_id, updated_at";

    public async Task<IReadOnlyList<PriceListRow>> PriceListAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<PriceListRow>($"SELECT {ListColumns} FROM parts_price_list WHERE business_id = @businessId ORDER BY repair", new { businessId })];
    }

    public async Task<IReadOnlyList<PriceListRow>> PriceListAsync(DbTx tx, string businessId) =>
        [.. await tx.Connection.QueryAsync<PriceListRow>($"SELECT {ListColumns} FROM parts_price_list WHERE business_id = @businessId ORDER BY repair",
            new { businessId }, tx.Transaction)];

    /// <summary>Replaces the whole price list in the caller's transaction (an import is all or nothing).</summary>
    public async Task ReplacePriceListAsync(DbTx tx, string businessId, IReadOnlyList<PriceListRow> rows)
    {
        // Two imports at once (PostgreSQL) would each delete the rows they saw and both insert: one at a time per business,
        // as the labor guide and the risk hints are.
        await tx.LockAsync($"parts_price_list:{businessId}");
        await tx.Connection.ExecuteAsync("DELETE FROM parts_price_list WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        foreach (var row in rows)
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO parts_price_list ({ListColumns}) VALUES (@BusinessId, @Repair, @Name, @PartNumber, @Description, @Price, @UpdatedAt)
                """, row with { BusinessId = businessId }, tx.Transaction);
    }

    public async Task<PartsProviderSettings?> SettingsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PartsProviderSettings>($"SELECT {SettingsColumns} FROM parts_providers WHERE business_id = @businessId", new { businessId });
    }

    public Task<PartsProviderSettings?> SettingsAsync(DbTx tx, string businessId) =>
        tx.Connection.QuerySingleOrDefaultAsync<PartsProviderSettings>($"SELECT {SettingsColumns} FROM parts_providers WHERE business_id = @businessId",
            new { businessId }, tx.Transaction);

    public Task SaveSettingsAsync(DbTx tx, PartsProviderSettings s) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO parts_providers ({SettingsColumns})
            VALUES (@BusinessId, @ProviderOrder, @CacheHours, @PartstechUserId, @PartstechKey, @PartstechStoreId, @UpdatedAt)
            ON CONFLICT (business_id) DO UPDATE SET provider_order = excluded.provider_order, cache_hours = excluded.cache_hours,
                partstech_user_id = excluded.partstech_user_id, partstech_key = excluded.partstech_key,
                partstech_store_id = excluded.partstech_store_id, updated_at = excluded.updated_at
            """, s, tx.Transaction);

    /// <summary>Drops the business's cached provider prices (its credentials or store changed: the old answers may not hold).</summary>
    public Task ClearCacheAsync(DbTx tx, string businessId) =>
        tx.Connection.ExecuteAsync("DELETE FROM parts_price_cache WHERE business_id = @businessId", new { businessId }, tx.Transaction);

    /// <summary>The cached price if it has not expired at <paramref name="now"/>.</summary>
    public async Task<CachedPartPrice?> CachedAsync(string businessId, string provider, string key, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CachedPartPrice>(CachedSql, new { businessId, provider, key, now });
    }

    public Task<CachedPartPrice?> CachedAsync(DbTx tx, string businessId, string provider, string key, DateTimeOffset now) =>
        tx.Connection.QuerySingleOrDefaultAsync<CachedPartPrice>(CachedSql, new { businessId, provider, key, now }, tx.Transaction);

    private const string CachedSql = """
        SELECT price, part_number, description, fetched_at, expires_at FROM parts_price_cache
        WHERE business_id = @businessId AND provider = @provider AND cache_key = @key AND expires_at > @now
        """;

    public Task CacheAsync(string businessId, string provider, string key, CachedPartPrice price, CancellationToken ct = default) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO parts_price_cache (business_id, provider, cache_key, price, part_number, description, fetched_at, expires_at)
            VALUES (@businessId, @provider, @key, @Price, @PartNumber, @Description, @FetchedAt, @ExpiresAt)
            ON CONFLICT (business_id, provider, cache_key) DO UPDATE SET price = excluded.price, part_number = excluded.part_number,
                description = excluded.description, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at
            """, new { businessId, provider, key, price.Price, price.PartNumber, price.Description, price.FetchedAt, price.ExpiresAt }, tx.Transaction), ct);
}
