using CallRecover.Common;

namespace CallRecover.Queue;

/// <summary>A claimed unit of work, as a handler sees it.</summary>
public sealed record WorkItem
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? BusinessId { get; init; }
    public string? OrderingKey { get; init; }
    public string Payload { get; init; } = "{}";
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    /// <summary>The W3C traceparent of whatever queued it (null when nothing was traced).</summary>
    public string? TraceParent { get; init; }

    public T PayloadAs<T>() => Json.Deserialize<T>(Payload);
}

/// <summary>What to enqueue. <paramref name="OrderingKey"/>: items sharing it run one at a time in enqueue order.
/// <paramref name="DedupeKey"/>: a second enqueue with the same key is ignored (idempotent enqueue).
/// <paramref name="SomeoneWaiting"/>: a person is waiting for this (a caller's text-back, the reply to their text, an
/// emergency alert): claimed before every other due item, still in order behind its own ordering key.</summary>
public sealed record NewWork(
    string Kind,
    object Payload,
    string? BusinessId = null,
    string? OrderingKey = null,
    string? DedupeKey = null,
    DateTimeOffset? DueAt = null,
    int MaxAttempts = 8,
    bool SomeoneWaiting = false);

/// <summary>A work item row, for the operator and for tests.</summary>
public sealed record WorkItemRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? BusinessId { get; init; }
    public string? OrderingKey { get; init; }
    public string? DedupeKey { get; init; }
    public string Payload { get; init; } = "{}";
    public string Status { get; init; } = "";
    public DateTimeOffset DueAt { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public string? LastError { get; init; }
    public string? LockedBy { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One kind's backlog: items due and not finished, and when the oldest waiting one fell due (null: none waiting).</summary>
public sealed record QueueBacklog
{
    public string Kind { get; init; } = "";
    public long Depth { get; init; }
    public DateTimeOffset? OldestDueAt { get; init; }
}

/// <summary>Runs one kind of work item. Throw to retry with backoff; throw <see cref="PermanentWorkFailure"/> to give up at once.</summary>
public interface IWorkHandler
{
    string Kind { get; }
    Task HandleAsync(WorkItem item, CancellationToken ct);
}

/// <summary>A failure that retrying cannot fix (bad payload, a carrier's "never retry" error): the item goes dead now.</summary>
public sealed class PermanentWorkFailure(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Retry after a time the remote side asked for (e.g. Retry-After), instead of the computed backoff.</summary>
public sealed class RetryWorkLater(TimeSpan delay, string message, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan Delay { get; } = delay;

    /// <summary>
    /// A hold, not a failure (a text waiting for the recipient's daytime or for room in the send budget): the attempt is
    /// given back, so an item held many times never runs out of attempts, and an item that never failed does not hold
    /// up later items with its ordering key while it waits.
    /// </summary>
    public bool Hold { get; init; }
}
