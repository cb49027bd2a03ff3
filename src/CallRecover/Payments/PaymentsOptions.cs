using System.ComponentModel.DataAnnotations;
using CallRecover.Common;

namespace CallRecover.Payments;

/// <summary>How customers pay invoices.</summary>
public sealed class PaymentsOptions : IValidatableObject
{
    public const string Section = "Payments";
    public const string Simulated = "simulated", Stripe = "stripe";

    /// <summary>
    /// <c>simulated</c> (default): a built-in fake checkout page, so the whole flow works without an account; or
    /// <c>stripe</c>: Stripe Checkout Sessions (needs <c>Payments:StripeSecretKey</c> and <c>Payments:StripeWebhookSecret</c>).
    /// </summary>
    public string Provider { get; set; } = Simulated;

    /// <summary>ISO currency of invoices (lower case, e.g. usd).</summary>
    public string Currency { get; set; } = "usd";

    /// <summary>Stripe secret API key (sk_live_... / sk_test_...). Required with Provider=stripe.</summary>
    [Secret] public string? StripeSecretKey { get; set; }

    /// <summary>Signing secret of the Stripe webhook endpoint (whsec_...) that points at /webhooks/stripe. Required with Provider=stripe.</summary>
    [Secret] public string? StripeWebhookSecret { get; set; }

    /// <summary>Stripe's API base URL (tests point it at a loopback fake).</summary>
    public string StripeApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>How old a signed Stripe webhook may be (seconds) before it is refused as a replay.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    public bool IsStripe => Provider.Equals(Stripe, StringComparison.OrdinalIgnoreCase);
    public bool IsSimulated => Provider.Equals(Simulated, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsStripe && !IsSimulated)
            yield return new ValidationResult($"Payments:Provider must be simulated or stripe (got '{Provider}').", [nameof(Provider)]);
        if (IsStripe && string.IsNullOrWhiteSpace(StripeSecretKey))
            yield return new ValidationResult("Payments:StripeSecretKey is required when Payments:Provider is stripe.", [nameof(StripeSecretKey)]);
        if (IsStripe && string.IsNullOrWhiteSpace(StripeWebhookSecret))
            yield return new ValidationResult("Payments:StripeWebhookSecret is required when Payments:Provider is stripe.", [nameof(StripeWebhookSecret)]);
        if (!Uri.TryCreate(StripeApiBase, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            yield return new ValidationResult($"Payments:StripeApiBase must be an absolute http(s) URL (got '{StripeApiBase}').", [nameof(StripeApiBase)]);
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterLower))
            yield return new ValidationResult($"Payments:Currency must be a lower-case ISO code such as usd (got '{Currency}').", [nameof(Currency)]);
        if (WebhookToleranceSeconds is < 1 or > 3600)
            yield return new ValidationResult("Payments:WebhookToleranceSeconds must be between 1 and 3600.", [nameof(WebhookToleranceSeconds)]);
    }
}
