using System.Globalization;
using System.Text.RegularExpressions;

namespace CallRecover.Estimates;

/// <summary>The vehicle an estimate is for; any part may be unknown. A valid <see cref="Vin"/> fills year and make (VinDecoder.Fill).</summary>
public sealed record VehicleInfo(int? Year = null, string? Make = null, string? Model = null, string? BodyType = null, string? Vin = null, string? Engine = null);

/// <summary>One recognized repair, priced. <see cref="PartsSource"/> says where the parts price came from
/// (<see cref="PartsSources"/>), <see cref="PartsFallback"/> that an earlier source in the business's chain had none,
/// <see cref="PartsNote"/> why.</summary>
public sealed record EstimateRepair(string CatalogEntryId, string Name, decimal Hours, decimal Labor, decimal Parts, IReadOnlyList<string> MatchedWords,
    string PartsSource = PartsSources.Catalog, DateTimeOffset? PartsFetchedAt = null, bool PartsFallback = false, string? PartsNote = null, string? PartNumber = null)
{
    public decimal Subtotal => Labor + Parts;

    /// <summary>The labor-guide row whose hours were used; null when the catalog's hours were.</summary>
    public LaborGuideUse? LaborGuide { get; init; }
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
/// The adjustments' lists and percentages are data (<see cref="VehicleRules"/>, Data/vehicle-rules.json). With a
/// labor guide, a repair's hours come from the most specific guide row for the vehicle (<see cref="LaborGuide.Pick"/>)
/// and the guide's keywords also recognize its repairs; without a matching row the catalog's hours stay.
/// Pure: no I/O, so the same text, catalog, guide and vehicle always give the same estimate.
/// </summary>
public static partial class EstimateEngine
{
    /// <param name="partPrices">Parts prices found by <see cref="PartsPricing"/> (by catalog entry id); a repair without one
    /// takes the catalog's parts cost.</param>
    /// <param name="laborGuide">The business's labor guide: the most specific row for the vehicle gives a repair's hours.</param>
    public static Estimate Run(string text, ServiceCatalog catalog, decimal laborRate, VehicleInfo? vehicle, int currentYear,
        IReadOnlyDictionary<string, PartPrice>? partPrices = null, IReadOnlyList<LaborGuideRow>? laborGuide = null)
    {
        var vehicleRules = VehicleRules.Default;
        var rules = new List<string> { $"labor rate {Money(laborRate)}/h" };
        var guide = laborGuide ?? [];
        var matches = FindRepairs(text, Recognizable(catalog, guide));
        if (matches.Count == 0)
        {
            return new Estimate
            {
                Priced = false, ReviewReason = "No repair in the catalog was recognized; a person needs to quote this.",
                LaborRate = laborRate, CatalogVersion = catalog.Version, Rules = ["no catalog match"], Vehicle = vehicle,
            };
        }

        var (hoursFactor, factorEngine) = vehicleRules.HoursFactor(vehicle?.Engine);
        var repairs = matches.Select(m =>
        {
            var hours = m.Entry.LaborHours;
            LaborGuideUse? used = null;
            if (LaborGuide.Pick(guide, m.Entry.Name, vehicle) is var (row, specificity))
            {
                hours = row.LaborHours;
                used = new LaborGuideUse(row.RowNumber, row.Repair, row.VehicleText, row.LaborHours, specificity);
                rules.Add($"labor guide row {row.RowNumber} ({row.VehicleText}, {specificity}): {m.Entry.Name} {row.LaborHours.ToString("0.##", CultureInfo.InvariantCulture)} h");
            }
            if (hoursFactor != 1m)
            {
                hours = Math.Round(hours * hoursFactor, 2, MidpointRounding.AwayFromZero);
                rules.Add($"engine {factorEngine}: {m.Entry.Name} hours ×{hoursFactor.ToString("0.##", CultureInfo.InvariantCulture)}");
            }
            return (partPrices?.GetValueOrDefault(m.Entry.Id) is { } p
                ? new EstimateRepair(m.Entry.Id, m.Entry.Name, hours, Round(hours * laborRate), Round(p.Amount), m.Words, p.Source, p.FetchedAt, p.Fallback, p.Note, p.PartNumber)
                : new EstimateRepair(m.Entry.Id, m.Entry.Name, hours, Round(hours * laborRate), Round(m.Entry.PartsCost), m.Words)) with { LaborGuide = used };
        }).ToList();
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
            if (vehicleRules.LuxuryMake(vehicle) is { } make) Adjust("luxury_make", $"luxury make {make}", vehicleRules.Luxury.Percent);
            if (vehicleRules.TruckOrSuv(vehicle) is { } truck) Adjust("truck_suv", $"truck/SUV {truck}", vehicleRules.Truck.Percent);
            if (vehicle.Year is { } year && currentYear - year >= vehicleRules.Age.Years)
                Adjust("vehicle_age", $"{year} model, {currentYear - year} years old", vehicleRules.Age.Percent);
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

    public static string? LuxuryMake(VehicleInfo v) => VehicleRules.Default.LuxuryMake(v);

    public static string? TruckOrSuv(VehicleInfo v) => VehicleRules.Default.TruckOrSuv(v);

    /// <summary>The repairs a text is searched for: the catalog's entries with the keywords of the guide rows that name
    /// them (by name, case-insensitive) added.</summary>
    public static IReadOnlyList<CatalogEntry> Recognizable(ServiceCatalog catalog, IReadOnlyList<LaborGuideRow> guide) =>
        guide.Count == 0 ? catalog.Entries : WithGuideKeywords(catalog.Entries, guide);

    private static List<CatalogEntry> WithGuideKeywords(IReadOnlyList<CatalogEntry> entries, IReadOnlyList<LaborGuideRow> guide)
    {
        var byRepair = guide.GroupBy(r => r.Repair, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(r => r.Keywords).ToList(), StringComparer.OrdinalIgnoreCase);
        return [.. entries.Select(e => byRepair.TryGetValue(e.Name, out var extra) && extra.Count > 0
            ? e with { KeywordsJson = Common.Json.Serialize(e.Keywords.Concat(extra).Distinct(StringComparer.OrdinalIgnoreCase).ToList()) }
            : e)];
    }

    public static string Normalize(string s) =>
        Whitespace().Replace(s.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\''), " ").Trim();

    public static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);

    public static string Money(decimal d) => "$" + d.ToString("#,0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:\bnot|\bisn't|\baren't|\bnothing wrong with)(?: the| my| a)?\s*$")]
    private static partial Regex NegationBefore();
}
