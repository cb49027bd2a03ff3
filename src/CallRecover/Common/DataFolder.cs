namespace CallRecover.Common;

/// <summary>
/// A folder of files that belongs with the database (recordings, job photos): rows point at its files, so a backup holds
/// it and a restore puts it back beside the database. A capability that stores files registers its folder with
/// <see cref="DataFolders.AddDataFolder"/>; <paramref name="Name"/> is its stable name inside a backup.
/// </summary>
public sealed record DataFolder(string Name, Func<IServiceProvider, string> Path);

public static class DataFolders
{
    public static IServiceCollection AddDataFolder(this IServiceCollection services, string name, Func<IServiceProvider, string> path) =>
        services.AddSingleton(new DataFolder(name, path));
}
