using System.Net;
using System.Net.Sockets;

namespace CallRecover.Common;

/// <summary>Where the server may send requests on a user's behalf (webhook URLs and every other user-given URL it fetches or posts to).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Let user-given URLs reach loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10)
    /// and other non-public addresses. Off by default (no server-side request forgery); on for tests and on-premises installs.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }
}

/// <summary>
/// Checks user-given URLs before they are stored, and again at connect time: the <see cref="SocketsHttpHandler.ConnectCallback"/>
/// of <see cref="GuardedHandler"/> resolves the host itself and connects only to a public address, so a name that
/// resolves to a public address when checked and to 127.0.0.1 when used (DNS rebinding) still fails.
/// </summary>
public static class OutboundTargets
{
    /// <summary>An error naming what is wrong with the URL, or null when the server may send to it.</summary>
    public static async Task<string?> CheckAsync(string? url, bool allowPrivate, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return "url must be an absolute http(s) URL.";
        if (url!.Length > 2000) return "url must be at most 2000 characters.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry a user name or password.";
        if (allowPrivate) return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct); }
            catch (SocketException) { return $"url's host '{uri.Host}' does not resolve."; }
            catch (ArgumentException) { return $"url's host '{uri.Host}' is not valid."; }
        }
        if (addresses.Length == 0) return $"url's host '{uri.Host}' does not resolve.";
        return addresses.All(IsPublic) ? null : "url must point to a public address (not loopback, private or link-local).";
    }

    /// <summary>
    /// Whether an address is on the public internet (not loopback, private, link-local, CGNAT, benchmarking, multicast or
    /// unspecified). IPv6 counts only in global unicast (2000::/3); an IPv4 address carried inside IPv6 (mapped, NAT64
    /// 64:ff9b::/96, 6to4 2002::/16) counts as that IPv4 address, and the forms that hide one (IPv4-compatible ::a.b.c.d,
    /// Teredo 2001::/32) never count.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 100 && b[1] >= 64 && b[1] < 128) || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168) || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18) || b[0] >= 224);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        // NAT64 (64:ff9b::/96): the IPv4 address in its last four bytes.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublic(new IPAddress(b.AsSpan(12, 4)));
        // 6to4 (2002::/16): the IPv4 address in bytes 2 to 5.
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublic(new IPAddress(b.AsSpan(2, 4)));
        // Teredo (2001:0::/32) tunnels to an obscured IPv4 address.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return false;
        // Global unicast only: this leaves out ::/8 (IPv4-compatible, discard), fc00::/7, fe80::/10 and ff00::/8.
        return (b[0] & 0xE0) == 0x20;
    }

    /// <summary>An HTTP handler that refuses, at connect time, any address the options do not allow.</summary>
    public static SocketsHttpHandler GuardedHandler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
            if (allowed.Count == 0) throw new HttpRequestException($"Refused to connect to {host}: not a public address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
