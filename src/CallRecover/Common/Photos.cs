namespace CallRecover.Common;

/// <summary>A photo type recognised by its first bytes, with the extension its file is stored under.</summary>
public sealed record PhotoType(string ContentType, string Extension);

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
}
