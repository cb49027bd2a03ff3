using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Estimates;

/// <summary>What a catalog edit came to: the saved entry, field errors, or nothing found (another business's id looks the same).</summary>
public sealed record CatalogEditResult(CatalogEntry? Entry, Dictionary<string, string[]> Errors, bool NotFound = false)
{
    public bool Ok => Entry is not null;
}

/// <summary>
/// Edits a business's service catalog with one set of rules for the operator API and the owner's settings page, so
/// both accept and refuse the same things with the same words.
/// </summary>
public sealed class ServiceCatalogService(Db db, ServiceCatalogStore catalogs)
{
    public sealed record EntryInput(string? Name, decimal? LaborHours, decimal? PartsCost, List<string>? Keywords, string? Complexity, bool? Diagnostic);

    public const int MaxLaborHours = 200;

    /// <summary>Checks one entry; errors go under <paramref name="prefix"/>.field (or field). Null when anything is wrong.</summary>
    public static CatalogEntryInput? Validate(EntryInput? e, string? prefix, Dictionary<string, string[]> errors)
    {
        string F(string field) => prefix is null ? field : $"{prefix}.{field}";
        if (e is null) { errors[prefix ?? "body"] = ["An entry must be an object."]; return null; }
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(e.Name)) errors[F("name")] = ["Enter the service's name, like \"Brake pads\"."];
        else if (e.Name.Trim().Length > 100) errors[F("name")] = ["Keep the service's name to 100 characters or fewer."];
        if (e.LaborHours is null or < 0 or > MaxLaborHours) errors[F("laborHours")] = [$"Enter the labor hours as a number from 0 to {MaxLaborHours}, like 1.5."];
        if (e.PartsCost is null or < 0 or > 1_000_000) errors[F("partsCost")] = ["Enter the parts cost in dollars, like 120 (0 if there are no parts)."];
        if (e.Keywords is null || e.Keywords.Count == 0 || e.Keywords.Any(string.IsNullOrWhiteSpace))
            errors[F("keywords")] = ["Enter at least one word customers use for it, like \"brakes, squeaking\"."];
        else if (e.Keywords.Count > 30 || e.Keywords.Any(k => k.Trim().Length > 60))
            errors[F("keywords")] = ["Keep it to 30 words or short phrases (60 characters each) customers really use."];
        if (e.Complexity is not null && !Complexities.All.Contains(e.Complexity)) errors[F("complexity")] = ["Choose low, medium or high."];
        if (errors.Count > before) return null;
        return new CatalogEntryInput(e.Name!.Trim(), e.LaborHours!.Value, e.PartsCost!.Value, [.. e.Keywords!.Select(k => k.Trim().ToLowerInvariant())],
            e.Complexity ?? "medium", e.Diagnostic ?? false);
    }

    /// <summary>Validates a whole catalog (the operator's replace); null and errors when anything is wrong.</summary>
    public static List<CatalogEntryInput>? Validate(IReadOnlyList<EntryInput?>? entries, decimal? tripCharge, Dictionary<string, string[]> errors)
    {
        var valid = new List<CatalogEntryInput>();
        if (entries is null) errors["entries"] = ["List the catalog's entries."];
        if (tripCharge is < 0) errors["tripCharge"] = ["The trip charge cannot be negative."];
        for (var i = 0; i < (entries?.Count ?? 0); i++)
            if (Validate(entries![i], $"entries[{i}]", errors) is { } e) valid.Add(e);
        foreach (var dup in valid.GroupBy(e => e.Name.ToLowerInvariant()).Where(g => g.Count() > 1))
            errors["entries"] = [$"\"{dup.First().Name}\" is listed more than once; give each service its own name."];
        return errors.Count > 0 ? null : valid;
    }

    public Task<ServiceCatalog> GetAsync(Business b, CancellationToken ct = default) => catalogs.GetAsync(b.Id, b.Vertical, ct);

    public Task<ServiceCatalog> ReplaceAsync(Business b, IReadOnlyList<CatalogEntryInput> entries, decimal? tripCharge, CancellationToken ct = default) =>
        db.WriteAsync(tx => catalogs.ReplaceAsync(tx, b.Id, b.Vertical, entries, tripCharge), ct);

    /// <summary>Back to the vertical's default catalog.</summary>
    public Task<ServiceCatalog> ResetAsync(Business b, CancellationToken ct = default) =>
        db.WriteAsync(tx => catalogs.ReplaceAsync(tx, b.Id, b.Vertical, CatalogDefaults.For(b.Vertical), null, b.Vertical), ct);

    /// <summary>Adds an entry, or replaces the one with the same name (the operator API's upsert).</summary>
    public async Task<CatalogEditResult> UpsertAsync(Business b, EntryInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (Validate(input, null, errors) is not { } entry) return new(null, errors);
        return new(await db.WriteAsync(tx => catalogs.UpsertEntryAsync(tx, b.Id, b.Vertical, entry), ct), errors);
    }

    /// <summary>Adds a new entry; a name already in the catalog is an error (the page edits entries in place).</summary>
    public async Task<CatalogEditResult> AddAsync(Business b, EntryInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (Validate(input, null, errors) is not { } entry) return new(null, errors);
        return await db.WriteAsync(async tx =>
        {
            var catalog = await catalogs.GetAsync(tx, b.Id, b.Vertical);
            if (catalog.Entries.Any(x => string.Equals(x.Name, entry.Name, StringComparison.OrdinalIgnoreCase)))
                return new CatalogEditResult(null, new() { ["name"] = [$"\"{entry.Name}\" is already in your price list; change that one instead."] });
            return new CatalogEditResult(await catalogs.UpsertEntryAsync(tx, b.Id, b.Vertical, entry), errors);
        }, ct);
    }

    /// <summary>Changes one entry of this business by id; another business's id is not found.</summary>
    public async Task<CatalogEditResult> UpdateAsync(Business b, string entryId, EntryInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (Validate(input, null, errors) is not { } entry) return new(null, errors);
        return await db.WriteAsync(async tx =>
        {
            var catalog = await catalogs.GetAsync(tx, b.Id, b.Vertical);
            if (catalog.Entries.All(x => x.Id != entryId)) return new CatalogEditResult(null, errors, NotFound: true);
            if (catalog.Entries.Any(x => x.Id != entryId && string.Equals(x.Name, entry.Name, StringComparison.OrdinalIgnoreCase)))
                return new CatalogEditResult(null, new() { ["name"] = [$"\"{entry.Name}\" is already in your price list; use another name."] });
            return await catalogs.UpdateEntryAsync(tx, b.Id, entryId, entry) is { } saved
                ? new CatalogEditResult(saved, errors) : new CatalogEditResult(null, errors, NotFound: true);
        }, ct);
    }

    public Task<bool> RemoveAsync(string businessId, string entryId, CancellationToken ct = default) =>
        db.WriteAsync(tx => catalogs.DeleteEntryAsync(tx, businessId, entryId), ct);
}
