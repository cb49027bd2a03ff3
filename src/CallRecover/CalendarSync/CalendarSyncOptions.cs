using System.ComponentModel.DataAnnotations;

namespace CallRecover.CalendarSync;

/// <summary>
/// How the business's own calendars are read: secret iCal addresses, and Google Calendar or Outlook Calendar connected by
/// OAuth (each offered only when its client id and secret are set; the default run needs no account).
/// </summary>
public sealed class CalendarSyncOptions : IValidatableObject
{
    public const string Section = "CalendarSync";

    /// <summary>How long one calendar fetch may take (seconds) before it counts as failed; the last good busy times stay.</summary>
    [Range(1, 120)] public int FetchTimeoutSeconds { get; set; } = 15;

    /// <summary>How often every calendar is fetched again (minutes).</summary>
    [Range(1, 1440)] public int IntervalMinutes { get; set; } = 15;

    /// <summary>How many days ahead busy times are expanded and kept (slots are offered at most 21 days ahead).</summary>
    [Range(22, 366)] public int HorizonDays { get; set; } = 60;

    /// <summary>The largest calendar file read (bytes).</summary>
    [Range(1024, 100_000_000)] public int MaxBytes { get; set; } = 10_000_000;

    /// <summary>How long one call to a calendar provider (Google: token, free/busy, events) may take (seconds) before it counts as failed.</summary>
    [Range(1, 30)] public int ProviderTimeoutSeconds { get; set; } = 2;

    /// <summary>The OAuth client id of this app's Google Cloud project (Web application). Empty: Google Calendar is not offered.</summary>
    public string? GoogleClientId { get; set; }

    /// <summary>The OAuth client secret that goes with <see cref="GoogleClientId"/>. From the environment only, never a file in the repository.</summary>
    public string? GoogleClientSecret { get; set; }

    /// <summary>Google's OAuth consent page (the owner's browser is sent there to connect).</summary>
    public string GoogleAuthUrl { get; set; } = "https://accounts.google.com/o/oauth2/v2/auth";

    /// <summary>Google's OAuth token endpoint (code exchange and refresh).</summary>
    public string GoogleTokenUrl { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>The Google Calendar API's base address (freeBusy and events are under /calendar/v3).</summary>
    public string GoogleApiBaseUrl { get; set; } = "https://www.googleapis.com";

    /// <summary>The application (client) id of this app's Microsoft Entra app registration (Web, with the redirect URI). Empty: Outlook Calendar is not offered.</summary>
    public string? MicrosoftClientId { get; set; }

    /// <summary>A client secret of that app registration. From the environment only, never a file in the repository.</summary>
    public string? MicrosoftClientSecret { get; set; }

    /// <summary>The Microsoft identity platform authority: /oauth2/v2.0/authorize and /oauth2/v2.0/token are under it ("common": work, school and personal accounts).</summary>
    public string MicrosoftAuthority { get; set; } = "https://login.microsoftonline.com/common";

    /// <summary>Microsoft Graph's base address (getSchedule and events are under /me).</summary>
    public string MicrosoftGraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public bool MicrosoftConfigured => !string.IsNullOrWhiteSpace(MicrosoftClientId) && !string.IsNullOrWhiteSpace(MicrosoftClientSecret);

    public bool GoogleConfigured => !string.IsNullOrWhiteSpace(GoogleClientId) && !string.IsNullOrWhiteSpace(GoogleClientSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(GoogleClientId) != string.IsNullOrWhiteSpace(GoogleClientSecret))
            yield return new ValidationResult(
                $"{Section}:GoogleClientId and {Section}:GoogleClientSecret go together: set both to offer Google Calendar, or neither.",
                [nameof(GoogleClientId), nameof(GoogleClientSecret)]);
        if (string.IsNullOrWhiteSpace(MicrosoftClientId) != string.IsNullOrWhiteSpace(MicrosoftClientSecret))
            yield return new ValidationResult(
                $"{Section}:MicrosoftClientId and {Section}:MicrosoftClientSecret go together: set both to offer Outlook Calendar, or neither.",
                [nameof(MicrosoftClientId), nameof(MicrosoftClientSecret)]);
        foreach (var (name, value) in new[]
        {
            (nameof(GoogleAuthUrl), GoogleAuthUrl), (nameof(GoogleTokenUrl), GoogleTokenUrl), (nameof(GoogleApiBaseUrl), GoogleApiBaseUrl),
            (nameof(MicrosoftAuthority), MicrosoftAuthority), (nameof(MicrosoftGraphBaseUrl), MicrosoftGraphBaseUrl),
        })
            if (!Uri.TryCreate(value, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                yield return new ValidationResult($"{Section}:{name} must be an absolute http(s) URL (got '{value}').", [name]);
    }
}
