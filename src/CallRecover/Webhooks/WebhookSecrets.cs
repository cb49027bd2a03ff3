using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CallRecover.Webhooks;

/// <summary>Signing secrets: made here, stored encrypted with the app's Data Protection keys, read back only to sign.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.Webhooks.SigningSecret");

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The secrets that sign now: the current one, and the previous one while its overlap lasts.</summary>
    public IEnumerable<string> SigningSecrets(WebhookSubscription s, DateTimeOffset now)
    {
        yield return _protector.Unprotect(s.Secret);
        if (s.PreviousSecret is { } previous && s.PreviousUntil > now) yield return _protector.Unprotect(previous);
    }
}
