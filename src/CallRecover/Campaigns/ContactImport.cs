using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

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

    public sealed class BadFile(string message, int? row = null) : Exception(message)
    {
        public int? Row { get; } = row;
    }

    private static readonly string[] PhoneNames = ["phone", "phone_number", "phone number", "mobile", "mobile phone", "cell", "cell phone", "telephone", "number"];
    private static readonly string[] FirstNameNames = ["first_name", "first name", "firstname", "given name", "given_name", "name"];

    /// <summary>Reads the file; throws <see cref="BadFile"/> when it cannot be imported at all.</summary>
    public static Parsed Read(string csv, ColumnMap? map = null)
    {
        if (string.IsNullOrWhiteSpace(csv)) throw new BadFile("The file is empty: it needs a header row and one row per person.");
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => throw new BadFile($"Row {args.Context.Parser?.Row}: a quote is not closed or a field is malformed.", args.Context.Parser?.Row),
            MissingFieldFound = null,
            DetectDelimiter = true,
        };
        using var reader = new CsvReader(new StringReader(csv), config);
        string[] headers;
        try
        {
            if (!reader.Read() || !reader.ReadHeader()) throw new BadFile("The file has no header row.", 1);
            headers = [.. (reader.HeaderRecord ?? []).Select(h => h.Trim())];
        }
        catch (CsvHelperException ex) { throw new BadFile($"Row 1: {FirstLine(ex.Message)}", 1); }
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace)) throw new BadFile("The file has no header row.", 1);
        var dup = headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1 && g.Key != "");
        if (dup is not null) throw new BadFile($"Row 1: the column \"{dup.Key}\" appears twice.", 1);

        var phoneCol = Column(headers, map?.Phone, PhoneNames)
            ?? throw new BadFile(map?.Phone is { } p ? $"Row 1: there is no column \"{p}\"." : "Row 1: no phone column (name one \"phone\").", 1);
        var nameCol = Column(headers, map?.FirstName, FirstNameNames);
        if (map?.FirstName is { Length: > 0 } fn && nameCol is null) throw new BadFile($"Row 1: there is no column \"{fn}\".", 1);

        var rows = new List<(int, string, string?, Dictionary<string, string>)>();
        try
        {
            while (reader.Read())
            {
                var row = reader.Parser.Row;
                var record = reader.Parser.Record ?? [];
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count >= MaxRows) throw new BadFile($"Row {row}: a file may hold at most {MaxRows:N0} people; split it.", row);
                var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < headers.Length; i++)
                    if (i != phoneCol && i != nameCol && headers[i] != "") fields[FieldName(headers[i])] = i < record.Length ? record[i].Trim() : "";
                rows.Add((row, phoneCol < record.Length ? record[phoneCol].Trim() : "", nameCol is { } n && n < record.Length ? NullIfEmpty(record[n]) : null, fields));
            }
        }
        catch (BadDataException ex) when (ex.Message.Contains("inconsistent number of columns", StringComparison.OrdinalIgnoreCase) && ex.Context?.Parser is { } bad)
        {
            throw new BadFile($"Row {bad.Row}: it has {bad.Record?.Length ?? bad.Count} columns where the header has {headers.Length}.", bad.Row);
        }
        catch (BadDataException ex) { throw new BadFile($"Row {ex.Context?.Parser?.Row}: {FirstLine(ex.Message)}", ex.Context?.Parser?.Row); }
        catch (CsvHelperException ex) when (ex.Context?.Parser is { } parser)
        {
            throw new BadFile($"Row {parser.Row}: it has {parser.Record?.Length ?? 0} columns where the header has {headers.Length}.", parser.Row);
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

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
