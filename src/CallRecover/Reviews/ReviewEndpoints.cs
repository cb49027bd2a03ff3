using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Reviews;

/// <summary>What an operator may send for review settings; a field left out stays as it is (reviewUrl null or "" turns requests off).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviewSettingsInput
{
    public string? ReviewUrl { get; init; }
    public int? DelayMinutes { get; init; }
}

/// <summary>Saves review settings with one set of rules for the operator API and the dashboard.</summary>
public sealed class ReviewSettingsService(Db db, ReviewStore store, AuditLog audit)
{
    public async Task<ReviewSettings?> SaveAsync(string businessId, ReviewSettingsInput input, bool urlGiven, string actor, Dictionary<string, string[]> errors, CancellationToken ct = default)
    {
        var current = await store.SettingsAsync(businessId, ct);
        var url = urlGiven ? (string.IsNullOrWhiteSpace(input.ReviewUrl) ? null : input.ReviewUrl.Trim()) : current.ReviewUrl;
        if (url is not null && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme != "https"))
            errors["reviewUrl"] = ["Enter your review link as an https:// address, like https://g.page/r/XXXX/review."];
        var delay = input.DelayMinutes ?? current.DelayMinutes;
        if (delay is < 0 or > 10080) errors["delayMinutes"] = ["Enter the wait after a completed job from 0 to 10080 minutes (a week)."];
        if (errors.Count > 0) return null;
        return await db.WriteAsync(async tx =>
        {
            var s = await store.SaveSettingsAsync(tx, businessId, url, delay);
            await audit.WriteAsync(tx, businessId, actor, "review_settings", businessId, "updated", s);
            return s;
        }, ct);
    }
}

/// <summary>Public <c>GET /r/{code}</c> (the tracked review link) and the operator's review requests and settings.</summary>
public static class ReviewEndpoints
{
    public static AppRoutes MapReviews(this AppRoutes routes)
    {
        routes.App.MapGet("/r/{code}", async Task<Results<RedirectHttpResult, NotFound>> (string code, ReviewStore store, Db db, HttpContext http, CancellationToken ct) =>
        {
            if (code.Length is < 6 or > 32) return TypedResults.NotFound();
            var r = await store.ByCodeAsync(code, ct);
            if (r is null) return TypedResults.NotFound();
            // A link checker's or a preview's HEAD is no click by the customer.
            if (!HeadRequests.WasHead(http)) await db.WriteAsync(tx => store.RecordClickAsync(tx, r.BusinessId, r.Id), ct);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["X-Robots-Tag"] = "noindex";
            return TypedResults.Redirect(r.ReviewUrl);
        }).WithTags("Reviews").SecretInUrl().RequireRateLimiting(RateLimits.Links);

        var one = routes.OperatorBusiness;
        one.MapGet("/review-requests", async Task<Results<Ok<IReadOnlyList<ReviewRequest>>, ProblemHttpResult>> (string businessId, string? status, ReviewStore store, CancellationToken ct) =>
        {
            if (status is not null && !ReviewStatuses.All.Contains(status))
                return TypedResults.Problem($"status must be one of {string.Join(", ", ReviewStatuses.All)}.", statusCode: 400, title: "Bad request");
            return TypedResults.Ok(await store.ListAsync(businessId, status, ct: ct));
        }).WithTags("Reviews");
        one.MapGet("/review-settings", async (string businessId, ReviewStore store, CancellationToken ct) => TypedResults.Ok(await store.SettingsAsync(businessId, ct))).WithTags("Reviews");
        one.MapPut("/review-settings", async Task<Results<Ok<ReviewSettings>, ValidationProblem>> (string businessId, HttpRequest request, ReviewSettingsService settings, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var body = await Problems.ReadJsonAsync(request, ct);
            if (body is not System.Text.Json.Nodes.JsonObject obj)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] }, title: "The review settings are not valid.");
            ReviewSettingsInput? input = null;
            try { input = System.Text.Json.JsonSerializer.Deserialize<ReviewSettingsInput>(obj, Json.Options); }
            catch (System.Text.Json.JsonException ex)
            {
                var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
                errors[field] = [ex.Message.Split(" Path:")[0]];
            }
            var saved = input is null ? null : await settings.SaveAsync(businessId, input, obj.ContainsKey("reviewUrl"), "operator", errors, ct);
            return saved is null ? TypedResults.ValidationProblem(errors, title: "The review settings are not valid.") : TypedResults.Ok(saved);
        }).WithTags("Reviews");
        return routes;
    }
}
