using System.Text;
using System.Text.RegularExpressions;

namespace CallRecover.Extraction;

/// <summary>
/// Digits as people say them on the phone: "nine oh four, five five five, oh one three four", "double five",
/// mixed with written digits ("904 five five five 0134"). Used for callback numbers and model years.
/// </summary>
public static partial class SpokenNumbers
{
    private static readonly Dictionary<string, string> Digit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = "0", ["oh"] = "0", ["o"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4",
        ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["niner"] = "9",
    };

    private static readonly Dictionary<string, int> Small = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>Every run of spoken or written digits in the text, as digit strings with where they start.</summary>
    public static IReadOnlyList<(string Digits, int Index, bool Spoken)> DigitRuns(string text)
    {
        var runs = new List<(string, int, bool)>();
        var sb = new StringBuilder();
        var start = -1;
        var spoken = false;
        var repeat = 1;
        foreach (Match token in Token().Matches(text))
        {
            var w = token.Value.Trim('.', ',');
            string? digits = null;
            if (w.All(char.IsAsciiDigit)) digits = w;
            else if (Digit.TryGetValue(w, out var d)) { digits = d; spoken = true; }
            else if (w.Equals("double", StringComparison.OrdinalIgnoreCase)) { repeat = 2; continue; }
            else if (w.Equals("triple", StringComparison.OrdinalIgnoreCase)) { repeat = 3; continue; }
            // Separators people and transcribers put between groups do not end a number.
            if (digits is null && token.Value is "-" or "," or "." or "(" or ")") continue;
            if (digits is null)
            {
                Flush();
                continue;
            }
            if (start < 0) start = token.Index;
            for (var i = 0; i < repeat; i++) sb.Append(digits);
            repeat = 1;
        }
        Flush();
        return runs;

        void Flush()
        {
            if (sb.Length > 0) runs.Add((sb.ToString(), start, spoken));
            sb.Clear();
            start = -1;
            spoken = false;
            repeat = 1;
        }
    }

    /// <summary>A spoken model year: "oh eight" → 2008, "ninety nine" → 1999, "twenty fifteen" → 2015, "two thousand twelve" → 2012.</summary>
    public static int? ParseYear(string words, int currentYear)
    {
        var w = words.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length == 0) return null;
        if (w.Length >= 2 && w[0] == "two" && w[1] == "thousand")
        {
            var rest = Sum(w[2..].Where(x => x != "and"));
            return rest is >= 0 and < 100 ? 2000 + rest : null;
        }
        if (w.Length >= 2 && (w[0] is "oh" or "o")) return Small.TryGetValue(w[1], out var d) && d < 10 ? 2000 + d : null;
        if (w.Length >= 2 && w[0] == "twenty" && Sum(w[1..]) is var y2 && y2 is >= 10 and < 100) return 2000 + y2;
        if (w.Length >= 2 && w[0] == "nineteen" && Sum(w[1..]) is var y1 && y1 is >= 10 and < 100) return 1900 + y1;
        var two = Sum(w);
        if (two is >= 50 and < 100) return 1900 + two;
        if (two is >= 0 and < 50 && 2000 + two <= currentYear + 1 && w.Length == 1 && two >= 10) return 2000 + two;
        return null;
    }

    private static int Sum(IEnumerable<string> words)
    {
        var total = 0;
        var any = false;
        foreach (var x in words)
        {
            if (!Small.TryGetValue(x, out var v)) return -1;
            total += v;
            any = true;
        }
        return any ? total : -1;
    }

    /// <summary>Dollar amounts said in words: "two hundred fifty" → 250, "three fifty" stays ambiguous (null).</summary>
    public static int? ParseAmount(string words)
    {
        var total = 0;
        var current = 0;
        var any = false;
        foreach (var raw in words.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "and") continue;
            if (Small.TryGetValue(raw, out var v)) { current += v; any = true; }
            else if (raw == "hundred") { current = Math.Max(1, current) * 100; any = true; }
            else if (raw == "thousand") { total += Math.Max(1, current) * 1000; current = 0; any = true; }
            else return null;
        }
        return any ? total + current : null;
    }

    [GeneratedRegex(@"[A-Za-z]+|\d+|[-,.()]")]
    private static partial Regex Token();
}
