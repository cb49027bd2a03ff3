namespace CallRecover.Common;

/// <summary>A request body read as UTF-8 text with a size limit (CSV imports); a byte-order mark from Excel is dropped.</summary>
public static class TextBody
{
    /// <summary>The body as text, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
    }

    /// <summary>True when the request says it carries CSV (text/csv, or text/plain from tools that know no better).</summary>
    public static bool IsCsv(HttpRequest request) =>
        (request.ContentType ?? "") is var type
        && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
}
