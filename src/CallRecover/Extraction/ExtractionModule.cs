using CallRecover.Customers;

namespace CallRecover.Extraction;

public static class ExtractionModule
{
    public static IServiceCollection AddExtraction(this IServiceCollection services)
    {
        // Ai settings (Ai__Provider, Ai__BaseUrl, ...) are the conversation engine's AiOptions, bound and validated there.
        services.AddSingleton<RuleExtractor>();
        services.AddSingleton<OpenAiExtractor>();
        services.AddSingleton<ITranscriptExtractor, TranscriptExtractor>();
        services.AddSingleton<ExtractionStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<ExtractionStore>());
        services.AddSingleton<ICustomerMergeParticipant>(sp => sp.GetRequiredService<ExtractionStore>());
        services.AddSingleton<LeadCapture>();
        services.AddSingleton<CorrectionService>();
        return services;
    }
}
