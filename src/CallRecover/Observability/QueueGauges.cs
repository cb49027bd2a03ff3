using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.Observability;

/// <summary>
/// <c>callrecover.queue.depth</c> and <c>callrecover.queue.oldest_age</c> per work kind, observed from <c>work_items</c>
/// only when metrics are collected (a Prometheus scrape, an OTLP export). Created only when an exporter is on, on the
/// host's own meter (named like <see cref="Telemetry.Meter"/>) so that a stopped host's callbacks go with it.
/// </summary>
public sealed class QueueGauges
{
    // One collection asks both gauges back to back: one query answers both.
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly WorkQueue _queue;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueueGauges> _log;
    private readonly string[] _kinds;
    private readonly Lock _gate = new();
    private long _readAt;
    private IReadOnlyList<QueueBacklog>? _last;

    public QueueGauges(WorkQueue queue, IEnumerable<IWorkHandler> handlers, TimeProvider clock, IMeterFactory meters, ILogger<QueueGauges> log)
    {
        _queue = queue;
        _clock = clock;
        _log = log;
        _kinds = [.. handlers.Select(h => h.Kind).Distinct().Order(StringComparer.Ordinal)];
        var meter = meters.Create(Telemetry.Name);
        meter.CreateObservableGauge(Telemetry.QueueDepth, Depths, "{item}", "Work items due and not finished (waiting or running), per kind");
        meter.CreateObservableGauge(Telemetry.QueueOldestAge, OldestAges, "s", "Seconds the oldest waiting work item of a kind has been due (0: none waiting)");
    }

    private IEnumerable<Measurement<long>> Depths() =>
        Read() is { } rows ? PerKind(rows).Select(r => new Measurement<long>(r.Depth, Kind(r.Kind))) : [];

    private IEnumerable<Measurement<double>> OldestAges()
    {
        if (Read() is not { } rows) return [];
        var now = _clock.GetUtcNow();
        return PerKind(rows).Select(r => new Measurement<double>(r.OldestDueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0, Kind(r.Kind)));
    }

    /// <summary>Every handled kind (0 when idle, so a drained queue reads 0 rather than vanishing), plus any unhandled kind with items.</summary>
    private IEnumerable<QueueBacklog> PerKind(IReadOnlyList<QueueBacklog> rows) =>
        _kinds.Where(k => rows.All(r => r.Kind != k)).Select(k => new QueueBacklog { Kind = k }).Concat(rows);

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);

    /// <summary>The backlog, read at most once a second. Null when the database could not answer (the gauges then report nothing).</summary>
    private IReadOnlyList<QueueBacklog>? Read()
    {
        lock (_gate)
        {
            if (_last is not null && Stopwatch.GetElapsedTime(_readAt) < Reuse) return _last;
            try
            {
                // Instrument callbacks are synchronous; this runs on the scrape's (or the exporter's) thread, never a request's.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                _last = _queue.BacklogAsync(cts.Token).GetAwaiter().GetResult();
                _readAt = Stopwatch.GetTimestamp();
                return _last;
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Reading the work queue's backlog for the queue gauges failed");
                return null;
            }
        }
    }
}
