using CallRecover.Data;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.Estimates;

/// <summary>Where a parts price came from.</summary>
public static class PartsSources
{
    public const string PriceList = "price_list", PartsTech = "partstech", Catalog = "catalog";

    /// <summary>The sources a business may put in its chain (the catalog default is always last, unasked).</summary>
    public static readonly string[] Providers = [PriceList, PartsTech];

    public static string Label(string source) => source switch
    {
        PriceList => "your price list",
        PartsTech => "PartsTech",
        _ => "the catalog default",
    };
}

/// <summary>A repair's parts price and its provenance: the source, when it was fetched (null for the catalog), whether an
/// earlier source in the chain had none (<see cref="Fallback"/>) and why (<see cref="Note"/>).</summary>
public sealed record PartPrice(decimal Amount, string Source, DateTimeOffset? FetchedAt, bool Fallback, string? Note = null, string? PartNumber = null);

/// <summary>
/// Prices the parts of each repair named in a text through the business's chain of sources: the sources it set up, in
/// its order (its own price list; PartsTech, which needs the vehicle's VIN), then the catalog default. A source that is
/// not set up is skipped; one that has no price, is slow (over <see cref="EstimatesOptions.ProviderTimeoutSeconds"/>),
/// down or answers nonsense is passed over with the reason kept, so an estimate never fails for a provider and never
/// waits longer than the timeout. A provider's answer is cached per business, repair and vehicle for the business's
/// cache hours: a warm estimate asks no one. Repairs are priced side by side.
/// </summary>
public sealed class PartsPricing(PartsPricingStore store, ServiceCatalogStore catalogs, LaborGuideStore guides, PartsTechClient partsTech, IDataProtectionProvider protection,
    IOptions<EstimatesOptions> options, TimeProvider clock)
{
    public const int DefaultCacheHours = 24;
    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.Estimates.PartsTechKey");

    public string ProtectKey(string key) => _protector.Protect(key);

    /// <summary>Parts prices for the repairs in <paramref name="text"/>, by catalog entry id; asks providers over the network,
    /// so call it before a write transaction opens.</summary>
    public async Task<IReadOnlyDictionary<string, PartPrice>> PriceAsync(Business business, string text, VehicleInfo? vehicle, CancellationToken ct = default) =>
        await PriceAsync(business, await catalogs.GetAsync(business.Id, business.Vertical, ct), await guides.ListAsync(business.Id, ct), text, vehicle, ct);

    /// <summary>The same with the catalog and labor guide the caller has already read.</summary>
    public async Task<IReadOnlyDictionary<string, PartPrice>> PriceAsync(Business business, ServiceCatalog catalog, IReadOnlyList<LaborGuideRow> guide, string text,
        VehicleInfo? vehicle, CancellationToken ct = default)
    {
        var repairs = EstimateEngine.FindRepairs(text, EstimateEngine.Recognizable(catalog, guide));
        if (repairs.Count == 0) return new Dictionary<string, PartPrice>();
        var settings = await store.SettingsAsync(business.Id, ct);
        var list = await store.PriceListAsync(business.Id, ct);
        var chain = Chain(settings, list.Count > 0);
        var priced = await Task.WhenAll(repairs.Select(async r =>
            (r.Entry.Id, Price: await PriceOneAsync(business.Id, r.Entry, chain, list, settings, vehicle, online: true, null, ct))));
        return priced.ToDictionary(p => p.Id, p => p.Price);
    }

    /// <summary>The same inside a write transaction (re-pricing after a correction): the price list and cached provider
    /// prices only, never the network.</summary>
    public async Task<IReadOnlyDictionary<string, PartPrice>> PriceOfflineAsync(DbTx tx, string businessId, ServiceCatalog catalog, IReadOnlyList<LaborGuideRow> guide,
        string text, VehicleInfo? vehicle)
    {
        var repairs = EstimateEngine.FindRepairs(text, EstimateEngine.Recognizable(catalog, guide));
        if (repairs.Count == 0) return new Dictionary<string, PartPrice>();
        var settings = await store.SettingsAsync(tx, businessId);
        var list = await store.PriceListAsync(tx, businessId);
        var chain = Chain(settings, list.Count > 0);
        var prices = new Dictionary<string, PartPrice>();
        foreach (var r in repairs) prices[r.Entry.Id] = await PriceOneAsync(businessId, r.Entry, chain, list, settings, vehicle, online: false, tx, default);
        return prices;
    }

    /// <summary>The sources set up, in the business's order: a price list counts once it has rows, PartsTech once the
    /// operator offers it and the business has given its user. No settings yet: the price list, if there is one.</summary>
    private List<string> Chain(PartsProviderSettings? settings, bool hasList)
    {
        var order = settings?.Order ?? [PartsSources.PriceList];
        return [.. order.Where(source => source switch
        {
            PartsSources.PriceList => hasList,
            PartsSources.PartsTech => partsTech.Available && settings?.PartstechKey is not null && settings.PartstechStoreId is not null,
            _ => false,
        })];
    }

    private async Task<PartPrice> PriceOneAsync(string businessId, CatalogEntry entry, List<string> chain, IReadOnlyList<PriceListRow> list,
        PartsProviderSettings? settings, VehicleInfo? vehicle, bool online, DbTx? tx, CancellationToken ct)
    {
        var misses = new List<string>();
        for (var i = 0; i < chain.Count; i++)
        {
            var fallback = i > 0;
            string Note() => string.Join("; ", misses);
            switch (chain[i])
            {
                case PartsSources.PriceList:
                    if (list.FirstOrDefault(r => r.Repair == Key(entry.Name)) is { } row)
                        return new PartPrice(row.Price, PartsSources.PriceList, row.UpdatedAt, fallback, fallback ? Note() : null, row.PartNumber);
                    misses.Add("not on your price list");
                    break;
                case PartsSources.PartsTech:
                    if (Vin(vehicle) is not { } vin) { misses.Add("PartsTech needs the vehicle's VIN"); break; }
                    var key = $"{Key(entry.Name)}|{vin}";
                    var now = clock.GetUtcNow();
                    var cached = tx is null ? await store.CachedAsync(businessId, PartsSources.PartsTech, key, now, ct)
                        : await store.CachedAsync(tx, businessId, PartsSources.PartsTech, key, now);
                    if (cached is not null)
                        return new PartPrice(cached.Price, PartsSources.PartsTech, cached.FetchedAt, fallback, fallback ? Note() : null, cached.PartNumber);
                    if (!online) { misses.Add("no recent PartsTech price"); break; }
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ProviderTimeoutSeconds));
                        if (Key(settings!) is not { } userKey) { misses.Add("the saved PartsTech key can no longer be read: enter it again"); break; }
                        var account = new PartsTechAccount(settings!.PartstechUserId ?? "", userKey, settings!.PartstechStoreId!.Value);
                        var answer = await partsTech.QuoteAsync(account, vin, entry.Name, timeout.Token);
                        ct.ThrowIfCancellationRequested();
                        if (answer.Price is { } price)
                        {
                            var fetched = clock.GetUtcNow();
                            await store.CacheAsync(businessId, PartsSources.PartsTech, key, new CachedPartPrice
                            {
                                Price = price, PartNumber = answer.PartNumber, Description = answer.Description,
                                FetchedAt = fetched, ExpiresAt = fetched.AddHours(settings.CacheHours),
                            }, ct);
                            return new PartPrice(price, PartsSources.PartsTech, fetched, fallback, fallback ? Note() : null, answer.PartNumber);
                        }
                        misses.Add(answer.Problem!);
                    }
                    break;
            }
        }
        return new PartPrice(entry.PartsCost, PartsSources.Catalog, null, chain.Count > 0, chain.Count > 0 ? string.Join("; ", misses) : null);
    }

    /// <summary>The business's PartsTech key, or null when it cannot be decrypted (the app's keys were replaced).</summary>
    private string? Key(PartsProviderSettings settings)
    {
        try { return _protector.Unprotect(settings.PartstechKey!); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }

    /// <summary>A VIN as PartsTech takes it: 17 letters and digits, upper case.</summary>
    private static string? Vin(VehicleInfo? vehicle) =>
        vehicle?.Vin?.Trim().ToUpperInvariant() is { Length: 17 } v && v.All(char.IsAsciiLetterOrDigit) ? v : null;

    public static string Key(string repair) => repair.Trim().ToLowerInvariant();
}
