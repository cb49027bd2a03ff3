using System.Text.Json.Serialization;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>A catalog line as a client sends it (and as the defaults are written).</summary>
public sealed record CatalogEntryInput(
    string Name, decimal LaborHours, decimal PartsCost, IReadOnlyList<string> Keywords, string Complexity = "medium", bool Diagnostic = false);

/// <summary>One service or repair a business prices.</summary>
public sealed record CatalogEntry
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Name { get; init; } = "";
    [JsonIgnore] public string KeywordsJson { get; init; } = "[]";
    public IReadOnlyList<string> Keywords => Json.Deserialize<List<string>>(KeywordsJson);
    public decimal LaborHours { get; init; }
    public decimal PartsCost { get; init; }
    public string Complexity { get; init; } = "medium";
    /// <summary>Priced only when the text asks for a diagnosis; never a fallback for unrecognized text.</summary>
    public bool Diagnostic { get; init; }
    public int Position { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A business's catalog: its entries, a version bumped on every edit (estimates record it), and fees.</summary>
public sealed record ServiceCatalog(int Version, string SeededFrom, decimal? TripCharge, IReadOnlyList<CatalogEntry> Entries);

public static class Complexities
{
    public static readonly string[] All = ["low", "medium", "high"];
}
