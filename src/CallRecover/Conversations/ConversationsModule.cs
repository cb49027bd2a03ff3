using CallRecover.Common;
using CallRecover.Conversations.Engines;
using CallRecover.Notifications;
using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.Conversations;

public static class ConversationsModule
{
    /// <summary>
    /// Conversations and their messages, the one send path, opt-outs taking effect, takeovers, the turn handler that runs
    /// a caller's text through the inbound steps, the owner's SMS alerts, and the conversation engine (built-in or
    /// OpenAI-compatible, chosen by <c>Ai:Provider</c>) as the last inbound step.
    /// </summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<ConversationStore>());
        services.AddSingleton<SmsSender>();
        services.AddSingleton<OptOuts>();
        services.AddSingleton<TakeoverService>();
        services.AddSingleton<ConversationInbox>();
        services.AddWorkHandler<ConversationTurnHandler>();
        services.AddSingleton<INotificationChannel, SmsNotificationChannel>();

        services.AddValidatedOptions<AiOptions>(AiOptions.Section);
        services.AddSingleton<AiIncidents>();
        services.AddSingleton<OpenAiEngine>();
        OpenAiEngine.AddHttpClient(services);
        services.AddSingleton<BuiltInEngine>();
        // The configured engine, used through its interface; the built-in one also answers when the model fails.
        services.AddSingleton<IConversationEngine>(sp => sp.GetRequiredService<IOptions<AiOptions>>().Value.IsOpenAi
            ? sp.GetRequiredService<OpenAiEngine>()
            : sp.GetRequiredService<BuiltInEngine>());
        services.AddSingleton<EngineRunner>();
        services.AddSingleton<LeadLearner>();
        services.AddSingleton<IInboundTextStep, EngineStep>();
        return services;
    }
}
