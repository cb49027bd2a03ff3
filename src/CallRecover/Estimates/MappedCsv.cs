using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallRecover.Estimates;

/// <summary>One problem in an imported file: the row as a spreadsheet numbers it (the header is row 1) and our column.</summary>
public sealed record ImportError(int Row, string? Column, string Message)
{
    /// <summary>The key a validation problem uses: <c>row 3.labor_hours</c>, or <c>row 1</c> for the file itself.</summary>
    public string Key => Column is null ? $"row {Row}" : $"row {Row}.{Column}";

    public override string ToString() => Column is null ? $"Row {Row}: {Message}" : $"Row {Row}, {Column}: {Message}";
}

/// <summary>
/// A CSV whose columns the owner maps to ours (their file's headers may differ): read with CsvHelper, each data row as
/// our column → value. A column not mapped is found by its own name (spaces, dashes and case ignored: "Labor Hours"
/// is labor_hours); an optional column that is absent reads as empty. A file that is not well-formed CSV, lacks a
/// required column, or names a header it does not have is refused at the row where that shows.
/// </summary>
public static class MappedCsv
{
    public const int MaxBytes = 5_000_000;
    public const int MaxRows = 20_000;

    public sealed record Result(IReadOnlyList<string> Headers, IReadOnlyDictionary<string, string> Mapping,
        IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Values)> Rows, ImportError? FileError);

    /// <param name="columns">Our columns, in order.</param>
    /// <param name="required">Those a file must have.</param>
    /// <param name="map">Our column → the header in their file (optional per column).</param>
    public static Result Read(string csv, IReadOnlyList<string> columns, IReadOnlyCollection<string> required, IReadOnlyDictionary<string, string>? map)
    {
        var none = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(csv)) return new([], none, [], new ImportError(1, null, "The file is empty: it needs a header row and one row per line of data."));
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => throw new BadDataException(args.Field, args.RawRecord, args.Context, "A quote is not closed or a field is malformed."),
            MissingFieldFound = null,
            DetectDelimiter = true,
        };
        using var reader = new CsvReader(new StringReader(csv.TrimStart('\uFEFF')), config);
        string[] headers;
        try
        {
            if (!reader.Read() || !reader.ReadHeader()) return new([], none, [], new ImportError(1, null, "The file has no header row."));
            headers = [.. (reader.HeaderRecord ?? []).Select(h => h.Trim())];
        }
        catch (CsvHelperException ex) { return new([], none, [], new ImportError(1, null, FirstLine(ex.Message))); }
        if (headers.All(string.IsNullOrWhiteSpace)) return new([], none, [], new ImportError(1, null, "The file has no header row."));
        var dup = headers.Where(h => h != "").GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) return new(headers, none, [], new ImportError(1, null, $"The column \"{dup.Key}\" appears twice."));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var wanted = map?.GetValueOrDefault(column);
            int i;
            if (!string.IsNullOrWhiteSpace(wanted))
            {
                i = Array.FindIndex(headers, h => string.Equals(h, wanted.Trim(), StringComparison.OrdinalIgnoreCase));
                if (i < 0) return new(headers, none, [], new ImportError(1, column, $"The file has no column \"{wanted.Trim()}\"."));
            }
            else i = Array.FindIndex(headers, h => Squash(h) == Squash(column));
            if (i >= 0) index[column] = i;
            else if (required.Contains(column)) return new(headers, none, [], new ImportError(1, column, $"No column for {column}: name one \"{column}\" or choose which column it is."));
        }
        var mapping = index.ToDictionary(kv => kv.Key, kv => headers[kv.Value]);

        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        try
        {
            while (reader.Read())
            {
                var row = reader.Parser.Row;
                var record = reader.Parser.Record ?? [];
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count >= MaxRows) return new(headers, mapping, rows, new ImportError(row, null, $"A file may hold at most {MaxRows:N0} rows; split it."));
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var column in columns)
                    values[column] = index.TryGetValue(column, out var i) && i < record.Length ? record[i].Trim() : "";
                rows.Add((row, values));
            }
        }
        catch (BadDataException ex) when (ex.Context?.Parser is { } parser)
        {
            var message = ex.Message.Contains("inconsistent number of columns", StringComparison.OrdinalIgnoreCase)
                ? $"It has {parser.Record?.Length ?? parser.Count} columns where the header has {headers.Length}."
                : "A quote is not closed or a field is malformed.";
            return new(headers, mapping, rows, new ImportError(parser.Row, null, message));
        }
        catch (CsvHelperException ex) when (ex.Context?.Parser is { } parser)
        {
            return new(headers, mapping, rows, new ImportError(parser.Row, null, FirstLine(ex.Message)));
        }
        if (rows.Count == 0) return new(headers, mapping, rows, new ImportError(2, null, "The file has a header but no rows."));
        return new(headers, mapping, rows, null);
    }

    private static string Squash(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>An optional whole year in 1900–2100; an error message when the text is not one.</summary>
    public static (int? Year, string? Error) Year(string text)
    {
        if (text.Length == 0) return (null, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100
            ? (y, null) : (null, $"\"{text}\" is not a model year (1900–2100).");
    }
}
