using System.Text.Json;
using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>What a VIN says offline: the model year (position 10) and the manufacturer (the WMI, positions 1–3).</summary>
public sealed record VinInfo(string Vin, int? Year, string? Make, string Wmi);

/// <summary>
/// VIN decoding without a network call (49 CFR 565), on top of <see cref="Common.Vin"/>'s validation (17 characters
/// without I/O/Q, the position-9 check digit). The model year code at position 10 repeats every 30 years (A = 1980 or
/// 2010, …, 9 = 2009 or 2039); for cars, light trucks and MPVs the rule (since model year 2010) puts a letter at
/// position 7 for 2010–2039 and a digit for 1980–2009. The manufacturer comes from a data file of common WMIs
/// (Data/wmi.json); an unknown WMI leaves the make unknown.
/// </summary>
public static class VinDecoder
{
    private const string YearCodes = "ABCDEFGHJKLMNPRSTVWXY123456789";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Wmis = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(EstimateData.Read("wmi.json"))!
            .Where(kv => !kv.Key.StartsWith('_'))
            .ToDictionary(kv => kv.Key.ToUpperInvariant(), kv => kv.Value, StringComparer.Ordinal));

    /// <summary>Null when <paramref name="vin"/> is a valid VIN; otherwise why not, in words a person can act on.</summary>
    public static string? Problem(string? vin) =>
        string.IsNullOrWhiteSpace(vin) ? "The VIN is empty." : Vin.Parse(vin).Error;

    /// <summary>The decoded VIN, or null when it is not valid.</summary>
    public static VinInfo? Decode(string? vin)
    {
        if (Vin.Parse(vin) is not (string v, null)) return null;
        return new VinInfo(v, ModelYear(v), Wmis.Value.GetValueOrDefault(v[..3]), v[..3]);
    }

    /// <summary>The model year of a valid VIN from position 10, the 30-year cycle decided by position 7 (letter: 2010–2039, digit: 1980–2009).</summary>
    public static int? ModelYear(string vin)
    {
        if (Vin.Normalize(vin) is not { } v) return null;
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
}
