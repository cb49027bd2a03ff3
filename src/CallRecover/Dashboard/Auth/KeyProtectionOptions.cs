using CallRecover.Common;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Settings under <c>DataProtection</c>. With a certificate, every Data Protection key is encrypted with it before
/// it is written to <c>data_protection_keys</c>, so a copy of the database alone cannot forge sign-in cookies.
/// Without one the keys are stored as the framework writes them (fine for the embedded default; set it in production).
/// </summary>
public sealed class KeyProtectionOptions : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with a private key, shared by every node.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the certificate file, if it has one.</summary>
    [Secret] public string? CertificatePassword { get; set; }

    /// <summary>The certificate, or null when none is configured. Throws only for a setting that failed validation.</summary>
    public X509Certificate2? Load() =>
        string.IsNullOrWhiteSpace(CertificatePath) ? null : X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(CertificatePath)) yield break;
        if (!File.Exists(CertificatePath))
        {
            yield return new ValidationResult($"DataProtection:CertificatePath: no file at '{CertificatePath}'.", [nameof(CertificatePath)]);
            yield break;
        }
        string? problem = null;
        try
        {
            using var cert = Load();
            if (cert is not { HasPrivateKey: true }) problem = "the certificate has no private key, so the keys it encrypts could not be read back";
        }
        catch (CryptographicException ex)
        {
            problem = $"it could not be read as a PKCS#12 file with the given DataProtection:CertificatePassword ({ex.Message.TrimEnd('.')})";
        }
        if (problem is not null) yield return new ValidationResult($"DataProtection:CertificatePath '{CertificatePath}': {problem}.", [nameof(CertificatePath)]);
    }
}
