using CallRecover.Queue;

namespace CallRecover.Reports;

public static class ReportsModule
{
    /// <summary>
    /// What the owner is told about their numbers: the daily digest email, daily metrics folded incrementally from the
    /// source tables, weekly and monthly reports with ROI (operator API, CSV, the /reports page), and the weekly email.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddWorkHandler<DailyDigest>();
        services.AddScheduledTask<DigestScheduler>();
        services.AddSingleton<MetricsStore>();
        services.AddSingleton<ReportSettingsStore>();
        services.AddSingleton<PaidRevenue>();
        services.AddSingleton<DailyMetricsBuilder>();
        services.AddScheduledTask<MetricsFoldTask>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportSettingsService>();
        services.AddWorkHandler<WeeklyReportEmail>();
        services.AddScheduledTask<WeeklyReportScheduler>();
        return services;
    }
}
