using System.Text.Json;

namespace CallRecover.Estimates;

/// <summary>What a VIN says offline: the model year (position 10) and the manufacturer (the WMI, positions 1–3).</summary>
public sealed record VinInfo(string Vin, int? Year, string? Make, string Wmi);

/// <summary>
/// VIN decoding without a network call (49 CFR 565). A 17-character VIN carries a check digit at position 9: each
/// character is transliterated to a number (digits as themselves, letters per the rule's table; I, O and Q are never
/// used), multiplied by its position's weight, and the sum modulo 11 is the check digit (10 is written X). The model
/// year code at position 10 repeats every 30 years (A = 1980 or 2010, …, 9 = 2009 or 2039); for cars, light trucks
/// and MPVs the rule (since model year 2010) puts a letter at position 7 for 2010–2039 and a digit for 1980–2009.
/// The manufacturer comes from a data file of common WMIs (Data/wmi.json); an unknown WMI leaves the make unknown.
/// </summary>
public static class Vin
{
    private static readonly int[] Weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    private const string YearCodes = "ABCDEFGHJKLMNPRSTVWXY123456789";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Wmis = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(EstimateData.Read("wmi.json"))!
            .Where(kv => !kv.Key.StartsWith('_'))
            .ToDictionary(kv => kv.Key.ToUpperInvariant(), kv => kv.Value, StringComparer.Ordinal));

    /// <summary>Null when <paramref name="vin"/> is a valid VIN; otherwise why not, in words a person can act on.</summary>
    public static string? Problem(string? vin)
    {
        var v = Clean(vin);
        if (v.Length != 17) return $"A VIN has 17 characters; this one has {v.Length}.";
        foreach (var c in v)
            if (Value(c) is null) return c is 'I' or 'O' or 'Q' ? $"A VIN never contains the letter {c}." : $"\"{c}\" cannot appear in a VIN.";
        var expected = CheckDigit(v);
        return v[8] == expected ? null : $"The check digit (9th character) should be {expected} for the other characters; a character was probably misread.";
    }

    public static bool IsValid(string? vin) => Problem(vin) is null;

    /// <summary>The check digit the other 16 characters call for ('0'–'9' or 'X').</summary>
    public static char CheckDigit(string vin)
    {
        var v = Clean(vin);
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (Value(v[i]) ?? 0) * Weights[i];
        var r = sum % 11;
        return r == 10 ? 'X' : (char)('0' + r);
    }

    /// <summary>The decoded VIN, or null when it is not valid.</summary>
    public static VinInfo? Decode(string? vin)
    {
        if (!IsValid(vin)) return null;
        var v = Clean(vin);
        return new VinInfo(v, ModelYear(v), Wmis.Value.GetValueOrDefault(v[..3]), v[..3]);
    }

    /// <summary>The model year from position 10, the 30-year cycle decided by position 7 (letter: 2010–2039, digit: 1980–2009).</summary>
    public static int? ModelYear(string vin)
    {
        var v = Clean(vin);
        if (v.Length != 17) return null;
        var code = YearCodes.IndexOf(v[9]);
        if (code < 0) return null;
        return 1980 + code + (char.IsLetter(v[6]) ? 30 : 0);
    }

    /// <summary>The vehicle with its year and make filled from its VIN where they were not given (given values win).</summary>
    public static VehicleInfo Fill(VehicleInfo vehicle)
    {
        if (Decode(vehicle.Vin) is not { } info) return vehicle;
        return vehicle with
        {
            Vin = info.Vin,
            Year = vehicle.Year ?? info.Year,
            Make = string.IsNullOrWhiteSpace(vehicle.Make) ? info.Make : vehicle.Make,
        };
    }

    private static string Clean(string? vin) => (vin ?? "").Trim().Replace(" ", "").Replace("-", "").ToUpperInvariant();

    private static int? Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        'A' or 'J' => 1, 'B' or 'K' or 'S' => 2, 'C' or 'L' or 'T' => 3, 'D' or 'M' or 'U' => 4, 'E' or 'N' or 'V' => 5,
        'F' or 'W' => 6, 'G' or 'P' or 'X' => 7, 'H' or 'Y' => 8, 'R' or 'Z' => 9,
        _ => null,
    };
}

/// <summary>The estimate rules' data files, embedded in the assembly (Estimates/Data/*.json).</summary>
public static class EstimateData
{
    public static string Read(string name)
    {
        var assembly = typeof(EstimateData).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Estimates.Data." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
