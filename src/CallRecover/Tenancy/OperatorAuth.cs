using CallRecover.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallRecover.Tenancy;

/// <summary>Guards /api/admin with <c>Authorization: Bearer {Operator__ApiKey}</c>.</summary>
public static class OperatorAuth
{
    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<OperatorOptions>>().Value.ApiKey;
            if (string.IsNullOrEmpty(key))
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Operator API disabled",
                    detail: "Set Operator__ApiKey to enable the operator API.");
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (!FixedTimeEquals(given, key))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "A valid operator key is required: Authorization: Bearer {key}.");
            }
            return await next(context);
        });

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
