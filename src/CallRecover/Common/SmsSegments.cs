namespace CallRecover.Common;

/// <summary>
/// How many SMS segments a text takes, as carriers bill it: GSM-7 (160 characters, or 153 each when split; the
/// extension table's characters count twice) or, with any other character, UCS-2 (70, or 67 each). Campaign previews
/// and the operator's usage report count with this one rule.
/// </summary>
public static class SmsSegments
{
    public static int Count(string text)
    {
        if (text.Length == 0) return 1;
        var gsm = text.All(IsGsm);
        var units = gsm ? text.Sum(c => GsmExtended.Contains(c) ? 2 : 1) : text.Length;
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return units <= single ? 1 : (units + part - 1) / part;
    }

    private const string GsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string GsmExtended = "^{}\\[~]|€\f";

    private static bool IsGsm(char c) => GsmBasic.Contains(c) || GsmExtended.Contains(c);
}
