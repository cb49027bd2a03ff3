using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Dashboard.Overview;
using System.Text.Json;
using System.Threading.Channels;
using CallRecover.Live;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Dashboard;

/// <summary>
/// Read-only JSON for the signed-in user's business (the same data the pages show). The business always comes
/// from the sign-in cookie; another business's ids answer 404, exactly like ids that do not exist.
/// </summary>
public static class DashboardApi
{
    /// <summary>The group every capability adds its dashboard JSON to: /api/dashboard, for a signed-in office user.</summary>
    public static RouteGroupBuilder MapDashboardGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/dashboard").RequireAuthorization(DashboardModule.OfficePolicy).AddEndpointFilter((context, next) =>
        {
            RequestTenant.Set(context.HttpContext, DashboardUser.From(context.HttpContext.User)?.BusinessId);
            return next(context);
        });

    /// <summary>The dashboard's own routes: live events, who is signed in, and the overview.</summary>
    public static void MapDashboardApi(this RouteGroupBuilder api)
    {
        // Server-Sent Events: one "live" event per change for the user's business (kind and id only, no data).
        // The page's script re-fetches what it shows; a comment line every 15 s keeps proxies from closing it.
        api.MapGet("/live", async (HttpContext http, LiveEvents live, IHostApplicationLifetime lifetime, CancellationToken requestAborted) =>
        {
            // Ends on shutdown too: an open dashboard must not hold Ctrl+C (or a rolling deploy) for the shutdown timeout.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
            var ct = stop.Token;
            if (Business(http) is not { } b) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
            var queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
            using var subscription = live.Subscribe(b, e => queue.Writer.TryWrite(e));
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync(": connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    beat.CancelAfter(TimeSpan.FromSeconds(15));
                    try
                    {
                        var e = await queue.Reader.ReadAsync(beat.Token);
                        await http.Response.WriteAsync($"event: live\ndata: {JsonSerializer.Serialize(new { kind = e.Kind, id = e.EntityId })}\n\n", ct);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    }
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { /* the browser went away */ }
        });

        api.MapGet("/me", (HttpContext http) => TypedResults.Ok(DashboardUser.From(http.User)));

        api.MapGet("/overview", async Task<Results<Ok<OverviewData>, NotFound>> (HttpContext http, OverviewQueries q, CancellationToken ct) =>
            Business(http) is { } b && await q.GetAsync(b, ct) is { } data ? TypedResults.Ok(data) : TypedResults.NotFound());
    }

    private static string? Business(HttpContext http) => RequestTenant.BusinessId(http);
}
