using System.Security.Cryptography;
using System.Text;
using Twilio.Security;

namespace CallRecover.Telephony;

/// <summary>
/// The carrier webhook signature (X-Twilio-Signature; SignalWire's X-SignalWire-Signature uses the same algorithm):
/// HMAC-SHA1 over the full URL followed by every form parameter's name and value, sorted by name (ordinal), Base64.
/// Checked with the Twilio package's <see cref="RequestValidator"/>, which also accepts the URL with and without its
/// default port (the carrier may have signed either form: TLS offload, proxies) and keeps the host's case.
/// </summary>
public static class WebhookSignature
{
    /// <summary>
    /// Signs a request the way the carrier does: what the built-in simulator and the tests send. (The Twilio package
    /// only validates; it has no signer.)
    /// </summary>
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string key)
    {
        var sb = new StringBuilder(url);
        foreach (var (name, value) in Signed(parameters).OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Checks a form POST's signature (the raw posted values) against the URL with and without its default port.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature, string key)
    {
        if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(key)) return false;
        try
        {
            var validator = new RequestValidator(key);
            var signed = Signed(parameters);
            // The package adds the default port to a URL without one and drops a port that is named, but System.Uri
            // hides a named default port (":443"), so that URL is never tried without it: try that form ourselves.
            return validator.Validate(url, signed, signature)
                || (WithoutDefaultPort(url) is { } bare && validator.Validate(bare, signed, signature));
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            // The port variant is made with System.Uri: a URL it cannot read (far too long) is simply not valid.
            return false;
        }
    }

    /// <summary>
    /// Checks a JSON-body webhook: the URL carries <c>bodySHA256</c> (hex SHA-256 of the raw body); the signature
    /// covers the URL alone, then the hash must match the body. The body is hashed as the raw bytes received (the
    /// package's own overload takes it as a string, and throws on a <c>bodySHA256</c> without a value).
    /// </summary>
    public static bool IsValidJson(string url, ReadOnlySpan<byte> body, string? signature, string key)
    {
        if (!IsValid(url, [], signature, key)) return false;
        var expected = QueryValue(url, "bodySHA256");
        if (expected is null) return false;
        var actual = Convert.ToHexStringLower(SHA256.HashData(body));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected.ToLowerInvariant()));
    }

    /// <summary>
    /// The parameters as the validator's name → value map. A repeated name is signed as each value, sorted; the
    /// validator appends name + value once per name, so the values are joined with the name between them
    /// (<c>a=[x, y]</c> → <c>"a" + "x" + "a" + "y"</c>), which is exactly the signed text.
    /// </summary>
    private static Dictionary<string, string> Signed(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(g.Key, g.Select(p => p.Value).Order(StringComparer.Ordinal)), StringComparer.Ordinal);

    /// <summary><c>https://host:443/path</c> → <c>https://host/path</c>; null when the URL names no port or another one.</summary>
    private static string? WithoutDefaultPort(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort) return null;
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = url.Length;
        var port = ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return url.AsSpan(start, end - start).EndsWith(port, StringComparison.Ordinal) ? url[..(end - port.Length)] + url[end..] : null;
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
}
