using CallRecover.Conversations;
using CallRecover.Data;

namespace CallRecover.Telephony;

/// <summary>
/// Told, inside the sending transaction, about every text the send path queued (not blocked ones). Follow-ups
/// use it to schedule the next check-in after any greeting or reply, wherever it was sent from.
/// </summary>
public interface IOutboundTextObserver
{
    Task OnQueuedAsync(DbTx tx, OutboundSms sms, Message message);
}
