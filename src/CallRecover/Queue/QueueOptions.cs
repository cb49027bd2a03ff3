using System.ComponentModel.DataAnnotations;

namespace CallRecover.Queue;

/// <summary>Settings under <c>Queue</c>.</summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string Section = "Queue";

    /// <summary>Run the background workers in this process (turn off for a web-only node).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Run the scheduled tasks (<see cref="IScheduledTask"/>) on this node too (needs <see cref="Enabled"/>).</summary>
    public bool RunScheduledTasks { get; set; } = true;

    /// <summary>Items run at once by this process.</summary>
    [Range(1, 256)] public int Concurrency { get; set; } = 16;

    /// <summary>How often to look for due items when nothing woke the worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a claimed item is ours; a node that dies loses its items after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First retry delay; doubles each attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between two attempts of a failing work item.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a running worker records that it is alive (<c>queue_nodes</c>). Other nodes, and this node after a
    /// restart, take over the claims of a node that stopped beating after <see cref="NodeTimeout"/>, instead of
    /// waiting out the <see cref="Lease"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")] public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A node whose last heartbeat is older than this is taken for dead and its claims are rerun elsewhere. Keep it
    /// several heartbeats long, and node clocks in sync to well within it (NTP), or a live node loses its claims.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")] public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A name for this node in locked_by; defaults to machine name + process id + a random suffix. When set it must be
    /// unique among running processes: a process that starts under it takes over that name's leftover claims at once
    /// (a restarted node reruns what its crashed predecessor held without waiting).
    /// </summary>
    public string? NodeName { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NodeTimeout < Heartbeat * 3)
            yield return new ValidationResult($"Queue:NodeTimeout (Queue__NodeTimeout) must be at least three Queue:Heartbeat intervals (got {NodeTimeout}, heartbeat {Heartbeat}).", [nameof(NodeTimeout)]);
    }
}
