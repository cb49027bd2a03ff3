using System.Text.Json.Nodes;
using CallRecover.Conversations;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Tenancy;

/// <summary>
/// The platform operator's API under /api/admin: businesses, and read access to each business's data.
/// Other capabilities add their operator routes to the same group through <see cref="MapOperatorApi"/>'s return value.
/// </summary>
public static class OperatorEndpoints
{
    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireOperatorKey().WithTags("Operator");
        admin.MapPost("/businesses", CreateBusiness);
        admin.MapGet("/businesses", async (BusinessStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        admin.MapGet("/businesses/{id}", GetBusiness);
        admin.MapPatch("/businesses/{id}", UpdateBusiness);
        admin.MapPut("/businesses/{id}", UpdateBusiness);

        var one = admin.MapGroup("/businesses/{businessId}").AddEndpointFilter(RequireBusiness);
        one.MapGet("/calls", async (string businessId, string? filter, DateTimeOffset? from, DateTimeOffset? to, CallStore calls, CancellationToken ct) =>
            TypedResults.Ok(await calls.ListAsync(businessId, filter ?? "all", from, to, ct: ct)));
        one.MapGet("/leads", async (string businessId, string? status, string? q, LeadStore leads, CancellationToken ct) =>
            TypedResults.Ok(await leads.ListAsync(businessId, status, q, ct: ct)));
        one.MapGet("/leads/{leadId}", async Task<Results<Ok<Lead>, NotFound<ProblemDetailsBody>>> (string businessId, string leadId, LeadStore leads, CancellationToken ct) =>
            await leads.GetAsync(businessId, leadId, ct) is { } lead ? TypedResults.Ok(lead) : NotFoundBody("lead", leadId));
        one.MapGet("/conversations", async (string businessId, string? status, ConversationStore conversations, CancellationToken ct) =>
            TypedResults.Ok(await conversations.ListAsync(businessId, status, ct: ct)));
        one.MapGet("/conversations/{conversationId}", async Task<Results<Ok<ConversationWithMessages>, NotFound<ProblemDetailsBody>>> (string businessId, string conversationId, ConversationStore conversations, CancellationToken ct) =>
            await conversations.GetAsync(businessId, conversationId, ct) is { } c
                ? TypedResults.Ok(new ConversationWithMessages(c, await conversations.MessagesAsync(businessId, conversationId, ct)))
                : NotFoundBody("conversation", conversationId));
        one.MapGet("/notifications", async (string businessId, bool? unread, NotificationStore notifications, CancellationToken ct) =>
            TypedResults.Ok(await notifications.ListAsync(businessId, unread ?? false, ct: ct)));

        admin.MapGet("/work", async (string? status, string? kind, string? businessId, WorkQueue queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.ListAsync(status, kind, businessId, ct: ct)));
        admin.MapPost("/work/{id:long}/retry", async Task<Results<NoContent, NotFound<ProblemDetailsBody>>> (long id, WorkQueue queue, CancellationToken ct) =>
            await queue.RetryDeadAsync(id, ct) ? TypedResults.NoContent() : NotFoundBody("dead work item", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return admin;
    }

    public sealed record ConversationWithMessages(Conversation Conversation, IReadOnlyList<Message> Messages);

    /// <summary>Problem body for 404s, typed so handlers can return it through <see cref="Results{T1,T2}"/>.</summary>
    public sealed record ProblemDetailsBody(string Type, string Title, int Status, string Detail);

    public static NotFound<ProblemDetailsBody> NotFoundBody(string what, string id) =>
        TypedResults.NotFound(new ProblemDetailsBody("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", 404, $"No {what} with id '{id}'."));

    /// <summary>404 for an unknown business before any per-business handler runs (an endpoint filter for <c>/businesses/{businessId}</c> groups).</summary>
    public static async ValueTask<object?> RequireBusiness(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var id = context.HttpContext.GetRouteValue("businessId") as string ?? "";
        var store = context.HttpContext.RequestServices.GetRequiredService<BusinessStore>();
        if (await store.GetAsync(id, context.HttpContext.RequestAborted) is null) return NotFoundBody("business", id);
        return await next(context);
    }

    private static async Task<Results<Ok<Business>, NotFound<ProblemDetailsBody>>> GetBusiness(string id, BusinessStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } b ? TypedResults.Ok(b) : NotFoundBody("business", id);

    private static async Task<Results<Created<Business>, ValidationProblem, Conflict<ProblemDetailsBody>>> CreateBusiness(
        HttpRequest request, BusinessService service, CancellationToken ct)
    {
        var result = await service.CreateAsync(await ReadJsonAsync(request, ct), "operator", ct);
        if (result.Conflict is not null) return Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The business is not valid.");
        return TypedResults.Created($"/api/admin/businesses/{result.Business!.Id}", result.Business);
    }

    private static async Task<Results<Ok<Business>, ValidationProblem, Conflict<ProblemDetailsBody>, NotFound<ProblemDetailsBody>>> UpdateBusiness(
        string id, HttpRequest request, BusinessService service, CancellationToken ct)
    {
        var result = await service.UpdateAsync(id, await ReadJsonAsync(request, ct), "operator", ct);
        if (result is null) return NotFoundBody("business", id);
        if (result.Conflict is not null) return Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The business is not valid.");
        return TypedResults.Ok(result.Business!);
    }

    /// <summary>Problem body for 409s.</summary>
    public static Conflict<ProblemDetailsBody> Conflict(string detail) =>
        TypedResults.Conflict(new ProblemDetailsBody("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", 409, detail));

    /// <summary>Reads the body as JSON; malformed JSON becomes null (reported as a bad body by validation).</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
