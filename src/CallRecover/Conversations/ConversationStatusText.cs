namespace CallRecover.Conversations;

/// <summary>How the dashboard names a conversation's state for the owner.</summary>
public static class ConversationStatusText
{
    public const string Paused = "Paused: automatic replies detected";

    /// <summary>An open conversation paused because the caller's phone answers by itself says so (a person has not taken it over).</summary>
    public static string For(Conversation c) =>
        c.Status is ConversationStatuses.Active or ConversationStatuses.FollowUp && EngineStep.ParseState(c.Qualification).AutoResponder
            ? Paused : For(c.Status);

    public static string For(string status) => status switch
    {
        ConversationStatuses.Active => "The AI is handling this conversation.",
        ConversationStatuses.HumanActive => "You have taken over: the AI is paused.",
        ConversationStatuses.FollowUp => "Waiting for the caller; the AI will follow up.",
        ConversationStatuses.ClosedBooked => "Closed: booked.",
        ConversationStatuses.ClosedNoResponse => "Closed: no response.",
        ConversationStatuses.ClosedOptedOut => "Closed: the caller opted out.",
        ConversationStatuses.ClosedManual => "Closed.",
        _ => "Stale.",
    };
}
