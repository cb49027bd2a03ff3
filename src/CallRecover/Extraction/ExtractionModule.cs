using CallRecover.Customers;
using CallRecover.Hosting;

namespace CallRecover.Extraction;

public static class ExtractionModule
{
    public static IServiceCollection AddExtraction(this IServiceCollection services)
    {
        services.AddValidatedOptions<AiExtractionOptions>(AiExtractionOptions.Section);
        services.AddSingleton<RuleExtractor>();
        services.AddSingleton<OpenAiExtractor>();
        services.AddSingleton<ITranscriptExtractor, TranscriptExtractor>();
        services.AddSingleton<ExtractionStore>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<LeadCapture>();
        services.AddSingleton<CorrectionService>();
        return services;
    }
}
