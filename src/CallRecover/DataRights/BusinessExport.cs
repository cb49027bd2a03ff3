using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CallRecover.Data;
using CsvHelper;
using Dapper;

namespace CallRecover.DataRights;

/// <summary>
/// Everything a business holds, for the owner leaving or keeping their own copy: one CSV per table of its data (streamed
/// row by row, so a million calls never sit in memory), <c>business.json</c> with the business's profile and the row
/// count per table, and the files (call audio, job and request photos). Reads only, each query scoped to the business.
/// The tables are named here (an allow list, not "every table with a business_id"), so a table that holds secrets —
/// API token hashes, webhook and CRM secrets, sign-in links, Data Protection keys — never ends up in an export by being
/// added later; and the columns that are not the business's data (server paths, token hashes, secrets) are left out.
/// </summary>
public sealed class BusinessExport(Db db)
{
    /// <summary>The tables exported, in the order a reader meets them, with their sort order.</summary>
    public static readonly IReadOnlyList<(string Table, string Order)> Tables =
    [
        ("service_catalog", "position, id"), ("booking_settings", "business_id"), ("recording_settings", "business_id"), ("review_settings", "business_id"),
        ("report_settings", "business_id"), ("retention_settings", "business_id"), ("job_settings", "business_id"), ("telephony_settings", "business_id"),
        ("users", "created_at, id"), ("technicians", "created_at, id"),
        ("customers", "created_at, id"), ("vehicles", "created_at, id"), ("customer_tags", "customer_id, tag"),
        ("leads", "created_at, id"), ("calls", "created_at, id"), ("call_events", "received_at, id"),
        ("conversations", "created_at, id"), ("messages", "created_at, id"), ("conversation_turns", "created_at, message_id"),
        ("appointments", "created_at, id"), ("booking_offers", "created_at, id"), ("recordings", "created_at, id"), ("transcriptions", "created_at, id"),
        ("extractions", "created_at, id"), ("extraction_corrections", "corrected_at, id"),
        ("quotes", "created_at, id"), ("quote_items", "quote_id, position, id"), ("quote_signatures", "signed_at, id"),
        ("jobs", "created_at, id"), ("job_photos", "created_at, id"), ("parts_orders", "created_at, id"), ("parts_order_items", "parts_order_id, position, id"),
        ("invoices", "created_at, id"), ("invoice_lines", "invoice_id, position, id"), ("payments", "created_at, id"),
        ("web_requests", "created_at, id"), ("request_photos", "created_at, id"),
        ("review_requests", "created_at, id"), ("do_not_text", "created_at, id"), ("opt_outs", "created_at, id"),
        ("notifications", "created_at, id"), ("audit_log", "created_at, id"),
        // The calendars the owner connected (the secret address itself left out; its host is in url_hint) and their busy times.
        ("calendar_sources", "created_at, id"), ("calendar_busy", "start_at, source_id"),
        // Reactivation campaigns: the imported lists with their consent attestation, the campaigns and who got them; the send budget.
        ("contact_lists", "created_at, id"), ("contacts", "list_id, created_at, id"), ("campaigns", "created_at, id"), ("campaign_recipients", "campaign_id, id"),
        ("send_budgets", "business_id"),
        // The estimate data the business imported: its labor guide and risk hints.
        ("labor_guide", "row_number"), ("risk_hints", "row_number"),
    ];

    private static readonly HashSet<string> Omitted = new(StringComparer.Ordinal)
    {
        "business_id", "storage_path", "recording_path", "recording_url", "token_hash", "code", "search_text", "secret", "secret_protected",
        "password", "api_key", "ics_token", "url", "etag",
    };

    /// <summary>Not the business's data: the named columns, and any hash, token, secret or password a table gains later.</summary>
    private static bool IsOmitted(string column) =>
        Omitted.Contains(column) || column.EndsWith("_hash", StringComparison.Ordinal) || column.EndsWith("_token", StringComparison.Ordinal)
        || column.Contains("secret", StringComparison.Ordinal) || column.Contains("password", StringComparison.Ordinal);

    /// <summary>Tables whose rows are kept beside a file: the file's folder in the zip.</summary>
    private static readonly Dictionary<string, string> FileFolders = new(StringComparer.Ordinal)
    {
        ["recordings"] = "recordings", ["job_photos"] = "job-photos", ["request_photos"] = "request-photos",
    };

    /// <summary>Writes the zip to <paramref name="output"/> (seekable: a temporary file); returns the rows per table and the files written.</summary>
    public async Task<(Dictionary<string, int> Rows, int Files)> WriteZipAsync(string businessId, DateTimeOffset exportedAt, Stream output, CancellationToken ct = default)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using var conn = await db.OpenAsync(ct);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = 0;
        foreach (var (table, order) in Tables)
        {
            var (rows, tableFiles) = await WriteTableAsync(zip, conn, table, order, businessId, ct);
            counts[table] = rows;
            files += tableFiles;
        }
        var business = await conn.QuerySingleAsync("SELECT * FROM businesses WHERE id = @businessId", new { businessId });
        var profile = ((IDictionary<string, object?>)business).Where(kv => !IsOmitted(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        using (var entry = zip.CreateEntry("business.json", CompressionLevel.Optimal).Open())
            JsonSerializer.Serialize(entry, new Dictionary<string, object?> { ["exported_at"] = exportedAt, ["business"] = profile, ["rows"] = counts, ["files"] = files },
                new JsonSerializerOptions { WriteIndented = true });
        return (counts, files);
    }

    private static async Task<(int Rows, int Files)> WriteTableAsync(ZipArchive zip, DbConnection conn, string table, string order, string businessId, CancellationToken ct)
    {
        await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition($"SELECT * FROM {table} WHERE business_id = @businessId ORDER BY {order}",
            new { businessId }, cancellationToken: ct));
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Index: i, Name: reader.GetName(i))).ToList();
        var kept = columns.Where(c => !IsOmitted(c.Name)).ToList();
        var pathColumn = columns.FirstOrDefault(c => c.Name == "storage_path");
        var folder = FileFolders.GetValueOrDefault(table);
        var paths = new List<(string Path, string Entry)>();
        var rows = 0;
        using (var writer = new StreamWriter(zip.CreateEntry($"csv/{table}.csv", CompressionLevel.Optimal).Open(), new System.Text.UTF8Encoding(false)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var c in kept) csv.WriteField(c.Name);
            csv.NextRecord();
            while (await reader.ReadAsync(ct))
            {
                foreach (var c in kept) csv.WriteField(CustomerExport.Text(reader.IsDBNull(c.Index) ? null : reader.GetValue(c.Index)));
                csv.NextRecord();
                rows++;
                if (folder is not null && pathColumn.Name is not null && !reader.IsDBNull(pathColumn.Index) && reader.GetValue(pathColumn.Index) is string path)
                {
                    var id = Convert.ToString(reader.GetValue(columns.First(c => c.Name == "id").Index), CultureInfo.InvariantCulture);
                    paths.Add((path, $"{folder}/{id}{Path.GetExtension(path)}"));
                }
            }
        }
        var files = 0;
        foreach (var (path, entryName) in paths.Where(p => File.Exists(p.Path)))
        {
            using var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
            await using var file = File.OpenRead(path);
            await file.CopyToAsync(entry, ct);
            files++;
        }
        return (rows, files);
    }
}
