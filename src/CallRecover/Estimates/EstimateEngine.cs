using System.Globalization;
using System.Text.RegularExpressions;

namespace CallRecover.Estimates;

/// <summary>The vehicle an estimate is for; any part may be unknown.</summary>
public sealed record VehicleInfo(int? Year = null, string? Make = null, string? Model = null, string? BodyType = null, string? Vin = null);

/// <summary>One recognized repair, priced. <see cref="PartsSource"/> says where the parts price came from
/// (<see cref="PartsSources"/>), <see cref="PartsFallback"/> that an earlier source in the business's chain had none,
/// <see cref="PartsNote"/> why.</summary>
public sealed record EstimateRepair(string CatalogEntryId, string Name, decimal Hours, decimal Labor, decimal Parts, IReadOnlyList<string> MatchedWords,
    string PartsSource = PartsSources.Catalog, DateTimeOffset? PartsFetchedAt = null, bool PartsFallback = false, string? PartsNote = null, string? PartNumber = null)
{
    public decimal Subtotal => Labor + Parts;
}

/// <summary>A vehicle adjustment on the running total, shown as its own line.</summary>
public sealed record EstimateAdjustment(string Rule, string Description, decimal Percent, decimal Amount);

/// <summary>
/// What the engine found and how it priced it. <see cref="Priced"/> is false when nothing was recognized: no price
/// is invented, the lead goes to a person (<see cref="ReviewReason"/>). <see cref="Rules"/> and the matched words
/// let a person see why the price is what it is; <see cref="CatalogVersion"/> which catalog it came from.
/// </summary>
public sealed record Estimate
{
    public bool Priced { get; init; }
    public string? ReviewReason { get; init; }
    public IReadOnlyList<EstimateRepair> Repairs { get; init; } = [];
    public IReadOnlyList<EstimateAdjustment> Adjustments { get; init; } = [];
    public decimal LaborRate { get; init; }
    public decimal LaborTotal { get; init; }
    public decimal PartsTotal { get; init; }
    public decimal AdjustmentsTotal { get; init; }
    public decimal FeesTotal { get; init; }
    public decimal Total { get; init; }
    public int CatalogVersion { get; init; }
    public IReadOnlyList<string> Rules { get; init; } = [];
    public VehicleInfo? Vehicle { get; init; }
}

/// <summary>
/// The estimate engine of ESTIMATES.md: finds the catalog's repairs in free text by their words, prices each as
/// labor hours × labor rate + parts, then applies the vehicle adjustments (luxury +30 %, truck/SUV +25 %,
/// 15+ model years +20 %) once each, in that order, each on the running total, and adds fixed fees last.
/// Pure: no I/O, so the same text, catalog and vehicle always give the same estimate.
/// </summary>
public static partial class EstimateEngine
{
    public static readonly string[] LuxuryMakes =
        ["bmw", "mercedes-benz", "mercedes", "benz", "audi", "lexus", "porsche", "jaguar", "land rover", "volvo", "infiniti", "acura", "cadillac", "lincoln", "genesis", "tesla"];

    public static readonly string[] TruckModels =
        ["f-150", "f150", "f-250", "f250", "f-350", "silverado", "sierra", "ram", "tahoe", "suburban", "explorer", "4runner", "tacoma", "tundra", "wrangler",
         "expedition", "yukon", "escalade", "highlander", "pilot", "colorado", "ranger", "frontier", "titan", "durango", "grand cherokee", "cherokee",
         "sequoia", "navigator", "odyssey", "sienna", "caravan", "transit", "econoline", "express", "x5", "gx", "lx", "q7", "range rover", "traverse", "pathfinder"];

    public static readonly string[] TruckBodyWords = ["pickup", "pick-up", "truck", "suv", "van", "minivan"];

    public const decimal LuxuryPercent = 30m, TruckPercent = 25m, AgePercent = 20m;
    public const int OldVehicleYears = 15;

    /// <param name="partPrices">Parts prices found by <see cref="PartsPricing"/> (by catalog entry id); a repair without one
    /// takes the catalog's parts cost.</param>
    public static Estimate Run(string text, ServiceCatalog catalog, decimal laborRate, VehicleInfo? vehicle, int currentYear,
        IReadOnlyDictionary<string, PartPrice>? partPrices = null)
    {
        var rules = new List<string> { $"labor rate {Money(laborRate)}/h" };
        var matches = FindRepairs(text, catalog.Entries);
        if (matches.Count == 0)
        {
            return new Estimate
            {
                Priced = false, ReviewReason = "No repair in the catalog was recognized; a person needs to quote this.",
                LaborRate = laborRate, CatalogVersion = catalog.Version, Rules = ["no catalog match"], Vehicle = vehicle,
            };
        }

        var repairs = matches.Select(m => partPrices?.GetValueOrDefault(m.Entry.Id) is { } p
            ? new EstimateRepair(m.Entry.Id, m.Entry.Name, m.Entry.LaborHours, Round(m.Entry.LaborHours * laborRate), Round(p.Amount), m.Words,
                p.Source, p.FetchedAt, p.Fallback, p.Note, p.PartNumber)
            : new EstimateRepair(m.Entry.Id, m.Entry.Name, m.Entry.LaborHours, Round(m.Entry.LaborHours * laborRate), Round(m.Entry.PartsCost), m.Words)).ToList();
        foreach (var r in repairs.Where(r => r.PartsSource != PartsSources.Catalog || r.PartsFallback))
            rules.Add($"{r.Name} parts {Money(r.Parts)} from {PartsSources.Label(r.PartsSource)}{(r.PartsFallback ? $" (fallback: {r.PartsNote})" : "")}");
        var labor = repairs.Sum(r => r.Labor);
        var parts = repairs.Sum(r => r.Parts);
        var running = labor + parts;

        var adjustments = new List<EstimateAdjustment>();
        void Adjust(string rule, string description, decimal percent)
        {
            var amount = Round(running * percent / 100m);
            adjustments.Add(new EstimateAdjustment(rule, description, percent, amount));
            running += amount;
            rules.Add($"{rule} +{percent.ToString("0.##", CultureInfo.InvariantCulture)}% ({description})");
        }
        if (vehicle is not null)
        {
            if (LuxuryMake(vehicle) is { } make) Adjust("luxury_make", $"luxury make {make}", LuxuryPercent);
            if (TruckOrSuv(vehicle) is { } truck) Adjust("truck_suv", $"truck/SUV {truck}", TruckPercent);
            if (vehicle.Year is { } year && currentYear - year >= OldVehicleYears)
                Adjust("vehicle_age", $"{year} model, {currentYear - year} years old", AgePercent);
        }
        var fees = catalog.TripCharge is > 0 ? Round(catalog.TripCharge.Value) : 0m;
        if (fees > 0) rules.Add($"trip charge {Money(fees)}");

        return new Estimate
        {
            Priced = true, Repairs = repairs, Adjustments = adjustments, LaborRate = laborRate,
            LaborTotal = labor, PartsTotal = parts, AdjustmentsTotal = adjustments.Sum(a => a.Amount), FeesTotal = fees,
            Total = running + fees, CatalogVersion = catalog.Version, Rules = rules, Vehicle = vehicle,
        };
    }

    /// <summary>A recognized catalog entry and the words in the text that named it.</summary>
    public sealed record RepairMatch(CatalogEntry Entry, IReadOnlyList<string> Words, int FirstIndex);

    /// <summary>
    /// Finds the entries named in <paramref name="text"/>. Longer phrases win over the words inside them
    /// ("battery light" is the alternator, not the battery); a phrase after a negation ("not the brakes") does not count.
    /// </summary>
    public static IReadOnlyList<RepairMatch> FindRepairs(string text, IReadOnlyList<CatalogEntry> entries)
    {
        var normalized = Normalize(text);
        var hits = new List<(int Start, int End, CatalogEntry Entry, string Word)>();
        foreach (var entry in entries)
        {
            foreach (var keyword in entry.Keywords)
            {
                var k = Normalize(keyword);
                if (k.Length == 0) continue;
                var pattern = $@"(?<![a-z0-9]){Regex.Escape(k)}(?![a-z0-9])";
                foreach (Match m in Regex.Matches(normalized, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)))
                    hits.Add((m.Index, m.Index + m.Length, entry, k));
            }
        }
        var claimed = new List<(int Start, int End, CatalogEntry Entry, string Word)>();
        foreach (var hit in hits.OrderByDescending(h => h.End - h.Start).ThenBy(h => h.Start))
        {
            if (claimed.Any(c => hit.Start < c.End && c.Start < hit.End)) continue;
            if (Negated(normalized, hit.Start)) continue;
            claimed.Add(hit);
        }
        return [.. claimed
            .GroupBy(c => c.Entry.Id)
            .Select(g => new RepairMatch(g.First().Entry, [.. g.Select(c => c.Word).Distinct()], g.Min(c => c.Start)))
            .OrderBy(m => m.FirstIndex)];
    }

    private static bool Negated(string text, int start)
    {
        var before = text[Math.Max(0, start - 16)..start];
        return NegationBefore().IsMatch(before);
    }

    public static string? LuxuryMake(VehicleInfo v)
    {
        var make = Normalize(v.Make ?? "");
        if (make.Length == 0) return null;
        var hit = LuxuryMakes.FirstOrDefault(l => make == l || make.StartsWith(l + " ", StringComparison.Ordinal));
        return hit is null ? null : v.Make;
    }

    public static string? TruckOrSuv(VehicleInfo v)
    {
        var model = Normalize(v.Model ?? "");
        var body = Normalize(v.BodyType ?? "");
        if (body.Length > 0 && TruckBodyWords.Any(w => ContainsWord(body, w))) return v.Model ?? v.BodyType;
        if (model.Length == 0) return null;
        var hit = TruckModels.FirstOrDefault(t => ContainsWord(model, t));
        return hit is null ? (TruckBodyWords.Any(w => ContainsWord(model, w)) ? v.Model : null) : v.Model;
    }

    private static bool ContainsWord(string haystack, string word) =>
        Regex.IsMatch(haystack, $@"(?<![a-z0-9]){Regex.Escape(word)}(?![a-z0-9])", RegexOptions.CultureInvariant);

    public static string Normalize(string s) =>
        Whitespace().Replace(s.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\''), " ").Trim();

    public static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);

    public static string Money(decimal d) => "$" + d.ToString("#,0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:\bnot|\bisn't|\baren't|\bnothing wrong with)(?: the| my| a)?\s*$")]
    private static partial Regex NegationBefore();
}
