using System.ComponentModel.DataAnnotations;

namespace CallRecover.Backups;

/// <summary>
/// Settings under <c>Backup</c>: scheduled backups (off until <see cref="Folder"/> is set) and where the PostgreSQL
/// tools are. The <c>backup</c> and <c>restore</c> verbs work without any of them.
/// </summary>
public sealed class BackupOptions : IValidatableObject
{
    public const string Section = "Backup";

    /// <summary>
    /// Folder for scheduled backups (one file per run, named by date and time). Unset: no scheduled backups. On several
    /// nodes the run happens on one of them, so use a folder they share or copy it off-machine.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>Time between two scheduled backups.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many scheduled backups to keep in the folder; older ones are deleted after a good run.</summary>
    [Range(1, 1000)]
    public int Keep { get; set; } = 7;

    /// <summary>
    /// PostgreSQL: the folder with pg_dump, pg_restore and psql (their major version at least the server's). Unset: found on
    /// PATH, else the newest /usr/lib/postgresql/*/bin.
    /// </summary>
    public string? PostgresTools { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Folder is not null && string.IsNullOrWhiteSpace(Folder))
            yield return new ValidationResult("Backup:Folder must be a folder path or unset.", [nameof(Folder)]);
    }
}
