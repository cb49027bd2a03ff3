using System.Globalization;
using System.Net;
using CallRecover.Tests.Hosting;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CallRecover.Tests.Observability;

public sealed class MetricsTests
{
    private const string Caller = "+19045550177";

    [Theory, DatabaseData]
    public async Task Metrics_AreOffByDefault_NoRouteAndNoMeterProvider(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);

        (await app.CreateClient().GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        app.Services.GetService<MeterProvider>().ShouldBeNull("no setting: nothing listens to the meter, nothing exports");
    }

    [Theory, DatabaseData]
    public async Task Prometheus_AfterAMissedCall_ShowsTheTextbackLatencyAndTheGreetingSent(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        var b = await h.BusinessAsync();

        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);

        var client = h.App.CreateClient();
        // The exporter caches a scrape for a moment, and the handler records after the carrier answered: scrape until it shows.
        var text = await Eventually.WaitAsync(async () =>
        {
            var r = await client.GetAsync("/metrics");
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await r.Content.ReadAsStringAsync();
        }, t => Sample(t, "callrecover_textback_latency_seconds_count") >= 1 && Lines(t, "callrecover_texts_total{").Any(l => l.Contains("outcome=\"sent\"") && l.Contains("purpose=\"greeting\"")),
            "the text-back latency and the sent greeting on /metrics");

        text.ShouldContain("# TYPE callrecover_textback_latency_seconds histogram");
        var buckets = Lines(text, "callrecover_textback_latency_seconds_bucket{").ToList();
        buckets.ShouldContain(l => l.Contains("le=\"1\""));
        buckets.ShouldContain(l => l.Contains("le=\"+Inf\""));
        text.ShouldContain("# TYPE callrecover_texts_total counter");
        // The queue gauges are read from work_items at the scrape, one series per handled kind.
        Lines(text, "callrecover_queue_depth{").ShouldContain(l => l.Contains("kind=\"sms.send\""));
        Lines(text, "callrecover_queue_oldest_age_seconds{").ShouldContain(l => l.Contains("kind=\"sms.send\""));
        // No phone number in a label or anywhere else.
        text.ShouldNotContain("5550177");
        text.ShouldNotContain(b.Id);
    }

    [Fact]
    public async Task ABadOtlpEndpoint_StopsStartUp_NamingTheKey()
    {
        var run = await AppProcess.RunAsync([], new()
        {
            ["Telemetry__OtlpEndpoint"] = "collector:4317",
            ["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}",
        });
        run.ExitCode.ShouldBe(1);
        run.StdErr.ShouldContain("Telemetry:OtlpEndpoint (Telemetry__OtlpEndpoint) must be an absolute http(s) URL");
    }

    private static IEnumerable<string> Lines(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The sum of a sample over its series (0 when absent). A line is <c>name{labels} value [timestamp]</c>.</summary>
    private static double Sample(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(l => double.Parse((l.Contains('}') ? l[(l.LastIndexOf('}') + 1)..] : l[name.Length..])
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
}
