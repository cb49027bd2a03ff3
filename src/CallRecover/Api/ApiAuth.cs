using CallRecover.Common;

namespace CallRecover.Api;

/// <summary>
/// Guards /api/v1 with <c>Authorization: Bearer {token}</c>: the business is the token's (set as the request's tenant,
/// never taken from the URL or the body); a GET needs the <c>read</c> scope, anything else <c>write</c>.
/// </summary>
public static class ApiAuth
{
    private const string TokenKey = "callrecover:api-token";

    /// <summary>The token the request was authenticated with (the group's filter has run).</summary>
    public static ApiToken Token(HttpContext http) => (ApiToken)http.Items[TokenKey]!;

    /// <summary>Who an API action is recorded as in the audit log.</summary>
    public static string Actor(HttpContext http) => $"api:{Token(http).Name}";

    public static RouteGroupBuilder RequireApiToken(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        var token = given.Length == 0 ? null : await http.RequestServices.GetRequiredService<ApiTokens>().AuthenticateAsync(given, http.RequestAborted);
        if (token is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "A valid API token is required: Authorization: Bearer {token} (the business's owner creates one in Settings → API).");
        }
        var needed = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? ApiScopes.Read : ApiScopes.Write;
        if (!token.Has(needed))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"This token does not have the '{needed}' scope.");
        http.Items[TokenKey] = token;
        RequestTenant.Set(http, token.BusinessId);
        return await next(context);
    });
}
