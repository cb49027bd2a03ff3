using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Common;

/// <summary>RFC 7807 problem bodies and request reading shared by every API.</summary>
public static class Problems
{
    /// <summary>Problem body for 404s and 409s, typed so handlers can return it through <c>Results&lt;...&gt;</c>.</summary>
    public sealed record Body(string Type, string Title, int Status, string Detail);

    public static NotFound<Body> NotFound(string what, string id) =>
        TypedResults.NotFound(new Body("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", 404, $"No {what} with id '{id}'."));

    public static Conflict<Body> Conflict(string detail) =>
        TypedResults.Conflict(new Body("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", 409, detail));

    /// <summary>A 400 naming one field of a request the client (or a carrier) sent.</summary>
    public static IResult BadField(string field, string? detail = null) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
        detail: detail ?? $"The field '{field}' is missing or not valid.", extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>Reads the body as JSON; malformed JSON becomes null (reported as a bad body by validation).</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
