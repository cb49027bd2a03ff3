using CallRecover.Common;
using CallRecover.Conversations.Engines;
using CallRecover.Hosting;
using Microsoft.Extensions.Options;

namespace CallRecover.Conversations;

public static class ConversationsModule
{
    /// <summary>The conversation engine (built-in or OpenAI-compatible, chosen by <c>Ai:Provider</c>) as the last inbound-text step.</summary>
    public static IServiceCollection AddConversationEngine(this IServiceCollection services)
    {
        services.AddValidatedOptions<AiOptions>(AiOptions.Section);
        services.AddSingleton<AiIncidents>();
        services.AddSingleton<OpenAiEngine>();
        services.AddSingleton<BuiltInEngine>();
        // The configured engine, used through its interface; the built-in one also answers when the model fails.
        services.AddSingleton<IConversationEngine>(sp => sp.GetRequiredService<IOptions<AiOptions>>().Value.IsOpenAi
            ? sp.GetRequiredService<OpenAiEngine>()
            : sp.GetRequiredService<BuiltInEngine>());
        services.AddSingleton<EngineRunner>();
        services.AddSingleton<IInboundTextStep, EngineStep>();
        return services;
    }
}
