using System.Xml.Linq;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// Keeps the Data Protection key ring in the database, so sign-in cookies and anti-forgery tokens survive a
/// restart and are accepted by every node that shares the database. The interface is synchronous; the key ring
/// is read once and cached by the framework, so blocking here is rare and short.
/// </summary>
public sealed class DbXmlRepository(Db db, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenAsync().GetAwaiter().GetResult();
        return [.. conn.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, id").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO data_protection_keys (id, friendly_name, xml, created_at) VALUES (@Id, @friendlyName, @Xml, @Now)
            ON CONFLICT (friendly_name) DO NOTHING
            """, new { Id = Ids.New(), friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), Now = clock.GetUtcNow() }, tx.Transaction))
            .GetAwaiter().GetResult();
}
