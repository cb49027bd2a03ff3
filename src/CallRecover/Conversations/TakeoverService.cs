using CallRecover.Common;
using CallRecover.Audit;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Compliance;

namespace CallRecover.Conversations;

/// <summary>Outcome of a takeover action: the conversation after it, or why it was refused.</summary>
public sealed record TakeoverResult(Conversation? Conversation, string? Error, bool NotFound = false)
{
    public bool Ok => Conversation is not null && Error is null;
}

/// <summary>
/// A person taking a conversation over from the AI, replying by hand, handing back, or closing it. The status
/// change is the lock: the engine re-reads the status right before it sends, so once <c>human_active</c>
/// commits no AI reply goes out.
/// </summary>
public sealed class TakeoverService(Db db, ConversationStore conversations, SmsSender sender, AuditLog audit, LiveEvents live)
{
    public Task<TakeoverResult> TakeOverAsync(string businessId, string conversationId, string actor, CancellationToken ct = default) =>
        ChangeAsync(businessId, conversationId, actor, "took_over", ConversationStatuses.HumanActive,
            c => ConversationStatuses.IsOpen(c.Status) ? null : "The conversation is closed.", ct);

    public Task<TakeoverResult> ReturnToAiAsync(string businessId, string conversationId, string actor, CancellationToken ct = default) =>
        ChangeAsync(businessId, conversationId, actor, "returned_to_ai", ConversationStatuses.Active,
            c => c.Status == ConversationStatuses.HumanActive ? null : "Only a conversation a person has taken over can go back to the AI.", ct);

    public Task<TakeoverResult> CloseAsync(string businessId, string conversationId, string actor, CancellationToken ct = default) =>
        ChangeAsync(businessId, conversationId, actor, "closed", ConversationStatuses.ClosedManual,
            c => ConversationStatuses.IsOpen(c.Status) || c.Status == ConversationStatuses.Stale ? null : "The conversation is already closed.", ct);

    /// <summary>
    /// What is wrong with a text a person wrote, or null: empty, over 1600 characters, or holding a control character
    /// other than a line break or a tab (a NUL was accepted and sent, found by probing; inbound texts already refuse them).
    /// </summary>
    public static string? BodyError(string? body)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0) return "The message is empty.";
        if (text.Length > 1600) return "The message is longer than 1600 characters.";
        return CleanText.IsClean(text) ? null : "The message holds a control character (such as NUL) or a broken character; remove it.";
    }

    /// <summary>Sends a text written by a person from the business number. Taking over first is implied.</summary>
    public async Task<(TakeoverResult Result, SendResult? Sent)> SendManualAsync(string businessId, string conversationId, string actor, string body, CancellationToken ct = default)
    {
        if (BodyError(body) is { } error) return (new TakeoverResult(null, error), null);
        body = body.Trim();
        return await db.WriteAsync(async tx =>
        {
            var c = await conversations.GetAsync(tx, businessId, conversationId);
            if (c is null) return (new TakeoverResult(null, "Not found.", NotFound: true), (SendResult?)null);
            if (c.Status == ConversationStatuses.ClosedOptedOut) return (new TakeoverResult(c, "The caller opted out of texts."), null);
            if (c.Status != ConversationStatuses.HumanActive && ConversationStatuses.IsOpen(c.Status))
                await SetStatusAsync(tx, c, ConversationStatuses.HumanActive, actor, "took_over");
            var sent = await sender.QueueAsync(tx, new OutboundSms(businessId, c.Phone, body, Senders.Human, SmsPurposes.Manual, c.Id));
            await audit.WriteAsync(tx, businessId, actor, "conversation", c.Id, "sent_manual_text", new { messageId = sent.Message.Id, sent.BlockedReason });
            tx.AfterCommit(() => live.Publish(businessId, "message", sent.Message.Id));
            var after = await conversations.GetAsync(tx, businessId, conversationId);
            return (new TakeoverResult(after, sent.BlockedReason is null ? null : $"Not sent: {sent.BlockedReason}."), (SendResult?)sent);
        }, ct);
    }

    private async Task<TakeoverResult> ChangeAsync(string businessId, string conversationId, string actor, string action, string status,
        Func<Conversation, string?> refuse, CancellationToken ct) =>
        await db.WriteAsync(async tx =>
        {
            var c = await conversations.GetAsync(tx, businessId, conversationId);
            if (c is null) return new TakeoverResult(null, "Not found.", NotFound: true);
            if (refuse(c) is { } why) return new TakeoverResult(c, why);
            await SetStatusAsync(tx, c, status, actor, action);
            return new TakeoverResult(await conversations.GetAsync(tx, businessId, conversationId), null);
        }, ct);

    private async Task SetStatusAsync(DbTx tx, Conversation c, string status, string actor, string action)
    {
        // A person acting on the conversation answers its "needs a human" flag.
        await conversations.SetStatusByStaffAsync(tx, c.BusinessId, c.Id, status);
        await audit.WriteAsync(tx, c.BusinessId, actor, "conversation", c.Id, action, new { from = c.Status, to = status });
        tx.AfterCommit(() => live.Publish(c.BusinessId, "conversation", c.Id));
    }
}
