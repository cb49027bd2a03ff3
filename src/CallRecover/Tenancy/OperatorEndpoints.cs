using CallRecover.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Tenancy;

/// <summary>
/// The platform operator's API under /api/admin (behind the bearer key): the route groups every capability adds its
/// operator routes to, and the businesses themselves.
/// </summary>
public static class OperatorEndpoints
{
    /// <summary>/api/admin and /api/admin/businesses/{businessId} (404 for an unknown business before any handler runs).</summary>
    public static (RouteGroupBuilder Operator, RouteGroupBuilder OperatorBusiness) MapOperatorGroups(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireOperatorKey().WithTags("Operator");
        return (admin, admin.MapGroup("/businesses/{businessId}").AddEndpointFilter(RequireBusiness));
    }

    public static AppRoutes MapTenancy(this AppRoutes routes)
    {
        var admin = routes.Operator;
        admin.MapPost("/businesses", CreateBusiness);
        admin.MapGet("/businesses", async (BusinessStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        admin.MapGet("/businesses/{id}", GetBusiness);
        admin.MapPatch("/businesses/{id}", UpdateBusiness);
        admin.MapPut("/businesses/{id}", UpdateBusiness);
        return routes;
    }

    /// <summary>404 for an unknown business before any per-business handler runs (an endpoint filter for <c>/businesses/{businessId}</c> groups).</summary>
    private static async ValueTask<object?> RequireBusiness(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var id = context.HttpContext.GetRouteValue("businessId") as string ?? "";
        var store = context.HttpContext.RequestServices.GetRequiredService<BusinessStore>();
        if (await store.GetAsync(id, context.HttpContext.RequestAborted) is null) return Problems.NotFound("business", id);
        return await next(context);
    }

    private static async Task<Results<Ok<Business>, NotFound<Problems.Body>>> GetBusiness(string id, BusinessStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } b ? TypedResults.Ok(b) : Problems.NotFound("business", id);

    private static async Task<Results<Created<Business>, ValidationProblem, Conflict<Problems.Body>>> CreateBusiness(
        HttpRequest request, BusinessService service, CancellationToken ct)
    {
        var result = await service.CreateAsync(await Problems.ReadJsonAsync(request, ct), "operator", ct);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The business is not valid.");
        return TypedResults.Created($"/api/admin/businesses/{result.Business!.Id}", result.Business);
    }

    private static async Task<Results<Ok<Business>, ValidationProblem, Conflict<Problems.Body>, NotFound<Problems.Body>>> UpdateBusiness(
        string id, HttpRequest request, BusinessService service, CancellationToken ct)
    {
        var result = await service.UpdateAsync(id, await Problems.ReadJsonAsync(request, ct), "operator", ct);
        if (result is null) return Problems.NotFound("business", id);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The business is not valid.");
        return TypedResults.Ok(result.Business!);
    }
}
