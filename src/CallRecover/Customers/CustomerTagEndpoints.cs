using CallRecover.Common;

namespace CallRecover.Customers;

/// <summary>
/// <c>PUT /customers/{customerId}/tags</c>, mapped twice like the webhook routes: for the operator (business from the
/// route, actor <c>operator[:by]</c>) and for a business's API token (business and actor from the token).
/// </summary>
public static class CustomerTagEndpoints
{
    /// <summary>The customer's whole new set of tags; <c>by</c> names the person for the operator's audit entry.</summary>
    public sealed record TagsInput(IReadOnlyList<string?>? Tags, string? By);

    public static void Map(RouteGroupBuilder group, Func<HttpContext, string> businessOf, Func<HttpContext, string?, string> actorOf) =>
        group.MapPut("/customers/{customerId}/tags", async Task<IResult> (string customerId, HttpContext http, CustomerEditor editor, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<TagsInput>(http.Request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors, title: "The tags are not valid.");
            var result = await editor.SetTagsAsync(businessOf(http), customerId, input.Tags, actorOf(http, input.By), ct);
            if (result.NotFound) return Problems.Missing("customer", customerId);
            return result.Errors.Count > 0 ? TypedResults.ValidationProblem(result.Errors, title: "The tags are not valid.") : TypedResults.Ok(result.Value);
        }).WithSummary("Replace a customer's tags: {\"tags\": [\"maintenance plan\", ...]} (trimmed, lower case, 1–40 letters, digits, spaces, - or _; at most 20) → the customer with its tags")
          .Produces<Customer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
