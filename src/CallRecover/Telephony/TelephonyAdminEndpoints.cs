using System.Text.Json.Nodes;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Tenancy;

namespace CallRecover.Telephony;

/// <summary>Operator routes for a business's call handling and do-not-text list (under /api/admin/businesses/{businessId}).</summary>
public static class TelephonyAdminEndpoints
{
    public static void MapTelephonyAdmin(this RouteGroupBuilder admin)
    {
        var one = admin.MapGroup("/businesses/{businessId}").AddEndpointFilter(OperatorEndpoints.RequireBusiness);

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

    private static string? Str(JsonObject? o, string name, Dictionary<string, string[]> errors)
    {
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null) return null;
        if (v is JsonValue jv && jv.TryGetValue<string>(out var s)) return s;
        errors[name] = [$"{name} must be a string."];
        return null;
    }

    private static bool? Bool(JsonObject? o, string name, Dictionary<string, string[]> errors)
    {
        if (o is null || !o.TryGetPropertyValue(name, out var v) || v is null) return null;
        if (v is JsonValue jv && jv.TryGetValue<bool>(out var b)) return b;
        errors[name] = [$"{name} must be true or false."];
        return null;
    }
}
