using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallRecover.Common;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Infrastructure;

/// <summary>
/// The real app on the test host, on a real database. Settings can be overridden per test (fake carrier URL,
/// provider choices); a <see cref="FakeClock"/> replaces the system clock when given.
/// </summary>
public sealed class AppFactory(TestDatabase database, FakeClock? clock = null, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    /// <summary>The secret the test hosts encrypt their Data Protection keys with (a test's settings may override it).</summary>
    public const string KeySecret = "test-key-encryption-secret-0123456789abcdef";

    public TestDatabase Database { get; } = database;

    /// <summary>Every log line the app wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("SeedDemo", "false");
        builder.UseSetting("Operator:ApiKey", OperatorKey);
        builder.UseSetting("PublicBaseUrl", "http://localhost");
        builder.UseSetting("Queue:PollInterval", "00:00:00.050");
        // Required on PostgreSQL; on SQLite it keeps tests from writing a secret file beside each database.
        builder.UseSetting("DataProtection:KeyEncryptionSecret", KeySecret);
        // Tests send many texts at one fake instant; the send budget's own tests set theirs (SendBudgetTests).
        builder.UseSetting("SendBudget:DefaultPerSecond", "1000");
        builder.UseSetting("SendBudget:DefaultPerDay", "1000000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (clock is not null)
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>An HTTP client that carries the operator key.</summary>
    public HttpClient OperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        return client;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Serves the app on Kestrel on a free loopback port (real HTTP: connection addresses, request size limits) and
    /// returns its base URL. Call before the first client.
    /// </summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Service<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>Creates a business through the real service with a unique carrier number and owner email.</summary>
    public async Task<Business> CreateBusinessAsync(Func<BusinessInput, BusinessInput>? customize = null)
    {
        var input = TestBusinesses.NewInput();
        if (customize is not null) input = customize(input);
        var result = await Service<BusinessService>().CreateAsync(input, "test");
        if (!result.Ok) throw new InvalidOperationException($"Test business rejected: {result.Conflict} {Json.Serialize(result.Errors)}");
        return result.Business!;
    }
}

public static class TestBusinesses
{
    private static int _next = Random.Shared.Next(1000, 8000);

    /// <summary>
    /// A unique fictional US number (555-01xx range is reserved for fiction; we vary the area code). Area codes not in
    /// service are skipped: libphonenumber rightly refuses them; so are numbers its metadata knows as landlines (some
    /// NANP areas outside the US tell them apart), which a campaign import or a texting rule would rightly refuse; and so
    /// are the numbers the simulator refuses as landlines (a full run hands out thousands, and the counter wraps to 0000).
    /// </summary>
    public static string UniquePhone()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref _next);
            var phone = $"+1{(n % 700) + 201}555{(n % 10000):D4}";
            if (Phone.TryNormalize(phone, out _) && Phone.Kind(phone) != PhoneKind.Landline && !CallRecover.Simulator.SimulatorCarrier.ActsAsLandline(phone))
                return phone;
        }
    }

    public static BusinessInput NewInput() => new()
    {
        Name = "Test HVAC " + Guid.NewGuid().ToString("N")[..6],
        OwnerName = "Olive Owner",
        OwnerEmail = $"owner-{Guid.NewGuid():N}@example.com",
        OwnerPhone = UniquePhone(),
        BusinessPhone = UniquePhone(),
        CarrierNumber = UniquePhone(),
        TimeZone = "America/New_York",
        Vertical = "hvac",
    };

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        await client.PostAsJsonAsync(url, body, Json.Options);
}
