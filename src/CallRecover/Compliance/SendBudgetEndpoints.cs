using System.Text.Json.Nodes;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;

namespace CallRecover.Compliance;

/// <summary>A business's send budget as the operator sees it: its limits, whether they are the defaults, the current windows.</summary>
public sealed record SendBudgetView(int PerSecond, int PerDay, bool IsDefault, IReadOnlyList<SendCounter> Counters);

/// <summary>The operator's <c>GET/PUT /send-budget</c> under /api/admin/businesses/{businessId}.</summary>
public static class SendBudgetEndpoints
{
    public static void Map(RouteGroupBuilder one)
    {
        one.MapGet("/send-budget", async (string businessId, SendBudget budget, SendBudgetStore store, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(businessId, budget, store, ct)));

        one.MapPut("/send-budget", async (string businessId, HttpRequest request, Db db, SendBudget budget, SendBudgetStore store, AuditLog audit,
            CancellationToken ct) =>
        {
            var body = await Problems.ReadJsonAsync(request, ct) as JsonObject;
            if (body is null) return Problems.BadField("body", "The body must be a JSON object like {\"perSecond\": 1, \"perDay\": 1000}.");
            var perSecond = Int(body, "perSecond", 1, SendBudget.MaxPerSecond, out var bad);
            if (bad is not null) return Problems.BadField("perSecond", bad);
            var perDay = Int(body, "perDay", 1, SendBudget.MaxPerDay, out bad);
            if (bad is not null) return Problems.BadField("perDay", bad);
            var limits = new SendLimits { PerSecond = perSecond, PerDay = perDay };
            await db.WriteAsync(async tx =>
            {
                await store.SetAsync(tx, businessId, limits);
                await audit.WriteAsync(tx, businessId, "operator", "send_budget", businessId, "set", new { perSecond, perDay });
            }, ct);
            return TypedResults.Ok(await ViewAsync(businessId, budget, store, ct));
        });
    }

    private static async Task<SendBudgetView> ViewAsync(string businessId, SendBudget budget, SendBudgetStore store, CancellationToken ct)
    {
        var own = await store.GetAsync(businessId, ct);
        var limits = own ?? budget.Defaults;
        return new SendBudgetView(limits.PerSecond, limits.PerDay, own is null, await store.CountersAsync(businessId, ct));
    }

    private static int Int(JsonObject body, string name, int min, int max, out string? error)
    {
        error = null;
        if (!body.TryGetPropertyValue(name, out var v) || v is null) { error = $"{name} is required."; return 0; }
        if (v is JsonValue jv && jv.TryGetValue<int>(out var n))
        {
            if (n < min || n > max) error = $"{name} must be between {min} and {max}.";
            return n;
        }
        error = $"{name} must be a whole number.";
        return 0;
    }
}
