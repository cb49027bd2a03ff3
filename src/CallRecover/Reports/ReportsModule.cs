using CallRecover.Queue;

namespace CallRecover.Reports;

public static class ReportsModule
{
    /// <summary>What the owner is told about their numbers: the daily digest email (each business's own, at its local morning).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddWorkHandler<DailyDigest>();
        services.AddScheduledTask<DigestScheduler>();
        return services;
    }
}
