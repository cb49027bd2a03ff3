using CallRecover.Data;
using CallRecover.Queue;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallRecover.Health;

/// <summary>/health/live (the process answers) and /health/ready (database reachable, migrations current, workers running).</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: ["ready"])
            .AddCheck<WorkersReady>("workers", tags: ["ready"]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
                });
            },
        });
    }

    private sealed class DatabaseReady(Db db, Migrator migrator) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                // Opens a connection and queries schema_migrations, so it also proves the database is reachable.
                var pending = await migrator.PendingAsync(ct);
                return pending.Count == 0
                    ? HealthCheckResult.Healthy($"{db.Dialect} reachable, migrations current")
                    : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run the 'migrate' verb");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy($"database unreachable: {ex.GetType().Name}");
            }
        }
    }

    private sealed class WorkersReady(WorkerHealth health, IOptions<QueueOptions> options, TimeProvider clock) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (!options.Value.Enabled) return Task.FromResult(HealthCheckResult.Healthy("workers disabled on this node"));
            var last = health.LastBeat;
            // The loop beats at least once per poll interval; allow generous slack for a busy machine.
            var limit = options.Value.PollInterval * 4 + TimeSpan.FromSeconds(30);
            return Task.FromResult(last is not null && clock.GetUtcNow() - last < limit
                ? HealthCheckResult.Healthy("work queue worker running")
                : HealthCheckResult.Unhealthy(last is null ? "work queue worker not started" : "work queue worker stalled"));
        }
    }
}
