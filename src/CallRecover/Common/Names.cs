namespace CallRecover.Common;

/// <summary>Person names as callers give them.</summary>
public static class Names
{
    /// <summary>The first word of a name ("Maria Lopez" → "Maria"), or null when there is no name.</summary>
    public static string? First(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ')[0];
}
