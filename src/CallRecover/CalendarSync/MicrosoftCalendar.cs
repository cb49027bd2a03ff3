using CallRecover.Booking;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Me.Calendar.GetSchedule;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CallRecover.CalendarSync;

/// <summary>
/// Microsoft 365 / Outlook through Microsoft Graph (<see cref="GraphServiceClient"/> on our own <see cref="HttpClient"/> and
/// base URL, so tests point it at a loopback fake): <c>POST /me/calendar/getSchedule</c> for busy time and <c>/me/events</c>
/// create / update / delete for our bookings. OAuth at the Microsoft identity platform's v2.0 endpoints under
/// <see cref="CalendarSyncOptions.MicrosoftAuthority"/> (plain HTTP, see <see cref="OAuthTokens"/>). A create carries a
/// <c>transactionId</c> derived from our appointment id, so Graph answers a retried create with the event it already made.
/// </summary>
public sealed class MicrosoftCalendar(IHttpClientFactory http, IOptions<CalendarSyncOptions> options) : ICalendarProvider
{
    public const string Provider = "microsoft";
    public const string ClientName = "calendar-microsoft";
    public const string Scope = "openid email offline_access https://graph.microsoft.com/Calendars.ReadWrite";

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CalendarSyncOptions>>().Value.ProviderTimeoutSeconds))
            .RemoveAllLoggers();

    public string Key => Provider;
    public string DisplayName => "Outlook Calendar";
    public bool Configured => options.Value.MicrosoftConfigured;

    private string Authority => options.Value.MicrosoftAuthority.TrimEnd('/');

    public string AuthorizeUrl(string redirectUri, string state)
    {
        var query = new Dictionary<string, string>
        {
            ["client_id"] = options.Value.MicrosoftClientId!, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["response_mode"] = "query",
            ["scope"] = Scope, ["prompt"] = "select_account", ["state"] = state,
        };
        return $"{Authority}/oauth2/v2.0/authorize?" + string.Join("&", query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
    }

    public Task<ProviderGrant> ExchangeAsync(string code, string redirectUri, CancellationToken ct) => OAuthTokens.ExchangeAsync(Tokens(), code, redirectUri, ct);

    public Task<ProviderAccess> AccessAsync(string refreshToken, CancellationToken ct) => OAuthTokens.RefreshAsync(Tokens(), refreshToken, ct);

    private OAuthTokens.Endpoint Tokens()
    {
        var o = options.Value;
        return new(http.CreateClient(ClientName), $"{Authority}/oauth2/v2.0/token", o.MicrosoftClientId!, o.MicrosoftClientSecret!, DisplayName, o.ProviderTimeoutSeconds);
    }

    public async Task<IReadOnlyList<Busy>> BusyAsync(string accessToken, string? account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(account)) throw new CalendarProviderException("We do not know which Outlook mailbox to read. Connect Outlook Calendar again.", revoked: true);
        var answer = await CallAsync(g => g.Me.Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
        {
            Schedules = [account], StartTime = Utc(from), EndTime = Utc(to), AvailabilityViewInterval = 30,
        }, cancellationToken: ct), accessToken);
        var schedule = answer?.Value?.FirstOrDefault() ?? throw new CalendarProviderException("Outlook answered without your calendar's busy times. We try again later.");
        if (schedule.Error is { } error) throw new CalendarProviderException($"Outlook could not read your calendar's busy times ({error.Message}). We try again later.");
        return [.. (schedule.ScheduleItems ?? [])
            .Where(i => i.Status is FreeBusyStatus.Busy or FreeBusyStatus.Oof or FreeBusyStatus.Tentative && i.Start is not null && i.End is not null)
            .Select(i => new Busy(FromUtc(i.Start!), FromUtc(i.End!))).Where(b => b.End > b.Start)];
    }

    public async Task<string> UpsertAsync(string accessToken, string appointmentId, string? remoteId, CalendarEventBody e, CancellationToken ct)
    {
        var body = new Event
        {
            Subject = e.Summary, Body = new ItemBody { ContentType = BodyType.Text, Content = e.Description },
            Location = e.Location is null ? null : new Location { DisplayName = e.Location }, Start = Utc(e.Start), End = Utc(e.End), ShowAs = FreeBusyStatus.Busy,
        };
        if (remoteId is not null)
        {
            try
            {
                await CallAsync(g => g.Me.Events[remoteId].PatchAsync(body, cancellationToken: ct), accessToken);
                return remoteId;
            }
            catch (CalendarProviderException ex) when (ex.Status == 404) { } // deleted in Outlook: made again below
        }
        body.TransactionId = "callrecover-" + appointmentId;
        var made = await CallAsync(g => g.Me.Events.PostAsync(body, cancellationToken: ct), accessToken);
        return made?.Id ?? throw new CalendarProviderException("Outlook answered without the event's id. We try again later.");
    }

    public async Task DeleteAsync(string accessToken, string remoteId, CancellationToken ct)
    {
        try { await CallAsync(async g => { await g.Me.Events[remoteId].DeleteAsync(cancellationToken: ct); return true; }, accessToken); }
        catch (CalendarProviderException ex) when (ex.Status is 404 or 410) { }
    }

    private static DateTimeTimeZone Utc(DateTimeOffset t) => new() { DateTime = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), TimeZone = "UTC" };

    /// <summary>Graph answers in the time zone asked for (UTC, the default without a Prefer header).</summary>
    private static DateTimeOffset FromUtc(DateTimeTimeZone t) =>
        new(DateTime.SpecifyKind(DateTime.Parse(t.DateTime!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal
            | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc));

    private async Task<T?> CallAsync<T>(Func<GraphServiceClient, Task<T?>> call, string accessToken)
    {
        var graph = new GraphServiceClient(http.CreateClient(ClientName), new BearerToken(accessToken), options.Value.MicrosoftGraphBaseUrl.TrimEnd('/'));
        try { return await call(graph); }
        catch (ApiException ex) when (ex.ResponseStatusCode == 401)
        {
            throw new CalendarProviderException("Outlook no longer lets us use your calendar (the access was removed). Connect Outlook Calendar again.", revoked: true);
        }
        catch (ApiException ex)
        {
            var reason = (ex as Microsoft.Graph.Models.ODataErrors.ODataError)?.Error?.Message;
            throw new CalendarProviderException($"Outlook answered with an error (HTTP {ex.ResponseStatusCode}{(reason is null ? "" : $": {reason}")}). We try again later.",
                status: ex.ResponseStatusCode);
        }
        catch (TaskCanceledException)
        {
            throw new CalendarProviderException($"Outlook did not answer within {options.Value.ProviderTimeoutSeconds} seconds. We keep the last good copy and try again.");
        }
        catch (HttpRequestException) { throw new CalendarProviderException("Could not reach Outlook. We keep the last good copy and try again."); }
    }

    /// <summary>The access token of this one call (Graph's own credential types would fetch tokens themselves).</summary>
    private sealed class BearerToken(string token) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            request.Headers.Add("Authorization", $"Bearer {token}");
            return Task.CompletedTask;
        }
    }
}
