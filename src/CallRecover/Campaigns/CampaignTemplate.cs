using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Tenancy;

namespace CallRecover.Campaigns;

/// <summary>
/// A campaign's message: a template with <c>{field}</c> placeholders filled per recipient (<c>{first_name}</c>,
/// <c>{service}</c>, <c>{last_visit}</c> and any column of an imported list), the business's name in front when the
/// template does not say it, and the opt-out line at the end, always (a marketing text must say how to stop).
/// </summary>
public static partial class CampaignTemplate
{
    public const int MaxLength = 640;

    /// <summary>Fields every audience has (a list contact may leave them empty).</summary>
    public static readonly string[] StandardFields = ["first_name", "service", "last_visit"];

    [GeneratedRegex(@"\{([a-zA-Z0-9_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s+([,.!?])")]
    private static partial Regex SpaceBeforePunctuation();

    /// <summary>The placeholders a template uses, lower case.</summary>
    public static IReadOnlyList<string> FieldsOf(string template) =>
        [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct()];

    /// <summary>The template's problem in words, or null when it can be sent to an audience with <paramref name="fields"/>.</summary>
    public static string? Check(string? template, IReadOnlyCollection<string> fields)
    {
        if (string.IsNullOrWhiteSpace(template)) return "Write the message.";
        if (template.Length > MaxLength) return $"The message is {template.Length} characters; keep it under {MaxLength}.";
        var unknown = FieldsOf(template).Where(f => !fields.Contains(f, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? null
            : $"{string.Join(", ", unknown.Select(f => "{" + f + "}"))} is not a field of this audience; use {string.Join(", ", fields.Select(f => "{" + f + "}"))}.";
    }

    /// <summary>The text one recipient gets.</summary>
    public static string Render(Business business, string template, string? firstName, IReadOnlyDictionary<string, string> fields)
    {
        var text = Placeholder().Replace(template, m =>
        {
            var name = m.Groups[1].Value.ToLowerInvariant();
            if (name == "first_name") return string.IsNullOrWhiteSpace(firstName) ? "there" : firstName.Trim();
            return fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim() ?? "";
        });
        text = SpaceBeforePunctuation().Replace(Spaces().Replace(text, " "), "$1").Trim();
        if (!text.Contains(business.Name, StringComparison.OrdinalIgnoreCase)) text = $"{business.Name}: {text}";
        if (!Regex.IsMatch(text, @"\bSTOP\b")) text = $"{text} {TextingPolicy.OptOutHint}";
        return text;
    }

    /// <summary>How many SMS segments a text takes (<see cref="SmsSegments"/>).</summary>
    public static int Segments(string text) => SmsSegments.Count(text);
}
