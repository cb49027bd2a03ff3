using System.Net;
using System.Net.Http.Headers;
using CallRecover.Common;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>What a fetch got: the file, "not changed" (304), or an error in plain words.</summary>
public sealed record IcsFetch(string? Body, bool NotModified, string? Etag, string? LastModified, string? Error);

/// <summary>
/// Fetches a calendar's .ics with a conditional GET (If-None-Match with the stored ETag, If-Modified-Since with the stored
/// Last-Modified), through the guarded handler: a private or loopback address is refused at connect time unless
/// <c>Outbound:AllowPrivateTargets</c> (addresses are also checked when saved). Never throws for the provider's
/// failures: the error comes back in words the owner can read.
/// </summary>
public sealed class IcsFetcher(IHttpClientFactory http, IOptions<CalendarSyncOptions> options)
{
    public const string ClientName = "calendar-sync";

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, (sp, c) => c.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CalendarSyncOptions>>().Value.FetchTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundTargets.GuardedHandler(sp.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateTargets))
            // The address is the calendar's secret: the factory's request logs would write it out in full.
            .RemoveAllLoggers();

    public async Task<IcsFetch> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/calendar");
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
        if (lastModified is not null && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var since)) request.Headers.IfModifiedSince = since;
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.NotModified) return new IcsFetch(null, true, etag, lastModified, null);
            if ((int)response.StatusCode is >= 300 and < 400)
                return Failed("The calendar's address sent us to another address. Paste the address your calendar shows as its secret iCal address.");
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                return Failed($"The calendar's address is not valid any more (HTTP {(int)response.StatusCode}). It may have been reset: paste the new secret address.");
            if (!response.IsSuccessStatusCode)
                return Failed($"The calendar provider answered with an error (HTTP {(int)response.StatusCode}). We keep the last good copy and try again.");
            if (response.Content.Headers.ContentLength > o.MaxBytes) return Failed($"The calendar file is larger than {o.MaxBytes / 1_000_000} MB.");
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > o.MaxBytes) return Failed($"The calendar file is larger than {o.MaxBytes / 1_000_000} MB.");
                buffer.Write(chunk, 0, read);
            }
            return new IcsFetch(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false,
                response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed($"The calendar provider did not answer within {o.FetchTimeoutSeconds} seconds. We keep the last good copy and try again.");
        }
        catch (HttpRequestException ex)
        {
            return Failed(ex.Message.StartsWith("Refused to connect", StringComparison.Ordinal)
                ? "The calendar's address points to a private network address; only public addresses can be read."
                : "Could not reach the calendar's address. Check it is the full secret address.");
        }
    }

    private static IcsFetch Failed(string error) => new(null, false, null, null, error);
}
