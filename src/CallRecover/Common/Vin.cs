using System.Text.RegularExpressions;

namespace CallRecover.Common;

/// <summary>Vehicle identification numbers: 17 characters without I, O or Q, check digit in position 9 (ISO 3779, 49 CFR 565).</summary>
public static partial class Vin
{
    /// <summary>The VIN upper-cased with spaces and dashes removed, or null when it is not 17 valid characters.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var vin = new string([.. input.Where(ch => ch is not (' ' or '-'))]).ToUpperInvariant();
        return WholeVin().IsMatch(vin) ? vin : null;
    }

    /// <summary>Whether the 17-character VIN's check digit (position 9) matches the weighted sum of the others (North American rule).</summary>
    public static bool CheckDigitValid(string vin)
    {
        if (vin.Length != 17) return false;
        int[] weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            int? value = vin[i] switch
            {
                >= '0' and <= '9' => vin[i] - '0',
                'A' or 'J' => 1, 'B' or 'K' or 'S' => 2, 'C' or 'L' or 'T' => 3, 'D' or 'M' or 'U' => 4, 'E' or 'N' or 'V' => 5,
                'F' or 'W' => 6, 'G' or 'P' or 'X' => 7, 'H' or 'Y' => 8, 'R' or 'Z' => 9,
                _ => null, // I, O and Q never appear in a VIN
            };
            if (value is not { } v) return false;
            sum += v * weights[i];
        }
        var check = sum % 11;
        return vin[8] == (check == 10 ? 'X' : (char)('0' + check));
    }

    /// <summary>A VIN a person typed: null when empty; else the normalized VIN, or an error message naming what is wrong.</summary>
    public static (string? Vin, string? Error) Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, null);
        if (Normalize(input) is not { } vin) return (null, "A VIN has 17 letters and digits (never I, O or Q).");
        return CheckDigitValid(vin) ? (vin, null) : (null, "This VIN's check digit (the 9th character) does not match: check it for a typo.");
    }

    [GeneratedRegex(@"^[A-HJ-NPR-Z0-9]{17}$")]
    private static partial Regex WholeVin();
}
