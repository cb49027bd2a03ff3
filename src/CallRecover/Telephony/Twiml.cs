using System.Text;

namespace CallRecover.Telephony;

/// <summary>TwiML answers (WIRE.md). Every attribute and text is XML-escaped (<c>&amp;</c> in URLs becomes <c>&amp;amp;</c>).</summary>
public static class Twiml
{
    public const string ContentType = "application/xml";
    public const string Empty = "<Response/>";

    /// <summary>XML-escapes text and double-quoted attribute values (an apostrophe needs no escaping in either).</summary>
    public static string X(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    public static string Say(string text, bool hangup = true) =>
        $"<Response><Say>{X(text)}</Say>{(hangup ? "<Hangup/>" : "")}</Response>";

    public static string Hangup() => "<Response><Hangup/></Response>";

    /// <summary>
    /// Rings the business phone for 20 s showing the carrier number. <paramref name="screenUrl"/> (human-pickup screening
    /// and/or answering-machine detection) runs on the answering side before the legs are bridged.
    /// </summary>
    public static string Dial(string actionUrl, string callerId, string number, string statusCallbackUrl, string? screenUrl, bool machineDetection)
    {
        var sb = new StringBuilder("<Response><Dial timeout=\"20\" action=\"").Append(X(actionUrl))
            .Append("\" method=\"POST\" callerId=\"").Append(X(callerId)).Append('"');
        // While the answering side is screened the caller should keep hearing ringing, not silence.
        if (screenUrl is not null) sb.Append(" answerOnBridge=\"true\"");
        sb.Append("><Number statusCallbackEvent=\"initiated ringing answered completed\" statusCallback=\"").Append(X(statusCallbackUrl))
            .Append("\" statusCallbackMethod=\"POST\"");
        if (screenUrl is not null) sb.Append(" url=\"").Append(X(screenUrl)).Append("\" method=\"POST\"");
        if (machineDetection) sb.Append(" machineDetection=\"Enable\"");
        sb.Append('>').Append(X(number)).Append("</Number></Dial></Response>");
        return sb.ToString();
    }

    /// <summary>Asks whoever answered the business phone to press 1; no key falls through to a hangup of that leg only.</summary>
    public static string ScreenGather(string actionUrl, string businessName) =>
        $"<Response><Gather numDigits=\"1\" timeout=\"6\" action=\"{X(actionUrl)}\" method=\"POST\"><Say>{X($"Call for {businessName}. Press 1 to take this call.")}</Say></Gather><Hangup/></Response>";
}
