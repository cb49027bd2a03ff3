using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

/// <summary>Data Protection keys (which sign cookies and anti-forgery tokens) encrypted at rest with a configured certificate.</summary>
public sealed class KeyProtectionTests
{
    private static string NewPfx(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CallRecover key protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"cr-keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return path;
    }

    [Theory, DatabaseData]
    public async Task WithACertificate_KeysAreStoredEncrypted_AndASecondNodeReadsThem(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var pfx = NewPfx("s3cret-test-only");
        try
        {
            var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "s3cret-test-only" };
            await using var nodeA = new AppFactory(db, settings: settings);
            var business = await nodeA.CreateBusinessAsync();
            var a = await nodeA.SignedInClientAsync(business.OwnerEmail);
            (await a.GetStringAsync("/api/dashboard/me")).ShouldContain(business.OwnerEmail);

            var stored = (await db.Db.WriteAsync(tx => tx.Connection.QueryAsync<string>("SELECT xml FROM data_protection_keys", transaction: tx.Transaction))).ToList();
            var key = stored.ShouldHaveSingleItem();
            key.ShouldContain("EncryptedXmlDecryptor");
            key.ShouldNotContain("<value>"); // the plain master key the framework writes without a certificate

            // A second node with the same certificate uses that key (it would make its own if it could not decrypt it).
            await using var nodeB = new AppFactory(db, settings: settings);
            var b = await nodeB.SignedInClientAsync(business.OwnerEmail);
            (await b.GetStringAsync("/api/dashboard/me")).ShouldContain(business.OwnerEmail);
            (await db.Db.WriteAsync(tx => tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM data_protection_keys", transaction: tx.Transaction))).ShouldBe(1);
        }
        finally { File.Delete(pfx); }
    }

    [Fact]
    public async Task ABadCertificateSetting_StopsStartUp_NamingTheKey()
    {
        var pfx = NewPfx("right");
        try
        {
            foreach (var (path, password, expected) in new[] { ("/nonexistent/keys.pfx", "x", "no file at"), (pfx, "wrong", "could not be read") })
            {
                var run = await CallRecover.Tests.Hosting.AppProcess.RunAsync([], new()
                {
                    ["Database__ConnectionString"] = $"Data Source={CallRecover.Tests.Hosting.AppProcess.TempDb()}",
                    ["DataProtection__CertificatePath"] = path, ["DataProtection__CertificatePassword"] = password,
                });
                run.ExitCode.ShouldBe(1);
                run.StdErr.ShouldContain("DataProtection:CertificatePath");
                run.StdErr.ShouldContain(expected);
                run.StdErr.ShouldNotContain("   at ", Case.Sensitive, "a clear message, not a stack trace");
            }
        }
        finally { File.Delete(pfx); }
    }
}
