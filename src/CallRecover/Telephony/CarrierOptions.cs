using CallRecover.Common;
using System.ComponentModel.DataAnnotations;

namespace CallRecover.Telephony;

/// <summary>Settings under <c>Carrier</c> (environment: <c>Carrier__Provider</c>, ...).</summary>
public sealed class CarrierOptions : IValidatableObject
{
    public const string Section = "Carrier";
    public const string Twilio = "twilio", SignalWire = "signalwire", Simulator = "simulator";

    /// <summary><c>twilio</c>, <c>signalwire</c> or <c>simulator</c> (default: texts are stored and shown on /simulator, nothing leaves the machine).</summary>
    public string Provider { get; set; } = Simulator;

    /// <summary>
    /// REST root before <c>/2010-04-01</c>. Twilio: <c>https://api.twilio.com</c> (default). SignalWire:
    /// <c>https://{space}.signalwire.com</c> (<c>/api/laml</c> is added when the URL has no path). Tests point it at a fake carrier.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Twilio Account SID or SignalWire Project ID (Basic auth user).</summary>
    public string? AccountSid { get; set; }

    /// <summary>Twilio Auth Token or SignalWire API token (Basic auth password; Twilio signs webhooks with it).</summary>
    [Secret] public string? AuthToken { get; set; }

    /// <summary>SignalWire Signing Key: the key of X-SignalWire-Signature.</summary>
    [Secret] public string? SigningKey { get; set; }

    /// <summary>How long one REST call may take before it counts as a timeout (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsSimulator => Provider == Simulator;

    /// <summary>
    /// The default local run: demo businesses seeded and a ready sign-in link for the demo owner in the start-up log.
    /// Only with the simulator as the carrier: in a real deployment the demo would be a tenant anyone knows the email
    /// of, and the link in the logs a sign-in for whoever reads them.
    /// </summary>
    public bool IsDemoRun(AppOptions app) => app.SeedDemo && IsSimulator;

    /// <summary>The REST root, e.g. <c>https://api.twilio.com/2010-04-01/Accounts/{sid}</c>.</summary>
    public string AccountUrl
    {
        get
        {
            var root = (BaseUrl ?? "https://api.twilio.com").TrimEnd('/');
            if (Provider == SignalWire && Uri.TryCreate(root, UriKind.Absolute, out var u) && u.AbsolutePath is "/" or "") root += "/api/laml";
            return $"{root}/2010-04-01/Accounts/{Uri.EscapeDataString(AccountSid ?? "")}";
        }
    }

    /// <summary>Keys a webhook signature may be made with, for this provider.</summary>
    public IReadOnlyList<string> SignatureKeys(string simulatorToken) => Provider switch
    {
        Twilio => [AuthToken!],
        SignalWire => AuthToken is null ? [SigningKey!] : [SigningKey!, AuthToken],
        _ => [simulatorToken],
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is not (Twilio or SignalWire or Simulator))
        {
            yield return new ValidationResult($"Carrier:Provider (Carrier__Provider) must be 'twilio', 'signalwire' or 'simulator' (got '{Provider}').", [nameof(Provider)]);
            yield break;
        }
        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            yield return new ValidationResult($"Carrier:BaseUrl (Carrier__BaseUrl) must be an absolute http(s) URL (got '{BaseUrl}').", [nameof(BaseUrl)]);
        if (Provider == Simulator) yield break;
        if (string.IsNullOrWhiteSpace(AccountSid))
            yield return new ValidationResult($"Carrier:AccountSid (Carrier__AccountSid) is required when Carrier:Provider is '{Provider}'.", [nameof(AccountSid)]);
        if (string.IsNullOrWhiteSpace(AuthToken))
            yield return new ValidationResult($"Carrier:AuthToken (Carrier__AuthToken) is required when Carrier:Provider is '{Provider}'.", [nameof(AuthToken)]);
        if (Provider == SignalWire && string.IsNullOrWhiteSpace(BaseUrl))
            yield return new ValidationResult("Carrier:BaseUrl (Carrier__BaseUrl) is required when Carrier:Provider is 'signalwire' (your space, e.g. https://example.signalwire.com).", [nameof(BaseUrl)]);
        if (Provider == SignalWire && string.IsNullOrWhiteSpace(SigningKey))
            yield return new ValidationResult("Carrier:SigningKey (Carrier__SigningKey) is required when Carrier:Provider is 'signalwire' (it signs X-SignalWire-Signature).", [nameof(SigningKey)]);
    }
}
