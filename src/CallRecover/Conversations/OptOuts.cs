using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;

namespace CallRecover.Conversations;

/// <summary>
/// Told, in the opt-out's transaction, that a caller opted out, so capabilities drop what they had pending for them
/// (follow-ups, appointment reminders, booking offers). The texting policy would stop those texts anyway; this keeps
/// nothing pending that can only ever be blocked.
/// </summary>
public interface IOptOutObserver
{
    Task OnOptedOutAsync(DbTx tx, string businessId, string phone, string? leadId, IReadOnlyList<string> closedConversationIds);
}

/// <summary>
/// The one place a caller's opt-out takes effect, whichever way it arrived (the STOP keyword, "stop texting me" read by
/// the engine, the carrier's 21610): the opt-out is recorded, every open conversation with them closes, the lead becomes
/// opted out, and pending work for them is dropped. Opting back in (START) lifts it.
/// </summary>
public sealed class OptOuts(OptOutStore store, ConversationStore conversations, LeadStore leads, AuditLog audit, LiveEvents live,
    IEnumerable<IOptOutObserver> observers)
{
    /// <summary>Applies an opt-out; true when it is new (a second STOP changes nothing and gets no second confirmation).</summary>
    /// <param name="reason">keyword, engine: …, carrier:21610.</param>
    /// <param name="actor">caller, engine or carrier (audit).</param>
    /// <param name="inboundAt">The time of the caller's text that opted out, recorded as the conversation's last inbound text.</param>
    public async Task<bool> OptOutAsync(DbTx tx, string businessId, string phone, string reason, string actor, DateTimeOffset? inboundAt = null)
    {
        var added = await store.OptOutAsync(tx, businessId, phone, reason);
        var closed = await conversations.CloseOpenForPhoneAsync(tx, businessId, phone, ConversationStatuses.ClosedOptedOut, inboundAt);
        foreach (var id in closed)
        {
            await audit.WriteAsync(tx, businessId, actor, "conversation", id, "opted_out", new { to = ConversationStatuses.ClosedOptedOut, reason });
            tx.AfterCommit(() => live.Publish(businessId, "conversation", id));
        }
        var lead = await leads.GetByPhoneAsync(tx, businessId, phone);
        if (lead is not null && lead.Status != LeadStatuses.OptedOut)
        {
            await leads.SetStatusAsync(tx, businessId, lead.Id, LeadStatuses.OptedOut);
            tx.AfterCommit(() => live.Publish(businessId, "lead", lead.Id));
        }
        foreach (var observer in observers) await observer.OnOptedOutAsync(tx, businessId, phone, lead?.Id, closed);
        return added;
    }

    /// <summary>The caller opted back in (START, or YES while opted out): this business may text them again.</summary>
    public async Task OptInAsync(DbTx tx, string businessId, string phone)
    {
        await store.OptInAsync(tx, businessId, phone);
        var lead = await leads.GetByPhoneAsync(tx, businessId, phone);
        if (lead is not null && lead.Status == LeadStatuses.OptedOut)
        {
            await leads.SetStatusAsync(tx, businessId, lead.Id, LeadStatuses.Contacted);
            tx.AfterCommit(() => live.Publish(businessId, "lead", lead.Id));
        }
    }

    public Task<bool> IsOptedOutAsync(DbTx tx, string businessId, string phone) => store.IsOptedOutAsync(tx, businessId, phone);
}
