using CallRecover.Common;

namespace CallRecover.Webhooks;

/// <summary>
/// The webhook routes, mapped on the operator's /api/admin/businesses/{businessId} (business from the route) and on the public
/// /api/v1 (business from the API token): the same handlers, so both answer alike.
/// </summary>
public static class WebhookEndpoints
{
    public sealed record StatusInput(string? Status);

    public static void Map(RouteGroupBuilder group, Func<HttpContext, string> businessOf, Func<HttpContext, string> actorOf)
    {
        var hooks = group.MapGroup("/webhooks");
        hooks.MapGet("", async (HttpContext http, WebhookStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(businessOf(http), ct)))
            .WithSummary("List the business's webhook subscriptions (never the secrets)").Produces<IReadOnlyList<WebhookSubscription>>();
        hooks.MapPost("", async (HttpContext http, WebhookSubscriptions subs, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<WebhookSubscriptions.Input>(http.Request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors, title: "The webhook is not valid.");
            var result = await subs.SubscribeAsync(businessOf(http), input, actorOf(http), ct);
            if (result.Value is null) return TypedResults.ValidationProblem(result.Errors, title: "The webhook is not valid.");
            return (IResult)TypedResults.Created($"{http.Request.Path}/{result.Value.Id}", result.Value);
        }).WithSummary("Subscribe a URL to events (the signing secret is in this answer only)")
            .Produces<SubscriptionWithSecret>(StatusCodes.Status201Created).ProducesValidationProblem();
        hooks.MapGet("/{webhookId}", async (string webhookId, HttpContext http, WebhookStore store, CancellationToken ct) =>
            await store.GetAsync(businessOf(http), webhookId, ct) is { } s ? TypedResults.Ok(s) : Problems.Missing("webhook", webhookId))
            .WithSummary("One webhook subscription").Produces<WebhookSubscription>().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapDelete("/{webhookId}", async (string webhookId, HttpContext http, WebhookSubscriptions subs, CancellationToken ct) =>
            await subs.SetStatusAsync(businessOf(http), webhookId, SubscriptionStatuses.Removed, actorOf(http), ct) ? Results.NoContent() : Problems.Missing("webhook", webhookId))
            .WithSummary("Remove a webhook subscription").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapPost("/{webhookId}/status", async (string webhookId, HttpContext http, WebhookSubscriptions subs, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<StatusInput>(http.Request, "body", errors, ct);
            if (input?.Status is not (SubscriptionStatuses.Active or SubscriptionStatuses.Disabled))
                return Problems.BadField("status", "status must be active or disabled.");
            return await subs.SetStatusAsync(businessOf(http), webhookId, input.Status, actorOf(http), ct) ? Results.NoContent() : Problems.Missing("webhook", webhookId);
        }).WithSummary("Turn a webhook subscription on or off").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapPost("/{webhookId}/rotate-secret", async (string webhookId, HttpContext http, WebhookSubscriptions subs, CancellationToken ct) =>
            await subs.RotateSecretAsync(businessOf(http), webhookId, actorOf(http), ct) is { } s ? TypedResults.Ok(s) : Problems.Missing("webhook", webhookId))
            .WithSummary($"A new signing secret (in this answer only); the previous one keeps signing for {WebhookSubscriptions.RotationOverlap.TotalHours:0} hours")
            .Produces<SubscriptionWithSecret>().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapGet("/{webhookId}/deliveries", async (string webhookId, HttpContext http, WebhookStore store, CancellationToken ct) =>
            await store.GetAsync(businessOf(http), webhookId, ct) is null ? Problems.Missing("webhook", webhookId)
                : TypedResults.Ok(await store.DeliveriesAsync(businessOf(http), webhookId, ct: ct)))
            .WithSummary("The subscription's deliveries, newest first (the last 100)").Produces<IReadOnlyList<WebhookDelivery>>().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapPost("/{webhookId}/deliveries/{deliveryId}/resend", async (string webhookId, string deliveryId, HttpContext http, WebhookSubscriptions subs,
            CancellationToken ct) =>
            await subs.ResendAsync(businessOf(http), webhookId, deliveryId, actorOf(http), ct) is { } d
                ? TypedResults.Created($"/deliveries/{d.Id}", d) : Problems.Missing("delivery", deliveryId))
            .WithSummary("Send a delivery's event again").Produces<WebhookDelivery>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
