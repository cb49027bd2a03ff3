using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallRecover.Booking;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
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
/// Google Calendar: sign-in through Google.Apis.Auth's OAuth 2.0 authorization-code flow with offline access (code
/// exchange and refresh at the token endpoint), and its REST API (the Calendar client package is not on the mirror): <c>POST /calendar/v3/freeBusy</c>
/// for busy time and <c>events</c> insert / patch / delete for our bookings, on the owner's primary calendar. Every address
/// comes from <see cref="CalendarSyncOptions"/> (operator-trusted), so tests point them at loopback fakes; every call
/// times out after <see cref="CalendarSyncOptions.ProviderTimeoutSeconds"/>.
/// </summary>
public sealed class GoogleCalendar(IHttpClientFactory http, IHttpMessageHandlerFactory handlers, IOptions<CalendarSyncOptions> options) : ICalendarProvider
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
        var request = (GoogleAuthorizationCodeRequestUrl)Flow().CreateAuthorizationCodeRequest(redirectUri);
        request.State = state;
        return request.Build().AbsoluteUri;
    }

    /// <summary>Exchanges the code from the redirect for a refresh token (and the account's email, from the ID token).</summary>
    public async Task<ProviderGrant> ExchangeAsync(string code, string redirectUri, CancellationToken ct)
    {
        var token = await TokenAsync((flow, t) => flow.ExchangeCodeForTokenAsync(NoUser, code, redirectUri, t), ct);
        if (string.IsNullOrEmpty(token.RefreshToken))
            throw new CalendarProviderException($"{DisplayName} did not give us lasting access. Connect again and allow access to your calendar.");
        return new ProviderGrant(token.RefreshToken, OAuthTokens.AccountOf(token.IdToken));
    }

    public async Task<ProviderAccess> AccessAsync(string refreshToken, CancellationToken ct)
    {
        var token = await TokenAsync((flow, t) => flow.RefreshTokenAsync(NoUser, refreshToken, t), ct);
        if (string.IsNullOrEmpty(token.AccessToken)) throw new CalendarProviderException($"{DisplayName} answered without an access token. We try again later.");
        return new ProviderAccess(token.AccessToken, string.IsNullOrEmpty(token.RefreshToken) || token.RefreshToken == refreshToken ? null : token.RefreshToken);
    }

    /// <summary>The flow stores no token (no data store): we keep the refresh token ourselves, encrypted, per business.</summary>
    private const string NoUser = "callrecover";

    /// <summary>
    /// Google.Apis.Auth's authorization-code flow on our named HTTP client (no request logs: token bodies are secrets), with
    /// the addresses from settings and no back-off of its own: a slow Google falls back within the provider timeout instead.
    /// </summary>
    private GoogleAuthorizationCodeFlow Flow()
    {
        var o = options.Value;
        return new(new Endpoints(o.GoogleAuthUrl, o.GoogleTokenUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = o.GoogleClientId, ClientSecret = o.GoogleClientSecret },
            Scopes = Scope.Split(' '),
            Prompt = "consent",
            IncludeGrantedScopes = true,
            HttpClientFactory = new NamedHandler(handlers),
            DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
        });
    }

    private async Task<TokenResponse> TokenAsync(Func<GoogleAuthorizationCodeFlow, CancellationToken, Task<TokenResponse>> call, CancellationToken ct)
    {
        var seconds = options.Value.ProviderTimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try { return await call(Flow(), timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CalendarProviderException($"{DisplayName} did not answer within {seconds} seconds. We keep the last good copy and try again.");
        }
        catch (HttpRequestException) { throw new CalendarProviderException($"Could not reach {DisplayName}. We keep the last good copy and try again."); }
        catch (TokenResponseException ex) when (ex.Error?.Error is "invalid_grant" or "unauthorized_client")
        {
            throw new CalendarProviderException(
                $"{DisplayName} no longer lets us use your calendar (the access was removed or has expired). Connect {DisplayName} again.", revoked: true);
        }
        catch (TokenResponseException ex)
        {
            var status = ex.StatusCode is { } code ? $"HTTP {(int)code}" : "no status";
            throw new CalendarProviderException($"Google's sign-in service answered with an error ({status}{(ex.Error?.Error is { } e ? $", {e}" : "")}). We try again later.");
        }
    }

    /// <summary>The flow's settings with the addresses from ours (the real ones by default, loopback fakes in tests).</summary>
    private sealed class Endpoints(string authorizationUrl, string tokenUrl)
        : GoogleAuthorizationCodeFlow.Initializer(authorizationUrl, tokenUrl, GoogleAuthConsts.RevokeTokenUrl);

    /// <summary>Google.Apis' HTTP client factory over the handler of our named client.</summary>
    private sealed class NamedHandler(IHttpMessageHandlerFactory handlers) : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(Google.Apis.Http.CreateHttpClientArgs args) => handlers.CreateHandler(ClientName);
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
