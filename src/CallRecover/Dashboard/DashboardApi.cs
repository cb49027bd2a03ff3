using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Dashboard.Overview;
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

    /// <summary>The dashboard's own routes: who is signed in, and the overview.</summary>
    public static void MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext http) => TypedResults.Ok(DashboardUser.From(http.User)));

        api.MapGet("/overview", async Task<Results<Ok<OverviewData>, NotFound>> (HttpContext http, OverviewQueries q, CancellationToken ct) =>
            Business(http) is { } b && await q.GetAsync(b, ct) is { } data ? TypedResults.Ok(data) : TypedResults.NotFound());
    }

    private static string? Business(HttpContext http) => RequestTenant.BusinessId(http);
}
