using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CallRecover.Extraction;

/// <summary>The names of the fields extracted from a call or message (stable: stored and used by corrections).</summary>
public static class FieldNames
{
    public const string Name = "name", Phone = "phone", Address = "address", VehicleYear = "vehicleYear", VehicleMake = "vehicleMake",
        VehicleModel = "vehicleModel", VehicleEngine = "vehicleEngine", VehicleBody = "vehicleBody", Vin = "vin", Problem = "problem",
        PreferredTime = "preferredTime", Urgency = "urgency", Price = "price", Email = "email";

    /// <summary>The business's catalog service the words point to ("AC repair"); <see cref="Problem"/> keeps the caller's own words.</summary>
    public const string Service = "service";

    public static readonly string[] All =
        [Name, Phone, Email, Address, VehicleYear, VehicleMake, VehicleModel, VehicleEngine, VehicleBody, Vin, Problem, PreferredTime, Urgency, Price];
}

/// <summary>Value rules shared by the AI extractor's checks and staff corrections (where they differ, each keeps its own).</summary>
public static partial class FieldValues
{
    /// <summary>The VIN upper-cased when it is 17 letters and digits without I, O or Q; else null.</summary>
    public static string? Vin(string value) => WholeVin().IsMatch(value.ToUpperInvariant()) ? value.ToUpperInvariant() : null;

    /// <summary>The email lower-cased when it has an @; else null.</summary>
    public static string? Email(string value) => value.Contains('@', StringComparison.Ordinal) ? value.ToLowerInvariant() : null;

    /// <summary>How a price field is stored: two decimals, invariant culture (<c>150.00</c>).</summary>
    public static string Price(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-HJ-NPR-Z0-9]{17}$")]
    private static partial Regex WholeVin();
}

/// <summary>One extracted value and how sure we are of it (0–1).</summary>
public sealed record ExtractedField(string? Value, double Confidence);

public static class AppointmentStatuses
{
    public const string None = "none", One = "one", Several = "several";
}

/// <summary>
/// What an extractor found in a transcript. Fields it did not find are absent (not guessed). Several preferred
/// times are kept as a list so a person can pick; <see cref="AppointmentStatus"/> says none / one / several.
/// </summary>
public sealed record ExtractionResult
{
    public Dictionary<string, ExtractedField> Fields { get; init; } = [];
    public IReadOnlyList<string> PreferredTimes { get; init; } = [];
    /// <summary>Follows from <see cref="PreferredTimes"/>, so it can never disagree with the list (serialized all the same).</summary>
    public string AppointmentStatus => PreferredTimes.Count switch { 0 => AppointmentStatuses.None, 1 => AppointmentStatuses.One, _ => AppointmentStatuses.Several };
    public string Engine { get; init; } = "rules";
    public IReadOnlyList<string> Notes { get; init; } = [];

    public string? Value(string field) => Fields.TryGetValue(field, out var f) ? f.Value : null;
    public double Confidence(string field) => Fields.TryGetValue(field, out var f) ? f.Confidence : 0;

    [JsonIgnore] public int? VehicleYear => int.TryParse(Value(FieldNames.VehicleYear), out var y) ? y : null;
}

/// <summary>Turns a transcript into fields. Two implementations: built-in rules, and an OpenAI-compatible tool call.</summary>
public interface ITranscriptExtractor
{
    Task<ExtractionResult> ExtractAsync(string transcript, ExtractionContext context, CancellationToken ct);
}

/// <summary>What the extractor may use besides the text: the caller id (the fallback callback number) and the business's local date.</summary>
public sealed record ExtractionContext(string? CallerPhone, int CurrentYear, string BusinessName, string Vertical)
{
    /// <summary>The business's service catalog (the services a caller's words are matched to).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
    /// <summary>When the call was made (cold months make "no heat" an emergency; the month is read in UTC, close enough for a season).</summary>
    public DateTimeOffset? Now { get; init; }
}
