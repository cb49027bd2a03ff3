using System.ComponentModel.DataAnnotations;

namespace CallRecover.Observability;

/// <summary>
/// Settings under <c>Telemetry</c>. Both off by default: then no exporter runs, nothing listens to the app's meter or
/// activity source, and <c>/metrics</c> answers 404.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Serve the metrics at <c>GET /metrics</c> in the Prometheus text format (<c>Telemetry__Prometheus=true</c>).</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// An OpenTelemetry collector to export metrics and traces to by OTLP over gRPC, e.g. <c>http://collector:4317</c>
    /// (<c>Telemetry__OtlpEndpoint</c>). Unset: nothing is exported by OTLP.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The service name on every metric and span (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "callrecover";

    public bool Otlp => !string.IsNullOrWhiteSpace(OtlpEndpoint);
    public bool Metrics => Prometheus || Otlp;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Otlp && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            yield return new ValidationResult(
                $"Telemetry:OtlpEndpoint (Telemetry__OtlpEndpoint) must be an absolute http(s) URL such as http://collector:4317 (got '{OtlpEndpoint}').",
                [nameof(OtlpEndpoint)]);
        if (string.IsNullOrWhiteSpace(ServiceName))
            yield return new ValidationResult("Telemetry:ServiceName (Telemetry__ServiceName) must not be empty.", [nameof(ServiceName)]);
    }
}
