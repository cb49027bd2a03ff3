using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.Estimates;

public static class EstimatesModule
{
    public static IServiceCollection AddEstimates(this IServiceCollection services)
    {
        services.AddSingleton<ServiceCatalogStore>();
        services.AddSingleton<ServiceCatalogService>();
        services.AddSingleton<LaborGuideStore>();
        services.AddSingleton<RiskHintStore>();
        services.AddSingleton<EstimateImports>();
        services.AddSingleton<QuoteStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerMergeParticipant>(sp => sp.GetRequiredService<QuoteStore>());
        services.AddSingleton<QuoteService>();
        services.AddValidatedOptions<EstimatesOptions>(EstimatesOptions.Section);
        PartsTechClient.AddHttpClient(services);
        services.AddSingleton<PartsTechClient>();
        services.AddSingleton<PartsPricingStore>();
        services.AddSingleton<PartsPricing>();
        services.AddSingleton<PartsPricingSetup>();
        services.AddSingleton<QuoteReplyStep>();
        services.AddSingleton<Conversations.IInboundTextStep>(sp => sp.GetRequiredService<QuoteReplyStep>());
        // Registered after StartupTasks (migrations and the demo seed), so it runs on a migrated, seeded database.
        services.AddHostedService<DemoMechanicSeed>();
        services.AddScheduledTask<QuoteExpiryWorker>();
        return services;
    }
}
