using System.Diagnostics;
using CallRecover.Common;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallRecover.Observability;

/// <summary>
/// OpenTelemetry for the app's meter and activity source (<see cref="Telemetry"/>), ASP.NET Core, HttpClient and
/// PostgreSQL: metrics at <c>/metrics</c> for Prometheus (<c>Telemetry:Prometheus</c>) and metrics and traces by OTLP
/// (<c>Telemetry:OtlpEndpoint</c>). With neither set nothing is registered: no listener, no exporter, no route.
/// </summary>
public static class ObservabilityModule
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section);
        // Read here, unvalidated, to decide what to register; start-up validation then stops a bad value naming its key.
        var o = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        if (!o.Metrics) return services;

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(o.ServiceName));
        services.AddSingleton<QueueGauges>();
        // The gauges join the host's meter when the meter provider is built, so they exist only while an exporter does.
        services.ConfigureOpenTelemetryMeterProvider((sp, _) => sp.GetRequiredService<QueueGauges>());
        otel.WithMetrics(m =>
        {
            m.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsqlInstrumentation();
            if (o.Prometheus) m.AddPrometheusExporter();
            if (o.Otlp) m.AddOtlpExporter(e => Otlp(e, o));
        });
        if (o.Otlp)
            otel.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new NoStrayClientSpans()))
                .AddSource(Telemetry.Name)
                .AddAspNetCoreInstrumentation(a => a.Filter = http => !IsPlumbing(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(e => Otlp(e, o)));
        return services;
    }

    public static AppRoutes MapObservability(this AppRoutes routes)
    {
        // Unvalidated, as in AddObservability: a bad value stops the start with the key's name, not here with a stack trace.
        if (routes.App.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() is { Prometheus: true })
            routes.App.MapPrometheusScrapingEndpoint(MetricsPath);
        return routes;
    }

    private static void Otlp(OtlpExporterOptions e, TelemetryOptions o)
    {
        // A bad value is reported by start-up validation, which runs before any export.
        if (Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out var endpoint)) e.Endpoint = endpoint;
        e.Protocol = OtlpExportProtocol.Grpc;
    }

    /// <summary>Scrapes and probes: a trace each every few seconds would bury the ones that matter.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");

    /// <summary>
    /// Drops a trace that would start with a client call: the queue's polling and the scheduler's queries (PostgreSQL) run
    /// outside any request or work item, several times a second, and would each make a one-span trace. A call made inside
    /// a request or a work item has a parent and follows it.
    /// </summary>
    private sealed class NoStrayClientSpans : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters p) =>
            new(p.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
