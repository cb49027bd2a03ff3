using CallRecover.Common;
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
        services.AddSingleton<ScheduledTaskStore>();
        services.AddSingleton<ScheduledTaskRunner>();
        // Not AddHostedService<BackgroundService>(...) again: that is TryAddEnumerable by type and would drop this one.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<QueueOptions>>().Value is { Enabled: true, RunScheduledTasks: true }
            ? sp.GetRequiredService<ScheduledTaskRunner>()
            : new NoWorker());
        return services;
    }

    /// <summary>The operator's view of the queue: work items and the scheduled tasks (the audited actions on them are in <c>Operator/</c>).</summary>
    public static AppRoutes MapWorkQueue(this AppRoutes routes)
    {
        var admin = routes.Operator;
        admin.MapGet("/work", async (string? status, string? kind, string? businessId, WorkQueue queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.ListAsync(status, kind, businessId, ct: ct)));
        admin.MapScheduledTasks();
        return routes;
    }

    /// <summary>Registers a periodic job (see <see cref="IScheduledTask"/>); <typeparamref name="T"/> is also resolvable as itself.</summary>
    public static IServiceCollection AddScheduledTask<T>(this IServiceCollection services) where T : class, IScheduledTask
    {
        services.AddSingleton<T>();
        services.AddSingleton<IScheduledTask>(sp => sp.GetRequiredService<T>());
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
