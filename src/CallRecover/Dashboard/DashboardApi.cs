using CallRecover.Booking;
using CallRecover.Conversations;
using CallRecover.Conversations.Pages;
using CallRecover.Dashboard.Auth;
using CallRecover.Dashboard.Overview;
using CallRecover.Leads;
using CallRecover.Leads.Pages;
using CallRecover.Notifications;
using CallRecover.Telephony;
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
    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dashboard").RequireAuthorization(DashboardModule.OfficePolicy);

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

        api.MapGet("/conversations", async Task<Results<Ok<IReadOnlyList<InboxRow>>, NotFound>> (HttpContext http, ConversationInbox inbox, string? filter, CancellationToken ct) =>
            Business(http) is { } b ? TypedResults.Ok(await inbox.ListAsync(b, filter ?? "open", 200, ct)) : TypedResults.NotFound());

        api.MapGet("/conversations/{id}", async Task<Results<Ok<ConversationView>, NotFound>> (string id, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            if (Business(http) is not { } b || await store.GetAsync(b, id, ct) is not { } c) return TypedResults.NotFound();
            return TypedResults.Ok(new ConversationView(c, await store.MessagesAsync(b, id, ct)));
        });

        api.MapGet("/leads", async Task<Results<Ok<IReadOnlyList<Lead>>, NotFound>> (HttpContext http, LeadStore leads, string? status, string? q, CancellationToken ct) =>
            Business(http) is { } b ? TypedResults.Ok(await leads.ListAsync(b, status, q, 200, ct)) : TypedResults.NotFound());

        api.MapGet("/leads/{id}", async Task<Results<Ok<LeadView>, NotFound>> (string id, HttpContext http, LeadStore leads, LeadTimeline timeline, CancellationToken ct) =>
        {
            if (Business(http) is not { } b || await leads.GetAsync(b, id, ct) is not { } lead) return TypedResults.NotFound();
            return TypedResults.Ok(new LeadView(lead, await timeline.ForLeadAsync(b, lead, ct)));
        });

        api.MapGet("/calls", async Task<Results<Ok<IReadOnlyList<Call>>, NotFound>> (HttpContext http, CallStore calls, string? filter, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
            Business(http) is { } b ? TypedResults.Ok(await calls.ListAsync(b, filter ?? "all", from, to, 200, ct)) : TypedResults.NotFound());

        // A call's recording for the calls log's player (range requests, so the player can seek).
        api.MapGet("/recordings/{id}/audio", async (string id, HttpContext http, CallRecover.Recordings.RecordingStore recordings, CancellationToken ct) =>
            Business(http) is { } b ? await CallRecover.Recordings.RecordingsEndpoints.AudioAsync(b, id, recordings, ct) : Results.NotFound());

        // Appointments overlapping [from, to) (ISO-8601 instants; default: the next 31 days).
        api.MapGet("/appointments", async Task<Results<Ok<IReadOnlyList<AppointmentRow>>, ProblemHttpResult, NotFound>> (HttpContext http, AppointmentStore store,
            TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to, string? status, CancellationToken ct) =>
        {
            if (Business(http) is not { } b) return TypedResults.NotFound();
            var start = (from ?? clock.GetUtcNow()).ToUniversalTime();
            var end = (to ?? start.AddDays(31)).ToUniversalTime();
            if (end <= start || end - start > TimeSpan.FromDays(366)) return TypedResults.Problem("'to' must be after 'from' and at most 366 days later.", statusCode: 400, title: "Bad date range");
            if (status is not null && !AppointmentStatuses.All.Contains(status))
                return TypedResults.Problem($"status must be one of {string.Join(", ", AppointmentStatuses.All)}.", statusCode: 400, title: "Unknown status");
            return TypedResults.Ok(await store.BoardAsync(b, start, end, status, ct: ct));
        });

        api.MapGet("/notifications", async Task<Results<Ok<NotificationsView>, NotFound>> (HttpContext http, NotificationStore store, bool? unread, CancellationToken ct) =>
            Business(http) is { } b
                ? TypedResults.Ok(new NotificationsView(await store.UnreadCountAsync(b, ct), await store.ListAsync(b, unread ?? false, 200, ct)))
                : TypedResults.NotFound());
    }

    private static string? Business(HttpContext http) => DashboardUser.From(http.User)?.BusinessId;

    public sealed record ConversationView(Conversation Conversation, IReadOnlyList<Message> Messages);
    public sealed record LeadView(Lead Lead, IReadOnlyList<TimelineEntry> Timeline);
    public sealed record NotificationsView(int Unread, IReadOnlyList<Notification> Items);
}
