using System.Diagnostics.CodeAnalysis;

namespace CallRecover.Common;

/// <summary>Phone numbers: E.164 normalization and the one masking helper used by every log line.</summary>
public static class Phone
{
    /// <summary>
    /// Normalizes a phone number to E.164. Accepts US formats like <c>(904) 555-0134</c>, <c>904-555-0134</c>,
    /// <c>1 904 555 0134</c> and international <c>+CC...</c>. Returns false for anything else.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var s = input.Trim();
        var plus = s.StartsWith('+');
        Span<char> digits = stackalloc char[20];
        var n = 0;
        foreach (var c in plus ? s[1..] : s)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == digits.Length) return false;
                digits[n++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')')) return false;
        }
        var d = new string(digits[..n]);
        if (!plus && d.Length == 11 && d[0] == '1') d = d[1..];
        if (!plus && d.Length == 10)
        {
            // North American numbering plan: area code and exchange never start with 0 or 1.
            if (d[0] is '0' or '1' || d[3] is '0' or '1') return false;
            e164 = "+1" + d;
            return true;
        }
        if (plus && d.Length is >= 8 and <= 15 && d[0] != '0')
        {
            if (d[0] == '1' && (d.Length != 11 || d[1] is '0' or '1' || d[4] is '0' or '1')) return false;
            e164 = "+" + d;
            return true;
        }
        return false;
    }

    public static string? NormalizeOrNull(string? input) => TryNormalize(input, out var e) ? e : null;

    /// <summary>Withheld caller ids as carriers send them: never text these.</summary>
    public static bool IsWithheld(string? from) =>
        string.IsNullOrWhiteSpace(from)
        || from.Trim().ToLowerInvariant() is "anonymous" or "unknown" or "restricted" or "private" or "unavailable" or "+266696687" or "266696687";

    /// <summary>The caller id as E.164 when it is a real number we may text back; null when withheld or not a phone number.</summary>
    public static string? CallerIdOrNull(string? from) => IsWithheld(from) ? null : NormalizeOrNull(from);

    /// <summary>Masks a phone number to its last 4 digits for logs: <c>***0134</c>.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "(none)";
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length >= 4 ? "***" + digits[^4..] : "***";
    }
}
