using CallRecover.Hosting;
using Microsoft.Extensions.Options;

namespace CallRecover.Queue;

public static class QueueModule
{
    public static IServiceCollection AddWorkQueue(this IServiceCollection services)
    {
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<WorkerHealth>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<QueueNode>();
        services.AddSingleton<QueueWorker>();
        services.AddHostedService<BackgroundService>(sp => sp.GetRequiredService<IOptions<QueueOptions>>().Value.Enabled
            ? sp.GetRequiredService<QueueWorker>()
            : new NoWorker());
        return services;
    }

    /// <summary>Registers a handler for one kind of work item.</summary>
    public static IServiceCollection AddWorkHandler<T>(this IServiceCollection services) where T : class, IWorkHandler
    {
        services.AddSingleton<T>();
        services.AddSingleton<IWorkHandler>(sp => sp.GetRequiredService<T>());
        return services;
    }

    private sealed class NoWorker : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
