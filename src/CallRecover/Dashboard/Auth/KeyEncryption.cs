using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CallRecover.Data;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// The key that encrypts the Data Protection keys before they are stored (when no certificate is configured), from
/// <c>DataProtection:KeyEncryptionSecret</c>; on the embedded SQLite database without that setting, from a secret
/// generated once into a file beside the database file (owner-only permissions). Either way a copy of the database
/// alone (a dump, a backup) cannot read the keys, so it cannot forge a sign-in cookie or read protected secrets.
/// </summary>
public sealed class KeyEncryptionKey
{
    public const string FileName = "callrecover-keys.secret";

    private KeyEncryptionKey(byte[] key, string id, string source)
    {
        Key = key;
        Id = id;
        Source = source;
    }

    /// <summary>AES-256 key (HKDF-SHA256 of the secret).</summary>
    internal byte[] Key { get; }

    /// <summary>A fingerprint stored with each encrypted key (derived separately, so it tells nothing of the key): which secret wrote it.</summary>
    public string Id { get; }

    /// <summary>Where the secret came from, for the log: the setting or the file's path.</summary>
    public string Source { get; }

    public static KeyEncryptionKey FromSecret(string secret, string source)
    {
        var ikm = Encoding.UTF8.GetBytes(secret.Trim());
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, info: "CallRecover Data Protection key encryption v1"u8.ToArray());
        var id = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 8, info: "CallRecover Data Protection key encryption id v1"u8.ToArray()));
        return new KeyEncryptionKey(key, id, source);
    }

    /// <summary>
    /// The secret file for an embedded SQLite database: beside the database file, created on first run with a random
    /// secret and owner-only permissions (0600). Null for an in-memory database (its keys die with it).
    /// </summary>
    public static string? SqliteSecretPath(DatabaseOptions database)
    {
        var source = new SqliteConnectionStringBuilder(database.EffectiveConnectionString);
        if (string.IsNullOrWhiteSpace(source.DataSource) || source.DataSource == ":memory:" || source.Mode == SqliteOpenMode.Memory) return null;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source.DataSource)) ?? ".", FileName);
    }

    /// <summary>Reads the secret file, creating it first when it does not exist. Returns the secret and whether it was created.</summary>
    public static (string Secret, bool Created) ReadOrCreateSecretFile(string path)
    {
        if (File.Exists(path)) return (File.ReadAllText(path).Trim(), false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(path, options))
            using (var writer = new StreamWriter(file)) writer.Write(secret);
            return (secret, true);
        }
        // Another process (a second instance on the same folder) created it first: use theirs.
        catch (IOException) when (File.Exists(path))
        {
            return (File.ReadAllText(path).Trim(), false);
        }
    }
}

/// <summary>Finds the key-encryption key once, on first use (after start-up validation has checked the settings).</summary>
public sealed class KeyEncryptionKeys(IOptions<KeyProtectionOptions> options, IOptions<DatabaseOptions> database, ILogger<KeyEncryptionKeys> log)
{
    private readonly Lazy<KeyEncryptionKey> _current = new(() => Load(options.Value, database.Value, log));

    public KeyEncryptionKey Current => _current.Value;

    private static KeyEncryptionKey Load(KeyProtectionOptions options, DatabaseOptions database, ILogger log)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionSecret))
            return KeyEncryptionKey.FromSecret(options.KeyEncryptionSecret, "DataProtection:KeyEncryptionSecret");
        if (database.Provider == "sqlite" && KeyEncryptionKey.SqliteSecretPath(database) is { } path)
        {
            var (secret, created) = KeyEncryptionKey.ReadOrCreateSecretFile(path);
            if (created)
                log.LogWarning("Generated the secret that encrypts the sign-in keys at {Path} (owner-only). Keep it with your backups, but apart from them: " +
                    "a restored database needs it. Or set DataProtection__KeyEncryptionSecret.", path);
            return KeyEncryptionKey.FromSecret(secret, path);
        }
        // An in-memory database: its keys go with it, so a key for this process only is enough.
        return KeyEncryptionKey.FromSecret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "this process");
    }
}

/// <summary>
/// Data Protection's extension point for keys at rest (<see cref="IXmlEncryptor"/>): AES-256-GCM with the
/// <see cref="KeyEncryptionKey"/>. The framework has encryptors only for certificates and Windows DPAPI; the
/// cipher is .NET's own <see cref="AesGcm"/>.
/// </summary>
public sealed class SecretXmlEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    public static readonly XName Element = "encryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var kek = keys.Current;
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(kek.Key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(kek.Id));
        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement(Element,
            new XAttribute("keyId", kek.Id),
            new XComment(" AES-256-GCM with a key from DataProtection:KeyEncryptionSecret (or the generated secret file) "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("ciphertext", Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(element, typeof(SecretXmlDecryptor));
    }
}

/// <summary>Reads what <see cref="SecretXmlEncryptor"/> wrote. Made by the framework from the type name stored with the key.</summary>
public sealed class SecretXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kek = services.GetRequiredService<KeyEncryptionKeys>().Current;
        var id = (string?)encryptedElement.Attribute("keyId");
        if (id != kek.Id)
            throw new CryptographicException($"This key was encrypted with another DataProtection:KeyEncryptionSecret (key id {id}; the configured secret's is {kek.Id}).");
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var cipher = Convert.FromBase64String((string)encryptedElement.Element("ciphertext")!);
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(kek.Key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(kek.Id));
        try { return XElement.Parse(Encoding.UTF8.GetString(plain)); }
        finally { CryptographicOperations.ZeroMemory(plain); }
    }

    /// <summary>The key id an encrypted key element names, or null when the element is not ours.</summary>
    public static string? KeyIdOf(XElement element) =>
        element.Name == SecretXmlEncryptor.Element ? (string?)element.Attribute("keyId") : null;
}
