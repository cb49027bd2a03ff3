using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using CallRecover.Common;

namespace CallRecover.Backups;

/// <summary>A backup refused or failed for a reason the person running it can act on (the message says which).</summary>
public sealed class BackupException(string message, Exception? inner = null, bool changedNothing = true) : Exception(message, inner)
{
    /// <summary>False only when the database was already replaced when the problem showed (its check after the restore).</summary>
    public bool ChangedNothing { get; } = changedNothing;
}

/// <summary>One file inside a backup archive with its size and SHA-256, so a damaged archive is refused before anything changes.</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>
/// <c>manifest.json</c> at the root of a backup archive (a zip): what it holds, from which database and schema version,
/// the row count of every table in the copied snapshot (checked again after a restore), and every file's checksum.
/// </summary>
public sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const string Kind = "callrecover-backup";
    public const int CurrentFormat = 1;

    public string Format { get; init; } = Kind;
    public int FormatVersion { get; init; } = CurrentFormat;
    public required string Provider { get; init; }
    public required int SchemaVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string AppVersion { get; init; }
    public required string DatabaseFile { get; init; }
    public required IReadOnlyDictionary<string, long> Tables { get; init; }
    public required IReadOnlyList<BackupFile> Files { get; init; }

    public static async Task<BackupFile> DescribeAsync(string archivePath, string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        return new BackupFile(archivePath, stream.Length, hash);
    }

    /// <summary>
    /// Reads the manifest and extracts every file it lists into <paramref name="into"/>, checking sizes and checksums.
    /// Anything missing, extra, damaged or not ours is refused with the reason.
    /// </summary>
    public static async Task<BackupManifest> ExtractVerifiedAsync(string archive, string into, CancellationToken ct)
    {
        if (!File.Exists(archive)) throw new BackupException($"No backup file at '{archive}'.");
        ZipArchive zip;
        try { zip = await ZipFile.OpenReadAsync(archive, ct); }
        catch (InvalidDataException ex) { throw new BackupException($"'{archive}' is not a CallRecover backup (not a readable zip archive: {ex.Message}).", ex); }
        await using (zip)
        {
            var entry = zip.GetEntry(FileName) ?? throw new BackupException($"'{archive}' is not a CallRecover backup (it has no {FileName}).");
            BackupManifest? manifest;
            try
            {
                await using var s = await entry.OpenAsync(ct);
                manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(s, Json.Options, ct);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                throw new BackupException($"'{archive}' is damaged: its {FileName} cannot be read ({ex.Message}).", ex);
            }
            if (manifest is null || manifest.Format != Kind) throw new BackupException($"'{archive}' is not a CallRecover backup.");
            if (manifest.FormatVersion > CurrentFormat)
                throw new BackupException($"'{archive}' uses backup format {manifest.FormatVersion}; this CallRecover reads format {CurrentFormat}. Restore it with the version that made it.");
            var root = Path.GetFullPath(into);
            foreach (var f in manifest.Files)
            {
                var target = Path.GetFullPath(Path.Combine(root, f.Path));
                if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new BackupException($"'{archive}' is damaged: the file name '{f.Path}' points outside the backup.");
                var e = zip.GetEntry(f.Path) ?? throw new BackupException($"'{archive}' is damaged: {f.Path} is missing.");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try { await e.ExtractToFileAsync(target, overwrite: true, ct); }
                catch (InvalidDataException ex) { throw new BackupException($"'{archive}' is damaged: {f.Path} cannot be read ({ex.Message}).", ex); }
                var actual = await DescribeAsync(f.Path, target, ct);
                if (actual != f) throw new BackupException($"'{archive}' is damaged: {f.Path} does not match its checksum.");
            }
            return manifest;
        }
    }
}
