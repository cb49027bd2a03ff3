namespace CallRecover.Common;

/// <summary>
/// The security headers on every answer (pages, APIs, webhooks, errors), in one place: a Content-Security-Policy,
/// framing refused, <c>nosniff</c>, a Referrer-Policy, and HSTS on https outside Development. An endpoint changes its
/// own rules with metadata (<see cref="AllowFramingByAnySiteAttribute"/>, <see cref="TokenInUrlAttribute"/>, <see cref="AllowInlineScriptsAttribute"/>),
/// so the capability that owns a route says what it needs and nothing here knows its paths.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own origin (blazor.web.js and our files; nothing inline). Styles also allow
    /// <c>'unsafe-inline'</c>: the customer pages carry one inline <c>&lt;style&gt;</c> (<see cref="PublicPage.Layout"/>),
    /// a few elements use <c>style</c> attributes (which no hash can allow), and Blazor's reconnect and error UI set
    /// inline styles from script. Inline style cannot run code, so scripts stay strict. <c>img-src data:</c>: the
    /// report charts are SVG data URIs. <c>connect-src 'self'</c> covers Blazor's WebSocket to the same host.
    /// No <c>form-action</c>: paying posts to us and we redirect to the payment provider's checkout, which Chromium
    /// would block under <c>form-action 'self'</c>.
    /// </summary>
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'";

    /// <summary>The simulator (a demo page, refused outside the simulator run) keeps its small inline scripts.</summary>
    private const string InlineScriptPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'";

    /// <summary>Any site may frame this endpoint (the request form, embedded in the business's own site).</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class AllowFramingByAnySiteAttribute : Attribute;

    /// <summary>
    /// The URL of this endpoint holds a secret (a portal or payment link, a sign-in link): browsers send no Referer
    /// from it. On a Blazor page: <c>@attribute [SecurityHeaders.TokenInUrl]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TokenInUrlAttribute : Attribute;

    /// <summary>The page has inline scripts (the demo simulator only).</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class AllowInlineScriptsAttribute : Attribute;

    public static TBuilder FramableByAnySite<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowFramingByAnySiteAttribute());

    public static TBuilder SecretInUrl<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TokenInUrlAttribute());

    public static TBuilder InlineScripts<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowInlineScriptsAttribute());

    /// <summary>HSTS for a year once a browser has reached us over https (not for subdomains: a self-hoster may run others on plain http).</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

    /// <summary>
    /// Registers the headers; run early (after forwarded headers, so <c>IsHttps</c> is the client's scheme). Headers are
    /// written as the response starts, when the endpoint (and its metadata) is known; a header set by the framework
    /// before (antiforgery's <c>SAMEORIGIN</c>, Blazor's <c>frame-ancestors 'self'</c>) is replaced by the one rule.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS only on https (UseHsts skips plain http and localhost), never in Development where https is a dev certificate.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                Apply(http);
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    private static void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        var metadata = http.GetEndpoint()?.Metadata;
        var framable = metadata?.GetMetadata<AllowFramingByAnySiteAttribute>() is not null;
        var policy = metadata?.GetMetadata<AllowInlineScriptsAttribute>() is not null ? InlineScriptPolicy : Policy;
        headers.ContentSecurityPolicy = policy + (framable ? "; frame-ancestors *" : "; frame-ancestors 'none'");
        if (framable) headers.Remove("X-Frame-Options");
        else headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = metadata?.GetMetadata<TokenInUrlAttribute>() is not null ? "no-referrer" : "strict-origin-when-cross-origin";
    }
}
