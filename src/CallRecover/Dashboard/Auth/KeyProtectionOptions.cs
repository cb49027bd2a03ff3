using CallRecover.Common;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Settings under <c>DataProtection</c>. Every Data Protection key is encrypted before it is written to
/// <c>data_protection_keys</c>, so a copy of the database alone cannot forge sign-in cookies: with a certificate when
/// one is configured, else with <see cref="KeyEncryptionSecret"/> (required on PostgreSQL; on the embedded SQLite
/// database a secret is generated into a file beside it when unset).
/// </summary>
public sealed class KeyProtectionOptions : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with a private key, shared by every node.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the certificate file, if it has one.</summary>
    [Secret] public string? CertificatePassword { get; set; }

    /// <summary>
    /// The secret the keys are encrypted with (AES-256-GCM, key derived with HKDF), at least 32 characters, e.g.
    /// <c>openssl rand -base64 32</c>. The same on every node. Unset on SQLite: generated into
    /// <c>callrecover-keys.secret</c> beside the database file. Required on PostgreSQL unless CertificatePath is set.
    /// </summary>
    [Secret] public string? KeyEncryptionSecret { get; set; }

    public const string SecretRequired = "DataProtection:KeyEncryptionSecret (DataProtection__KeyEncryptionSecret) is required when Database:Provider is 'postgres' " +
        "and no DataProtection:CertificatePath is set: the sign-in keys in the database are encrypted with it, and every node needs the same one " +
        "(at least 32 characters, e.g. the output of `openssl rand -base64 32`).";

    /// <summary>PostgreSQL (several nodes, no shared folder to generate a secret into) with neither a certificate nor a secret.</summary>
    public static bool NeedsSecret(KeyProtectionOptions o, IConfiguration config) =>
        string.Equals(config["Database:Provider"], "postgres", StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrWhiteSpace(o.CertificatePath) && string.IsNullOrWhiteSpace(o.KeyEncryptionSecret);

    /// <summary>The certificate, or null when none is configured. Throws only for a setting that failed validation.</summary>
    public X509Certificate2? Load() =>
        string.IsNullOrWhiteSpace(CertificatePath) ? null : X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(KeyEncryptionSecret) && KeyEncryptionSecret.Trim().Length < 32)
            yield return new ValidationResult("DataProtection:KeyEncryptionSecret must be at least 32 characters (e.g. the output of `openssl rand -base64 32`).",
                [nameof(KeyEncryptionSecret)]);
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
