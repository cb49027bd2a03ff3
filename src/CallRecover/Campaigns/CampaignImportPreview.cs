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
        catch (Common.CsvTable.BadFile ex) { return new Result(headers, map?.Phone, map?.FirstName, [], 0, ex.Message, ex.Row); }

        var first = parsed.Rows.Take(sample).ToList();
        return new Result(parsed.Headers, parsed.PhoneColumn, parsed.FirstNameColumn,
            [.. first.Select(r => new Row(r.Row, r.PhoneRaw, CallRecover.Common.Phone.NormalizeOrNull(r.PhoneRaw), r.FirstName, r.Fields))], parsed.Rows.Count, null);
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

    // The parts of ContactImport's reading that decide where fields and rows are (delimiter, trimming); errors are its to report.
    private static CsvConfiguration Config() => new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.Trim,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectDelimiter = true,
    };
}
