using System.ComponentModel.DataAnnotations;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Jobs;

/// <summary>Settings under <c>Jobs</c>.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>Folder for job photos ({PhotoPath}/{business}/{id}.{ext}), like recordings: never served as static files.</summary>
    public string PhotoPath { get; set; } = "data/job-photos";
    /// <summary>Largest photo accepted (bytes).</summary>
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PhotoPath)) yield return new ValidationResult("Jobs:PhotoPath must not be empty.", [nameof(PhotoPath)]);
        if (MaxPhotoBytes < 1024) yield return new ValidationResult("Jobs:MaxPhotoBytes must be at least 1024.", [nameof(MaxPhotoBytes)]);
    }
}

public sealed record JobPhoto
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string JobId { get; init; } = "";
    public string UploadedBy { get; init; } = "";
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long SizeBytes { get; init; }
    public string StoragePath { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Job photos: the rows (this store is the table's only writer) and the files beside them.</summary>
public sealed class JobPhotoStore(Db db, IOptions<JobsOptions> options, TimeProvider clock)
{
    private const string Columns = "id, business_id, job_id, uploaded_by, file_name, content_type, size_bytes, storage_path, created_at";

    public async Task<IReadOnlyList<JobPhoto>> ForJobAsync(string businessId, string jobId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<JobPhoto>($"SELECT {Columns} FROM job_photos WHERE business_id = @businessId AND job_id = @jobId ORDER BY created_at, id",
            new { businessId, jobId })];
    }

    public async Task<JobPhoto?> GetAsync(string businessId, string photoId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<JobPhoto>($"SELECT {Columns} FROM job_photos WHERE business_id = @businessId AND id = @photoId",
            new { businessId, photoId });
    }

    /// <summary>
    /// Checks the upload (JPEG, PNG or HEIC by its first bytes, not its name; at most <see cref="JobsOptions.MaxPhotoBytes"/>)
    /// and stores it: the file first, then the row; a refused or failed upload leaves nothing behind. Returns the photo,
    /// or the reason it was refused.
    /// </summary>
    public async Task<(JobPhoto? Photo, string? Refused)> SaveAsync(string businessId, string jobId, string uploadedBy, string fileName, long declaredSize,
        Stream content, CancellationToken ct = default)
    {
        var max = options.Value.MaxPhotoBytes;
        if (declaredSize > max) return (null, $"The photo is larger than {max / (1024 * 1024)} MB.");
        if (declaredSize <= 0) return (null, "The photo is empty.");
        var head = new byte[Photos.HeadLength];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (Photos.TypeOf(head.AsSpan(0, read)) is not { } type) return (null, Photos.Accepted);
        var id = Ids.New();
        var dir = Path.Combine(options.Value.PhotoPath, Photos.FolderName(businessId));
        Directory.CreateDirectory(dir);
        var final = Path.Combine(dir, $"{id}.{type.Extension}");
        var temp = final + ".part";
        long size;
        try
        {
            await using (var file = File.Create(temp))
            {
                await file.WriteAsync(head.AsMemory(0, read), ct);
                var buffer = new byte[81920];
                size = read;
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > max) break;
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            if (size > max) { File.Delete(temp); return (null, $"The photo is larger than {max / (1024 * 1024)} MB."); }
            File.Move(temp, final);
            var photo = new JobPhoto
            {
                Id = id, BusinessId = businessId, JobId = jobId, UploadedBy = uploadedBy, FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 200 } f ? f : $"photo.{type.Extension}",
                ContentType = type.ContentType, SizeBytes = size, StoragePath = final, CreatedAt = clock.GetUtcNow(),
            };
            await db.WriteAsync(async tx => await tx.Connection.ExecuteAsync($"""
                INSERT INTO job_photos ({Columns}) VALUES (@Id, @BusinessId, @JobId, @UploadedBy, @FileName, @ContentType, @SizeBytes, @StoragePath, @CreatedAt)
                """, photo, tx.Transaction), ct);
            return (photo, null);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(final)) File.Delete(final);
            throw;
        }
    }
}
