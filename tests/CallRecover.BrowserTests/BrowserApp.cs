using System.Text.RegularExpressions;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The real app on Kestrel (loopback, a free port) on a fresh SQLite database.</summary>
public sealed class KestrelApp(TestDatabase database) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        builder.UseSetting("SeedDemo", "false");
        builder.UseSetting("Queue:PollInterval", "00:00:00.050");
        builder.UseSetting("PublicBaseUrl", "http://127.0.0.1");
        // Required on PostgreSQL (the two-node test shares it, as real nodes must).
        builder.UseSetting("DataProtection:KeyEncryptionSecret", "browser-test-key-encryption-secret-0123456789");
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public string BaseUrl => Service<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}

/// <summary>
/// One app and one headless Chromium (Debian's) for a test class; each test gets its own businesses and
/// browser contexts, so tests do not see each other's sessions.
/// </summary>
public sealed partial class BrowserApp : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private TestDatabase? _db;

    public KestrelApp App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Screenshots go to a temp folder, never into the repository.</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "callrecover-browser-shots")).FullName;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        App = new KestrelApp(_db);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.BaseUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
        CspViolations.ShouldBeEmpty("no page may break the Content-Security-Policy");
    }

    public Task<Business> CreateBusinessAsync() => Businesses.CreateAsync(App);

    /// <summary>What Chromium refused under the app's Content-Security-Policy (checked when the fixture is disposed).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CspViolations { get; } = new();

    public async Task<IBrowserContext> NewContextAsync(int width = 390, int height = 844)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        // A blocked script or style would break a page (Blazor's interactivity first) while the test may still pass.
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))");
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                CspViolations.Enqueue($"{message.Page?.Url}: {message.Text}");
        };
        return context;
    }

    public Task<IPage> SignInAsync(IBrowserContext context, string email) => SignInAsync(App, context, BaseUrl, email);

    /// <summary>Signs in like an owner: the login form, the link from the emailed message, the confirm button.</summary>
    public static async Task<IPage> SignInAsync(KestrelApp app, IBrowserContext context, string baseUrl, string email, string? landing = null)
    {
        var page = await context.NewPageAsync();
        async Task<List<StoredEmail>> LinksAsync() => [.. (await app.Service<EmailOutbox>().RecentAsync(email)).Where(m => m.Purpose == "login_link")];
        var before = (await LinksAsync()).Count;
        await page.GotoAsync("/login");
        await page.FillAsync("#email", email);
        await page.ClickAsync("#send-link");
        await page.Locator("#link-sent").WaitForAsync();
        // The email is queued by a work item a moment after the answer (the same answer and work for every address).
        var mail = (await Eventually.WaitAsync(LinksAsync, l => l.Count > before, "the sign-in email"))[0];
        var token = LinkToken().Match(mail.TextBody).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        await page.GotoAsync($"/login/link?token={token}");
        await page.ClickAsync("#confirm-sign-in");
        try { await WaitForLoadedAsync(page, landing ?? baseUrl + "/"); }
        catch (TimeoutException ex)
        {
            // Say where the sign-in ended up instead of only that it timed out.
            var text = await page.InnerTextAsync("body");
            throw new TimeoutException($"sign-in did not reach the overview: at {page.Url}: {text[..Math.Min(400, text.Length)]}", ex);
        }
        return page;
    }

    /// <summary>
    /// Waits until the page shows <paramref name="url"/> and that document has loaded (readyState "complete", set
    /// as "load" fires), checked inside the browser. Not with Playwright .NET's WaitForURLAsync/WaitForLoadStateAsync:
    /// they look at the load states they know on the caller's thread and only then subscribe to the event another
    /// thread delivers, so a "load" arriving in between is never seen and the wait times out on a page that loaded
    /// long ago (microsoft/playwright-dotnet#3364; about 1 wait in 2,000 on a busy machine). WaitUntil = Commit
    /// does not avoid it: on a URL that already matches they wait for "load" anyway (#3365).
    /// </summary>
    public static async Task WaitForLoadedAsync(IPage page, string url) =>
        await (await page.WaitForFunctionAsync("url => location.href === url && document.readyState === 'complete'", url)).DisposeAsync();

    /// <summary>
    /// Waits until the page runs live on its Blazor circuit (an interactive page marks its heading once it is), so
    /// nothing published after this is missed.
    /// </summary>
    public static Task WaitForLiveAsync(IPage page) =>
        page.Locator("h1[data-live='on']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// A screenshot of a page at phone width for docs/screenshots (scripts/screenshots.sh copies the
    /// <c>page-390-*.png</c> files there); at other widths nothing is taken.
    /// </summary>
    public static async Task PageShotAsync(IPage page, string name)
    {
        if (page.ViewportSize?.Width != 390) return;
        // The whole page, cut at 2,600 px: enough to see what a page is, small enough to keep in the repository.
        var height = Math.Min(2600, await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"));
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDir, $"page-390-{name}.png"), FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = 390, Height = height },
        });
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    [GeneratedRegex(@"/login/link\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkToken();
}

public static class Businesses
{
    private static int _next = Random.Shared.Next(1000, 8000);

    public static async Task<Business> CreateAsync(KestrelApp app)
    {
        var n = Interlocked.Increment(ref _next);
        var result = await app.Service<BusinessService>().CreateAsync(new BusinessInput
        {
            Name = $"Browser HVAC {n}", OwnerName = "Olive Owner", OwnerEmail = $"owner-{Guid.NewGuid():N}@example.com",
            OwnerPhone = $"+1904555{n:D4}", BusinessPhone = $"+1905555{n:D4}", CarrierNumber = $"+1906555{n:D4}",
            TimeZone = "America/New_York", Vertical = "hvac",
        }, "test");
        return result.Business ?? throw new InvalidOperationException($"test business rejected: {result.Conflict}");
    }
}
