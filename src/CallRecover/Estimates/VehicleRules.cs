using System.Text.Json;
using System.Text.RegularExpressions;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>
/// The vehicle adjustments as data (Data/vehicle-rules.json), so a new luxury make, truck model or body type is a line
/// in a file, not a code change: luxury makes, trucks/SUVs by body word or model, the age threshold, each with its
/// percentage, and labor-hour factors by engine (e.g. diesel) — none set by default.
/// </summary>
public sealed record VehicleRules
{
    public sealed record PercentRule
    {
        public decimal Percent { get; init; }
        public IReadOnlyList<string> Makes { get; init; } = [];
        public IReadOnlyList<string> Models { get; init; } = [];
        public IReadOnlyList<string> BodyWords { get; init; } = [];
        public int Years { get; init; }
    }

    /// <summary>Labor hours × <see cref="Factor"/> when the vehicle's engine names <see cref="Engine"/> (a whole word, e.g. "diesel", "v8").</summary>
    public sealed record EngineFactor(string Engine, decimal Factor);

    public PercentRule Luxury { get; init; } = new();
    public PercentRule Truck { get; init; } = new();
    public PercentRule Age { get; init; } = new();
    public IReadOnlyList<EngineFactor> EngineHoursFactors { get; init; } = [];

    /// <summary>Names people use for a make (lower case) → the make's own name (lower case): "chevy" → "chevrolet".</summary>
    public IReadOnlyDictionary<string, string> MakeAliases { get; init; } = new Dictionary<string, string>();

    private static readonly Lazy<VehicleRules> Loaded = new(() => Parse(EstimateData.Read("vehicle-rules.json")));

    /// <summary>The rules shipped in Data/vehicle-rules.json.</summary>
    public static VehicleRules Default => Loaded.Value;

    public static VehicleRules Parse(string json) => JsonSerializer.Deserialize<VehicleRules>(json, Json.Options)
        ?? throw new InvalidOperationException("The vehicle rules file is empty.");

    /// <summary>
    /// The make to compare with a guide row's or a hint's: normalized (lower case, single spaces) and read through
    /// <see cref="MakeAliases"/>, so "Chevy", "chevrolet" and "CHEVROLET" are one make.
    /// </summary>
    public string Make(string? make)
    {
        var m = EstimateEngine.Normalize(make ?? "");
        return MakeAliases.TryGetValue(m, out var canonical) ? canonical : m;
    }

    /// <summary>The make as given when it is a luxury make; null otherwise.</summary>
    public string? LuxuryMake(VehicleInfo v)
    {
        var make = Make(v.Make);
        if (make.Length == 0) return null;
        var hit = Luxury.Makes.FirstOrDefault(l => make == l || make.StartsWith(l + " ", StringComparison.Ordinal));
        return hit is null ? null : v.Make;
    }

    /// <summary>The model (or body type) that makes the vehicle a truck or SUV; null when it is not one.</summary>
    public string? TruckOrSuv(VehicleInfo v)
    {
        var model = EstimateEngine.Normalize(v.Model ?? "");
        var body = EstimateEngine.Normalize(v.BodyType ?? "");
        if (body.Length > 0 && Truck.BodyWords.Any(w => ContainsWord(body, w))) return v.Model ?? v.BodyType;
        if (model.Length == 0) return null;
        var hit = Truck.Models.FirstOrDefault(t => ContainsWord(model, t));
        return hit is null ? (Truck.BodyWords.Any(w => ContainsWord(model, w)) ? v.Model : null) : v.Model;
    }

    /// <summary>The labor-hours factor for the engine and the rule that gave it; (1, null) when none applies.</summary>
    public (decimal Factor, string? Engine) HoursFactor(string? engine)
    {
        var e = EstimateEngine.Normalize(engine ?? "");
        if (e.Length == 0) return (1m, null);
        var hit = EngineHoursFactors.FirstOrDefault(f => ContainsWord(e, EstimateEngine.Normalize(f.Engine)));
        return hit is null ? (1m, null) : (hit.Factor, hit.Engine);
    }

    internal static bool ContainsWord(string haystack, string word) =>
        Regex.IsMatch(haystack, $@"(?<![a-z0-9]){Regex.Escape(word)}(?![a-z0-9])", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
}
