using System.Text.Json;
using CallRecover.Common;
using CallRecover.Conversations.Engines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Conversations;

/// <summary>
/// Conversations for the operator (reading any business's, taking over, replying by hand, handing back, closing) and for
/// the signed-in dashboard user (their business's inbox and threads; the pages call the same services).
/// </summary>
public static class ConversationEndpoints
{
    public sealed record ManualText(string? Body);

    public sealed record ManualTextResult(Conversation Conversation, Message Message, string? BlockedReason);

    public sealed record ConversationWithMessages(Conversation Conversation, IReadOnlyList<Message> Messages);

    public static AppRoutes MapConversations(this AppRoutes routes)
    {
        var admin = routes.Operator;
        routes.OperatorBusiness.MapGet("/conversations", async (string businessId, string? status, ConversationStore conversations, CancellationToken ct) =>
            TypedResults.Ok(await conversations.ListAsync(businessId, status, ct: ct)));
        routes.OperatorBusiness.MapGet("/conversations/{conversationId}", async Task<Results<Ok<ConversationWithMessages>, NotFound<Problems.Body>>> (
            string businessId, string conversationId, ConversationStore conversations, CancellationToken ct) =>
            await conversations.GetAsync(businessId, conversationId, ct) is { } c
                ? TypedResults.Ok(new ConversationWithMessages(c, await conversations.MessagesAsync(businessId, conversationId, ct)))
                : Problems.NotFound("conversation", conversationId));

        routes.Dashboard.MapGet("/conversations", async Task<Results<Ok<IReadOnlyList<InboxRow>>, NotFound>> (HttpContext http, ConversationInbox inbox, string? filter, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b ? TypedResults.Ok(await inbox.ListAsync(b, filter ?? "open", 200, ct)) : TypedResults.NotFound());
        routes.Dashboard.MapGet("/conversations/{id}", async Task<Results<Ok<ConversationWithMessages>, NotFound>> (string id, HttpContext http, ConversationStore store, CancellationToken ct) =>
        {
            if (RequestTenant.BusinessId(http) is not { } b || await store.GetAsync(b, id, ct) is not { } c) return TypedResults.NotFound();
            return TypedResults.Ok(new ConversationWithMessages(c, await store.MessagesAsync(b, id, ct)));
        });

        var one = routes.OperatorBusiness.MapGroup("/conversations/{conversationId}");
        one.MapPost("/takeover", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.TakeOverAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/return-to-ai", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.ReturnToAiAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/close", (string businessId, string conversationId, TakeoverService takeover, CancellationToken ct) =>
            Act(takeover.CloseAsync(businessId, conversationId, "operator", ct), conversationId));
        one.MapPost("/messages", SendManual);
        admin.MapGet("/ai/incidents", async (AiIncidents incidents, CancellationToken ct) => TypedResults.Ok(await incidents.ListAsync(ct: ct)));
        return routes;
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
        if (TakeoverService.BodyError(input?.Body) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error] }, title: "The message is not valid.");
        var body = input!.Body!;
        var (result, sent) = await takeover.SendManualAsync(businessId, conversationId, "operator", body, ct);
        if (result.NotFound) return Problems.NotFound("conversation", conversationId);
        if (sent is null) return Problems.Conflict(result.Error ?? "Not sent.");
        if (sent.BlockedReason is not null) return Problems.Conflict($"Not sent: {sent.BlockedReason}.");
        return TypedResults.Created($"/api/admin/businesses/{businessId}/conversations/{conversationId}", new ManualTextResult(result.Conversation!, sent.Message, null));
    }
}
