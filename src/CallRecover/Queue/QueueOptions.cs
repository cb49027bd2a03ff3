using System.ComponentModel.DataAnnotations;

namespace CallRecover.Queue;

/// <summary>Settings under <c>Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>Run the background workers in this process (turn off for a web-only node).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Items run at once by this process.</summary>
    [Range(1, 256)] public int Concurrency { get; set; } = 16;

    /// <summary>How often to look for due items when nothing woke the worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a claimed item is ours; a node that dies loses its items after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First retry delay; doubles each attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A name for this node in locked_by; defaults to machine name + process id.</summary>
    public string? NodeName { get; set; }
}
