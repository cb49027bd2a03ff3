using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallRecover.Booking;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>
/// A call to a calendar provider failed. <see cref="Revoked"/>: the provider refused the owner's grant (invalid_grant from the
/// token endpoint, 401 from the API with a fresh token): only connecting again helps. Otherwise the call may work later.
/// The message is in words the owner can read and never holds a token.
/// </summary>
public sealed class CalendarProviderException(string message, bool revoked = false, int? status = null) : Exception(message)
{
    public bool Revoked { get; } = revoked;
    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? Status { get; } = status;
}

/// <summary>An event as we write it into the owner's calendar (never a phone number).</summary>
public sealed record CalendarEventBody(string Summary, string? Location, string Description, DateTimeOffset Start, DateTimeOffset End, string TimeZone);

/// <summary>
/// Google Calendar over its REST API (the Calendar client package is not on the mirror): the OAuth 2.0 authorization-code
/// flow with offline access (RFC 6749 code exchange and refresh at the token endpoint), <c>POST /calendar/v3/freeBusy</c>
/// for busy time and <c>events</c> insert / patch / delete for our bookings, on the owner's primary calendar. Every address
/// comes from <see cref="CalendarSyncOptions"/> (operator-trusted), so tests point them at loopback fakes; every call
/// times out after <see cref="CalendarSyncOptions.ProviderTimeoutSeconds"/>.
/// </summary>
public sealed class GoogleCalendar(IHttpClientFactory http, IOptions<CalendarSyncOptions> options) : ICalendarProvider
{
    public string Key => Provider;
    public string DisplayName => "Google Calendar";

    public const string Provider = "google";
    public const string ClientName = "calendar-google";
    public const string Scope = "openid email https://www.googleapis.com/auth/calendar.freebusy https://www.googleapis.com/auth/calendar.events";

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CalendarSyncOptions>>().Value.ProviderTimeoutSeconds))
            // Token requests and answers carry secrets: no request logs.
            .RemoveAllLoggers();

    public bool Configured => options.Value.GoogleConfigured;

    /// <summary>Google's consent page for this owner: offline access (a refresh token) and the consent screen every time, so a reconnect gets a new refresh token.</summary>
    public string AuthorizeUrl(string redirectUri, string state)
    {
        var o = options.Value;
        var query = new Dictionary<string, string>
        {
            ["client_id"] = o.GoogleClientId!, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = Scope,
            ["access_type"] = "offline", ["prompt"] = "consent", ["include_granted_scopes"] = "true", ["state"] = state,
        };
        return o.GoogleAuthUrl + (o.GoogleAuthUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + string.Join("&", query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
    }

    /// <summary>Exchanges the code from the redirect for a refresh token (and the account's email, from the ID token).</summary>
    public Task<ProviderGrant> ExchangeAsync(string code, string redirectUri, CancellationToken ct) =>
        OAuthTokens.ExchangeAsync(Tokens(), code, redirectUri, ct);

    public Task<ProviderAccess> AccessAsync(string refreshToken, CancellationToken ct) => OAuthTokens.RefreshAsync(Tokens(), refreshToken, ct);

    private OAuthTokens.Endpoint Tokens()
    {
        var o = options.Value;
        return new(http.CreateClient(ClientName), o.GoogleTokenUrl, o.GoogleClientId!, o.GoogleClientSecret!, DisplayName, o.ProviderTimeoutSeconds);
    }

    /// <summary>The busy intervals of the owner's primary calendar in [from, to).</summary>
    public async Task<IReadOnlyList<Busy>> BusyAsync(string accessToken, string? account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        using var request = Api(HttpMethod.Post, "/calendar/v3/freeBusy", accessToken,
            new { timeMin = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), timeMax = to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), items = new[] { new { id = "primary" } } });
        using var response = await SendAsync(request, ct);
        await EnsureOkAsync(response, ct);
        var answer = await response.Content.ReadFromJsonAsync<FreeBusyAnswer>(ct);
        if (answer?.Calendars is null || !answer.Calendars.TryGetValue("primary", out var primary))
            throw new CalendarProviderException("Google answered without your calendar's busy times. We try again later.");
        if (primary.Errors is { Count: > 0 } errors)
            throw new CalendarProviderException($"Google could not read your calendar's busy times ({errors[0].Reason}). We try again later.");
        return [.. (primary.Busy ?? []).Where(b => b.End > b.Start).Select(b => new Busy(b.Start.ToUniversalTime(), b.End.ToUniversalTime()))];
    }

    /// <summary>
    /// Puts the event with our id (derived from the appointment id, so the same booking can only ever be one event): a 409
    /// means an earlier try already made it, and it is updated in place instead.
    /// </summary>
    public async Task<string> UpsertAsync(string accessToken, string appointmentId, string? remoteId, CalendarEventBody e, CancellationToken ct)
    {
        var eventId = remoteId ?? EventId(appointmentId);
        if (remoteId is null)
        {
            using var insert = Api(HttpMethod.Post, "/calendar/v3/calendars/primary/events", accessToken, Json(e, eventId));
            using var inserted = await SendAsync(insert, ct);
            if (inserted.StatusCode != HttpStatusCode.Conflict)
            {
                await EnsureOkAsync(inserted, ct);
                return (await inserted.Content.ReadFromJsonAsync<EventAnswer>(ct))?.Id ?? eventId;
            }
        }
        using var patch = Api(HttpMethod.Patch, $"/calendar/v3/calendars/primary/events/{Uri.EscapeDataString(eventId)}", accessToken, Json(e, null));
        using var patched = await SendAsync(patch, ct);
        await EnsureOkAsync(patched, ct);
        return eventId;
    }

    /// <summary>Deletes the event; one already gone (404, 410) counts as deleted.</summary>
    public async Task DeleteAsync(string accessToken, string eventId, CancellationToken ct)
    {
        using var request = Api(HttpMethod.Delete, $"/calendar/v3/calendars/primary/events/{Uri.EscapeDataString(eventId)}", accessToken, null);
        using var response = await SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return;
        await EnsureOkAsync(response, ct);
    }

    /// <summary>Google's event ids are 5-1024 characters of base32hex (a-v, 0-9): the hex of a hash of our appointment id is one.</summary>
    public static string EventId(string appointmentId) =>
        "cr" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(appointmentId)))[..40];

    private static object Json(CalendarEventBody e, string? id)
    {
        var body = new Dictionary<string, object?>
        {
            ["summary"] = e.Summary, ["location"] = e.Location, ["description"] = e.Description, ["status"] = "confirmed",
            ["start"] = new { dateTime = e.Start.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), timeZone = e.TimeZone },
            ["end"] = new { dateTime = e.End.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), timeZone = e.TimeZone },
        };
        if (id is not null) body["id"] = id;
        return body;
    }

    private HttpRequestMessage Api(HttpMethod method, string path, string accessToken, object? body)
    {
        var request = new HttpRequestMessage(method, options.Value.GoogleApiBaseUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new("Bearer", accessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try { return await http.CreateClient(ClientName).SendAsync(request, ct); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CalendarProviderException($"Google Calendar did not answer within {options.Value.ProviderTimeoutSeconds} seconds. We keep the last good copy and try again.");
        }
        catch (HttpRequestException)
        {
            throw new CalendarProviderException("Could not reach Google Calendar. We keep the last good copy and try again.");
        }
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new CalendarProviderException("Google no longer lets us use your calendar (the access was removed). Connect Google Calendar again.", revoked: true);
        var reason = TryRead<ApiError>(await response.Content.ReadAsStringAsync(ct))?.Error?.Message;
        throw new CalendarProviderException($"Google Calendar answered with an error (HTTP {(int)response.StatusCode}{(reason is null ? "" : $": {reason}")}). We try again later.");
    }

    private static T? TryRead<T>(string body) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(body); }
        catch (JsonException) { return null; }
    }

    private sealed class ApiError
    {
        [JsonPropertyName("error")] public ApiErrorBody? Error { get; init; }
    }

    private sealed class ApiErrorBody
    {
        [JsonPropertyName("message")] public string? Message { get; init; }
    }

    private sealed class FreeBusyAnswer
    {
        [JsonPropertyName("calendars")] public Dictionary<string, FreeBusyCalendar>? Calendars { get; init; }
    }

    private sealed class FreeBusyCalendar
    {
        [JsonPropertyName("busy")] public List<FreeBusyPeriod>? Busy { get; init; }
        [JsonPropertyName("errors")] public List<FreeBusyError>? Errors { get; init; }
    }

    private sealed class FreeBusyPeriod
    {
        [JsonPropertyName("start")] public DateTimeOffset Start { get; init; }
        [JsonPropertyName("end")] public DateTimeOffset End { get; init; }
    }

    private sealed class FreeBusyError
    {
        [JsonPropertyName("reason")] public string? Reason { get; init; }
    }

    private sealed class EventAnswer
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
    }
}
