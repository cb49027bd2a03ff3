using System.Xml.Linq;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Keeps the Data Protection key ring in the database, so sign-in cookies and anti-forgery tokens survive a
/// restart and are accepted by every node that shares the database. The interface is synchronous; the key ring
/// is read once and cached by the framework, so blocking here is rare and short. The database is resolved on
/// first use: Data Protection is wired while the host is built, before settings are validated, and a bad
/// database setting must surface as the clear start-up message, not from here.
/// </summary>
public sealed class DbXmlRepository(IServiceProvider services) : IXmlRepository
{
    private Db Db => services.GetRequiredService<Db>();
    private TimeProvider Clock => services.GetRequiredService<TimeProvider>();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = Db.OpenAsync().GetAwaiter().GetResult();
        return [.. conn.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, id").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName) =>
        Db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO data_protection_keys (id, friendly_name, xml, created_at) VALUES (@Id, @friendlyName, @Xml, @Now)
            ON CONFLICT (friendly_name) DO NOTHING
            """, new { Id = Ids.New(), friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), Now = Clock.GetUtcNow() }, tx.Transaction))
            .GetAwaiter().GetResult();

    /// <summary>Every stored key with its row id (the start-up check of keys at rest reads them before the framework does).</summary>
    public static async Task<IReadOnlyList<(string Id, string Xml)>> ListAsync(Db db, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<(string, string)>(new CommandDefinition("SELECT id, xml FROM data_protection_keys ORDER BY created_at, id", cancellationToken: ct))];
    }

    /// <summary>
    /// Replaces a key's stored XML with its encrypted form, only if nobody changed it meanwhile (two nodes starting at
    /// once both try; either result is readable with the shared secret). True when this call replaced it.
    /// </summary>
    public static async Task<bool> EncryptStoredAsync(Db db, string id, string before, string after, CancellationToken ct) =>
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync(new CommandDefinition("UPDATE data_protection_keys SET xml = @after WHERE id = @id AND xml = @before",
            new { id, before, after }, tx.Transaction, cancellationToken: ct)), ct) == 1;
}
