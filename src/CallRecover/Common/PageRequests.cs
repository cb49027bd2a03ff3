namespace CallRecover.Common;

public static class PageRequests
{
    /// <summary>A browser navigating (GET or HEAD asking for HTML), as opposed to an API client or a webhook.</summary>
    public static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) &&
        !request.Path.StartsWithSegments("/api");

    /// <summary>
    /// A browser's form post that the page could not take — sent from a tab opened before the page changed (the
    /// invoice was sent meanwhile, so its "Add line" form is gone) — is answered with a short page saying so and a
    /// link to load the page again, not an empty 400 that leaves the tab blank. Only when nothing else wrote an answer.
    /// Runs after routing, for dashboard pages (Razor component endpoints) only.
    /// </summary>
    public static IApplicationBuilder UseStalePostPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        // Dashboard pages only (Razor components): the public pages and APIs answer their own posts.
        if (!HttpMethods.IsPost(request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null
            || !request.HasFormContentType || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            await next();
            return;
        }
        var body = context.Response.Body;
        var watched = new WrittenStream(body);
        context.Response.Body = watched;
        try { await next(); }
        finally { context.Response.Body = body; }
        var response = context.Response;
        if (response.StatusCode != StatusCodes.Status400BadRequest || response.HasStarted || watched.Written > 0) return;
        var again = PublicPage.E(request.Path + request.QueryString);
        await PublicPage.Html("This page has changed", $"""
            <h1>This page has changed</h1>
            <p>It changed since you opened it (in another tab, or by someone else), so nothing was saved.</p>
            <p><a class="button" href="{again}">Load it again</a></p>
            """, StatusCodes.Status400BadRequest).ExecuteAsync(context);
    });

    /// <summary>Passes writes through and counts them: did the endpoint answer with a body?</summary>
    private sealed class WrittenStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { Written += count; inner.Write(buffer, offset, count); }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
