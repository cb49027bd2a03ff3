using System.Globalization;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>One problem in an imported file: the row as a spreadsheet numbers it (the header is row 1) and our column.</summary>
public sealed record ImportError(int Row, string? Column, string Message)
{
    /// <summary>The key a validation problem uses: <c>row 3.labor_hours</c>, or <c>row 1</c> for the file itself.</summary>
    public string Key => Column is null ? $"row {Row}" : $"row {Row}.{Column}";

    public override string ToString() => Column is null ? $"Row {Row}: {Message}" : $"Row {Row}, {Column}: {Message}";
}

/// <summary>
/// A CSV whose columns the owner maps to ours (their file's headers may differ): read by <see cref="CsvTable"/> (CsvHelper),
/// each data row as our column → value. A column not mapped is found by its own name (spaces, dashes and case ignored:
/// "Labor Hours" is labor_hours); an optional column that is absent reads as empty. A file that is not well-formed CSV,
/// lacks a required column, or names a header it does not have is refused at the row where that shows.
/// </summary>
public static partial class MappedCsv
{
    public const int MaxRows = 20_000;

    public sealed record Result(IReadOnlyList<string> Headers, IReadOnlyDictionary<string, string> Mapping,
        IReadOnlyList<(int Row, IReadOnlyDictionary<string, string> Values)> Rows, ImportError? FileError);

    /// <param name="columns">Our columns, in order.</param>
    /// <param name="required">Those a file must have.</param>
    /// <param name="map">Our column → the header in their file (optional per column).</param>
    public static Result Read(string csv, IReadOnlyList<string> columns, IReadOnlyCollection<string> required, IReadOnlyDictionary<string, string>? map)
    {
        var none = new Dictionary<string, string>();
        CsvTable.Table table;
        try { table = CsvTable.Read(csv, MaxRows, "row"); }
        catch (CsvTable.BadFile bad)
        {
            var message = RowPrefix().Replace(bad.Message, "");
            return new([], none, [], new ImportError(bad.Row ?? 1, null, char.ToUpperInvariant(message[0]) + message[1..]));
        }
        var headers = table.Headers;

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var wanted = map?.GetValueOrDefault(column);
            int? i;
            if (!string.IsNullOrWhiteSpace(wanted))
            {
                i = table.Column(wanted.Trim());
                if (i is null) return new(headers, none, [], new ImportError(1, column, $"The file has no column \"{wanted.Trim()}\"."));
            }
            else i = headers.Select((h, n) => (h, n)).Where(x => Squash(x.h) == Squash(column)).Select(x => (int?)x.n).FirstOrDefault();
            if (i is { } found) index[column] = found;
            else if (required.Contains(column)) return new(headers, none, [], new ImportError(1, column, $"No column for {column}: name one \"{column}\" or choose which column it is."));
        }
        var mapping = index.ToDictionary(kv => kv.Key, kv => headers[kv.Value]);
        var rows = table.Rows
            .Select(r => (r.Row, (IReadOnlyDictionary<string, string>)columns.ToDictionary(c => c, c => index.TryGetValue(c, out var i) ? r.Values[i] : "", StringComparer.Ordinal)))
            .ToList();
        if (rows.Count == 0) return new(headers, mapping, rows, new ImportError(2, null, "The file has a header but no rows."));
        return new(headers, mapping, rows, null);
    }

    private static string Squash(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    [System.Text.RegularExpressions.GeneratedRegex(@"^Row \d+: ")]
    private static partial System.Text.RegularExpressions.Regex RowPrefix();

    /// <summary>An optional whole year in 1900–2100; an error message when the text is not one.</summary>
    public static (int? Year, string? Error) Year(string text)
    {
        if (text.Length == 0) return (null, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100
            ? (y, null) : (null, $"\"{text}\" is not a model year (1900–2100).");
    }
}
