using System.Text.Json;
using System.Text.Json.Serialization;
using CallRecover.Booking;

namespace CallRecover.CalendarSync;

/// <summary>What connecting gave us: the lasting refresh token and the account (its email, for the owner and for Graph's getSchedule).</summary>
public sealed record ProviderGrant(string RefreshToken, string? Account);

/// <summary>A short-lived access token, and the new refresh token when the provider rotated it (Microsoft does).</summary>
public sealed record ProviderAccess(string AccessToken, string? NewRefreshToken);

/// <summary>
/// A calendar account connected by OAuth: Google Calendar (<see cref="GoogleCalendar"/>) or Microsoft 365 / Outlook
/// (<see cref="MicrosoftCalendar"/>). Every call throws <see cref="CalendarProviderException"/> for the provider's failures,
/// in words the owner can read, with <see cref="CalendarProviderException.Revoked"/> when only connecting again helps.
/// </summary>
public interface ICalendarProvider
{
    /// <summary>"google", "microsoft": the route segment and the stored <c>calendar_sources.provider</c>.</summary>
    string Key { get; }
    string DisplayName { get; }
    /// <summary>Its client id and secret are set: offered to owners.</summary>
    bool Configured { get; }
    string AuthorizeUrl(string redirectUri, string state);
    Task<ProviderGrant> ExchangeAsync(string code, string redirectUri, CancellationToken ct);
    Task<ProviderAccess> AccessAsync(string refreshToken, CancellationToken ct);
    Task<IReadOnlyList<Busy>> BusyAsync(string accessToken, string? account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
    /// <summary>Creates the appointment's event (<paramref name="remoteId"/> null) or updates it in place; a retried create must not make a second event. Returns its id.</summary>
    Task<string> UpsertAsync(string accessToken, string appointmentId, string? remoteId, CalendarEventBody e, CancellationToken ct);
    /// <summary>Deletes the event; one already gone counts as deleted.</summary>
    Task DeleteAsync(string accessToken, string remoteId, CancellationToken ct);
}

/// <summary>
/// Microsoft's OAuth 2.0 token endpoint (RFC 6749: authorization code exchange and refresh with the client's id and secret
/// in the form). Plain HTTP rather than MSAL: MSAL keeps refresh tokens inside its token cache and does not hand them out,
/// and we keep them protected in our own table, per business. (Google's goes through Google.Apis.Auth's flow, which
/// does hand them out.)
/// </summary>
public static class OAuthTokens
{
    public sealed record Endpoint(HttpClient Http, string TokenUrl, string ClientId, string ClientSecret, string ProviderName, int TimeoutSeconds);

    public static async Task<ProviderGrant> ExchangeAsync(Endpoint e, string code, string redirectUri, CancellationToken ct)
    {
        var token = await PostAsync(e, new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri }, ct);
        if (string.IsNullOrEmpty(token.RefreshToken))
            throw new CalendarProviderException($"{e.ProviderName} did not give us lasting access. Connect again and allow access to your calendar.");
        return new ProviderGrant(token.RefreshToken, AccountOf(token.IdToken));
    }

    public static async Task<ProviderAccess> RefreshAsync(Endpoint e, string refreshToken, CancellationToken ct)
    {
        var token = await PostAsync(e, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, ct);
        if (string.IsNullOrEmpty(token.AccessToken)) throw new CalendarProviderException($"{e.ProviderName} answered without an access token. We try again later.");
        return new ProviderAccess(token.AccessToken, string.IsNullOrEmpty(token.RefreshToken) || token.RefreshToken == refreshToken ? null : token.RefreshToken);
    }

    private static async Task<TokenAnswer> PostAsync(Endpoint e, Dictionary<string, string> form, CancellationToken ct)
    {
        form["client_id"] = e.ClientId;
        form["client_secret"] = e.ClientSecret;
        using var request = new HttpRequestMessage(HttpMethod.Post, e.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        HttpResponseMessage response;
        try { response = await e.Http.SendAsync(request, ct); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CalendarProviderException($"{e.ProviderName} did not answer within {e.TimeoutSeconds} seconds. We keep the last good copy and try again.");
        }
        catch (HttpRequestException) { throw new CalendarProviderException($"Could not reach {e.ProviderName}. We keep the last good copy and try again."); }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode) return Read<TokenAnswer>(body) ?? new TokenAnswer();
            var error = Read<TokenError>(body)?.Error;
            if (error is "invalid_grant" or "unauthorized_client" or "interaction_required")
                throw new CalendarProviderException(
                    $"{e.ProviderName} no longer lets us use your calendar (the access was removed or has expired). Connect {e.ProviderName} again.", revoked: true);
            throw new CalendarProviderException(
                $"{e.ProviderName}'s sign-in service answered with an error (HTTP {(int)response.StatusCode}{(error is null ? "" : $", {error}")}). We try again later.");
        }
    }

    /// <summary>The email (or Microsoft's preferred_username) of the ID token the token endpoint gave us directly; shown to the owner, trusted for nothing else.</summary>
    internal static string? AccountOf(string? idToken)
    {
        var parts = idToken?.Split('.');
        if (parts is not { Length: 3 }) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - payload.Length % 4) % 4);
            using var doc = JsonDocument.Parse(Convert.FromBase64String(payload));
            foreach (var claim in new[] { "email", "preferred_username" })
                if (doc.RootElement.TryGetProperty(claim, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
            return null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException) { return null; }
    }

    private static T? Read<T>(string body) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(body); }
        catch (JsonException) { return null; }
    }

    private sealed class TokenAnswer
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
        [JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }
        [JsonPropertyName("id_token")] public string? IdToken { get; init; }
    }

    private sealed class TokenError
    {
        [JsonPropertyName("error")] public string? Error { get; init; }
    }
}
