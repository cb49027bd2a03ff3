using System.Globalization;
using System.Text;

namespace CallRecover.Tenancy;

/// <summary>A business's public name in URLs (<c>/request/{slug}</c>): lowercase ASCII letters, digits and single dashes.</summary>
public static class Slugs
{
    public const int MaxLength = 60;
    public const string Rule = "Use 3 to 60 lowercase letters, digits and dashes, like smith-auto-repair.";

    public static bool IsValid(string slug) =>
        slug.Length is >= 3 and <= MaxLength && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && slug[0] != '-' && slug[^1] != '-' && !slug.Contains("--", StringComparison.Ordinal);

    /// <summary>"Smith's Auto &amp; Tire" → "smiths-auto-tire"; accents are dropped; too short a name gets "-shop".</summary>
    public static string From(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’') continue;
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > MaxLength - 4) slug = slug[..(MaxLength - 4)].TrimEnd('-');
        return slug.Length >= 3 ? slug : (slug.Length == 0 ? "shop" : slug + "-shop");
    }
}
