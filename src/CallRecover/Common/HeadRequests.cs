namespace CallRecover.Common;

public static class HeadRequests
{
    /// <summary>
    /// Answers HEAD as GET: endpoints (minimal APIs, Razor component pages) match GET only, so HEAD — sent by link
    /// checkers, uptime monitors and some mail clients' link previews — got 404 where GET got 200. The request is taken
    /// for a GET for the whole pipeline (routing, authentication, authorization, antiforgery, rate limits and the error
    /// and not-found pages all run as they do for that GET, so HEAD bypasses nothing and gets the same status and
    /// headers), then called HEAD again. The server sends no body for it: Kestrel decides that from the method it
    /// parsed off the wire (RFC 9110 §9.3.2), not from this property. A HEAD does what the same GET does and no more
    /// (signing in and the portal's actions are POSTs, so a link preview's HEAD uses up nothing).
    /// Registered before the error and not-found pages and routing, so all of them see the GET.
    /// </summary>
    private static readonly object WasHeadKey = new();

    /// <summary>
    /// Whether the request came in as HEAD: a GET that counts something a person did (a review link's click) must not count
    /// a link checker's or a preview's HEAD.
    /// </summary>
    public static bool WasHead(HttpContext context) => context.Items.ContainsKey(WasHeadKey);

    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsHead(request.Method))
        {
            await next();
            return;
        }
        request.Method = HttpMethods.Get;
        context.Items[WasHeadKey] = true;
        try { await next(); }
        finally { request.Method = HttpMethods.Head; }
    });
}
