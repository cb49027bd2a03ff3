using System.Text.Json.Serialization;

namespace CallRecover.Extraction;

/// <summary>The names of the fields extracted from a call or message (stable: stored and used by corrections).</summary>
public static class FieldNames
{
    public const string Name = "name", Phone = "phone", Address = "address", VehicleYear = "vehicleYear", VehicleMake = "vehicleMake",
        VehicleModel = "vehicleModel", VehicleEngine = "vehicleEngine", VehicleBody = "vehicleBody", Vin = "vin", Problem = "problem",
        PreferredTime = "preferredTime", Urgency = "urgency", Price = "price", Email = "email";

    public static readonly string[] All =
        [Name, Phone, Email, Address, VehicleYear, VehicleMake, VehicleModel, VehicleEngine, VehicleBody, Vin, Problem, PreferredTime, Urgency, Price];
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
public sealed record ExtractionContext(string? CallerPhone, int CurrentYear, string BusinessName, string Vertical);
