using System.Collections.Concurrent;

namespace CallRecover.Live;

/// <summary>Something changed for a business: the dashboard refreshes what it shows for <see cref="Kind"/>.</summary>
/// <param name="Kind">call, lead, conversation, message, notification, appointment, quote, ...</param>
public sealed record LiveEvent(string BusinessId, string Kind, string? EntityId, DateTimeOffset At);

/// <summary>
/// In-process publish/subscribe of changes, per business. Publish after commit
/// (<c>tx.AfterCommit(() => live.Publish(...))</c>) so subscribers never see uncommitted state.
/// </summary>
public sealed class LiveEvents(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, (string? BusinessId, Action<LiveEvent> Handler)> _subscribers = new();

    /// <summary>Raised for every event published in this process (used to forward events to other nodes).</summary>
    public event Action<LiveEvent>? PublishedLocally;

    public void Publish(string businessId, string kind, string? entityId = null)
    {
        var e = new LiveEvent(businessId, kind, entityId, clock.GetUtcNow());
        Deliver(e);
        PublishedLocally?.Invoke(e);
    }

    /// <summary>Delivers an event to this process's subscribers only (events arriving from another node).</summary>
    public void Deliver(LiveEvent e)
    {
        foreach (var (_, (businessId, handler)) in _subscribers)
        {
            if (businessId is not null && businessId != e.BusinessId) continue;
            try { handler(e); } catch { /* a broken subscriber must not break the publisher */ }
        }
    }

    /// <summary>Subscribes to one business's events (null: all businesses, for the operator). Dispose to stop.</summary>
    public IDisposable Subscribe(string? businessId, Action<LiveEvent> handler)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = (businessId, handler);
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
