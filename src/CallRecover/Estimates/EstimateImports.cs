using CallRecover.Audit;
using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Estimates;

/// <summary>
/// Imports of the estimate data a business brings: its labor guide and its risk hints. A file is checked whole first;
/// one bad row refuses the file (every problem is reported, the first one names the answer) and nothing changes;
/// a good file replaces the business's rows in one transaction and is audited.
/// </summary>
public sealed class EstimateImports(Db db, BusinessStore businesses, ServiceCatalogStore catalogs, LaborGuideStore guides, RiskHintStore hints,
    AuditLog audit, TimeProvider clock)
{
    public sealed record Outcome<T>(bool NotFound, IReadOnlyList<ImportError> Errors, IReadOnlyList<T> Rows, int Replaced)
    {
        public bool Ok => !NotFound && Errors.Count == 0;
    }

    /// <summary>Reads the file as it would be imported (the dashboard's preview): the rows or the problems, and the columns used.</summary>
    public async Task<LaborGuide.Parsed?> PreviewLaborGuideAsync(string businessId, string csv, IReadOnlyDictionary<string, string>? map, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return null;
        var catalog = await catalogs.GetAsync(b.Id, b.Vertical, ct);
        return LaborGuide.Read(csv, map, catalog.Entries);
    }

    public async Task<Outcome<LaborGuideRow>> ImportLaborGuideAsync(string businessId, string csv, IReadOnlyDictionary<string, string>? map, string actor, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return new(true, [], [], 0);
        return await db.WriteAsync(async tx =>
        {
            var catalog = await catalogs.GetAsync(tx, b.Id, b.Vertical);
            var parsed = LaborGuide.Read(csv, map, catalog.Entries);
            if (!parsed.Ok) return new Outcome<LaborGuideRow>(false, parsed.Errors, [], 0);
            var now = clock.GetUtcNow();
            var replaced = await guides.ReplaceAsync(tx, b.Id, parsed.Rows, now);
            await audit.WriteAsync(tx, b.Id, actor, "labor_guide", b.Id, "imported",
                new { rows = parsed.Rows.Count, replaced, columns = parsed.Mapping, repairs = parsed.Rows.Select(r => r.Repair).Distinct().Order() });
            return new Outcome<LaborGuideRow>(false, [], await guides.ListAsync(tx, b.Id), replaced);
        }, ct);
    }

    public async Task<Outcome<RiskHint>> ImportRiskHintsAsync(string businessId, string csv, IReadOnlyDictionary<string, string>? map, string actor, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return new(true, [], [], 0);
        var parsed = RiskHints.Read(csv, map);
        if (!parsed.Ok) return new(false, parsed.Errors, [], 0);
        var replaced = await db.WriteAsync(async tx =>
        {
            var n = await hints.ReplaceAsync(tx, b.Id, parsed.Rows, clock.GetUtcNow());
            await audit.WriteAsync(tx, b.Id, actor, "risk_hints", b.Id, "imported", new { rows = parsed.Rows.Count, replaced = n });
            return n;
        }, ct);
        return new(false, [], await hints.ListAsync(b.Id, ct), replaced);
    }

    /// <summary>The hints staff see: the business's imported list, or the built-in sample when it has none.</summary>
    public async Task<(IReadOnlyList<RiskHint> Hints, bool BuiltIn)> RiskHintsAsync(string businessId, CancellationToken ct = default)
    {
        var own = await hints.ListAsync(businessId, ct);
        return own.Count > 0 ? (own, false) : (RiskHints.BuiltIn, true);
    }
}
