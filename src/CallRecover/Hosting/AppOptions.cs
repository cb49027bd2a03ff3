using System.ComponentModel.DataAnnotations;
using CallRecover.Telephony;

namespace CallRecover.Hosting;

/// <summary>Top-level settings that several capabilities read.</summary>
public sealed class AppOptions : IValidatableObject
{
    /// <summary>
    /// The URL the carrier reaches this app at (scheme, host, optional port, no trailing slash). Webhook
    /// signatures are checked against it, and links in texts are built from it.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Seed a demo business when the database has none (only in the simulator run: see <see cref="IsDemoRun"/>).</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// The default local run: demo businesses seeded and a ready sign-in link for the demo owner in the start-up log.
    /// Only with the simulator as the carrier: in a real deployment the demo would be a tenant anyone knows the email
    /// of, and the link in the logs a sign-in for whoever reads them.
    /// </summary>
    public bool IsDemoRun(CarrierOptions carrier) => SeedDemo && carrier.IsSimulator;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(u.Query))
            yield return new ValidationResult($"PublicBaseUrl must be an absolute http(s) URL without a query (got '{PublicBaseUrl}').", [nameof(PublicBaseUrl)]);
    }

    public string BaseUrl => PublicBaseUrl.TrimEnd('/');
}

/// <summary>Settings under <c>Operator</c>.</summary>
public sealed class OperatorOptions : IValidatableObject
{
    public const string Section = "Operator";

    /// <summary>
    /// The shortest key accepted: 24 characters (e.g. 12 random bytes as hex, 96 bits). The operator API reads every
    /// tenant's data and the outbox with their sign-in links, so a guessable key is an account takeover.
    /// </summary>
    public const int MinimumKeyLength = 24;

    /// <summary>Bearer key for /api/admin. Unset: the operator API is disabled (not open).</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The message never repeats the key: start-up errors end up in logs.
        if (!string.IsNullOrEmpty(ApiKey) && ApiKey.Trim().Length < MinimumKeyLength)
            yield return new ValidationResult(
                $"Operator:ApiKey (Operator__ApiKey) must be at least {MinimumKeyLength} characters (got {ApiKey.Trim().Length}); generate one with `openssl rand -hex 24`, or leave it unset to disable the operator API.",
                [nameof(ApiKey)]);
    }
}
