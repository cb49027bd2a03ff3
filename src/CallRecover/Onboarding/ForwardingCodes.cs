namespace CallRecover.Onboarding;

/// <summary>How to turn a carrier's conditional forwarding on and off, with the CallRecover number filled in.</summary>
public sealed record ForwardingCode(string Carrier, string Description, string Pattern, string Undo)
{
    /// <summary>The code to dial with the number (10 digits for a US number, as the carriers document).</summary>
    public string For(string e164) => Pattern.Replace("{n}", Digits(e164), StringComparison.Ordinal);

    private static string Digits(string e164) => e164.StartsWith("+1", StringComparison.Ordinal) && e164.Length == 12 ? e164[2..] : e164.TrimStart('+');
}

/// <summary>
/// Conditional call forwarding ("forward when busy or not answered") for the big US carriers. Sources: AT&amp;T and
/// T-Mobile are GSM networks and use the standard supplementary-service codes of 3GPP TS 22.030 / 22.082 — 004 is "all
/// conditional forwarding" (busy, no reply, not reachable), activated with **004*number# and erased with ##004# (both
/// carriers' support pages give these codes). Verizon documents "No Answer / Busy Transfer": *71 followed by the
/// 10-digit number, cancelled with *73. Carriers change menus more often than codes; the page says to call the carrier
/// if a code is refused.
/// </summary>
public static class ForwardingCodes
{
    public static readonly IReadOnlyList<ForwardingCode> All =
    [
        new("AT&T", "Forward calls you don't answer, or that come while you're busy or out of signal", "**004*1{n}#", "##004#"),
        new("Verizon", "Forward calls you don't answer or that come while you're busy (No Answer/Busy Transfer)", "*71{n}", "*73"),
        new("T-Mobile", "Forward calls you don't answer, or that come while you're busy or out of signal", "**004*1{n}#", "##004#"),
    ];
}
