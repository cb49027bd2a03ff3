namespace CallRecover.Common;

public static class PageRequests
{
    /// <summary>A browser navigating (GET or HEAD asking for HTML), as opposed to an API client or a webhook.</summary>
    public static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) &&
        !request.Path.StartsWithSegments("/api");
}
