using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using CallRecover.Telephony;
using Microsoft.AspNetCore.HttpOverrides;

namespace CallRecover.Hosting;

/// <summary>Top-level settings that several capabilities read.</summary>
public sealed class AppOptions : IValidatableObject
{
    /// <summary>
    /// The URL the carrier reaches this app at (scheme, host, optional port, no trailing slash). Webhook
    /// signatures are checked against it, and links in texts are built from it.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Seed a demo business when the database has none (only in the simulator run: see <see cref="IsDemoRun"/>).</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// The default local run: demo businesses seeded and a ready sign-in link for the demo owner in the start-up log.
    /// Only with the simulator as the carrier: in a real deployment the demo would be a tenant anyone knows the email
    /// of, and the link in the logs a sign-in for whoever reads them.
    /// </summary>
    public bool IsDemoRun(CarrierOptions carrier) => SeedDemo && carrier.IsSimulator;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(u.Query))
            yield return new ValidationResult($"PublicBaseUrl must be an absolute http(s) URL without a query (got '{PublicBaseUrl}').", [nameof(PublicBaseUrl)]);
    }

    public string BaseUrl => PublicBaseUrl.TrimEnd('/');
}

/// <summary>Settings under <c>Operator</c>.</summary>
public sealed class OperatorOptions : IValidatableObject
{
    public const string Section = "Operator";

    /// <summary>
    /// The shortest key accepted: 24 characters (e.g. 12 random bytes as hex, 96 bits). The operator API reads every
    /// tenant's data and the outbox with their sign-in links, so a guessable key is an account takeover.
    /// </summary>
    public const int MinimumKeyLength = 24;

    /// <summary>Bearer key for /api/admin. Unset: the operator API is disabled (not open).</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The message never repeats the key: start-up errors end up in logs.
        if (!string.IsNullOrEmpty(ApiKey) && ApiKey.Trim().Length < MinimumKeyLength)
            yield return new ValidationResult(
                $"Operator:ApiKey (Operator__ApiKey) must be at least {MinimumKeyLength} characters (got {ApiKey.Trim().Length}); generate one with `openssl rand -hex 24`, or leave it unset to disable the operator API.",
                [nameof(ApiKey)]);
    }
}

/// <summary>
/// Settings under <c>ForwardedHeaders</c>: the reverse proxies (TLS terminators, load balancers) in front of the app.
/// The client address that per-IP limits count comes from <c>X-Forwarded-For</c> only on connections from these;
/// from anyone else the header is ignored, so a client cannot name its own address to dodge a limit.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Comma-separated IP addresses and CIDR ranges of the proxies, e.g. <c>10.0.0.5, 10.1.0.0/16</c>. Unset: no proxy is trusted.</summary>
    public string? KnownProxies { get; set; }

    private IEnumerable<string> Entries => (KnownProxies ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Entries)
            if (!TryParseAddress(entry, out _) && !TryParseNetwork(entry, out _))
                yield return new ValidationResult(
                    $"ForwardedHeaders:KnownProxies (ForwardedHeaders__KnownProxies): '{entry}' is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/8; a range's host bits are zero).",
                    [nameof(KnownProxies)]);
    }

    /// <summary>
    /// The forwarded-headers settings for the configured proxies, or null when there are none. Never build them with
    /// empty lists: ASP.NET Core then trusts X-Forwarded-For from everyone.
    /// </summary>
    public ForwardedHeadersOptions? ToForwardedHeaders()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            // Walk back through a chain of known proxies (each appends the address it saw); stop at the first one that is not.
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in Entries)
        {
            if (TryParseAddress(entry, out var ip)) options.KnownProxies.Add(ip);
            else if (TryParseNetwork(entry, out var network)) options.KnownIPNetworks.Add(network);
        }
        return options.KnownProxies.Count + options.KnownIPNetworks.Count > 0 ? options : null;
    }

    private static bool TryParseAddress(string s, out IPAddress ip) =>
        // IPAddress also reads "10" or "10.1" as IPv4; a proxy's address is written out in full.
        IPAddress.TryParse(s, out ip!) && (ip.AddressFamily != AddressFamily.InterNetwork || s.Count(c => c == '.') == 3);

    private static bool TryParseNetwork(string s, out System.Net.IPNetwork network)
    {
        network = default;
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !System.Net.IPNetwork.TryParse(s, out network)) return false;
        return network.BaseAddress.AddressFamily != AddressFamily.InterNetwork || s[..slash].Count(c => c == '.') == 3;
    }
}
