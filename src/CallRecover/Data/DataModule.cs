using CallRecover.Common;

namespace CallRecover.Data;

public static class DataModule
{
    /// <summary>The configured database (SQLite or PostgreSQL) and its migrations.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddSingleton<Db>();
        services.AddSingleton<Migrator>();
        return services;
    }
}
