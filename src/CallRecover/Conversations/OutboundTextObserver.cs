using CallRecover.Data;

namespace CallRecover.Conversations;

/// <summary>
/// Told, inside the sending transaction, about every text the send path queued or held (not blocked ones). Follow-ups
/// use it to schedule the next check-in after any greeting or reply, wherever it was sent from.
/// </summary>
public interface IOutboundTextObserver
{
    Task OnQueuedAsync(DbTx tx, OutboundSms sms, Message message);
}
