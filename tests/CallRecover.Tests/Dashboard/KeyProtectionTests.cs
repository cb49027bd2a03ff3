using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Dashboard;

/// <summary>
/// Data Protection keys (which sign cookies and anti-forgery tokens) encrypted at rest: with a configured certificate,
/// else by default with DataProtection:KeyEncryptionSecret (or, on SQLite without it, a generated secret file).
/// </summary>
public sealed class KeyProtectionTests
{
    private static async Task<List<string>> StoredKeysAsync(TestDatabase db) =>
        [.. await db.Db.WriteAsync(tx => tx.Connection.QueryAsync<string>("SELECT xml FROM data_protection_keys", transaction: tx.Transaction))];

    private static async Task<HttpResponseMessage> MeAsync(AppFactory node, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/me");
        request.Headers.Add("Cookie", cookie);
        return await node.CreateClient().SendAsync(request);
    }

    [Theory, DatabaseData]
    public async Task ByDefault_KeysAreStoredEncryptedWithTheSecret_AndANodeWithTheSameSecretReadsTheCookies(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var nodeA = new AppFactory(db);
        var business = await nodeA.CreateBusinessAsync();
        var cookie = await nodeA.SignInCookieAsync(business.OwnerEmail);

        var key = (await StoredKeysAsync(db)).ShouldHaveSingleItem();
        key.ShouldContain("<encryptedKey keyId=");
        key.ShouldContain(nameof(CallRecover.Dashboard.Auth.SecretXmlDecryptor));
        key.ShouldNotContain("<value>"); // the plain master key the framework writes without an encryptor
        nodeA.Logs.Lines.ShouldNotContain(l => l.Contains("may be persisted to storage in unencrypted form"));

        await using var nodeB = new AppFactory(db);
        (await (await MeAsync(nodeB, cookie)).Content.ReadAsStringAsync()).ShouldContain(business.OwnerEmail);
        (await StoredKeysAsync(db)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task AKeyStoredUnencrypted_ByAnEarlierVersion_IsEncryptedInPlaceAtStart_AndItsCookiesStillWork(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        string cookie, email;
        // What the app did before keys were encrypted by default: no encryptor.
        await using (var old = new AppFactory(db, services: s => s.PostConfigure<KeyManagementOptions>(o => o.XmlEncryptor = null)))
        {
            email = (await old.CreateBusinessAsync()).OwnerEmail;
            cookie = await old.SignInCookieAsync(email);
        }
        (await StoredKeysAsync(db)).ShouldHaveSingleItem().ShouldContain("<value>");

        await using var upgraded = new AppFactory(db);
        (await (await MeAsync(upgraded, cookie)).Content.ReadAsStringAsync()).ShouldContain(email);
        var key = (await StoredKeysAsync(db)).ShouldHaveSingleItem();
        key.ShouldNotContain("<value>");
        key.ShouldContain("<encryptedKey keyId=");
        upgraded.Logs.Lines.ShouldContain(l => l.Contains("Encrypted 1 sign-in key(s) that were stored unencrypted"));
    }

    [Fact]
    public async Task WithoutTheSetting_OnSqlite_ASecretIsGeneratedBesideTheDatabase_OwnerOnly()
    {
        await using var db = await TestDatabase.CreateEmptyAsync(TestDatabase.Sqlite);
        var secretFile = Path.Combine(Path.GetDirectoryName(db.ConnectionString["Data Source=".Length..])!, CallRecover.Dashboard.Auth.KeyEncryptionKey.FileName);
        await using (var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["DataProtection:KeyEncryptionSecret"] = null }))
        {
            (await app.CreateClient().GetAsync("/login")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            app.Logs.Lines.ShouldContain(l => l.Contains(secretFile));
        }
        File.Exists(secretFile).ShouldBeTrue();
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(secretFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await StoredKeysAsync(db)).ShouldHaveSingleItem().ShouldContain("<encryptedKey keyId=");
        var first = await File.ReadAllTextAsync(secretFile);
        await using (var again = new AppFactory(db, settings: new Dictionary<string, string?> { ["DataProtection:KeyEncryptionSecret"] = null }))
            (await again.CreateClient().GetAsync("/login")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await File.ReadAllTextAsync(secretFile)).ShouldBe(first, "the file is made once and then read");
        (await StoredKeysAsync(db)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnotherSecret_StopsStartUp_WithAMessageNamingTheSetting_NotAStackTrace()
    {
        await using var db = await TestDatabase.CreateEmptyAsync(TestDatabase.Sqlite);
        await using (var app = new AppFactory(db))
            (await app.CreateClient().GetAsync("/login")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await StoredKeysAsync(db)).Count.ShouldBe(1);

        var run = await CallRecover.Tests.Hosting.AppProcess.RunAsync([], new()
        {
            ["Database__ConnectionString"] = db.ConnectionString,
            ["DataProtection__KeyEncryptionSecret"] = "a-different-secret-0123456789abcdefghijkl",
        });
        run.ExitCode.ShouldBe(1);
        run.StdErr.ShouldContain("DataProtection:KeyEncryptionSecret: 1 sign-in key(s) in the database were encrypted with another secret");
        run.StdErr.ShouldNotContain("   at ", Case.Sensitive, "a clear message, not a stack trace");
        (run.StdErr + run.StdOut).ShouldNotContain("a-different-secret");
        (await StoredKeysAsync(db)).Count.ShouldBe(1, "no new key written over the unreadable one");
    }

    [Fact]
    public async Task PostgresWithoutASecret_OrAShortSecret_StopsStartUp_NamingTheSetting()
    {
        var missing = await CallRecover.Tests.Hosting.AppProcess.RunAsync(["migrate"], new()
        {
            ["Database__Provider"] = "postgres", ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z",
        });
        missing.ExitCode.ShouldBe(1);
        missing.StdErr.ShouldContain("DataProtection:KeyEncryptionSecret (DataProtection__KeyEncryptionSecret) is required when Database:Provider is 'postgres'");
        var shortSecret = await CallRecover.Tests.Hosting.AppProcess.RunAsync(["migrate"], new()
        {
            ["Database__ConnectionString"] = $"Data Source={CallRecover.Tests.Hosting.AppProcess.TempDb()}", ["DataProtection__KeyEncryptionSecret"] = "too-short",
        });
        shortSecret.ExitCode.ShouldBe(1);
        shortSecret.StdErr.ShouldContain("DataProtection:KeyEncryptionSecret must be at least 32 characters");
        shortSecret.StdErr.ShouldNotContain("too-short");
    }

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
