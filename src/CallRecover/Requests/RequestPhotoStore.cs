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
public sealed class RequestPhotoStore(Db db, IOptions<RequestOptions> options) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the photos sent with their requests are removed, rows now and files after the commit.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var theirs = $"business_id = @b AND lead_id {tx.Dialect.InList("leadIds")}";
        var files = (await tx.Connection.QueryAsync<string>($"SELECT storage_path FROM request_photos WHERE {theirs}", s.Args, tx.Transaction)).ToList();
        return [new("request_photos", await s.ExecuteAsync(tx, $"DELETE FROM request_photos WHERE {theirs}")) { Files = files }];
    }

    private const string Columns = "id, business_id, web_request_id, lead_id, file_name, content_type, size_bytes, storage_path, created_at";

    /// <summary>Checks the photos of one request: how many, each one's size, and its type by its first bytes. Returns the first problem found.</summary>
    public async Task<(IReadOnlyList<CheckedPhoto> Photos, string? Refused)> CheckAsync(IReadOnlyList<PhotoUpload> uploads, CancellationToken ct = default)
    {
        if (uploads.Count > RequestOptions.MaxPhotos) return ([], $"Send at most {RequestOptions.MaxPhotos} photos; you chose {uploads.Count}.");
        var checkedPhotos = new List<CheckedPhoto>();
        foreach (var upload in uploads)
        {
            await using var stream = upload.OpenRead();
            var (type, _, refused) = await Photos.CheckAsync(upload.FileName, upload.Length, stream, options.Value.MaxPhotoBytes, ct);
            if (refused is not null) return ([], refused);
            checkedPhotos.Add(new CheckedPhoto(upload, type!));
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
        try
        {
            foreach (var p in photos)
            {
                await using var source = p.Upload.OpenRead();
                var (file, refused) = await Photos.WriteAsync(options.Value.PhotoPath, businessId, p.Upload.FileName, p.Type, default, source, options.Value.MaxPhotoBytes, ct);
                if (file is null) throw new InvalidDataException(refused); // the form is buffered: its length was checked
                written.Add(new RequestPhoto
                {
                    Id = file.Id, BusinessId = businessId, FileName = file.FileName, ContentType = file.ContentType,
                    SizeBytes = file.Size, StoragePath = file.Path, CreatedAt = now,
                });
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
        foreach (var p in photos) Photos.Delete(p.StoragePath);
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
}
