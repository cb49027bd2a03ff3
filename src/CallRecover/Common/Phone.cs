using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace CallRecover.Common;

/// <summary>What the numbering plan says a number is, where its metadata knows (US numbers are usually <see cref="Unknown"/>).</summary>
public enum PhoneKind { Unknown, Mobile, Landline }

/// <summary>
/// Phone numbers through libphonenumber (Google's numbering-plan metadata): E.164 for storage, a readable form for
/// people, and the one masking helper used by every log line.
/// </summary>
public static class Phone
{
    /// <summary>The region a number without a country code is read in when the business's region is not known.</summary>
    public const string DefaultRegion = "US";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Normalizes a phone number to E.164, reading a number without <c>+</c> as a US number.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? e164) => TryNormalize(input, DefaultRegion, out e164);

    /// <summary>
    /// Normalizes a phone number to E.164: <c>+CC...</c> in any country, or a national number (<c>(904) 555-0134</c>,
    /// <c>1 904 555 0134</c>, <c>020 7946 0958</c>) read in <paramref name="region"/> (ISO 3166 code, e.g. the business's
    /// <see cref="RegionOf"/>). False for anything that is not a valid number in the numbering plan (an area code that
    /// does not exist, too few or too many digits) and for a number with an extension (we cannot text or dial one).
    /// </summary>
    public static bool TryNormalize(string? input, string? region, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (Parse(input, region) is not { } number || number.HasExtension || !Util.IsValidNumber(number)) return false;
        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    public static string? NormalizeOrNull(string? input, string? region = null) => TryNormalize(input, region ?? DefaultRegion, out var e) ? e : null;

    /// <summary>Withheld caller ids as carriers send them: never text these.</summary>
    public static bool IsWithheld(string? from) =>
        string.IsNullOrWhiteSpace(from)
        || from.Trim().ToLowerInvariant() is "anonymous" or "unknown" or "restricted" or "private" or "unavailable" or "+266696687" or "266696687";

    /// <summary>The caller id as E.164 when it is a real number we may text back; null when withheld or not a phone number.</summary>
    public static string? CallerIdOrNull(string? from, string? region = null) => IsWithheld(from) ? null : NormalizeOrNull(from, region);

    /// <summary>The region (ISO 3166 code) a stored number belongs to, e.g. a business's carrier number; <see cref="DefaultRegion"/> when unknown.</summary>
    public static string RegionOf(string? e164) =>
        Parse(e164, DefaultRegion) is { } number && Util.GetRegionCodeForNumber(number) is { Length: 2 } region && region != "ZZ" ? region : DefaultRegion;

    /// <summary>
    /// A number as people read it: national format when it is in the country of <paramref name="region"/>
    /// (<c>(904) 555-0123</c> for a US reader), international otherwise (<c>+44 20 7946 0958</c>). Text that is not a
    /// number (<c>anonymous</c>) comes back as it is.
    /// </summary>
    public static string Display(string? e164, string? region = null)
    {
        if (string.IsNullOrEmpty(e164)) return "";
        if (Parse(e164, DefaultRegion) is not { } number) return e164;
        var home = Util.GetCountryCodeForRegion(region ?? DefaultRegion);
        return Util.Format(number, number.CountryCode == home ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
    }

    /// <summary>Mobile or landline where the numbering plan tells them apart; unknown otherwise (the US and Canada mix both in one range).</summary>
    public static PhoneKind Kind(string? e164) => Parse(e164, DefaultRegion) is { } number && Util.IsValidNumber(number)
        ? Util.GetNumberType(number) switch
        {
            PhoneNumberType.MOBILE => PhoneKind.Mobile,
            PhoneNumberType.FIXED_LINE => PhoneKind.Landline,
            _ => PhoneKind.Unknown,
        }
        : PhoneKind.Unknown;

    /// <summary>Masks a phone number to its last 4 digits for logs: <c>***0134</c>.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "(none)";
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length >= 4 ? "***" + digits[^4..] : "***";
    }

    private static PhoneNumber? Parse(string? input, string? region)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        try { return Util.Parse(input, region ?? DefaultRegion); }
        catch (NumberParseException) { return null; }
    }
}
