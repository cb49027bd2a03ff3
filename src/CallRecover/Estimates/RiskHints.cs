using System.Text.Json;
using System.Text.Json.Serialization;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>A component that commonly fails on a make/model/year range ("2012–2016 Ford Focus: clutch shudder common").</summary>
public sealed record RiskHint
{
    [JsonIgnore] public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public int RowNumber { get; init; }
    public string Make { get; init; } = "";
    public string? Model { get; init; }
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public string Hint { get; init; } = "";
    public DateTimeOffset? ImportedAt { get; init; }

    /// <summary>As staff read it: "2012–2016 Ford Focus: clutch shudder common".</summary>
    public string Text
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
            return string.Join(' ', new[] { years, Make, Model }.Where(p => !string.IsNullOrWhiteSpace(p))) + ": " + Hint;
        }
    }
}

/// <summary>
/// Risk hints: staff-only notes on a quote about what commonly fails on the customer's vehicle. A business's imported
/// list replaces the built-in sample (Data/risk-hints.json). They are never quote items, so they never reach the
/// customer's text or page; staff who want the customer to know add a line themselves.
/// </summary>
public static class RiskHints
{
    public const string Make = "make", Model = "model", YearFrom = "year_from", YearTo = "year_to", Hint = "hint";
    public static readonly string[] Columns = [Make, Model, YearFrom, YearTo, Hint];
    public static readonly string[] Required = [Make, Hint];
    public const int MaxText = 100, MaxHint = 300;

    private sealed record BuiltInFile(List<RiskHint> Hints);

    private static readonly Lazy<IReadOnlyList<RiskHint>> Loaded = new(() =>
        [.. JsonSerializer.Deserialize<BuiltInFile>(EstimateData.Read("risk-hints.json"), Json.Options)!.Hints.Select((h, i) => h with { RowNumber = i + 1 })]);

    /// <summary>The sample shipped in Data/risk-hints.json.</summary>
    public static IReadOnlyList<RiskHint> BuiltIn => Loaded.Value;

    /// <summary>The hints that apply to <paramref name="vehicle"/>: same make, the model named (a whole word) when the hint names one,
    /// and the year in range when both are known (a vehicle of unknown year gets the hint; its text says the years).</summary>
    public static IReadOnlyList<RiskHint> For(IReadOnlyList<RiskHint> hints, VehicleInfo? vehicle)
    {
        var make = VehicleRules.Default.Make(vehicle?.Make);
        if (make.Length == 0) return [];
        var model = EstimateEngine.Normalize(vehicle?.Model ?? "");
        return [.. hints.Where(h => VehicleRules.Default.Make(h.Make) == make
            && (h.Model is null || (model.Length > 0 && VehicleRules.ContainsWord(model, EstimateEngine.Normalize(h.Model))))
            && (vehicle?.Year is not { } y || ((h.YearFrom ?? int.MinValue) <= y && y <= (h.YearTo ?? int.MaxValue))))];
    }

    public sealed record Parsed(IReadOnlyList<RiskHint> Rows, IReadOnlyList<ImportError> Errors)
    {
        public bool Ok => Errors.Count == 0;
    }

    /// <summary>Reads an import (columns make, model, year_from, year_to, hint; headers may be mapped); every problem is listed, nothing is taken when there is one.</summary>
    public static Parsed Read(string csv, IReadOnlyDictionary<string, string>? map = null)
    {
        var file = MappedCsv.Read(csv, Columns, Required, map);
        if (file.FileError is { } fileError) return new([], [fileError]);
        var errors = new List<ImportError>();
        var rows = new List<RiskHint>();
        foreach (var (row, v) in file.Rows)
        {
            var before = errors.Count;
            void Bad(string column, string message) => errors.Add(new ImportError(row, column, message));
            if (v[Make].Length == 0) Bad(Make, "The make is required.");
            foreach (var c in new[] { Make, Model }) if (v[c].Length > MaxText) Bad(c, $"At most {MaxText} characters.");
            if (v[Hint].Length == 0) Bad(Hint, "The hint is required (what commonly fails).");
            else if (v[Hint].Length > MaxHint) Bad(Hint, $"At most {MaxHint} characters.");
            var (from, fromError) = MappedCsv.Year(v[YearFrom]);
            if (fromError is not null) Bad(YearFrom, fromError);
            var (to, toError) = MappedCsv.Year(v[YearTo]);
            if (toError is not null) Bad(YearTo, toError);
            if (from > to) Bad(YearTo, $"year_to ({to}) is before year_from ({from}).");
            if (errors.Count > before) continue;
            rows.Add(new RiskHint { RowNumber = row, Make = v[Make], Model = v[Model].Length == 0 ? null : v[Model], YearFrom = from, YearTo = to, Hint = v[Hint] });
        }
        return new(errors.Count == 0 ? rows : [], errors);
    }
}
