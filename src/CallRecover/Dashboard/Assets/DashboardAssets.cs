using System.Security.Cryptography;

namespace CallRecover.Dashboard.Assets;

/// <summary>
/// The dashboard's stylesheet, draft-keeping script and icon, embedded in the binary and served from memory with a content-hash
/// version, so they work the same from a build, a publish, the test host or any working directory (static web
/// assets need a wwwroot next to the content root outside Development).
/// </summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType, string Version)> Files = Load();

    /// <summary>The URL to reference from a page, e.g. <c>/assets/dashboard.css?v=1a2b3c4d</c>.</summary>
    public static string Url(string name) => $"/assets/{name}?v={Files[name].Version}";

    public static void MapDashboardAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name, string? v, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
            // A versioned URL never changes content, so browsers may keep it; an unversioned one is revalidated.
            http.Response.Headers.CacheControl = v == file.Version ? "public, max-age=31536000, immutable" : "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(file.Bytes, file.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{file.Version}\""));
        }).AllowAnonymous();

    private static Dictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css; charset=utf-8"), ("drafts.js", "text/javascript; charset=utf-8"), ("favicon.svg", "image/svg+xml") })
        {
            using var stream = assembly.GetManifestResourceStream($"CallRecover.Dashboard.Assets.{name}")
                ?? throw new InvalidOperationException($"Dashboard asset {name} is not embedded.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            files[name] = (bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
        }
        return files;
    }
}
