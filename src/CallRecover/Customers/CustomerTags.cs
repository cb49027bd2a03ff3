namespace CallRecover.Customers;

/// <summary>
/// What a customer tag is: trimmed, lower case, runs of spaces made one, 1–<see cref="MaxLength"/> letters, digits,
/// spaces, '-' or '_'; at most <see cref="MaxPerCustomer"/> per customer, duplicates folded. "Maintenance  Plan" and
/// "maintenance plan" are one tag. The one place these rules live: the editor, the API, the dashboard and the campaign
/// audience all normalize through here.
/// </summary>
public static class CustomerTags
{
    public const int MaxLength = 40, MaxPerCustomer = 20;

    /// <summary>What the forms say about a tag's characters.</summary>
    public const string Rule = "A tag is 1–40 letters, digits, spaces, '-' or '_'.";

    /// <summary>The tag as stored, or the reason it cannot be one.</summary>
    public static (string? Tag, string? Error) Normalize(string? raw)
    {
        var words = (raw ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var tag = string.Join(' ', words).ToLowerInvariant();
        if (tag.Length == 0) return (null, "A tag cannot be empty. " + Rule);
        if (tag.Length > MaxLength) return (null, $"“{Shorten(tag)}” is longer than {MaxLength} characters.");
        foreach (var ch in tag)
            if (!(char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_'))
                return (null, $"“{Shorten(tag)}” has a character a tag cannot hold. " + Rule);
        return (tag, null);
    }

    /// <summary>A whole set, normalized and with duplicates folded (first spelling's order kept), or the first reason it cannot be.</summary>
    public static (IReadOnlyList<string>? Tags, string? Error) NormalizeAll(IEnumerable<string?> raw)
    {
        var tags = new List<string>();
        foreach (var r in raw)
        {
            var (tag, error) = Normalize(r);
            if (error is not null) return (null, error);
            if (!tags.Contains(tag!, StringComparer.Ordinal)) tags.Add(tag!);
        }
        return tags.Count > MaxPerCustomer ? (null, $"A customer has at most {MaxPerCustomer} tags ({tags.Count} given).") : (tags, null);
    }

    private static string Shorten(string tag) => tag.Length > 50 ? tag[..47] + "…" : tag;
}
