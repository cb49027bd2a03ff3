using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CallRecover.Common;

namespace CallRecover.Simulator;

/// <summary>
/// The simulated phone network's conditional call forwarding: a line whose owner dialed a forwarding code sends the
/// calls it does not answer to the number in the code. It reads the codes US carriers use — the GSM supplementary-service
/// codes (<c>**004*…#</c> all conditional, <c>**61*…#</c> no reply, <c>**67*…#</c> busy; erased with <c>##004#</c>,
/// <c>##61#</c>, <c>##67#</c>) and Verizon's <c>*71…</c> / <c>*72…</c>, cancelled with <c>*73</c>. Kept in memory, like a
/// phone's own setting (a restart of the simulator forgets it).
/// </summary>
public sealed partial class SimulatorForwarding
{
    private readonly ConcurrentDictionary<string, string> _forwards = new();

    [GeneratedRegex(@"^(?:\*\*(?:004|61|67|62)\*|\*7[12])(\+?\d{10,15})#?$")]
    private static partial Regex OnCode();

    [GeneratedRegex(@"^(?:##(?:004|002|61|67|62)#|\*73)$")]
    private static partial Regex OffCode();

    /// <summary>Dials <paramref name="code"/> on <paramref name="line"/>: forwarding on (with the number it forwards to), off, or not a code it knows (null).</summary>
    public string? Dial(string line, string code)
    {
        var c = new string([.. code.Where(ch => !char.IsWhiteSpace(ch) && ch is not ('-' or '(' or ')' or '.'))]);
        if (OffCode().IsMatch(c))
        {
            _forwards.TryRemove(line, out _);
            return "off";
        }
        if (OnCode().Match(c) is not { Success: true } m) return null;
        var digits = m.Groups[1].Value;
        // The codes carry the number as dialed: 10 digits, or 1 + 10 digits, for a US number.
        var number = Phone.NormalizeOrNull(digits.StartsWith('+') ? digits : digits.Length == 11 && digits[0] == '1' ? "+" + digits : "+1" + digits);
        if (number is null) return null;
        _forwards[line] = number;
        return number;
    }

    /// <summary>Where <paramref name="line"/> forwards the calls it does not answer, or null.</summary>
    public string? ForwardsTo(string line) => _forwards.TryGetValue(line, out var to) ? to : null;
}
