using System.ComponentModel.DataAnnotations;

namespace CallRecover.Estimates;

/// <summary>Parts-price providers for estimates (issue 23). PartsTech needs the operator's partner id and key (from
/// PartsTech's partner team); each business then adds its own PartsTech user. Without them PartsTech is not offered.</summary>
public sealed class EstimatesOptions : IValidatableObject
{
    public const string Section = "Estimates";

    /// <summary>PartsTech's API address (the beta server or a test fake may be set instead).</summary>
    [Required, Url] public string PartsTechBaseUrl { get; set; } = "https://api.partstech.com";

    /// <summary>The partner id PartsTech issued to this deployment; empty: PartsTech is not offered.</summary>
    public string PartsTechPartnerId { get; set; } = "";

    /// <summary>The partner key PartsTech issued to this deployment (a secret: set it in the environment).</summary>
    public string PartsTechPartnerKey { get; set; } = "";

    /// <summary>How long one provider may take to price a repair (seconds) before the estimate goes on without it.</summary>
    [Range(1, 30)] public int ProviderTimeoutSeconds { get; set; } = 3;

    public bool PartsTechAvailable => PartsTechPartnerId.Length > 0 && PartsTechPartnerKey.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((PartsTechPartnerId.Length > 0) != (PartsTechPartnerKey.Length > 0))
            yield return new ValidationResult("Estimates__PartsTechPartnerId and Estimates__PartsTechPartnerKey are set together (or neither).",
                [nameof(PartsTechPartnerId), nameof(PartsTechPartnerKey)]);
    }
}
