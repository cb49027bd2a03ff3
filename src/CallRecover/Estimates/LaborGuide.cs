using System.Globalization;
using System.Text.Json.Serialization;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>
/// One row of a business's labor guide: the hours a repair takes on a range of vehicles. Empty make, model, years or
/// engine mean any. <see cref="RowNumber"/> is the row in the imported file (the header is row 1).
/// </summary>
public sealed record LaborGuideRow
{
    [JsonIgnore] public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public int RowNumber { get; init; }
    public string Repair { get; init; } = "";
    [JsonIgnore] public string KeywordsJson { get; init; } = "[]";
    public IReadOnlyList<string> Keywords => Json.Deserialize<List<string>>(KeywordsJson);
    public string? Make { get; init; }
    public string? Model { get; init; }
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public string? Engine { get; init; }
    public decimal LaborHours { get; init; }
    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>The vehicles the row is for, in words ("Honda Civic 2016–2021 2.0L", "any vehicle").</summary>
    [JsonIgnore]
    public string VehicleText
    {
        get
        {
            var years = (YearFrom, YearTo) switch
            {
                (null, null) => null,
                ({ } f, { } t) when f == t => $"{f}",
                ({ } f, { } t) => $"{f}–{t}",
                ({ } f, null) => $"{f} on",
                (null, { } t) => $"up to {t}",
            };
            var parts = new[] { Make, Model, years, Engine }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
            return parts.Count == 0 ? "any vehicle" : string.Join(' ', parts);
        }
    }
}

/// <summary>The guide row an estimate used for a repair's hours, recorded on the repair line so a person can see why.</summary>
public sealed record LaborGuideUse(int RowNumber, string Repair, string Vehicle, decimal LaborHours, string Specificity);

/// <summary>
/// The labor guide's rules: reading an import (per-row errors, nothing half-taken) and picking the row for a vehicle.
/// The most specific row wins: make+model+years+engine beats make+model+years, then make+model, make, and any vehicle
/// (each field a row names must match; a row with years needs the vehicle's year). Ties go to the narrower year range,
/// then to the row that comes first in the file, so the same guide and vehicle always give the same row.
/// </summary>
public static class LaborGuide
{
    public const string Repair = "repair", Keywords = "keywords", Make = "make", Model = "model", YearFrom = "year_from", YearTo = "year_to",
        Engine = "engine", LaborHours = "labor_hours";

    public static readonly string[] Columns = [Repair, Keywords, Make, Model, YearFrom, YearTo, Engine, LaborHours];
    public static readonly string[] Required = [Repair, LaborHours];
    public const int MaxText = 100;
    public const decimal MaxHours = 100m;

    /// <summary>A file read and checked: the rows to store, or every problem found (the first one is the file's answer).</summary>
    public sealed record Parsed(IReadOnlyList<LaborGuideRow> Rows, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> Headers, IReadOnlyDictionary<string, string> Mapping)
    {
        public bool Ok => Errors.Count == 0;
    }

    /// <summary>Reads <paramref name="csv"/> with the owner's column <paramref name="map"/>; each row's repair must name an entry of <paramref name="catalog"/>.</summary>
    public static Parsed Read(string csv, IReadOnlyDictionary<string, string>? map, IReadOnlyList<CatalogEntry> catalog)
    {
        var file = MappedCsv.Read(csv, Columns, Required, map);
        if (file.FileError is { } fileError) return new([], [fileError], file.Headers, file.Mapping);
        var names = catalog.ToDictionary(e => e.Name.Trim(), e => e.Name, StringComparer.OrdinalIgnoreCase);
        var errors = new List<ImportError>();
        var rows = new List<LaborGuideRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, v) in file.Rows)
        {
            var before = errors.Count;
            void Bad(string column, string message) => errors.Add(new ImportError(row, column, message));
            string? Text(string column)
            {
                var t = v[column];
                if (t.Length > MaxText) Bad(column, $"At most {MaxText} characters.");
                return t.Length == 0 ? null : t;
            }
            var repair = Text(Repair);
            string? catalogName = null;
            if (repair is null) Bad(Repair, "The repair is required (the name of one of your catalog's repairs).");
            else if (!names.TryGetValue(repair, out catalogName)) Bad(Repair, $"\"{repair}\" is not a repair in your catalog; add it to the catalog first or use its name ({string.Join(", ", catalog.Select(e => e.Name).Take(12))}).");
            var keywords = v[Keywords].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (keywords.Any(k => k.Length > MaxText)) Bad(Keywords, $"Each keyword has at most {MaxText} characters.");
            var make = Text(Make);
            var model = Text(Model);
            var engine = Text(Engine);
            if (model is not null && make is null) Bad(Make, "A row with a model needs its make.");
            var (from, fromError) = MappedCsv.Year(v[YearFrom]);
            if (fromError is not null) Bad(YearFrom, fromError);
            var (to, toError) = MappedCsv.Year(v[YearTo]);
            if (toError is not null) Bad(YearTo, toError);
            if (from > to) Bad(YearTo, $"year_to ({to}) is before year_from ({from}).");
            decimal hours = 0;
            var h = v[LaborHours];
            if (h.Length == 0) Bad(LaborHours, "The labor hours are required.");
            else if (!decimal.TryParse(h, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out hours) || hours <= 0 || hours > MaxHours)
                Bad(LaborHours, $"\"{h}\" is not a number of hours above 0 and at most {MaxHours} (use a dot for decimals: 1.5).");
            else if (decimal.Round(hours, 2) != hours) Bad(LaborHours, $"\"{h}\": at most two decimals (hundredths of an hour).");
            if (errors.Count > before) continue;

            var key = string.Join('\u001f', catalogName!.ToLowerInvariant(), Norm(make), Norm(model), from, to, Norm(engine));
            if (seen.TryGetValue(key, out var first)) { Bad(Repair, $"The same repair and vehicles as row {first}; keep one of them."); continue; }
            seen[key] = row;
            rows.Add(new LaborGuideRow
            {
                RowNumber = row, Repair = catalogName, KeywordsJson = Json.Serialize(keywords), Make = make, Model = model,
                YearFrom = from, YearTo = to, Engine = engine, LaborHours = hours,
            });
        }
        return new(errors.Count == 0 ? rows : [], errors, file.Headers, file.Mapping);
    }

    /// <summary>The row for <paramref name="repair"/> on <paramref name="vehicle"/>, or null when none applies (the catalog's hours stay).</summary>
    public static (LaborGuideRow Row, string Specificity)? Pick(IReadOnlyList<LaborGuideRow> guide, string repair, VehicleInfo? vehicle)
    {
        var v = vehicle ?? new VehicleInfo();
        var make = VehicleRules.Default.Make(v.Make);
        var model = Norm(v.Model);
        var engine = Norm(v.Engine);
        return guide
            .Where(r => string.Equals(r.Repair, repair, StringComparison.OrdinalIgnoreCase))
            .Where(r => r.Make is null || VehicleRules.Default.Make(r.Make) == make)
            .Where(r => r.Model is null || (model.Length > 0 && VehicleRules.ContainsWord(model, Norm(r.Model))))
            .Where(r => (r.YearFrom is null && r.YearTo is null) || (v.Year is { } y && (r.YearFrom ?? int.MinValue) <= y && y <= (r.YearTo ?? int.MaxValue)))
            .Where(r => r.Engine is null || (engine.Length > 0 && VehicleRules.ContainsWord(engine, Norm(r.Engine))))
            .Select(r => (Row: r, Score: Score(r)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => (long)(x.Row.YearTo ?? 9999) - (x.Row.YearFrom ?? 0))
            .ThenBy(x => x.Row.RowNumber)
            .Select(x => ((LaborGuideRow, string)?)(x.Row, Specificity(x.Row)))
            .FirstOrDefault();
    }

    /// <summary>Make, then model, then years, then engine: a row naming more (in that order) is more specific.</summary>
    private static int Score(LaborGuideRow r) =>
        (r.Make is null ? 0 : 8) + (r.Model is null ? 0 : 4) + (r.YearFrom is null && r.YearTo is null ? 0 : 2) + (r.Engine is null ? 0 : 1);

    private static string Specificity(LaborGuideRow r)
    {
        var named = new List<string>();
        if (r.Make is not null) named.Add("make");
        if (r.Model is not null) named.Add("model");
        if (r.YearFrom is not null || r.YearTo is not null) named.Add("year");
        if (r.Engine is not null) named.Add("engine");
        return named.Count == 0 ? "any vehicle" : string.Join('+', named);
    }

    private static string Norm(string? s) => EstimateEngine.Normalize(s ?? "");
}
