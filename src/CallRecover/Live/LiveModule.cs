namespace CallRecover.Live;

public static class LiveModule
{
    /// <summary>Live change events in this process, and across nodes through PostgreSQL LISTEN/NOTIFY.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveEvents>();
        services.AddHostedService<PostgresLiveBridge>();
        return services;
    }
}
