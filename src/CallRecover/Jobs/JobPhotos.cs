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
public sealed class JobPhotoStore(Db db, IOptions<JobsOptions> options, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the photos of their jobs are removed, rows now and files after the commit.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var theirs = $"business_id = @b AND job_id IN (SELECT id FROM jobs WHERE business_id = @b AND (customer_id {tx.Dialect.InList("customerIds")} OR lead_id {tx.Dialect.InList("leadIds")}))";
        var files = (await tx.Connection.QueryAsync<string>($"SELECT storage_path FROM job_photos WHERE {theirs}", s.Args, tx.Transaction)).ToList();
        return [new("job_photos", await s.ExecuteAsync(tx, $"DELETE FROM job_photos WHERE {theirs}")) { Files = files }];
    }

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
        var (type, head, refused) = await Photos.CheckAsync(fileName, declaredSize, content, max, ct);
        if (type is null) return (null, refused);
        var (file, tooLarge) = await Photos.WriteAsync(options.Value.PhotoPath, businessId, fileName, type, head, content, max, ct);
        if (file is null) return (null, tooLarge);
        try
        {
            var photo = new JobPhoto
            {
                Id = file.Id, BusinessId = businessId, JobId = jobId, UploadedBy = uploadedBy, FileName = file.FileName,
                ContentType = file.ContentType, SizeBytes = file.Size, StoragePath = file.Path, CreatedAt = clock.GetUtcNow(),
            };
            await db.WriteAsync(async tx => await tx.Connection.ExecuteAsync($"""
                INSERT INTO job_photos ({Columns}) VALUES (@Id, @BusinessId, @JobId, @UploadedBy, @FileName, @ContentType, @SizeBytes, @StoragePath, @CreatedAt)
                """, photo, tx.Transaction), ct);
            return (photo, null);
        }
        catch
        {
            Photos.Delete(file.Path);
            throw;
        }
    }
}
