using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CallRecover.Common;

/// <summary>
/// Settings under <c>RateLimits</c>: ASP.NET Core's rate limiter on the public routes, per node (in memory: with N nodes
/// a client may get up to N times the allowance, which is fine for what these are for — keeping one client from
/// flooding a node). The sign-in limits are counted in the database, across nodes (<c>SignIn:*</c>).
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>Turn the limits below (and the request form's flood guard) off, e.g. for a load test. The sign-in limits stay.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The window the counts below are per.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests per window from one IP address to the customer links (portal <c>/p/…</c>, <c>/pay/…</c>, review and calendar links, recording links).</summary>
    public int LinksPerIp { get; set; } = 60;

    /// <summary>Requests per window with one API token to <c>/api/v1</c> (without a token: per IP address).</summary>
    public int ApiPerToken { get; set; } = 600;

    /// <summary>Inbound webhook requests (carrier, recordings, payments) per window from one IP address. Generous: carriers burst, from few addresses.</summary>
    public int WebhooksPerIp { get; set; } = 1200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1)) yield return new("RateLimits:Window must be between 1 second and 1 hour.", [nameof(Window)]);
        foreach (var (name, value) in new[] { (nameof(LinksPerIp), LinksPerIp), (nameof(ApiPerToken), ApiPerToken), (nameof(WebhooksPerIp), WebhooksPerIp) })
            if (value is < 1 or > 1_000_000) yield return new($"RateLimits:{name} must be between 1 and 1000000.", [name]);
    }
}

/// <summary>
/// The rate-limit policies a capability puts on its routes (<c>.RequireRateLimiting(RateLimits.Links)</c>), and the one
/// answer over a limit: 429 with <c>Retry-After</c>, a short page for a browser, a problem body for everyone else.
/// </summary>
public static class RateLimits
{
    public const string Links = "links";
    public const string Api = "api";
    public const string Webhooks = "webhooks";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Links, http => PerWindow(http, "ip:" + ClientIp(http), l => l.LinksPerIp));
            o.AddPolicy(Webhooks, http => PerWindow(http, "ip:" + ClientIp(http), l => l.WebhooksPerIp));
            o.AddPolicy(Api, http => PerWindow(http, ApiPartition(http), l => l.ApiPerToken));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// A fixed window of <paramref name="permits"/> per <see cref="RateLimitOptions.Window"/> for one partition, or no
    /// limit when <c>RateLimits:Enabled</c> is false. For policies of other capabilities too (the request form's flood guard).
    /// </summary>
    public static RateLimitPartition<string> PerWindow(HttpContext http, string key, Func<RateLimitOptions, int> permits, TimeSpan? window = null)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var limit = permits(options);
        var span = window ?? options.Window;
        // The limit is part of the key: a partition's options are fixed when it is made.
        return RateLimitPartition.GetFixedWindowLimiter($"{key}|{limit}|{span.Ticks}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = span, QueueLimit = 0, AutoReplenishment = true });
    }

    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>
    /// Per token (its SHA-256, so the token itself is not kept in memory as a key), or per IP address when the request
    /// carries none: a client without a token cannot get a fresh allowance by changing nothing.
    /// </summary>
    private static string ApiPartition(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length is > 7 and < 512)
            return "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim())));
        return "ip:" + ClientIp(http);
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        // A person (a page, or a form they sent) gets a page; an API client, a carrier or a script a problem body.
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(PublicPage.Layout("Too many requests",
                "<h1>Too many requests</h1><p role=\"alert\">We got several requests from your connection just now. Please wait a few minutes and try again, or call us.</p>"), ct);
            return;
        }
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"Too many requests from this client. Try again in {retry} second(s).").ExecuteAsync(http);
    }
}
