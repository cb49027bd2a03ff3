using System.Globalization;

namespace CallRecover.Common;

/// <summary>A photo type recognised by its first bytes, with the extension its file is stored under.</summary>
public sealed record PhotoType(string ContentType, string Extension);

/// <summary>A photo file written by <see cref="Photos.WriteAsync"/>: its new id, where it is, the name it is shown under, its type and real size.</summary>
public sealed record PhotoFile(string Id, string Path, string FileName, string ContentType, long Size);

/// <summary>
/// Photo uploads (job photos, request-form photos): the type comes from the file's signature, never from its name or the
/// browser's declared type, so a text file renamed .jpg is refused.
/// </summary>
public static class Photos
{
    /// <summary>Bytes to read from the start of a file for <see cref="TypeOf"/>.</summary>
    public const int HeadLength = 16;

    public const string Accepted = "Only JPEG, PNG or HEIC photos can be uploaded.";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The type from the file's signature: JPEG (FF D8 FF), PNG (89 'PNG' CR LF 1A LF), HEIC (an ISO box 'ftyp' with a HEIF brand).</summary>
    public static PhotoType? TypeOf(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return new("image/jpeg", "jpg");
        if (head.Length >= 8 && head[..8].SequenceEqual(PngSignature)) return new("image/png", "png");
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            if (brand is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1") return new("image/heic", "heic");
        }
        return null;
    }

    /// <summary>
    /// A file name safe to store and to send back in <c>Content-Disposition</c>: the last path segment, ASCII letters,
    /// digits, '-', '_' and '.', at most 100 characters, with the extension of its real type.
    /// </summary>
    public static string SafeFileName(string? fileName, PhotoType type)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName((fileName ?? "").Replace('\\', '/')));
        var safe = new string([.. stem.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')]).Trim('.');
        if (safe.Length > 96) safe = safe[..96];
        return $"{(safe.Length == 0 ? "photo" : safe)}.{type.Extension}";
    }

    /// <summary>A folder name from a business id (ids are letters and digits; anything else is dropped).</summary>
    public static string FolderName(string businessId) => string.Concat(businessId.Where(char.IsAsciiLetterOrDigit));

    /// <summary>
    /// Checks one upload before anything is stored: its declared size against <paramref name="max"/>, then its type by
    /// the first bytes read from <paramref name="content"/>. Returns the type and the bytes read (for
    /// <see cref="WriteAsync"/> when the stream cannot be read again), or the reason it is refused, naming the file.
    /// </summary>
    public static async Task<(PhotoType? Type, ReadOnlyMemory<byte> Head, string? Refused)> CheckAsync(string? fileName, long declaredSize, Stream content,
        long max, CancellationToken ct = default)
    {
        if (declaredSize > max) return (null, default, TooLarge(fileName, max));
        if (declaredSize <= 0) return (null, default, $"{Named(fileName)} is empty.");
        var head = new byte[HeadLength];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return TypeOf(head.AsSpan(0, read)) is { } type
            ? (type, head.AsMemory(0, read), null)
            : (null, default, $"{Named(fileName)} is not a photo we can take. {Accepted}");
    }

    /// <summary>
    /// Writes a checked photo to {root}/{business}/{new id}.{ext}: <paramref name="head"/> (bytes already read from the
    /// upload, if any), then the rest of <paramref name="content"/>, through a ".part" file renamed when complete. An
    /// upload that turns out larger than <paramref name="max"/> is refused; a refused or failed write leaves no file.
    /// </summary>
    public static async Task<(PhotoFile? File, string? Refused)> WriteAsync(string root, string businessId, string? fileName, PhotoType type,
        ReadOnlyMemory<byte> head, Stream content, long max, CancellationToken ct = default)
    {
        var id = Ids.New();
        var dir = Path.Combine(root, FolderName(businessId));
        Directory.CreateDirectory(dir);
        var final = Path.Combine(dir, $"{id}.{type.Extension}");
        var temp = final + ".part";
        try
        {
            long size = head.Length;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await file.WriteAsync(head, ct);
                var buffer = new byte[81920];
                int n;
                while (size <= max && (n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size <= max) await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            if (size > max) { File.Delete(temp); return (null, TooLarge(fileName, max)); }
            File.Move(temp, final);
            return (new PhotoFile(id, final, SafeFileName(fileName, type), type.ContentType, size), null);
        }
        catch
        {
            Delete(temp);
            Delete(final);
            throw;
        }
    }

    /// <summary>Removes a photo's file if it is there (a row that was never committed, or a write that failed).</summary>
    /// <summary>
    /// A stored photo as an answer: its stored type (never sniffed: nosniff), shown inline under its safe name; 404
    /// naming the photo when the file is gone. The caller has checked who may see it.
    /// </summary>
    public static IResult Serve(HttpContext http, string id, string path, string contentType, string fileName)
    {
        if (!File.Exists(path)) return Problems.Missing("photo", id);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileName = $"\"{fileName}\"" }.ToString();
        // Private to the signed-in user: never kept by a shared cache.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.PhysicalFile(System.IO.Path.GetFullPath(path), contentType);
    }

    public static void Delete(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>A size as people read it: "10 MB", "512 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{(bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB"
        : $"{(bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture)} KB";

    private static string TooLarge(string? fileName, long max) => $"{Named(fileName)} is larger than {Size(max)}; send photos up to {Size(max)} each.";

    private static string Named(string? fileName) => string.IsNullOrWhiteSpace(fileName) ? "The photo" : $"\"{Path.GetFileName(fileName)}\"";
}
