using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CallRecover.Customers;
using CallRecover.Data;
using CsvHelper;
using Dapper;

namespace CallRecover.DataRights;

/// <summary>One kind of record in an export: its rows as the database holds them, less the columns that are not the customer's data.</summary>
public sealed record ExportSection(string Kind, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>A file kept beside a row (call audio, photos): where it is on disk and its name in the zip.</summary>
public sealed record ExportFile(string Path, string Entry);

public sealed record CustomerExportResult(string CustomerId, IReadOnlyList<ExportSection> Sections, IReadOnlyList<ExportFile> Files)
{
    public int Count(string kind) => Sections.FirstOrDefault(s => s.Kind == kind)?.Rows.Count ?? 0;
}

/// <summary>
/// Everything a business holds about one customer, for a data-subject request: the customer (and the customers merged
/// into it), their vehicles and tags, and every record reached from their phones or their ids — leads, calls and their
/// events, conversations, texts and the engine's turns, appointments, recordings with their audio and transcripts,
/// extractions and corrections, quotes with items and signatures, jobs with photos, invoices with lines and payments,
/// web requests with consent wording and photos, review requests, portal links, opt-outs and the do-not-text entry, the
/// imported contact lists they are on and the campaigns that texted them, and
/// the audit entries about those records. Every query is scoped to the business (a global opt-out of the phone is
/// included: it is about this person). Reads only — each table's writes stay with its owning store. Columns that are
/// not the customer's data are left out: server paths, link secrets (token hashes, review codes), the business id.
/// </summary>
public sealed class CustomerExport(Db db, CustomerStore customers)
{
    private static readonly HashSet<string> Omitted = new(StringComparer.Ordinal)
    {
        "business_id", "storage_path", "recording_path", "recording_url", "token_hash", "code", "search_text",
    };

    public async Task<CustomerExportResult?> BuildAsync(string businessId, string customerId, CancellationToken ct = default)
    {
        if (await customers.GetAsync(businessId, customerId, ct) is not { } found) return null;
        var sections = new List<ExportSection>();
        var files = new List<ExportFile>();
        string In(string column, string parameter) => $"{column} {db.Dialect.InList(parameter)}";
        var p = new DynamicParameters();
        p.Add("b", businessId);
        p.Add("customerId", found.Customer.Id);
        p.Add("phones", found.Phones.ToArray());

        await using var conn = await db.OpenAsync(ct);

        async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Read(string kind, string table, string where, string order = "created_at, id")
        {
            var rows = (await conn.QueryAsync(new CommandDefinition($"SELECT * FROM {table} WHERE business_id = @b AND ({where}) ORDER BY {order}", p, cancellationToken: ct)))
                .Select(r => (IDictionary<string, object?>)r).ToList();
            var kept = rows.Select(r => (IReadOnlyDictionary<string, object?>)r.Where(kv => !Omitted.Contains(kv.Key))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)).ToList();
            sections.Add(new ExportSection(kind, kept));
            return rows.Select(r => (IReadOnlyDictionary<string, object?>)r.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)).ToList();
        }
        var subjects = new List<string>();
        void Ids(string parameter, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
        {
            var ids = rows.Select(r => Convert.ToString(r["id"], CultureInfo.InvariantCulture)!).Distinct().ToArray();
            p.Add(parameter, ids);
            subjects.AddRange(ids);
        }
        void Keep(IEnumerable<IReadOnlyDictionary<string, object?>> rows, string folder, Func<IReadOnlyDictionary<string, object?>, string> name)
        {
            foreach (var r in rows)
                if (r.GetValueOrDefault("storage_path") is string path && File.Exists(path))
                    files.Add(new ExportFile(path, $"{folder}/{name(r)}"));
        }

        Ids("customerIds", await Read("customers", "customers", "id = @customerId OR merged_into_id = @customerId"));
        await Read("vehicles", "vehicles", In("customer_id", "customerIds"));
        await Read("customer_tags", "customer_tags", In("customer_id", "customerIds"), "customer_id, tag");
        Ids("leadIds", await Read("leads", "leads", In("phone", "phones")));
        Ids("callIds", await Read("calls", "calls", In("caller_phone", "phones")));
        await Read("call_events", "call_events", In("call_id", "callIds"), "received_at, id");
        await Read("voice_sessions", "voice_sessions", In("call_id", "callIds"), "started_at, call_id");
        await Read("voice_turns", "voice_turns", In("call_id", "callIds"), "call_id, seq");
        Ids("conversationIds", await Read("conversations", "conversations", $"{In("lead_id", "leadIds")} OR {In("phone", "phones")}"));
        await Read("messages", "messages",
            $"{In("conversation_id", "conversationIds")} OR (direction = 'inbound' AND {In("from_phone", "phones")}) OR (direction = 'outbound' AND {In("to_phone", "phones")})");
        await Read("conversation_turns", "conversation_turns", In("conversation_id", "conversationIds"), "created_at, message_id");
        await Read("appointments", "appointments", In("lead_id", "leadIds"));
        await Read("booking_offers", "booking_offers", In("lead_id", "leadIds"));
        var recordings = await Read("recordings", "recordings", $"{In("caller_phone", "phones")} OR {In("call_id", "callIds")}");
        Ids("recordingIds", recordings);
        Keep(recordings, "recordings", r => $"{r["id"]}{Path.GetExtension((string)r["storage_path"]!)}");
        await Read("transcriptions", "transcriptions", In("recording_id", "recordingIds"));
        Ids("extractionIds", await Read("extractions", "extractions",
            $"{In("customer_id", "customerIds")} OR {In("lead_id", "leadIds")} OR {In("call_id", "callIds")} OR {In("recording_id", "recordingIds")}"));
        await Read("extraction_corrections", "extraction_corrections", In("extraction_id", "extractionIds"), "corrected_at, id");
        Ids("quoteIds", await Read("quotes", "quotes", $"{In("customer_id", "customerIds")} OR {In("lead_id", "leadIds")}"));
        await Read("quote_items", "quote_items", In("quote_id", "quoteIds"), "quote_id, position, id");
        await Read("quote_signatures", "quote_signatures", In("quote_id", "quoteIds"), "signed_at, id");
        Ids("jobIds", await Read("jobs", "jobs", $"{In("customer_id", "customerIds")} OR {In("lead_id", "leadIds")}"));
        Keep(await Read("job_photos", "job_photos", In("job_id", "jobIds")), "job-photos", r => $"{r["id"]}-{r["file_name"]}");
        Ids("invoiceIds", await Read("invoices", "invoices", $"{In("customer_id", "customerIds")} OR {In("lead_id", "leadIds")}"));
        await Read("invoice_lines", "invoice_lines", In("invoice_id", "invoiceIds"), "invoice_id, position, id");
        await Read("payments", "payments", In("invoice_id", "invoiceIds"));
        Ids("requestIds", await Read("web_requests", "web_requests", $"{In("customer_id", "customerIds")} OR {In("lead_id", "leadIds")}"));
        Keep(await Read("request_photos", "request_photos", In("web_request_id", "requestIds")), "request-photos", r => $"{r["id"]}-{r["file_name"]}");
        await Read("review_requests", "review_requests", $"{In("lead_id", "leadIds")} OR {In("phone", "phones")}");
        await Read("portal_links", "portal_links", $"{In("lead_id", "leadIds")} OR {In("customer_id", "customerIds")}");
        await Read("do_not_text", "do_not_text", In("phone", "phones"));
        // Campaigns: the imported lists they are on and each campaign that texted (or was to text) them.
        await Read("contacts", "contacts", In("phone", "phones"));
        await Read("campaign_recipients", "campaign_recipients", In("phone", "phones"), "updated_at, id");
        // Opt-outs may be global (no business): this person's own are theirs to see whichever business recorded none.
        sections.Add(new ExportSection("opt_outs", [.. (await conn.QueryAsync(new CommandDefinition(
            $"SELECT id, phone, reason, created_at, business_id IS NULL AS every_business FROM opt_outs WHERE (business_id = @b OR business_id IS NULL) AND {In("phone", "phones")} ORDER BY created_at, id",
            p, cancellationToken: ct))).Select(r => (IReadOnlyDictionary<string, object?>)((IDictionary<string, object?>)r).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))]));
        p.Add("subjects", subjects.Distinct().ToArray());
        await Read("audit", "audit_log", In("entity_id", "subjects"));
        return new CustomerExportResult(found.Customer.Id, sections, files);
    }

    /// <summary>
    /// The zip: <c>customer.json</c> (every kind, with the time of the export), one CSV per kind that has rows, and the
    /// files (call audio under <c>recordings/</c>, photos under <c>job-photos/</c> and <c>request-photos/</c>). Written
    /// synchronously to a seekable stream (a temporary file), never to the response itself.
    /// </summary>
    public static void WriteZip(CustomerExportResult export, DateTimeOffset exportedAt, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var json = new Dictionary<string, object?>
        {
            ["exported_at"] = exportedAt,
            ["customer_id"] = export.CustomerId,
            ["files"] = export.Files.Select(f => f.Entry).ToArray(),
        };
        foreach (var s in export.Sections) json[s.Kind] = s.Rows;
        using (var entry = zip.CreateEntry("customer.json", CompressionLevel.Optimal).Open())
            JsonSerializer.Serialize(entry, json, new JsonSerializerOptions { WriteIndented = true });
        foreach (var s in export.Sections.Where(s => s.Rows.Count > 0))
        {
            using var writer = new StreamWriter(zip.CreateEntry($"csv/{s.Kind}.csv", CompressionLevel.Optimal).Open(), new System.Text.UTF8Encoding(false));
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            var columns = s.Rows[0].Keys.ToArray();
            foreach (var c in columns) csv.WriteField(c);
            csv.NextRecord();
            foreach (var row in s.Rows)
            {
                foreach (var c in columns) csv.WriteField(Text(row.GetValueOrDefault(c)));
                csv.NextRecord();
            }
        }
        foreach (var f in export.Files)
        {
            using var entry = zip.CreateEntry(f.Entry, CompressionLevel.NoCompression).Open();
            using var file = File.OpenRead(f.Path);
            file.CopyTo(entry);
        }
    }

    /// <summary>A value as a CSV cell: times in ISO 8601, numbers invariant, null empty.</summary>
    internal static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
