using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.Backups;

public static class BackupsModule
{
    /// <summary>Backup and restore (the <c>backup</c>/<c>restore</c> verbs) and scheduled backups.</summary>
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddValidatedOptions<BackupOptions>(BackupOptions.Section);
        services.AddSingleton<IDatabaseBackup>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == "postgres"
            ? ActivatorUtilities.CreateInstance<PostgresDatabaseBackup>(sp)
            : ActivatorUtilities.CreateInstance<SqliteDatabaseBackup>(sp));
        services.AddSingleton<BackupService>();
        services.AddScheduledTask<ScheduledBackup>();
        return services;
    }
}
