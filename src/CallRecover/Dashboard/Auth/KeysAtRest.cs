using System.Data.Common;
using System.Xml.Linq;
using CallRecover.Data;
using Microsoft.Extensions.Options;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Runs at start-up, after the migrations and before Data Protection loads its key ring (registered ahead of it), when
/// the keys are encrypted with the secret (no certificate):
/// <list type="bullet">
/// <item>A key still in force that another secret encrypted stops start-up with a message naming the setting. Going on
/// would make the framework write a new key, sign everyone out and leave secrets protected with the old key unreadable.</item>
/// <item>A key stored unencrypted (written before encryption was on by default) is encrypted in place, so an upgraded
/// install does not keep signing cookies with a key anyone with a database dump can read.</item>
/// </list>
/// </summary>
public sealed class KeysAtRest(Db db, KeyEncryptionKeys keys, SecretXmlEncryptor encryptor, IOptions<KeyProtectionOptions> options, TimeProvider clock,
    ILogger<KeysAtRest> log) : IHostedService
{
    /// <summary>The framework's marker on an element it wants encrypted (the master key).</summary>
    private static readonly XNamespace Framework = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = Framework + "requiresEncryption";
    private static readonly XName EncryptedSecret = Framework + "encryptedSecret";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.CertificatePath)) return;
        IReadOnlyList<(string Id, string Xml)> stored;
        try { stored = await DbXmlRepository.ListAsync(db, ct); }
        // Not migrated (MigrateOnStart off): the health check says so; the keys are checked on the next start.
        catch (DbException) { return; }
        var kek = keys.Current;
        var foreign = 0;
        var encrypted = 0;
        foreach (var (id, xml) in stored)
        {
            var key = XElement.Parse(xml);
            var ids = key.Descendants(SecretXmlEncryptor.Element).Select(SecretXmlDecryptor.KeyIdOf).ToList();
            if (ids.Any(k => k != kek.Id))
            {
                if (!Expired(key)) foreign++;
                continue;
            }
            var plain = key.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
            if (plain.Count == 0) continue;
            // What the framework does when it writes a key with an encryptor configured.
            foreach (var element in plain)
            {
                var info = encryptor.Encrypt(new XElement(element));
                element.ReplaceWith(new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }
            if (await DbXmlRepository.EncryptStoredAsync(db, id, xml, key.ToString(SaveOptions.DisableFormatting), ct)) encrypted++;
        }
        if (encrypted > 0) log.LogInformation("Encrypted {Count} sign-in key(s) that were stored unencrypted (secret from {Source})", encrypted, kek.Source);
        if (foreign > 0)
            throw new OptionsValidationException(KeyProtectionOptions.Section, typeof(KeyProtectionOptions),
            [
                $"DataProtection:KeyEncryptionSecret: {foreign} sign-in key(s) in the database were encrypted with another secret than the one from {kek.Source}. " +
                "Set DataProtection__KeyEncryptionSecret to the secret they were written with (every node needs the same one; an embedded install keeps it in " +
                $"the file {KeyEncryptionKey.FileName} beside the database). Only if that secret is lost: delete the rows of data_protection_keys — everyone " +
                "signs in again, and webhook signing secrets must be made again.",
            ]);
    }

    private bool Expired(XElement key) =>
        DateTimeOffset.TryParse((string?)key.Element("expirationDate"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var expires)
        && expires < clock.GetUtcNow();

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
