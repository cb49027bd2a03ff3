using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallRecover.Common;

/// <summary>
/// A CSV file read with CsvHelper as a header row and its data rows, numbered as a spreadsheet shows them (the header is
/// row 1; blank rows are skipped). A file that is not well-formed CSV (a broken quote, a row with a different number of
/// columns, a repeated header) is refused whole with <see cref="BadFile"/> naming the first bad row. Every import of a
/// file (contact lists, the parts price list, the labor guide) reads it here.
/// </summary>
public static class CsvTable
{
    public sealed class BadFile(string message, int? row = null) : Exception(message)
    {
        public int? Row { get; } = row;
    }

    public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<(int Row, string[] Values)> Rows)
    {
        /// <summary>The index of the column named <paramref name="name"/> (any case), or null.</summary>
        public int? Column(string name)
        {
            for (var i = 0; i < Headers.Count; i++)
                if (string.Equals(Headers[i], name, StringComparison.OrdinalIgnoreCase)) return i;
            return null;
        }
    }

    /// <param name="what">What one row is, for the messages ("person", "price").</param>
    public static Table Read(string csv, int maxRows, string what)
    {
        if (string.IsNullOrWhiteSpace(csv)) throw new BadFile($"The file is empty: it needs a header row and one row per {what}.");
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

        var rows = new List<(int, string[])>();
        try
        {
            while (reader.Read())
            {
                var row = reader.Parser.Row;
                var record = reader.Parser.Record ?? [];
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count >= maxRows) throw new BadFile($"Row {row}: a file may hold at most {maxRows:N0} rows; split it.", row);
                rows.Add((row, [.. Enumerable.Range(0, headers.Length).Select(i => i < record.Length ? record[i].Trim() : "")]));
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
        return new Table(headers, rows);
    }

    public const int MaxBodyBytes = 10_000_000;

    /// <summary>A request's body as CSV text (text/csv or text/plain, at most <see cref="MaxBodyBytes"/>), or the 400 to
    /// answer instead.</summary>
    public static async Task<(string? Csv, IResult? Bad)> ReadBodyAsync(HttpRequest request, string columnsHint, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.BadField("Content-Type", $"Send the file as text/csv with a header row ({columnsHint})."));
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF'), null);
    }

    private static IResult TooLarge() => Problems.BadField("body", $"The file is larger than {MaxBodyBytes / 1_000_000} MB; split it.");

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
