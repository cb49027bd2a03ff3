using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallRecover.Webhooks;

/// <summary>
/// <c>X-CallRecover-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{raw body}"}</c>; during a secret rotation a second
/// <c>v1</c> signed with the previous secret follows, so a receiver that still has the old secret keeps verifying.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-CallRecover-Signature";

    public static string Sign(long unixSeconds, string body, IEnumerable<string> secrets) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)}," + string.Join(',', secrets.Select(s => "v1=" + Hex(s, $"{unixSeconds}.{body}")));

    private static string Hex(string secret, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
}
