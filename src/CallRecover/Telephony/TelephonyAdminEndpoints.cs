using System.Text.Json.Nodes;
using CallRecover.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Telephony;

/// <summary>Calls and call handling: the operator's routes under /api/admin/businesses/{businessId}, and the dashboard's calls log.</summary>
public static class TelephonyAdminEndpoints
{
    public static void MapTelephonyAdmin(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/calls", async (string businessId, string? filter, DateTimeOffset? from, DateTimeOffset? to, CallStore calls, CancellationToken ct) =>
            TypedResults.Ok(await calls.ListAsync(businessId, filter ?? "all", from, to, ct: ct)));
        routes.Dashboard.MapGet("/calls", async Task<Results<Ok<IReadOnlyList<Call>>, NotFound>> (HttpContext http, CallStore calls, string? filter, DateTimeOffset? from,
            DateTimeOffset? to, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b ? TypedResults.Ok(await calls.ListAsync(b, filter ?? "all", from, to, 200, ct)) : TypedResults.NotFound());

        one.MapGet("/telephony", async (string businessId, TelephonySettingsStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(businessId, ct)));
        one.MapPut("/telephony", async (string businessId, HttpRequest request, TelephonySettingsStore store, CancellationToken ct) =>
        {
            var body = await Problems.ReadJsonAsync(request, ct) as JsonObject;
            var errors = new Dictionary<string, string[]>();
            if (body is null) errors["body"] = ["The body must be a JSON object like {\"screenCalls\": true, \"machineDetection\": false}."];
            var current = await store.GetAsync(businessId, ct);
            var screen = Bool(body, "screenCalls", errors) ?? current.ScreenCalls;
            var amd = Bool(body, "machineDetection", errors) ?? current.MachineDetection;
            foreach (var key in body?.Select(p => p.Key) ?? [])
                if (key is not ("screenCalls" or "machineDetection")) errors[key] = [$"Unknown field '{key}'."];
            if (errors.Count > 0) return (IResult)TypedResults.ValidationProblem(errors, title: "The telephony settings are not valid.");
            return TypedResults.Ok(await store.SaveAsync(businessId, screen, amd, ct));
        });
    }

    private static bool? Bool(JsonObject? o, string name, Dictionary<string, string[]> errors)
    {
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null) return null;
        if (v is JsonValue jv && jv.TryGetValue<bool>(out var b)) return b;
        errors[name] = [$"{name} must be true or false."];
        return null;
    }
}
