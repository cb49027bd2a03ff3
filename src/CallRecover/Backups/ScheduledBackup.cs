using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.Backups;

/// <summary>
/// Scheduled backups into <c>Backup:Folder</c> every <c>Backup:Interval</c>, keeping the newest <c>Backup:Keep</c>.
/// Runs through the scheduled-task contract, so one node runs it at a time and the operator sees its last and next run.
/// </summary>
public sealed class ScheduledBackup(BackupService backups, IOptions<BackupOptions> options) : IScheduledTask
{
    public string Key => "backup.scheduled";
    public string Name => "Backups";
    public string Description => "Writes a backup (database and recordings) into Backup:Folder and deletes the oldest beyond Backup:Keep.";
    public TimeSpan Interval => options.Value.Interval;

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        if (options.Value.Folder is not { Length: > 0 } folder) return "off: set Backup__Folder to turn scheduled backups on";
        Directory.CreateDirectory(folder);
        var result = await backups.CreateAsync(Path.Combine(folder, backups.DefaultFileName()), ct);
        // Names sort by time; only our own files are ever deleted, and only after a good run.
        var old = Directory.GetFiles(folder, "callrecover-*.backup.zip").Order(StringComparer.Ordinal).SkipLast(options.Value.Keep).ToList();
        foreach (var file in old) File.Delete(file);
        return $"{Path.GetFileName(result.File)} written ({new FileInfo(result.File).Length / 1024} KiB){(old.Count > 0 ? $", {old.Count} older deleted" : "")}";
    }
}
