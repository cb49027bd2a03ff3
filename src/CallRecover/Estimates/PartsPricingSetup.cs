using System.Globalization;
using System.Text.RegularExpressions;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Estimates;

/// <summary>A business's parts-price sources as the owner and the operator see them: the PartsTech key is write-only.</summary>
public sealed record PartsProvidersView(IReadOnlyList<string> Order, int CacheHours, PartsTechView PartsTech, int PriceListRows,
    IReadOnlyList<string> Active, DateTimeOffset? UpdatedAt);

/// <summary><see cref="Available"/>: the operator has set the partner credentials; <see cref="KeySet"/>: the business gave its key.</summary>
public sealed record PartsTechView(bool Available, string? UserId, long? StoreId, bool KeySet);

/// <summary>
/// What the owner's settings and the operator API do with a business's parts prices: choose the sources and their order,
/// give the PartsTech user, import the price list from CSV (the whole file or nothing). Every change is audited (never
/// the key: only whether it changed).
/// </summary>
public sealed partial class PartsPricingSetup(Db db, PartsPricingStore store, PartsPricing pricing, PartsTechClient partsTech, ServiceCatalogStore catalogs,
    AuditLog audit, TimeProvider clock)
{
    public const int MaxPriceListRows = 5_000;

    /// <summary><see cref="Key"/> empty keeps the stored key; <see cref="Remove"/> forgets the PartsTech user.</summary>
    public sealed record PartsTechInput(string? UserId, string? Key, long? StoreId, bool? Remove);

    public sealed record Input(List<string?>? Order, int? CacheHours, PartsTechInput? PartsTech);

    public async Task<PartsProvidersView> GetAsync(string businessId, CancellationToken ct = default) =>
        View(await store.SettingsAsync(businessId, ct), (await store.PriceListAsync(businessId, ct)).Count);

    private PartsProvidersView View(PartsProviderSettings? s, int listRows)
    {
        var order = s?.Order ?? [PartsSources.PriceList];
        var tech = new PartsTechView(partsTech.Available, s?.PartstechUserId, s?.PartstechStoreId, s?.PartstechKey is not null);
        var active = order.Where(o => o == PartsSources.PriceList ? listRows > 0 : tech.Available && tech.KeySet && tech.StoreId is not null).ToList();
        return new PartsProvidersView(order, s?.CacheHours ?? PartsPricing.DefaultCacheHours, tech, listRows, [.. active, PartsSources.Catalog], s?.UpdatedAt);
    }

    public async Task<(PartsProvidersView? View, Dictionary<string, string[]> Errors)> SaveAsync(string businessId, Input input, string actor, CancellationToken ct = default)
    {
        var existing = await store.SettingsAsync(businessId, ct);
        var errors = new Dictionary<string, string[]>();
        var order = input.Order ?? [.. existing?.Order ?? [PartsSources.PriceList]];
        if (order.Any(o => o is null || !PartsSources.Providers.Contains(o)))
            errors["order"] = [$"order lists sources from: {string.Join(", ", PartsSources.Providers)} (the catalog default always comes last)."];
        else if (order.Distinct().Count() != order.Count) errors["order"] = ["order names each source once."];
        var cacheHours = input.CacheHours ?? existing?.CacheHours ?? PartsPricing.DefaultCacheHours;
        if (cacheHours is < 1 or > 720) errors["cacheHours"] = ["cacheHours must be between 1 and 720 (a month)."];

        string? userId = existing?.PartstechUserId, key = existing?.PartstechKey;
        long? storeId = existing?.PartstechStoreId;
        var tech = input.PartsTech;
        if (tech?.Remove == true) (userId, key, storeId) = (null, null, null);
        else if (tech is not null)
        {
            if (!partsTech.Available)
                errors["partsTech"] = ["PartsTech is not offered on this server: the operator sets Estimates__PartsTechPartnerId and Estimates__PartsTechPartnerKey."];
            userId = tech.UserId?.Trim() ?? userId;
            if (string.IsNullOrEmpty(userId) || userId.Length > 200) errors["partsTech.userId"] = ["partsTech.userId is your PartsTech user name (at most 200 characters)."];
            if (string.IsNullOrEmpty(tech.Key) && key is null) errors["partsTech.key"] = ["partsTech.key is required: your PartsTech API key (Profile → API in PartsTech)."];
            else if (tech.Key is { Length: > 500 }) errors["partsTech.key"] = ["partsTech.key must be at most 500 characters."];
            storeId = tech.StoreId ?? storeId;
            if (storeId is not > 0) errors["partsTech.storeId"] = ["partsTech.storeId is the PartsTech id of the supplier store to price from (a positive number)."];
        }
        if (order.Contains(PartsSources.PartsTech) && tech?.Remove != true && key is null && string.IsNullOrEmpty(tech?.Key) && !errors.ContainsKey("partsTech.key"))
            errors["order"] = ["order names partstech, which is not set up: give partsTech {userId, key, storeId} too."];
        if (errors.Count > 0) return (null, errors);

        var credentialsChanged = tech is not null && (tech.Remove == true || !string.IsNullOrEmpty(tech.Key) || userId != existing?.PartstechUserId || storeId != existing?.PartstechStoreId);
        var saved = new PartsProviderSettings
        {
            BusinessId = businessId, ProviderOrder = Json.Serialize(order), CacheHours = cacheHours, PartstechUserId = userId,
            PartstechKey = !string.IsNullOrEmpty(tech?.Key) && tech.Remove != true ? pricing.ProtectKey(tech.Key) : key,
            PartstechStoreId = storeId, UpdatedAt = clock.GetUtcNow(),
        };
        await db.WriteAsync(async tx =>
        {
            await store.SaveSettingsAsync(tx, saved);
            if (credentialsChanged || cacheHours != existing?.CacheHours) await store.ClearCacheAsync(tx, businessId);
            await audit.WriteAsync(tx, businessId, actor, "parts_providers", businessId, existing is null ? "set" : "changed",
                new { order, cacheHours, partsTechUser = userId, partsTechStore = storeId, partsTechKeyChanged = !string.IsNullOrEmpty(tech?.Key), partsTechRemoved = tech?.Remove == true });
        }, ct);
        return (await GetAsync(businessId, ct), errors);
    }

    /// <summary>The outcome of a price-list import: the rows taken, or the first problem (naming its row) and nothing changed.</summary>
    public sealed record ImportResult(IReadOnlyList<PriceListRow>? Rows, string? Error, int? Row);

    /// <summary>
    /// Replaces the business's price list with a CSV: header row with <c>repair</c> and <c>price</c> (any case), optional
    /// <c>part_number</c> and <c>description</c>. Each repair must be one of the catalog's (by name, any case) and appear
    /// once; a price is a plain amount like 129.99 (a leading $ is allowed), 0–50,000.
    /// </summary>
    public async Task<ImportResult> ImportPriceListAsync(Business business, string csv, string actor, CancellationToken ct = default)
    {
        CsvTable.Table table;
        try { table = CsvTable.Read(csv, MaxPriceListRows, "price"); }
        catch (CsvTable.BadFile ex) { return new ImportResult(null, ex.Message, ex.Row); }
        if (table.Column("repair") is not { } repairCol || table.Column("price") is not { } priceCol)
            return new ImportResult(null, "Row 1: the file needs the columns repair and price (part_number and description are optional).", 1);
        var partCol = table.Column("part_number");
        var descriptionCol = table.Column("description");
        var catalog = await catalogs.GetAsync(business.Id, business.Vertical, ct);
        var names = catalog.Entries.ToDictionary(e => PartsPricing.Key(e.Name), e => e.Name);
        var now = clock.GetUtcNow();
        var rows = new List<PriceListRow>();
        foreach (var (row, values) in table.Rows)
        {
            var repair = values[repairCol];
            if (!names.TryGetValue(PartsPricing.Key(repair), out var name))
                return new ImportResult(null, $"Row {row}: repair \"{Trim(repair)}\" is not in the catalog (it has: {string.Join(", ", catalog.Entries.Select(e => e.Name))}).", row);
            if (rows.Any(r => r.Repair == PartsPricing.Key(name))) return new ImportResult(null, $"Row {row}: repair \"{name}\" is listed twice.", row);
            if (!PriceText().IsMatch(values[priceCol])
                || !decimal.TryParse(values[priceCol].TrimStart('$').Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
                || price > PartsTechClient.MaxPlausiblePrice)
                return new ImportResult(null, $"Row {row}: price \"{Trim(values[priceCol])}\" is not an amount like 129.99 (0 to 50,000).", row);
            string? Optional(int? col) => col is { } c && values[c].Length > 0 ? values[c] : null;
            if (Optional(partCol) is { Length: > 100 } || Optional(descriptionCol) is { Length: > 500 })
                return new ImportResult(null, $"Row {row}: part_number is at most 100 characters and description at most 500.", row);
            rows.Add(new PriceListRow { BusinessId = business.Id, Repair = PartsPricing.Key(name), Name = name, Price = price,
                PartNumber = Optional(partCol), Description = Optional(descriptionCol), UpdatedAt = now });
        }
        if (rows.Count == 0) return new ImportResult(null, "The file has a header but no prices in it.", 2);
        await db.WriteAsync(async tx =>
        {
            await store.ReplacePriceListAsync(tx, business.Id, rows);
            await audit.WriteAsync(tx, business.Id, actor, "price_list", business.Id, "imported", new { rows = rows.Count });
        }, ct);
        return new ImportResult(rows, null, null);
    }

    private static string Trim(string s) => s.Length > 60 ? s[..60] + "…" : s;

    /// <summary>An amount as people write it in a spreadsheet: 129.99, $129.99, 1,210.00 (commas only between thousands,
    /// so "1,5" is refused rather than read as 15).</summary>
    [GeneratedRegex(@"^\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")]
    private static partial Regex PriceText();
}
