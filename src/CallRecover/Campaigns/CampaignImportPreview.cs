using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallRecover.Campaigns;

/// <summary>
/// What the dashboard's import page shows before anything is stored: the file's columns, which of them would be read as
/// the phone and the first name (the owner's choice, else <see cref="ContactImport"/>'s own guess), the first rows as
/// the import would read them, how many people the file holds, and — for a file that cannot be imported — the same
/// message naming the bad row that the import would give. The reading itself is <see cref="ContactImport.Read"/>, so the
/// preview and the import never disagree; only the header row is read here on its own, so the columns can be offered
/// for mapping even when no phone column can be guessed.
/// </summary>
public static class CampaignImportPreview
{
    public sealed record Row(int Number, string PhoneRaw, string? Phone, string? FirstName, IReadOnlyDictionary<string, string> Fields);

    /// <summary>
    /// The preview; <see cref="Error"/> is set (and <see cref="Rows"/> empty) when the file cannot be imported with this
    /// mapping, and <see cref="ErrorRow"/> says where: row 1 is the header (a column problem the mapping may fix), a later
    /// row a problem of the file itself.
    /// </summary>
    public sealed record Result(IReadOnlyList<string> Headers, string? PhoneColumn, string? FirstNameColumn, IReadOnlyList<Row> Rows, int People, string? Error,
        int? ErrorRow = null);

    public static Result Read(string csv, ContactImport.ColumnMap? map, int sample = 5)
    {
        var headers = Headers(csv);
        ContactImport.Parsed parsed;
        try { parsed = ContactImport.Read(csv, map); }
        catch (ContactImport.BadFile ex) { return new Result(headers, map?.Phone, map?.FirstName, [], 0, ex.Message, ex.Row); }

        var first = parsed.Rows.Take(sample).ToList();
        var (phone, name) = Chosen(csv, parsed, map);
        return new Result(parsed.Headers, phone, name,
            [.. first.Select(r => new Row(r.Row, r.PhoneRaw, ContactImport.NormalizePhone(r.PhoneRaw), r.FirstName, r.Fields))], parsed.Rows.Count, null);
    }

    /// <summary>The header row alone (trimmed), or none when even that cannot be read.</summary>
    public static IReadOnlyList<string> Headers(string csv)
    {
        if (string.IsNullOrWhiteSpace(csv)) return [];
        try
        {
            using var reader = new CsvReader(new StringReader(csv), Config());
            return reader.Read() && reader.ReadHeader() ? [.. (reader.HeaderRecord ?? []).Select(h => h.Trim())] : [];
        }
        catch (CsvHelperException) { return []; }
    }

    /// <summary>
    /// Which columns the import took as the phone and the first name. Those two are the only columns that are not
    /// template fields; of them, the phone is the one holding each row's phone as read.
    /// </summary>
    private static (string? Phone, string? FirstName) Chosen(string csv, ContactImport.Parsed parsed, ContactImport.ColumnMap? map)
    {
        var headers = parsed.Headers;
        var taken = Enumerable.Range(0, headers.Count)
            .Where(i => headers[i] != "" && !parsed.Rows[0].Fields.ContainsKey(ContactImport.FieldName(headers[i]))).ToList();
        if (taken.Count == 0) return (map?.Phone, map?.FirstName);
        var records = Records(csv, Math.Min(20, parsed.Rows.Count));
        int? phone = null, name = null;
        foreach (var i in taken)
        {
            var holdsPhone = records.Count > 0 && parsed.Rows.Zip(records).All(p => Cell(p.Second, i) == p.First.PhoneRaw);
            if (holdsPhone && phone is null) phone = i;
            else name ??= i;
        }
        if (phone is null && taken.Count == 1) phone = taken[0];
        return (phone is { } p ? headers[p] : map?.Phone, name is { } n ? headers[n] : map?.FirstName);
    }

    private static string Cell(string[] record, int i) => i < record.Length ? record[i].Trim() : "";

    /// <summary>The first <paramref name="count"/> non-empty data records, in the same order the import read them.</summary>
    private static List<string[]> Records(string csv, int count)
    {
        var records = new List<string[]>();
        try
        {
            using var reader = new CsvReader(new StringReader(csv), Config());
            if (!reader.Read() || !reader.ReadHeader()) return records;
            while (records.Count < count && reader.Read())
            {
                var record = reader.Parser.Record ?? [];
                if (!record.All(string.IsNullOrWhiteSpace)) records.Add(record);
            }
        }
        catch (CsvHelperException) { }
        return records;
    }

    // The parts of ContactImport's reading that decide where fields and rows are (delimiter, trimming); errors are its to report.
    private static CsvConfiguration Config() => new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.Trim,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectDelimiter = true,
    };
}
