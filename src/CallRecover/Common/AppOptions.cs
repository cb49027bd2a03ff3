using System.ComponentModel.DataAnnotations;

namespace CallRecover.Common;

/// <summary>Top-level settings that several capabilities read.</summary>
public sealed class AppOptions : IValidatableObject
{
    /// <summary>
    /// The URL the carrier reaches this app at (scheme, host, optional port, no trailing slash). Webhook
    /// signatures are checked against it, and links in texts are built from it.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Seed a demo business when the database has none (only in the simulator run: see <c>CarrierOptions.IsDemoRun</c>).</summary>
    public bool SeedDemo { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(u.Query))
            yield return new ValidationResult($"PublicBaseUrl must be an absolute http(s) URL without a query (got '{PublicBaseUrl}').", [nameof(PublicBaseUrl)]);
    }

    public string BaseUrl => PublicBaseUrl.TrimEnd('/');
}
