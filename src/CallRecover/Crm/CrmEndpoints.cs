using CallRecover.Common;

namespace CallRecover.Crm;

/// <summary>The operator's view of a business's CRM connection (business from the route). The API key and password are write-only.</summary>
public static class CrmEndpoints
{
    public static void Map(RouteGroupBuilder group, Func<HttpContext, string> businessOf, Func<HttpContext, string> actorOf)
    {
        var crm = group.MapGroup("/crm");
        crm.MapGet("", async (HttpContext http, CrmConnections connections, CancellationToken ct) =>
            await connections.GetAsync(businessOf(http), ct) is { } c ? TypedResults.Ok(c) : Problems.Missing("crm connection", businessOf(http)))
            .WithSummary("The business's CRM connection (never the API key or the password)").Produces<CrmConnectionView>().ProducesProblem(StatusCodes.Status404NotFound);
        crm.MapPut("", async (HttpContext http, CrmConnections connections, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<CrmConnections.Input>(http.Request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors, title: "The CRM connection is not valid.");
            var result = await connections.SaveAsync(businessOf(http), input, actorOf(http), ct);
            return result.Value is null ? TypedResults.ValidationProblem(result.Errors, title: "The CRM connection is not valid.") : (IResult)TypedResults.Ok(result.Value);
        }).WithSummary("Connect or change the business's Rukovoditel (an empty apiKey or password keeps the stored one)")
            .Produces<CrmConnectionView>().ProducesValidationProblem();
        crm.MapDelete("", async (HttpContext http, CrmConnections connections, CancellationToken ct) =>
            await connections.DisconnectAsync(businessOf(http), actorOf(http), ct) ? Results.NoContent() : Problems.Missing("crm connection", businessOf(http)))
            .WithSummary("Disconnect the CRM (its links are forgotten; the sync log stays)").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        crm.MapPost("/test", async (HttpContext http, CrmConnections connections, CancellationToken ct) =>
            await connections.TestAsync(businessOf(http), ct) is { } r ? TypedResults.Ok(r) : Problems.Missing("crm connection", businessOf(http)))
            .WithSummary("Test the connection with a real select of one record").Produces<CrmConnections.TestResult>().ProducesProblem(StatusCodes.Status404NotFound);
        crm.MapGet("/log", async (HttpContext http, CrmStore store, CancellationToken ct) => TypedResults.Ok(await store.LogAsync(businessOf(http), 100, ct)))
            .WithSummary("The sync log, newest first (the last 100)").Produces<IReadOnlyList<CrmLogEntry>>();
    }
}
