using CallRecover.Hosting;

namespace CallRecover.BenchShared;

/// <summary>
/// The app as the benchmark programs run it: on a fresh SQLite file in a temporary folder, or on the PostgreSQL given
/// with <c>--postgres</c>; no demo data, the durable queue off unless a bench turns it on (queued work is not what most
/// measure), files (recordings, photos) in the temporary folder, warnings only, Kestrel on a free loopback port.
/// <c>settings</c> add to or override these. Linked into each bench project.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly string _dataDir;

    private BenchHost(WebApplication app, string dataDir) => (App, _dataDir) = (app, dataDir);

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    public string BaseUrl => App.Urls.First();

    public static async Task<BenchHost> StartAsync(string name, string? postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"callrecover-{name}-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres is null ? "sqlite" : "postgres",
            ["Database:ConnectionString"] = postgres ?? $"Data Source={Path.Combine(dataDir, "bench.db")}",
            ["SeedDemo"] = "false",
            ["PublicBaseUrl"] = "http://127.0.0.1",
            ["Queue:Enabled"] = "false",
            ["Recordings:Path"] = Path.Combine(dataDir, "recordings"),
            ["Jobs:PhotoPath"] = Path.Combine(dataDir, "job-photos"),
            ["Requests:PhotoPath"] = Path.Combine(dataDir, "request-photos"),
            ["Logging:LogLevel:Default"] = "Warning",
            // A load generator on one address: the per-IP limits would measure 429s.
            ["RateLimits:Enabled"] = "false",
            ["DataProtection:KeyEncryptionSecret"] = "bench-key-encryption-secret-0123456789abcdef",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCallRecover();
        var app = builder.Build();
        app.MapCallRecover();
        await app.StartAsync();
        return new BenchHost(app, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
