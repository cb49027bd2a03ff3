using CallRecover.Common;
using System.ComponentModel.DataAnnotations;

namespace CallRecover.Tenancy;

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
    [Secret] public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The message never repeats the key: start-up errors end up in logs.
        if (!string.IsNullOrEmpty(ApiKey) && ApiKey.Trim().Length < MinimumKeyLength)
            yield return new ValidationResult(
                $"Operator:ApiKey (Operator__ApiKey) must be at least {MinimumKeyLength} characters (got {ApiKey.Trim().Length}); generate one with `openssl rand -hex 24`, or leave it unset to disable the operator API.",
                [nameof(ApiKey)]);
    }
}
