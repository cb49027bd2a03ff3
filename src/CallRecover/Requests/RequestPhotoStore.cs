using System.Globalization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Requests;

/// <summary>A file sent in the form's photos field, as the endpoint received it (the form is buffered, so its length is real).</summary>
public sealed record PhotoUpload(string? FileName, long Length, Func<Stream> OpenRead);

/// <summary>An upload whose first bytes said what it is.</summary>
public sealed record CheckedPhoto(PhotoUpload Upload, PhotoType Type);

/// <summary>A photo sent with a web request; staff see it on the lead's page.</summary>
public sealed record RequestPhoto
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string WebRequestId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long SizeBytes { get; init; }
    public string StoragePath { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Owner of <c>request_photos</c> and of the files beside the rows ({PhotoPath}/{business}/{id}.{ext}). The request
/// service checks every photo before anything is stored, writes the files before its transaction and removes them
/// when the transaction fails, so a refused or failed request leaves no file behind.
/// </summary>
public sealed class RequestPhotoStore(Db db, IOptions<RequestOptions> options)
{
    private const string Columns = "id, business_id, web_request_id, lead_id, file_name, content_type, size_bytes, storage_path, created_at";

    /// <summary>Checks the photos of one request: how many, each one's size, and its type by its first bytes. Returns the first problem found.</summary>
    public async Task<(IReadOnlyList<CheckedPhoto> Photos, string? Refused)> CheckAsync(IReadOnlyList<PhotoUpload> uploads, CancellationToken ct = default)
    {
        if (uploads.Count > RequestOptions.MaxPhotos) return ([], $"Send at most {RequestOptions.MaxPhotos} photos; you chose {uploads.Count}.");
        var max = options.Value.MaxPhotoBytes;
        var checkedPhotos = new List<CheckedPhoto>();
        foreach (var upload in uploads)
        {
            var name = string.IsNullOrWhiteSpace(upload.FileName) ? "A photo" : $"\"{Path.GetFileName(upload.FileName)}\"";
            if (upload.Length > max) return ([], $"{name} is larger than {Size(max)}; send photos up to {Size(max)} each.");
            if (upload.Length <= 0) return ([], $"{name} is empty.");
            var head = new byte[Photos.HeadLength];
            int read;
            await using (var stream = upload.OpenRead()) read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            if (Photos.TypeOf(head.AsSpan(0, read)) is not { } type) return ([], $"{name} is not a photo we can take. {Photos.Accepted}");
            checkedPhotos.Add(new CheckedPhoto(upload, type));
        }
        return (checkedPhotos, null);
    }

    /// <summary>
    /// Writes the checked photos' files (before the request's transaction) and returns their rows, to be inserted with
    /// <see cref="InsertAsync"/> once the request and lead exist. On failure the files written so far are removed.
    /// </summary>
    public async Task<IReadOnlyList<RequestPhoto>> WriteFilesAsync(string businessId, IReadOnlyList<CheckedPhoto> photos, DateTimeOffset now, CancellationToken ct = default)
    {
        var written = new List<RequestPhoto>();
        if (photos.Count == 0) return written;
        var dir = Path.Combine(options.Value.PhotoPath, Photos.FolderName(businessId));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var p in photos)
            {
                var id = Ids.New();
                var path = Path.Combine(dir, $"{id}.{p.Type.Extension}");
                var photo = new RequestPhoto
                {
                    Id = id, BusinessId = businessId, FileName = Photos.SafeFileName(p.Upload.FileName, p.Type), ContentType = p.Type.ContentType,
                    SizeBytes = p.Upload.Length, StoragePath = path, CreatedAt = now,
                };
                written.Add(photo);
                await using var source = p.Upload.OpenRead();
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                await source.CopyToAsync(file, ct);
            }
            return written;
        }
        catch
        {
            DeleteFiles(written);
            throw;
        }
    }

    /// <summary>Removes the files of photos whose rows were never committed.</summary>
    public static void DeleteFiles(IEnumerable<RequestPhoto> photos)
    {
        foreach (var p in photos)
            if (File.Exists(p.StoragePath)) File.Delete(p.StoragePath);
    }

    public Task InsertAsync(DbTx tx, RequestPhoto p) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO request_photos ({Columns}) VALUES (@Id, @BusinessId, @WebRequestId, @LeadId, @FileName, @ContentType, @SizeBytes, @StoragePath, @CreatedAt)
            """, p, tx.Transaction);

    public async Task<IReadOnlyList<RequestPhoto>> ForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<RequestPhoto>($"SELECT {Columns} FROM request_photos WHERE business_id = @businessId AND lead_id = @leadId ORDER BY created_at, id",
            new { businessId, leadId })];
    }

    public async Task<RequestPhoto?> GetAsync(string businessId, string photoId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RequestPhoto>($"SELECT {Columns} FROM request_photos WHERE business_id = @businessId AND id = @photoId",
            new { businessId, photoId });
    }

    /// <summary>A size as people read it: "10 MB", "512 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{(bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB"
        : $"{(bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture)} KB";
}
