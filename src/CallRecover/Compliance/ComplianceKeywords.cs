using CallRecover.Common;

namespace CallRecover.Compliance;

public enum ComplianceKeyword { None, OptOut, OptIn, Help }

/// <summary>
/// Carrier/CTIA keywords. Only a message that is the keyword alone counts (trimmed, any case, trailing "." or "!"
/// allowed): "Please stop calling me about the END of the job" is an ordinary message.
/// </summary>
public static class ComplianceKeywords
{
    public static readonly string[] OptOutWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];
    public static readonly string[] OptInWords = ["START", "UNSTOP"];
    public static readonly string[] HelpWords = ["HELP", "INFO"];

    /// <param name="optedOut">YES opts back in only while the number is opted out; otherwise it is an ordinary reply (e.g. approving a quote).</param>
    public static ComplianceKeyword Classify(string? body, bool optedOut)
    {
        var word = (body ?? "").Trim().TrimEnd('.', '!').Trim().ToUpperInvariant();
        if (OptOutWords.Contains(word)) return ComplianceKeyword.OptOut;
        if (OptInWords.Contains(word) || (optedOut && word == "YES")) return ComplianceKeyword.OptIn;
        if (HelpWords.Contains(word)) return ComplianceKeyword.Help;
        return ComplianceKeyword.None;
    }
}

/// <summary>The carrier-required answers to STOP, START and HELP (CTIA), naming the business.</summary>
public static class ComplianceReplies
{
    public static string OptOutConfirmation(Tenancy.Business b) =>
        $"{b.Name}: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.";

    public static string OptInConfirmation(Tenancy.Business b) =>
        $"{b.Name}: You're resubscribed to our texts. Reply HELP for help, STOP to opt out.";

    public static string Help(Tenancy.Business b) =>
        $"{b.Name}: for help call us at {Phone.Display(b.BusinessPhone, Phone.RegionOf(b.CarrierNumber))} or reply here. Msg & data rates may apply. Reply STOP to opt out.";
}
