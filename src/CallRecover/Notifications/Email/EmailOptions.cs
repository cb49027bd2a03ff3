using CallRecover.Common;
using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using MimeKit;

namespace CallRecover.Notifications.Email;

/// <summary>
/// Settings under <c>Email</c> (environment: <c>Email__Host</c>, ...). Without a host every email stays in the
/// local outbox (status <c>outbox</c>) that the simulator page shows.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>SMTP server host name. Unset: no mail leaves the machine.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port: 587 (submission with STARTTLS) by default, 25 for a relay.</summary>
    public int Port { get; set; } = 587;

    /// <summary>User for SMTP AUTH (PLAIN or LOGIN, whichever the server offers). Unset: no AUTH.</summary>
    public string? User { get; set; }

    /// <summary>Password for SMTP AUTH (with <c>Email:User</c>).</summary>
    [Secret] public string? Password { get; set; }

    /// <summary>Sender, e.g. <c>CallRecover &lt;alerts@example.com&gt;</c>.</summary>
    public string From { get; set; } = "CallRecover <no-reply@callrecover.localhost>";

    /// <summary>Upgrade to TLS with STARTTLS before sending; a server that does not offer it is an error, never a silent downgrade.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>
    /// How long the SMTP connection stays open after a send for the next email, so a burst of emails shares one
    /// connection. Zero: close it after each email.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan KeepOpen { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Per-command time limit of the SMTP conversation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Local time (business time zone, "HH:mm") at which the owner's daily digest is emailed.</summary>
    public string DigestTime { get; set; } = "07:00";

    public bool SmtpEnabled => !string.IsNullOrWhiteSpace(Host);

    public MailboxAddress ParseFrom() => MailboxAddress.Parse(From);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailAddress.TryCreate(From, out _) || !MailboxAddress.TryParse(From, out _))
            yield return new ValidationResult($"Email:From '{From}' is not an email address (e.g. \"Alerts <alerts@example.com>\").", [nameof(From)]);
        if (Tenancy.LocalTimes.HourMinute.Parse(DigestTime ?? "") is not { Success: true })
            yield return new ValidationResult($"Email:DigestTime '{DigestTime}' must be a time like \"07:00\".", [nameof(DigestTime)]);
        if (!SmtpEnabled) yield break;
        if (Port is < 1 or > 65535)
            yield return new ValidationResult($"Email:Port {Port} must be between 1 and 65535.", [nameof(Port)]);
        if (Host!.Contains(' ', StringComparison.Ordinal) || Uri.CheckHostName(Host.Trim()) == UriHostNameType.Unknown)
            yield return new ValidationResult($"Email:Host '{Host}' is not a host name.", [nameof(Host)]);
        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Email:User and Email:Password must be set together.", [nameof(User), nameof(Password)]);
        // Credentials over a clear-text connection would be readable by anyone on the path.
        if (!string.IsNullOrEmpty(User) && !StartTls && !ImplicitTls)
            yield return new ValidationResult("Email:StartTls must be true when Email:User is set: the password would travel in clear text "
                + "(or Email:ImplicitTls, for a server that speaks TLS from the start).", [nameof(StartTls)]);
    }
}
