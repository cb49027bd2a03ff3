using System.Text.RegularExpressions;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;

namespace CallRecover.Estimates;

/// <summary>
/// A caller's YES or NO to the quote we texted them. Runs before booking and the conversation engine. YES while a
/// quote waits (and the caller is not opted out — for an opted-out number YES means START and compliance already
/// handled it) approves it and tells the owner; NO declines it. Anything else is not ours: the engine answers it.
/// </summary>
public sealed partial class QuoteReplyStep(Db db, QuoteStore quotes, QuoteService service, OptOutStore optOuts, SmsSender sms, ConversationStore conversations,
    TimeProvider clock) : IInboundTextStep
{
    public int Order => 400;

    public async Task<bool> TryHandleAsync(InboundText text, CancellationToken ct)
    {
        var answer = Classify(text.Message.Body);
        if (answer is null) return false;
        var business = text.Business;
        return await db.WriteAsync(async tx =>
        {
            var quote = await quotes.PendingSentForLeadAsync(tx, business.Id, text.Lead.Id);
            if (quote is null) return false;
            if (await optOuts.IsOptedOutAsync(tx, business.Id, text.Lead.Phone)) return false;
            var now = clock.GetUtcNow();
            if (quote.ExpiresAt is { } expires && expires <= now)
            {
                await quotes.TransitionAsync(tx, business.Id, quote.Id, [QuoteStatuses.Sent], QuoteStatuses.Expired, "system", now);
                return false;
            }
            var actor = $"caller:{text.Message.Id}";
            var changed = answer.Value
                ? await service.ApproveAsync(tx, business, quote.Id, actor)
                : await service.DeclineAsync(tx, business, quote.Id, actor);
            if (!changed) return false;
            var reply = answer.Value
                ? $"Thanks! Your quote ({EstimateEngine.Money(quote.Total)}) is approved. {business.Name} will be in touch to schedule the work."
                : $"No problem, we won't go ahead with that quote. Call {business.Name} anytime if you have questions.";
            await sms.QueueAsync(tx, new OutboundSms(business.Id, text.Lead.Phone, reply, Senders.System, SmsPurposes.Quote, text.Conversation.Id));
            await conversations.ClaimStepTurnAsync(tx, text, "quote");
            return true;
        }, ct);
    }

    /// <summary>True for an approval, false for a refusal, null for anything else. Only a short, whole answer counts:
    /// "yes but what about the brakes?" is a question for the engine, not an approval.</summary>
    public static bool? Classify(string body)
    {
        var s = Punctuation().Replace(body.Trim().ToLowerInvariant(), "").Trim();
        s = Spaces().Replace(s, " ");
        if (s is "yes" or "y" or "yes please" or "yep" or "yeah" or "approve" or "approved" or "yes approve" or "ok yes" or "yes go ahead" or "go ahead") return true;
        if (s is "no" or "n" or "no thanks" or "no thank you" or "nope" or "decline" or "declined") return false;
        return null;
    }

    [GeneratedRegex(@"[.!,;:\-""']+")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
