using System.Globalization;
using CallRecover.Estimates;

namespace CallRecover.Tenancy.Pages;

/// <summary>A price-list entry as the settings form shows and posts it (text, so a typo is shown back as typed).</summary>
public sealed class EntryForm
{
    public string Name { get; set; } = "";
    public string Keywords { get; set; } = "";
    public string LaborHours { get; set; } = "";
    public string PartsCost { get; set; } = "";
    public string Complexity { get; set; } = "medium";
    public bool Diagnostic { get; set; }

    public static EntryForm From(CatalogEntry e) => new()
    {
        Name = e.Name, Keywords = string.Join(", ", e.Keywords), LaborHours = e.LaborHours.ToString("0.##", CultureInfo.InvariantCulture),
        PartsCost = e.PartsCost.ToString("0.##", CultureInfo.InvariantCulture), Complexity = e.Complexity, Diagnostic = e.Diagnostic,
    };

    /// <summary>Fields are named <c>{prefix}-name</c> etc., so every row's inputs have their own ids and labels.</summary>
    public static EntryForm FromForm(IFormCollection f, string prefix)
    {
        string V(string k) => f.TryGetValue($"{prefix}-{k}", out var v) ? v.ToString() : "";
        return new() { Name = V("name"), Keywords = V("keywords"), LaborHours = V("laborHours"), PartsCost = V("partsCost"), Complexity = V("complexity"), Diagnostic = V("diagnostic") == "on" };
    }

    public ServiceCatalogService.EntryInput ToInput()
    {
        static decimal? Num(string s) =>
            decimal.TryParse(s.Trim().TrimStart('$').Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
        var keywords = Keywords.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        return new(Name, Num(LaborHours), Num(PartsCost), keywords, string.IsNullOrWhiteSpace(Complexity) ? null : Complexity.Trim(), Diagnostic);
    }
}
