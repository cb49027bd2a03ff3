using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace CallRecover.Hosting;

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
            // The client's address, and whether it came in over TLS (the proxy terminates it): secure cookies, links, scheme.
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
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
