using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallRecover.Common;

/// <summary>
/// The app's one <see cref="Meter"/> and one <see cref="ActivitySource"/> (both named "CallRecover"), and the instruments
/// every capability records on. They live here, not in Observability, so any folder (and the shared Queue) can record
/// without depending on the exporters. With no exporter configured nothing listens: an <c>Add</c> or <c>Record</c> is a
/// check of a flag and <see cref="StartWork"/> returns null, so the off state costs nothing worth measuring.
/// Tags never carry a business id, a phone number or a message: the purpose, outcome and reason are small fixed sets.
/// </summary>
public static class Telemetry
{
    public const string Name = "CallRecover";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Outbound texts by purpose and outcome (<c>sent</c>, <c>failed</c>, <c>blocked</c> with the policy's reason code).</summary>
    public static readonly Counter<long> Texts = Meter.CreateCounter<long>("callrecover.texts", "{text}",
        "Outbound texts by purpose and outcome: sent (handed to the carrier), failed (the carrier refused or never took it), blocked (by the texting policy, with its reason)");

    /// <summary>From the missed call's end to the greeting handed to the carrier, in seconds: the product's promise.</summary>
    public static readonly Histogram<double> TextbackLatency = Meter.CreateHistogram("callrecover.textback.latency", "s",
        "Seconds from a missed call's end (the webhook that marked it missed) to its greeting handed to the carrier",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600] });

    /// <summary>How long one conversation turn took on an engine (the model or the built-in rules), in seconds.</summary>
    public static readonly Histogram<double> EngineLatency = Meter.CreateHistogram("callrecover.engine.latency", "s",
        "Seconds one conversation turn took on an engine",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60] });

    /// <summary>
    /// How long the voice receptionist took to start answering a caller's line, in seconds, by path: on the relay, from the
    /// prompt frame to the first text token sent; on Gather, the webhook's answer (the caller hears silence meanwhile).
    /// </summary>
    public static readonly Histogram<double> ReceptionistLatency = Meter.CreateHistogram("callrecover.receptionist.latency", "s",
        "Seconds from a caller's spoken line to the receptionist's first words (relay: prompt to first token; gather: the webhook's answer)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1, 2, 5, 10] });

    /// <summary>Names of the queue's observable gauges (registered per host by Observability, read only when collected).</summary>
    public const string QueueDepth = "callrecover.queue.depth", QueueOldestAge = "callrecover.queue.oldest_age";

    public static class Outcomes
    {
        public const string Sent = "sent", Failed = "failed", Blocked = "blocked";
    }

    /// <summary>Counts one text's final outcome. <paramref name="reason"/>: the texting policy's reason code, for blocked texts.</summary>
    public static void Text(string purpose, string outcome, string? reason = null)
    {
        if (!Texts.Enabled) return;
        if (reason is null) Texts.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new("outcome", outcome));
        else Texts.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new("outcome", outcome), new("reason", reason));
    }

    /// <summary>
    /// The W3C <c>traceparent</c> of the current activity (the webhook's request, or the handler that queues more work),
    /// stored on a work item so that its handler continues the same trace. Null outside any activity.
    /// </summary>
    public static string? TraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    /// <summary>
    /// Starts the activity a work item's handler runs in, as a child of the <paramref name="traceParent"/> stored when it
    /// was queued (a fresh trace when there is none or it does not parse). Null when nothing listens.
    /// </summary>
    public static Activity? StartWork(string kind, string? traceParent, long id, int attempt)
    {
        if (!Source.HasListeners()) return null;
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity($"work {kind}", ActivityKind.Consumer, parent);
        activity?.SetTag("callrecover.work.kind", kind);
        activity?.SetTag("callrecover.work.id", id);
        activity?.SetTag("callrecover.work.attempt", attempt);
        return activity;
    }
}
