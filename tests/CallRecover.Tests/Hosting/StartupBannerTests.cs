using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Simulator;
using Dapper;

namespace CallRecover.Tests.Hosting;

/// <summary>
/// The demo business and the start-up line's ready sign-in link belong to the default simulator run only: in a real
/// deployment the link would sign anyone who reads the logs in as the demo owner.
/// </summary>
public sealed class StartupBannerTests
{
    [Theory, DatabaseData]
    public async Task RealCarrier_SeedsNoDemoBusiness_AndLogsNoSignInLink(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?>(SimulatorExposureTests.RealCarrier()) { ["SeedDemo"] = "true" });
        app.CreateClient();
        await StartedAsync(app);

        (await app.Service<BusinessStore>().ListAsync()).ShouldBeEmpty();
        (await app.Service<UserStore>().GetByEmailAsync(DemoSeed.OwnerEmail)).ShouldBeNull();
        app.Logs.Lines.ShouldNotContain(l => l.Contains("/login/link", StringComparison.Ordinal));
        app.Logs.Lines.ShouldNotContain(l => l.Contains(DemoSeed.OwnerEmail, StringComparison.Ordinal));
        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM login_tokens")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task SimulatorRun_SeedsTheDemo_AndTheBannerLinkStatesItsConfiguredLifetime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?>
        {
            ["Carrier:Provider"] = "simulator", ["SeedDemo"] = "true", ["SignIn:LinkLifetime"] = "00:07:00",
        });
        app.CreateClient();
        var banner = await StartedAsync(app);

        (await app.Service<BusinessStore>().ListAsync()).ShouldContain(b => b.CarrierNumber == DemoSeed.CarrierNumber);
        banner.ShouldContain("/login/link?token=");
        banner.ShouldContain("7 minutes");
        banner.ShouldNotContain("15 minutes");
    }

    [Theory, DatabaseData]
    public async Task SimulatorRun_WithoutTheDemo_LogsNoLink(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator", ["SeedDemo"] = "false" });
        app.CreateClient();
        (await StartedAsync(app)).ShouldNotContain("/login/link");
        (await app.Service<BusinessStore>().ListAsync()).ShouldBeEmpty();
    }

    /// <summary>The start-up line (logged once the host has started).</summary>
    private static async Task<string> StartedAsync(AppFactory app) =>
        (await Eventually.WaitAsync(() => Task.FromResult(app.Logs.Lines.FirstOrDefault(l => l.Contains("CallRecover is running", StringComparison.Ordinal))),
            l => l is not null, "the start-up line"))!;
}
