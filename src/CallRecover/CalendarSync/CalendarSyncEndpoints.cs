using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Jobs;

namespace CallRecover.CalendarSync;

/// <summary>
/// The operator's view of a business's calendar sync and feed (business from the route), and the public feed
/// <c>GET /calendar/{token}.ics</c> (no sign-in: the token is the capability).
/// </summary>
public static class CalendarSyncEndpoints
{
    public sealed record FeedLink(string Url);

    public static void Map(AppRoutes routes)
    {
        routes.App.MapGet("/calendar/{file}", FeedAsync).WithTags("CalendarSync").ExcludeFromDescription();

        var one = routes.OperatorBusiness;
        one.MapGet("/calendar-sync", async (string businessId, CalendarSyncService sync, CancellationToken ct) => TypedResults.Ok(await sync.ViewAsync(businessId, ct)))
            .WithSummary("The business's secret iCal addresses and each one's last sync and error").Produces<CalendarSyncView>();
        one.MapPut("/calendar-sync", async Task<IResult> (string businessId, string? technicianId, string? by, HttpRequest request, CalendarSyncService sync, TechnicianStore technicians,
            CancellationToken ct) =>
        {
            if (await TechnicianOk(businessId, technicianId, technicians, ct) is { } missing) return missing;
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<CalendarSyncService.Input>(request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors, title: "The calendar addresses are not valid.");
            var result = await sync.SaveAsync(businessId, input, Problems.OperatorActor(by), ct, technicianId);
            return result.Value is null ? TypedResults.ValidationProblem(result.Errors, title: "The calendar addresses are not valid.") : (IResult)TypedResults.Ok(result.Value);
        }).WithSummary("Replace the business's (or ?technicianId= a technician's) secret iCal addresses ({icsUrls: [...]}; an empty list removes them)")
            .Produces<CalendarSyncView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        one.MapDelete("/calendar-sync/accounts/{provider}", async (string businessId, string provider, string? by, CalendarAccounts accounts, CancellationToken ct) =>
            await accounts.DisconnectAsync(businessId, provider, Problems.OperatorActor(by), ct) ? TypedResults.NoContent() : Problems.Missing("calendar account", provider))
            .WithSummary("Disconnect the business's calendar account (provider: google); its events stay in that calendar").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPost("/calendar-sync/refresh", async (string businessId, CalendarSyncService sync, CancellationToken ct) =>
        {
            await sync.RefreshAsync(businessId, ct);
            return TypedResults.Ok(await sync.ViewAsync(businessId, ct));
        }).WithSummary("Fetch the business's calendars now").Produces<CalendarSyncView>();
        one.MapGet("/calendar-feed", async (string businessId, string? technicianId, string? by, CalendarFeeds feeds, TechnicianStore technicians, CancellationToken ct) =>
            await TechnicianOk(businessId, technicianId, technicians, ct) is { } missing ? missing
                : TypedResults.Ok(new FeedLink(await feeds.LinkAsync(businessId, technicianId, Problems.OperatorActor(by), ct))))
            .WithSummary("The business's (or ?technicianId= a technician's) subscribable calendar feed link").Produces<FeedLink>().ProducesProblem(StatusCodes.Status404NotFound);
        one.MapPost("/calendar-feed/rotate", async (string businessId, string? technicianId, string? by, CalendarFeeds feeds, TechnicianStore technicians, CancellationToken ct) =>
            await TechnicianOk(businessId, technicianId, technicians, ct) is { } missing ? missing
                : TypedResults.Ok(new FeedLink(await feeds.RotateAsync(businessId, technicianId, Problems.OperatorActor(by), ct))))
            .WithSummary("A new feed link; the old one answers 404 from now on").Produces<FeedLink>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// The OAuth round trip of the signed-in owner (or operator acting for the business): connect sends the browser to the
    /// provider with a state bound to this business and this user; the provider sends it back to the callback, which only
    /// that same user can complete. Either way the browser lands on the calendar settings page, with the outcome in words.
    /// </summary>
    public static void MapConnect(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/calendar/{provider}/connect", IResult (string provider, HttpContext http, CalendarAccounts accounts) =>
        {
            if (Settings(http) is not { } me) return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the owner can connect a calendar.");
            return accounts.StartUrl(me.BusinessId!, me.UserId, provider) is { } url ? TypedResults.Redirect(url) : Problems.Missing("calendar provider", provider);
        }).ExcludeFromDescription();
        dashboard.MapGet("/calendar/{provider}/callback", async Task<IResult> (string provider, string? code, string? state, string? error, HttpContext http, CalendarAccounts accounts,
            CancellationToken ct) =>
        {
            if (Settings(http) is not { } me) return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the owner can connect a calendar.");
            var problem = await accounts.FinishAsync(me.BusinessId!, me.UserId, me.Actor, provider, code, state, error, ct);
            return TypedResults.Redirect(problem is null ? "/settings/calendar?saved=connected" : "/settings/calendar?connectError=" + Uri.EscapeDataString(accounts.SealNotice(problem)));
        }).ExcludeFromDescription();
    }

    private static DashboardUser? Settings(HttpContext http) =>
        DashboardUser.From(http.User) is { CanEditSettings: true } me && RequestTenant.BusinessId(http) is { } b && b == me.BusinessId ? me : null;

    private static async Task<IResult?> TechnicianOk(string businessId, string? technicianId, TechnicianStore technicians, CancellationToken ct) =>
        technicianId is null || await technicians.GetAsync(businessId, technicianId, ct) is not null ? null : Problems.Missing("technician", technicianId);

    private static async Task<IResult> FeedAsync(string file, CalendarFeeds feeds, HttpContext http, CancellationToken ct)
    {
        if (!file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase)) return TypedResults.NotFound();
        if (await feeds.FileAsync(file[..^4], ct) is not { } ics) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = "private, max-age=300";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        return TypedResults.Text(ics, CalendarFile.ContentType);
    }
}
