using CallRecover.Common;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CallRecover.Api;

/// <summary>The public API: tokens, /api/v1, and the OpenAPI document (/openapi/v1.json) with its reference page (/scalar).</summary>
public static class ApiModule
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<ApiPages>();
        services.AddOpenApi("v1", o =>
        {
            // The public API and the operator API; the dashboard's own JSON, pages and carrier webhooks are not documented here.
            o.ShouldInclude = d => d.RelativePath is { } p && (p.StartsWith("api/v1", StringComparison.Ordinal) || p.StartsWith("api/admin", StringComparison.Ordinal));
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "CallRecover API", Version = "v1",
                    Description = "Public API (/api/v1): Authorization: Bearer {API token of a business}, scopes read and write. " +
                        "Operator API (/api/admin): Authorization: Bearer {Operator__ApiKey}. Errors are RFC 7807 problem documents.",
                };
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" };
                doc.Security ??= [];
                doc.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", doc)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static AppRoutes MapApiModule(this AppRoutes routes)
    {
        routes.MapApi();
        routes.App.MapOpenApi();
        routes.App.MapScalarApiReference(o => o.WithTitle("CallRecover API"));
        return routes;
    }
}
