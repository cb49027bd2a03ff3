using CallRecover.Common;
using System.Text;
using CallRecover.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

/// <summary>What a webhook answered the simulator.</summary>
public sealed record InvokedWebhook(string Url, int Status, string Body);

/// <summary>
/// Delivers a carrier webhook the way the carrier would: a form POST to the public URL, signed with the simulator's
/// key (X-Twilio-Signature). It runs in-process through the very endpoint the carrier reaches (same route, filters,
/// input bounds, signature check and handler), so the simulator works behind any proxy and under the test host alike.
/// </summary>
public sealed class WebhookInvoker(IServiceScopeFactory scopes, EndpointDataSource endpoints, SimulatorKey key, IOptions<AppOptions> app)
{
    public string BaseUrl => app.Value.BaseUrl;

    public async Task<InvokedWebhook> PostAsync(string url, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        var baseUrl = app.Value.BaseUrl;
        if (!url.StartsWith(baseUrl, StringComparison.Ordinal)) throw new InvalidOperationException($"The simulator only calls this app's own webhooks, not {url}.");
        var pathAndQuery = url[baseUrl.Length..];
        var q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = q < 0 ? "" : pathAndQuery[q..];
        var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>()
            .FirstOrDefault(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), path, StringComparison.OrdinalIgnoreCase)
                && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") ?? true))
            ?? throw new InvalidOperationException($"No webhook at {path}.");

        await using var scope = scopes.CreateAsyncScope();
        var ctx = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        var u = new Uri(baseUrl);
        ctx.Request.Method = "POST";
        ctx.Request.Scheme = u.Scheme;
        ctx.Request.Host = new HostString(u.Authority);
        ctx.Request.Path = path;
        ctx.Request.QueryString = new QueryString(query);
        ctx.Request.ContentType = "application/x-www-form-urlencoded";
        ctx.Request.ContentLength = body.Length;
        ctx.Request.Body = new MemoryStream(body);
        ctx.Request.Headers[CarrierWebhook.TwilioHeader] = WebhookSignature.Compute(url, form, key.Token);
        ctx.Request.Headers.UserAgent = "CallRecover-Simulator";
        ctx.RequestAborted = ct;
        var response = new MemoryStream();
        ctx.Response.Body = response;
        ctx.SetEndpoint(endpoint);
        // The same bounds a carrier's request meets in front of the endpoint (WebhookGuard is middleware, bypassed here).
        if (await WebhookGuard.CheckAsync(ctx) is { } refusal) await refusal.ExecuteAsync(ctx);
        else await endpoint.RequestDelegate!(ctx);
        return new InvokedWebhook(url, ctx.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }
}
