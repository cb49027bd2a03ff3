using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>
/// Expiring signed links to one recording's audio (for the dashboard's player and for sharing with staff). The
/// token is Data Protection–encrypted and time-limited: it names the business and recording, so it cannot be
/// edited into another tenant's recording. Several nodes must share the Data Protection key ring.
/// </summary>
public sealed class RecordingLinks(IDataProtectionProvider protection, IOptions<RecordingOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("CallRecover.Recordings.Link.v1").ToTimeLimitedDataProtector();

    public (string Url, DateTimeOffset ExpiresAt) Create(string businessId, string recordingId, TimeSpan? lifetime = null)
    {
        var expires = clock.GetUtcNow() + (lifetime ?? options.Value.LinkLifetime);
        var token = _protector.Protect($"{businessId}|{recordingId}", expires);
        return ($"/recordings/audio?token={Uri.EscapeDataString(token)}", expires);
    }

    /// <summary>The (business, recording) a token names, or null when it is forged, edited or expired.</summary>
    public (string BusinessId, string RecordingId)? Read(string token)
    {
        try
        {
            var value = _protector.Unprotect(token, out var expires);
            // Checked against the injected clock too, so expiry follows the same time as everything else.
            if (expires <= clock.GetUtcNow()) return null;
            var parts = value.Split('|');
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
