using System.Text.Json;
using CallRecover.Conversations.Engines;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

using CallRecover.Common;

namespace CallRecover.Conversations;

/// <summary>Operator actions on a business's conversations (the dashboard of issue 6 calls the same service).</summary>
public static class ConversationEndpoints
{
    public sealed record ManualText(string? Body);

    public sealed record ManualTextResult(Conversation Conversation, Message Message, string? BlockedReason);

    public static RouteGroupBuilder MapConversationOperatorApi(this RouteGroupBuilder admin)
    {
        var one = admin.MapGroup("/businesses/{businessId}/conversations/{conversationId}");
        one.MapPost("/takeover", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.TakeOverAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/return-to-ai", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.ReturnToAiAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/close", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.CloseAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/messages", SendManual);
        admin.MapGet("/ai/incidents", async (AiIncidents incidents, CancellationToken ct) => TypedResults.Ok(await incidents.ListAsync(ct: ct)));
        return admin;
    }

    private static async Task<Results<Ok<Conversation>, NotFound<Problems.Body>, Conflict<Problems.Body>>> Act(
        Task<TakeoverResult> action, string conversationId)
    {
        var r = await action;
        if (r.NotFound) return Problems.NotFound("conversation", conversationId);
        if (!r.Ok) return Problems.Conflict(r.Error!);
        return TypedResults.Ok(r.Conversation!);
    }

    private static async Task<Results<Created<ManualTextResult>, ValidationProblem, NotFound<Problems.Body>, Conflict<Problems.Body>>> SendManual(
        string businessId, string conversationId, HttpRequest request, TakeoverService takeover, CancellationToken ct)
    {
        ManualText? input = null;
        try { input = await request.ReadFromJsonAsync<ManualText>(ct); }
        catch (JsonException) { }
        catch (InvalidOperationException) { }
        if (input?.Body is not { } body || body.Trim().Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["body is required: the text to send."] }, title: "The message is not valid.");
        if (body.Trim().Length > 1600)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["body must be at most 1600 characters."] }, title: "The message is not valid.");
        var (result, sent) = await takeover.SendManualAsync(businessId, conversationId, "operator", body, ct);
        if (result.NotFound) return Problems.NotFound("conversation", conversationId);
        if (sent is null) return Problems.Conflict(result.Error ?? "Not sent.");
        if (sent.BlockedReason is not null) return Problems.Conflict($"Not sent: {sent.BlockedReason}.");
        return TypedResults.Created($"/api/admin/businesses/{businessId}/conversations/{conversationId}", new ManualTextResult(result.Conversation!, sent.Message, null));
    }
}
