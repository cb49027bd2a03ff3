using System.Security.Cryptography;
using System.Text;

namespace CallRecover.Telephony;

/// <summary>
/// The carrier webhook signature (X-Twilio-Signature; SignalWire's X-SignalWire-Signature uses the same algorithm):
/// HMAC-SHA1 over the full URL followed by every form parameter's name and value, sorted by name (ordinal), Base64.
/// The URL is used exactly as given (host case included): only the default port may be added or dropped, because
/// the carrier may have signed either form (TLS offload, proxies), as the official libraries accept.
/// </summary>
public static class WebhookSignature
{
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string key)
    {
        var sb = new StringBuilder(url);
        foreach (var group in parameters.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var value in group.Select(p => p.Value).Order(StringComparer.Ordinal))
                sb.Append(group.Key).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Checks a form POST's signature against the URL with and without its default port.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature, string key)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(key)) return false;
        var list = parameters as IReadOnlyCollection<KeyValuePair<string, string>> ?? [.. parameters];
        var ok = false;
        // Check every variant (no early exit) so timing does not tell which form matched.
        foreach (var variant in UrlVariants(url))
            ok |= FixedTimeEquals(Compute(variant, list, key), signature);
        return ok;
    }

    /// <summary>
    /// Checks a JSON-body webhook: the URL carries <c>bodySHA256</c> (hex SHA-256 of the raw body); the signature
    /// covers the URL alone, then the hash must match the body.
    /// </summary>
    public static bool IsValidJson(string url, ReadOnlySpan<byte> body, string? signature, string key)
    {
        if (!IsValid(url, [], signature, key)) return false;
        var expected = QueryValue(url, "bodySHA256");
        if (expected is null) return false;
        var actual = Convert.ToHexStringLower(SHA256.HashData(body));
        return FixedTimeEquals(actual, expected.ToLowerInvariant());
    }

    /// <summary>The URL as given, with the scheme's default port added, and with any port removed (distinct).</summary>
    public static IReadOnlyList<string> UrlVariants(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return [url];
        var scheme = url[..schemeEnd];
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        var rest = url[authorityEnd..];
        var hostStart = authority.LastIndexOf('@') + 1;
        var colon = authority.LastIndexOf(':');
        var bracket = authority.LastIndexOf(']');
        var hasPort = colon >= hostStart && colon > bracket;
        var hostPart = hasPort ? authority[..colon] : authority;
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? "80" : null;
        var withoutPort = $"{scheme}://{hostPart}{rest}";
        var withPort = hasPort ? url : defaultPort is null ? url : $"{scheme}://{hostPart}:{defaultPort}{rest}";
        return new[] { url, withPort, withoutPort }.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? QueryValue(string url, string name)
    {
        var q = url.IndexOf('?');
        if (q < 0) return null;
        foreach (var pair in url[(q + 1)..].Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0 && Uri.UnescapeDataString(pair[..eq]) == name) return Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
