using System.Globalization;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Customers;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Webhooks;
using Microsoft.OpenApi;

namespace CallRecover.Api;

/// <summary>
/// The public REST API under /api/v1 for a business's own API token (the business comes from the token only), and the
/// operator's token management under /api/admin/businesses/{businessId}/api-tokens. Lists are cursor pages oldest
/// first; errors are RFC 7807 problems; writes go through the same services as the dashboard.
/// </summary>
public static class PublicApiEndpoints
{
    public const string Tag = "Public API";

    public sealed record TextInput(string? Body);

    public sealed record StageInput(string? Stage);

    /// <summary>A token as created: <c>token</c> is the secret, shown this once.</summary>
    public sealed record CreatedTokenBody(string Id, string Token, string Name, IReadOnlyList<string> Scopes, string Prefix);

    public static AppRoutes MapApi(this AppRoutes routes)
    {
        var v1 = routes.App.MapGroup("/api/v1").RequireApiToken().RequireRateLimiting(RateLimits.Api).WithTags(Tag);
        // Each line is a readable resource: GET /api/v1/{name} (a page) and GET /api/v1/{name}/{id}.
        Resource(v1, new ApiResource<Lead>("leads", "leads", LeadStore.Columns, r => new(r.Id, r.CreatedAt), Filters("status", "phone", "source")));
        Resource(v1, new ApiResource<Customer>("customers", "customers", CustomerStore.Columns, r => new(r.Id, r.CreatedAt), Filters("phone"))
        {
            Conditions = new Dictionary<string, (string, Func<string, (string?, string?)>)>
            {
                ["tag"] = (CustomerStore.CarryingTag("id", "value"), CustomerTags.Normalize),
            },
        });
        Resource(v1, new ApiResource<Conversation>("conversations", "conversations", ConversationStore.Columns, r => new(r.Id, r.CreatedAt),
            Filters("status", "phone", "leadId")));
        Resource(v1, new ApiResource<Message>("messages", "messages", ConversationStore.MessageColumns, r => new(r.Id, r.CreatedAt),
            Filters("conversationId", "direction")));
        Resource(v1, new ApiResource<Appointment>("appointments", "appointments", AppointmentStore.Columns, r => new(r.Id, r.CreatedAt),
            Filters("status", "leadId", "jobId")));
        Resource(v1, new ApiResource<Quote>("quotes", "quotes", QuoteStore.Columns, r => new(r.Id, r.CreatedAt), Filters("status", "leadId")));
        Resource(v1, new ApiResource<Job>("jobs", "jobs", JobStore.Columns, r => new(r.Id, r.CreatedAt), Filters("stage", "leadId", "customerId")));

        v1.MapPost("/conversations/{conversationId}/messages", SendTextAsync).WithSummary("Send a text in a conversation (as a person: the AI steps back)")
            .Produces<Message>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapPost("/jobs/{jobId}/stage", ChangeStageAsync).WithSummary("Move a job to another stage")
            .Produces<Job>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // A customer's tags and the business's own webhooks: the same routes as the operator's.
        CustomerTagEndpoints.Map(v1, http => RequestTenant.BusinessId(http)!, (http, _) => ApiAuth.Actor(http));
        WebhookEndpoints.Map(v1, http => RequestTenant.BusinessId(http)!, ApiAuth.Actor);

        var tokens = routes.OperatorBusiness.MapGroup("/api-tokens");
        tokens.MapGet("", async (string businessId, ApiTokenStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(businessId, ct)))
            .WithSummary("List a business's API tokens (never the secrets)");
        tokens.MapPost("", async (string businessId, string? by, HttpRequest request, ApiTokens service, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<ApiTokens.Input>(request, "body", errors, ct);
            if (input is not null) errors = ApiTokens.Validate(input);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The API token is not valid.");
            var created = await service.CreateAsync(businessId, input!, Problems.OperatorActor(by), ct);
            return (IResult)TypedResults.Created($"/api/admin/businesses/{businessId}/api-tokens/{created.Token.Id}",
                new CreatedTokenBody(created.Token.Id, created.Secret, created.Token.Name, created.Token.ScopeList, created.Token.Prefix));
        }).WithSummary("Create an API token for the business (the token is in this answer only)")
            .Produces<CreatedTokenBody>(StatusCodes.Status201Created).ProducesValidationProblem();
        tokens.MapDelete("/{tokenId}", async (string businessId, string tokenId, string? by, ApiTokens service, CancellationToken ct) =>
            await service.RevokeAsync(businessId, tokenId, Problems.OperatorActor(by), ct) ? Results.NoContent() : Problems.Missing("API token", tokenId))
            .WithSummary("Revoke an API token").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Dictionary<string, string> Filters(params string[] names) =>
        names.ToDictionary(n => n, n => string.Concat(n.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())), StringComparer.Ordinal);

    private static void Resource<T>(RouteGroupBuilder v1, ApiResource<T> resource) where T : class
    {
        v1.MapGet($"/{resource.Name}", async (string? limit, string? cursor, HttpContext http, ApiPages pages, CancellationToken ct) =>
        {
            var take = ApiPages.DefaultLimit;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > ApiPages.MaxLimit))
                return Problems.BadField("limit", $"limit must be a whole number from 1 to {ApiPages.MaxLimit}.");
            ApiCursor? after = null;
            if (cursor is not null && !ApiCursor.TryDecode(cursor, out after))
                return Problems.BadField("cursor", "cursor must be the nextCursor of an earlier page.");
            var filters = new List<(string Condition, string Value)>();
            foreach (var (name, column) in resource.Filters)
                if (http.Request.Query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } v)
                {
                    if (v.Length > 200) return Problems.BadField(name, $"{name} is too long.");
                    filters.Add(($"{column} = @value", v));
                }
            foreach (var (name, (condition, parse)) in resource.Conditions)
                if (http.Request.Query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } v)
                {
                    var (parsed, error) = parse(v);
                    if (error is not null) return Problems.BadField(name, error);
                    filters.Add((condition, parsed!));
                }
            return TypedResults.Ok(await pages.PageAsync(resource, RequestTenant.BusinessId(http)!, after, take, filters, ct));
        }).WithName($"list-{resource.Name}").WithSummary($"List {resource.Name}, oldest first, a page at a time")
            .Produces<ApiPage<T>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                foreach (var name in resource.Filters.Keys.Concat(resource.Conditions.Keys))
                    operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = $"Only {resource.Name} with this {name}.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                return Task.CompletedTask;
            });
        v1.MapGet($"/{resource.Name}/{{id}}", async (string id, HttpContext http, ApiPages pages, CancellationToken ct) =>
            await pages.GetAsync(resource, RequestTenant.BusinessId(http)!, id, ct) is { } row ? TypedResults.Ok(row) : Problems.Missing(resource.Name.TrimEnd('s'), id))
            .WithName($"get-{resource.Name}").WithSummary($"One of the business's {resource.Name}")
            .Produces<T>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SendTextAsync(string conversationId, HttpContext http, TakeoverService takeover, ConversationStore conversations, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<TextInput>(http.Request, "body", errors, ct);
        if (input is not null && TakeoverService.BodyError(input.Body) is { } error) errors["body"] = [error];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The message is not valid.");
        var businessId = RequestTenant.BusinessId(http)!;
        var (result, sent) = await takeover.SendManualAsync(businessId, conversationId, ApiAuth.Actor(http), input!.Body!, ct);
        if (result.NotFound) return Problems.Missing("conversation", conversationId);
        if (sent is null) return Problems.Conflict(result.Error ?? "Not sent.");
        if (sent.BlockedReason is not null) return Problems.Conflict($"Not sent: {sent.BlockedReason}.");
        return TypedResults.Created($"/api/v1/messages/{sent.Message.Id}", sent.Message);
    }

    private static async Task<IResult> ChangeStageAsync(string jobId, HttpContext http, BusinessStore businesses, JobService jobs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<StageInput>(http.Request, "body", errors, ct);
        if (input is null) return TypedResults.ValidationProblem(errors, title: "The stage is not valid.");
        var business = await businesses.GetAsync(RequestTenant.BusinessId(http)!, ct);
        if (business is null) return Problems.Missing("job", jobId);
        var outcome = await jobs.ChangeStageAsync(business, jobId, input.Stage, ApiAuth.Actor(http), ct);
        if (outcome.NotFound) return Problems.Missing("job", jobId);
        if (outcome.Conflict is not null) return Problems.Conflict(outcome.Conflict);
        if (outcome.Errors.Count > 0) return TypedResults.ValidationProblem(outcome.Errors, title: "The stage is not valid.");
        return TypedResults.Ok(outcome.Value);
    }
}
