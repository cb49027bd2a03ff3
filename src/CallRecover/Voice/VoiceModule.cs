using CallRecover.Common;
using CallRecover.Telephony;

namespace CallRecover.Voice;

public static class VoiceModule
{
    /// <summary>The voice receptionist (issue 22): its store, the conversation, the missed-call answerer, the relay socket.</summary>
    public static IServiceCollection AddVoice(this IServiceCollection services)
    {
        services.AddValidatedOptions<VoiceOptions>(VoiceOptions.Section);
        services.AddSingleton<VoiceStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<VoiceStore>());
        services.AddSingleton<Receptionist>();
        services.AddSingleton<ReceptionistCalls>();
        services.AddSingleton<IMissedCallAnswerer>(sp => sp.GetRequiredService<ReceptionistCalls>());
        services.AddSingleton<RelaySocket>();
        return services;
    }

    /// <summary>The receptionist's carrier webhooks (signed form POSTs), the ConversationRelay socket and the operator's transcript route.</summary>
    public static AppRoutes MapVoice(this AppRoutes routes)
    {
        routes.App.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        var hooks = routes.App.MapGroup("/webhook/voice").ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(RateLimits.Webhooks);
        hooks.MapPost("/gather", (HttpRequest r, string? call, int? turn, string? silent, ReceptionistCalls v, CancellationToken ct) => v.GatherAsync(r, call, turn, silent, ct));
        hooks.MapPost("/relay-ended", (HttpRequest r, string? call, ReceptionistCalls v, CancellationToken ct) => v.RelayEndedAsync(r, call, ct));
        hooks.MapPost("/transfer-ended", (HttpRequest r, string? call, ReceptionistCalls v, CancellationToken ct) => v.TransferEndedAsync(r, call, ct));
        hooks.MapPost("/whisper", (HttpRequest r, string? call, ReceptionistCalls v, CancellationToken ct) => v.WhisperAsync(r, call, ct));
        routes.App.Map("/voice/relay", (HttpContext http, string? call, RelaySocket relay) => relay.AcceptAsync(http, call))
            .ExcludeFromDescription().RequireRateLimiting(RateLimits.Webhooks);

        routes.OperatorBusiness.MapGet("/calls/{callId}/transcript", async (string businessId, string callId, VoiceStore store, CancellationToken ct) =>
            await store.GetAsync(businessId, callId, ct) is { } session
                ? Results.Ok(new { session.CallId, session.Path, session.Status, session.Summary, session.StartedAt, session.EndedAt, turns = await store.TurnsAsync(businessId, callId, ct) })
                : Results.NotFound())
            .WithSummary("The voice receptionist's transcript of a call: both sides, with when each line was said");
        return routes;
    }
}
