namespace CallRecover.Common;

/// <summary>Text a client sends that may be stored, logged and texted on.</summary>
public static class CleanText
{
    /// <summary>
    /// No C0 control character but tab, CR and LF (PostgreSQL cannot store NUL; none belongs in a carrier's form or a text a person writes), no
    /// DEL, and no unpaired surrogate (it cannot be encoded to store or log).
    /// </summary>
    public static bool IsClean(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007F') return false;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }
}
