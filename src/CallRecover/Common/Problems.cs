using System.Text.Json;
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

    /// <summary><see cref="NotFound"/> as a plain result, for handlers whose answers are not typed.</summary>
    public static IResult Missing(string what, string id) => NotFound(what, id);

    public static Conflict<Body> Conflict(string detail) =>
        TypedResults.Conflict(new Body("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", 409, detail));

    /// <summary>A 400 naming one field of a request the client (or a carrier) sent.</summary>
    public static IResult BadField(string field, string? detail = null) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
        detail: detail ?? $"The field '{field}' is missing or not valid.", extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A problem body with any status (409 conflict, 422 unprocessable, ...).</summary>
    public static Body Of(int status, string title, string detail) =>
        new($"https://tools.ietf.org/html/rfc9110#section-15.5.{(status == 409 ? 10 : status == 422 ? 21 : 1)}", title, status, detail);

    /// <summary>Who an operator action is recorded as: <c>operator</c>, or <c>operator:{by}</c> when the request names the person.</summary>
    public static string OperatorActor(string? by) => string.IsNullOrWhiteSpace(by) ? "operator" : $"operator:{by.Trim()}";

    /// <summary>Reads a JSON body as <typeparamref name="T"/>; malformed JSON or a wrong type becomes an error naming the field.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, string rootName, Dictionary<string, string[]> errors, CancellationToken ct) where T : class
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
            var value = node?.Deserialize<T>(Json.Options);
            if (value is null) errors[rootName] = ["A JSON body is required."];
            return value;
        }
        catch (System.Text.Json.JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? rootName : ex.Path.TrimStart('$', '.');
            errors[field] = [ex.Message.Split(" Path:")[0]];
            return null;
        }
    }

    /// <summary>The body as a JSON object of <typeparamref name="T"/>, or a 400 naming the field that could not be read.</summary>
    public static async Task<(T? Input, IResult? Bad)> ReadObjectAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        var body = await ReadJsonAsync(request, ct);
        if (body is not JsonObject) return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] }));
        try
        {
            return (body.Deserialize<T>(Json.Options) is { } input ? input : null, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [ex.Message.Split(" Path:")[0]] }));
        }
    }

    /// <summary>Reads the body as JSON; malformed JSON becomes null (reported as a bad body by validation).</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
