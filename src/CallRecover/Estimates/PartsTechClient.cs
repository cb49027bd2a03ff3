using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace CallRecover.Estimates;

/// <summary>A business's PartsTech user, with the operator's partner credentials, as the API wants them.</summary>
public sealed record PartsTechAccount(string UserId, string UserKey, long StoreId);

/// <summary>What PartsTech answered for one repair: a price, or a sentence for the owner saying why not.</summary>
public sealed record PartsTechAnswer(decimal? Price, string? PartNumber, string? Description, string? Problem)
{
    public static PartsTechAnswer Failed(string problem) => new(null, null, null, problem);
}

/// <summary>
/// The adapter for PartsTech's documented API (api.partstech.com): <c>POST /oauth/access</c> with the partner's and the
/// shop user's id and key gives a bearer token (60 minutes; kept in memory per user until shortly before it expires),
/// then <c>POST /catalog/quote</c> with <c>{searchParams: {vin, keyword}, storeId}</c> lists the parts that fit with their
/// <c>price</c> (<c>retail</c>: the shop's own mark-up, else <c>price</c>, else <c>cost</c>). The first part with a usable
/// price is taken. Never throws for the provider's faults: a timeout, a refusal or an answer that makes no sense comes
/// back as <see cref="PartsTechAnswer.Problem"/>, so the estimate falls through to the next source.
/// </summary>
public sealed class PartsTechClient(IHttpClientFactory http, IOptions<EstimatesOptions> options, TimeProvider clock, ILogger<PartsTechClient> log)
{
    public const string HttpClientName = "partstech";

    /// <summary>A part priced above this is taken as a wrong answer, not a price.</summary>
    public const decimal MaxPlausiblePrice = 50_000m;

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _tokens = new();

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);

    /// <summary>Whether the operator has set the partner credentials, without which no business can use PartsTech.</summary>
    public bool Available => options.Value.PartsTechAvailable;

    public async Task<PartsTechAnswer> QuoteAsync(PartsTechAccount account, string vin, string keyword, CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            var client = http.CreateClient(HttpClientName);
            client.BaseAddress ??= new Uri(o.PartsTechBaseUrl.TrimEnd('/') + "/");
            var token = await TokenAsync(client, account, o, ct);
            if (token.Problem is { } refused) return PartsTechAnswer.Failed(refused);

            using var request = new HttpRequestMessage(HttpMethod.Post, "catalog/quote")
            {
                Content = JsonContent.Create(new { searchParams = new { vin, keyword }, storeId = account.StoreId }),
            };
            request.Headers.Authorization = new("Bearer", token.Token);
            using var response = await client.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized) _tokens.TryRemove(account.UserId, out _);
            if (!response.IsSuccessStatusCode) return PartsTechAnswer.Failed(Refusal(response.StatusCode));
            var body = await response.Content.ReadFromJsonAsync<QuoteResponse>(ct);
            foreach (var part in body?.Parts ?? [])
            {
                var price = part.Price?.Retail ?? part.Price?.Price ?? part.Price?.Cost;
                if (price is > 0 and < MaxPlausiblePrice)
                    return new PartsTechAnswer(Math.Round(price.Value, 2), part.PartNumber, part.PartName, null);
            }
            return PartsTechAnswer.Failed(body?.Parts is { Count: > 0 } ? "PartsTech gave no usable price" : "PartsTech found no part for this vehicle");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return PartsTechAnswer.Failed("PartsTech did not answer in time"); }
        catch (OperationCanceledException) { return PartsTechAnswer.Failed($"PartsTech did not answer within {o.ProviderTimeoutSeconds} s"); }
        catch (HttpRequestException ex)
        {
            log.LogWarning("PartsTech unreachable: {Error}", ex.HttpRequestError);
            return PartsTechAnswer.Failed("PartsTech could not be reached");
        }
        catch (JsonException) { return PartsTechAnswer.Failed("PartsTech answered something that is not a quote"); }
        catch (NotSupportedException) { return PartsTechAnswer.Failed("PartsTech answered something that is not a quote"); }
    }

    private async Task<(string Token, string? Problem)> TokenAsync(HttpClient client, PartsTechAccount account, EstimatesOptions o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_tokens.TryGetValue(account.UserId, out var held) && held.Until > now) return (held.Token, null);
        using var response = await client.PostAsJsonAsync("oauth/access", new
        {
            accessType = "user",
            credentials = new { user = new { id = account.UserId, key = account.UserKey }, partner = new { id = o.PartsTechPartnerId, key = o.PartsTechPartnerKey } },
        }, ct);
        if (!response.IsSuccessStatusCode) return ("", Refusal(response.StatusCode));
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
        if (string.IsNullOrEmpty(token?.AccessToken)) return ("", "PartsTech answered something that is not a token");
        // Documented as 60 minutes; renewed five minutes early, never kept longer than the answer says.
        var life = TimeSpan.FromSeconds(Math.Clamp(token.ExpiresIn ?? 3600, 60, 3600)) - TimeSpan.FromMinutes(5);
        _tokens[account.UserId] = (token.AccessToken, now + (life > TimeSpan.Zero ? life : TimeSpan.FromSeconds(30)));
        return (token.AccessToken, null);
    }

    private static string Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "PartsTech refused the credentials",
        HttpStatusCode.TooManyRequests => "PartsTech is limiting requests",
        _ => $"PartsTech answered {(int)status}",
    };

    private sealed record TokenResponse([property: JsonPropertyName("accessToken")] string? AccessToken, [property: JsonPropertyName("expiresIn")] long? ExpiresIn);

    private sealed record QuoteResponse([property: JsonPropertyName("parts")] List<QuotedPart>? Parts);

    private sealed record QuotedPart(
        [property: JsonPropertyName("partNumber")] string? PartNumber,
        [property: JsonPropertyName("partName")] string? PartName,
        [property: JsonPropertyName("price")] PartPriceBody? Price);

    private sealed record PartPriceBody(
        [property: JsonPropertyName("cost")] decimal? Cost,
        [property: JsonPropertyName("price")] decimal? Price,
        [property: JsonPropertyName("retail")] decimal? Retail);
}
