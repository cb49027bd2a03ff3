using System.Text.Json.Nodes;
using CallRecover.Common;

namespace CallRecover.Compliance;

public static class ComplianceModule
{
    /// <summary>Opt-outs, each business's do-not-text list, and the one texting policy every outbound text asks.</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddSingleton<OptOutStore>();
        services.AddSingleton<DoNotTextStore>();
        services.AddSingleton<DoNotTextList>();
        services.AddSingleton<TextingPolicy>();
        services.AddValidatedOptions<SendBudgetOptions>(SendBudgetOptions.Section);
        services.AddSingleton<SendBudgetStore>();
        services.AddSingleton<SendBudget>();
        return services;
    }

    /// <summary>The operator's routes for a business's do-not-text list (under /api/admin/businesses/{businessId}).</summary>
    public static AppRoutes MapCompliance(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/do-not-text", async (string businessId, DoNotTextStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(businessId, ct)));
        one.MapPost("/do-not-text", async (string businessId, HttpRequest request, DoNotTextStore store, CancellationToken ct) =>
        {
            var body = await Problems.ReadJsonAsync(request, ct) as JsonObject;
            var errors = new Dictionary<string, string[]>();
            var phoneText = Str(body, "phone", errors);
            var label = Str(body, "label", errors)?.Trim();
            if (body is null) errors["body"] = ["The body must be a JSON object like {\"phone\": \"+19045550134\", \"label\": \"supplier\"}."];
            else if (!Phone.TryNormalize(phoneText, out _)) errors["phone"] = [$"phone '{phoneText}' is not a valid phone number."];
            if (label is { Length: > 100 }) errors["label"] = ["label must be at most 100 characters."];
            if (errors.Count > 0) return (IResult)TypedResults.ValidationProblem(errors, title: "The do-not-text entry is not valid.");
            var (entry, created) = await store.AddAsync(businessId, Phone.NormalizeOrNull(phoneText)!, string.IsNullOrEmpty(label) ? null : label, ct);
            return created ? TypedResults.Created($"/api/admin/businesses/{businessId}/do-not-text/{Uri.EscapeDataString(entry.Phone)}", entry) : TypedResults.Ok(entry);
        });
        one.MapDelete("/do-not-text/{phone}", async (string businessId, string phone, DoNotTextStore store, CancellationToken ct) =>
            Phone.NormalizeOrNull(phone) is { } e164 && await store.RemoveAsync(businessId, e164, ct)
                ? (IResult)TypedResults.NoContent()
                : Problems.NotFound("do-not-text entry", phone));
        SendBudgetEndpoints.Map(one);
        return routes;
    }

    private static string? Str(JsonObject? o, string name, Dictionary<string, string[]> errors)
    {
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null) return null;
        if (v is JsonValue jv && jv.TryGetValue<string>(out var s)) return s;
        errors[name] = [$"{name} must be a string."];
        return null;
    }
}
