using CallRecover.Common;
using static CallRecover.Common.CsvTable;

namespace CallRecover.Campaigns;

/// <summary>One row of an import that was not taken, and why (bad_phone, duplicate, opted_out, do_not_text, landline).</summary>
public sealed record RejectedRow(int Row, string Value, string Reason);

/// <summary>
/// A CSV of past customers read with CsvHelper: a header row, then one person per row. Which column holds the phone and
/// which the first name comes from <see cref="ColumnMap"/> (by default the columns named <c>phone</c> and
/// <c>first_name</c>, or their usual spellings); every other column becomes a template field named after its header.
/// A file that is not well-formed CSV (a broken quote, a row with a different number of columns) is refused whole,
/// naming the first bad row; rows are numbered as a spreadsheet shows them (the header is row 1).
/// </summary>
public static class ContactImport
{
    public const int MaxRows = 50_000;

    public sealed record ColumnMap(string? Phone = null, string? FirstName = null);

    /// <summary>The file as read: its headers, the columns taken as the phone and the first name, and the people in it.</summary>
    public sealed record Parsed(IReadOnlyList<string> Headers, IReadOnlyList<(int Row, string PhoneRaw, string? FirstName, Dictionary<string, string> Fields)> Rows)
    {
        public string PhoneColumn { get; init; } = "";
        public string? FirstNameColumn { get; init; }
    }

    private static readonly string[] PhoneNames = ["phone", "phone_number", "phone number", "mobile", "mobile phone", "cell", "cell phone", "telephone", "number"];
    private static readonly string[] FirstNameNames = ["first_name", "first name", "firstname", "given name", "given_name", "name"];

    /// <summary>Reads the file; throws <see cref="BadFile"/> when it cannot be imported at all.</summary>
    public static Parsed Read(string csv, ColumnMap? map = null)
    {
        var table = CsvTable.Read(csv, MaxRows, "person");
        var headers = table.Headers.ToArray();

        var phoneCol = Column(headers, map?.Phone, PhoneNames)
            ?? throw new BadFile(map?.Phone is { } p ? $"Row 1: there is no column \"{p}\"." : "Row 1: no phone column (name one \"phone\").", 1);
        var nameCol = Column(headers, map?.FirstName, FirstNameNames);
        if (map?.FirstName is { Length: > 0 } fn && nameCol is null) throw new BadFile($"Row 1: there is no column \"{fn}\".", 1);

        var rows = new List<(int, string, string?, Dictionary<string, string>)>();
        foreach (var (row, record) in table.Rows)
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < headers.Length; i++)
                if (i != phoneCol && i != nameCol && headers[i] != "") fields[FieldName(headers[i])] = record[i];
            rows.Add((row, record[phoneCol], nameCol is { } n ? NullIfEmpty(record[n]) : null, fields));
        }
        if (rows.Count == 0) throw new BadFile("The file has a header but nobody in it.", 2);
        return new Parsed(headers, rows) { PhoneColumn = headers[phoneCol], FirstNameColumn = nameCol is { } nc ? headers[nc] : null };
    }

    /// <summary>A header as a template field: lower case, spaces as underscores ("Last service" → last_service).</summary>
    public static string FieldName(string header) => string.Join('_', header.Trim().ToLowerInvariant().Split([' ', '-', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static int? Column(string[] headers, string? wanted, string[] usual)
    {
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            var i = Array.FindIndex(headers, h => string.Equals(h, wanted.Trim(), StringComparison.OrdinalIgnoreCase));
            return i < 0 ? null : i;
        }
        foreach (var name in usual)
        {
            var i = Array.FindIndex(headers, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) return i;
        }
        return null;
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

}
