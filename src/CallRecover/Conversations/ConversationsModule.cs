using CallRecover.Conversations.Engines;
using CallRecover.Hosting;

namespace CallRecover.Conversations;

public static class ConversationsModule
{
    /// <summary>The conversation engine (built-in or OpenAI-compatible, chosen by <c>Ai:Provider</c>) as the last inbound-text step.</summary>
    public static IServiceCollection AddConversationEngine(this IServiceCollection services)
    {
        services.AddValidatedOptions<AiOptions>(AiOptions.Section);
        services.AddSingleton<AiIncidents>();
        services.AddSingleton<OpenAiEngine>();
        services.AddSingleton<EngineRunner>();
        services.AddSingleton<IInboundTextStep, EngineStep>();
        return services;
    }
}
