namespace CallRecover.Common;

/// <summary>
/// How callers shorten the parts of the day in a text ("fri aft", "tues eve", "mon morn"), as regex alternations: one
/// list for the conversation engine's reading (SmsUnderstanding) and the booking reply's (ReplyParser).
/// </summary>
public static class DayPartShorthand
{
    public const string Morning = "morn|mrng", Afternoon = "aft|aftn|afternn|arvo", Evening = "eve|evng|evn";

    /// <summary>The words of one list.</summary>
    public static string[] Words(string alternation) => alternation.Split('|');
}
