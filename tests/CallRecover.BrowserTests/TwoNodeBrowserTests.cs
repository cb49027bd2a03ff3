using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// Two app processes' worth of hosts (two Kestrel servers) on one PostgreSQL database, as behind a load
/// balancer: a session started on one node works on the other, and what happens on one shows live on the other.
/// </summary>
public sealed class TwoNodeBrowserTests : IAsyncLifetime
{
    private TestDatabase? _db;
    private KestrelApp? _nodeA, _nodeB;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        _nodeA = Start(_db);
        _nodeB = Start(_db);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    private static KestrelApp Start(TestDatabase db)
    {
        var app = new KestrelApp(db);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    [Fact]
    public async Task ASessionFromNodeA_WorksOnNodeB_AndNodeBShowsNodeAsChangesLive()
    {
        var business = await Businesses.CreateAsync(_nodeA!);
        var urlA = _nodeA!.BaseUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var urlB = _nodeB!.BaseUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        await using var contextA = await _browser!.NewContextAsync(new() { BaseURL = urlA });
        var pageA = await BrowserApp.SignInAsync(_nodeA, contextA, urlA, business.OwnerEmail);

        // Same cookie, other node: the Data Protection keys live in the shared database.
        await using var contextB = await _browser.NewContextAsync(new() { BaseURL = urlB });
        var cookies = await contextA.CookiesAsync();
        await contextB.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = urlB }));
        var pageB = await contextB.NewPageAsync();
        await pageB.GotoAsync("/conversations");
        await Assertions.Expect(pageB.Locator("h1")).ToHaveTextAsync("Conversations");
        await BrowserApp.WaitForLiveAsync(pageB);

        // A missed call handled by node A appears on node B's open inbox.
        var thread = await Seed.MissedCallAsync(_nodeA, business.Id, "+19045550177");
        await Assertions.Expect(pageB.Locator($".conversation-item[data-id='{thread.ConversationId}']")).ToBeVisibleAsync(new() { Timeout = 5000 });

        // The owner takes over on node A; node B's thread view shows it at once.
        await pageB.GotoAsync($"/conversations/{thread.ConversationId}");
        await BrowserApp.WaitForLiveAsync(pageB);
        await pageA.GotoAsync($"/conversations/{thread.ConversationId}");
        await pageA.ClickAsync("#take-over");
        await Assertions.Expect(pageB.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "human_active", new() { Timeout = 3000 });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_nodeA is not null) await _nodeA.DisposeAsync();
        if (_nodeB is not null) await _nodeB.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
    }
}
