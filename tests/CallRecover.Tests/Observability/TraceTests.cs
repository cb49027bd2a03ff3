using System.Collections.Concurrent;
using System.Diagnostics;
using CallRecover.Common;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Observability;

public sealed class TraceTests
{
    private const string Caller = "+19045550178";

    [Theory, DatabaseData]
    public async Task AMissedCallWebhook_IsOneTrace_ThroughTheWorkItem_ToTheCarrierCall(string provider)
    {
        // What an exporter would see: the request, the handler's activity and the HttpClient call, from this process.
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is Telemetry.Name or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new() { Sms = false, Email = false } });

        await h.MissedCallAsync(b, Caller);
        var greeting = (await h.TextsToAsync(Caller)).Single();

        // The webhook stored its traceparent on the work item it queued.
        var traceparent = await h.ScalarAsync<string?>(
            "SELECT traceparent FROM work_items WHERE kind = 'sms.send' AND business_id = @Id", b);
        traceparent.ShouldNotBeNull();
        ActivityContext.TryParse(traceparent, null, out var queuedBy).ShouldBeTrue(traceparent);
        var traceId = queuedBy.TraceId;
        var request = await Eventually.WaitAsync(() => Task.FromResult(seen.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == traceId)),
            a => a is not null, "the webhook's request activity");
        request!.SpanId.ShouldBe(queuedBy.SpanId, "the item was queued inside the call-completed request");
        request.GetTagItem("url.path")?.ToString().ShouldBe("/webhook/voice/call-completed");

        // The handler ran as a child of that request, and the carrier call as a child of the handler.
        var work = await Eventually.WaitAsync(() => Task.FromResult(seen.FirstOrDefault(a => a.Source.Name == Telemetry.Name && a.TraceId == traceId && a.OperationName == "work sms.send")),
            a => a is not null, "the handler's activity in the webhook's trace");
        work!.OperationName.ShouldBe("work sms.send");
        work.Kind.ShouldBe(ActivityKind.Consumer);
        work.ParentSpanId.ShouldBe(request.SpanId);
        var carrierCall = seen.Where(a => a.Source.Name == "System.Net.Http" && a.TraceId == traceId).ToList();
        carrierCall.ShouldContain(a => a.ParentSpanId == work.SpanId, "the POST to the carrier is in the same trace, under the handler");
        greeting.Body.ShouldContain("STOP");
    }
}
