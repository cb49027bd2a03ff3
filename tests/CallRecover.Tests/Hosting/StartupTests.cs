using System.Diagnostics;
using System.Net;
using CallRecover.Common;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Hosting;

public sealed class StartupTests
{
    [Theory]
    [InlineData("Database__Provider", "mysql", "Database:Provider must be 'sqlite' or 'postgres'")]
    [InlineData("PublicBaseUrl", "not a url", "PublicBaseUrl must be an absolute")]
    [InlineData("Queue__Concurrency", "0", "Concurrency")]
    [InlineData("ForwardedHeaders__KnownProxies", "10.0.0.300", "ForwardedHeaders:KnownProxies (ForwardedHeaders__KnownProxies)")]
    [InlineData("ForwardedHeaders__KnownProxies", "10.0.0.0/40", "'10.0.0.0/40' is not an IP address or CIDR range")]
    public async Task BadSetting_StopsStartUp_WithAMessageNamingTheKey(string key, string value, string message)
    {
        var run = await AppProcess.RunAsync([], new() { [key] = value, ["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}" });
        run.ExitCode.ShouldBe(1);
        run.StdErr.ShouldContain(message);
        run.StdErr.ShouldNotContain("   at ", Case.Sensitive, "a clear message, not a stack trace");
    }

    [Fact]
    public async Task ShortOperatorKey_StopsStartUp_NamingTheKey_WithoutEchoingIt()
    {
        var run = await AppProcess.RunAsync([], new() { ["Operator__ApiKey"] = "short-operator-key", ["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}" });
        run.ExitCode.ShouldBe(1);
        run.StdErr.ShouldContain("Operator:ApiKey (Operator__ApiKey) must be at least 24 characters");
        (run.StdErr + run.StdOut).ShouldNotContain("short-operator-key");
    }

    [Fact]
    public async Task PostgresWithoutConnectionString_IsRejected_NamingTheKey()
    {
        var run = await AppProcess.RunAsync(["migrate"], new() { ["Database__Provider"] = "postgres", ["Database__ConnectionString"] = "" });
        run.ExitCode.ShouldBe(1);
        run.StdErr.ShouldContain("Database:ConnectionString is required");
    }

    [Fact]
    public async Task CliVerbs_MigrateAddAndListBusinesses()
    {
        var env = new Dictionary<string, string?> { ["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}" };
        var help = await AppProcess.RunAsync(["--help"], env);
        help.ExitCode.ShouldBe(0);
        help.StdOut.ShouldContain("migrate");
        help.StdOut.ShouldContain("business");

        var migrate = await AppProcess.RunAsync(["migrate"], env);
        migrate.ExitCode.ShouldBe(0, migrate.StdErr);
        migrate.StdOut.ShouldContain("schema is current");

        var add = await AppProcess.RunAsync(["business", "add", "--name", "Bayside Auto", "--owner-name", "Sam", "--owner-email", "sam@bayside.example",
            "--owner-phone", "904-555-0150", "--business-phone", "904-555-0151", "--carrier-number", "(904) 555-0152", "--vertical", "auto"], env);
        add.ExitCode.ShouldBe(0, add.StdErr);
        add.StdOut.ShouldContain("+19045550152");

        var bad = await AppProcess.RunAsync(["business", "add", "--name", "X", "--owner-name", "Y", "--owner-email", "y@example.com",
            "--owner-phone", "garbage", "--business-phone", "904-555-0161", "--carrier-number", "904-555-0162"], env);
        bad.ExitCode.ShouldBe(2);
        bad.StdErr.ShouldContain("ownerPhone");

        var list = await AppProcess.RunAsync(["business", "list"], env);
        list.ExitCode.ShouldBe(0);
        list.StdOut.ShouldContain("Bayside Auto");
        list.StdOut.ShouldNotContain(" X\n");
    }

    [Theory, DatabaseData]
    public async Task Ready_IsHealthy_WhenDatabaseMigratedAndWorkersRun(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.WaitAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready");
        (await client.GetStringAsync("/health/ready")).ShouldContain("migrations current");
    }

    [Theory, DatabaseData]
    public async Task DemoBusiness_IsSeededOnlyIntoAnEmptyDatabase(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["SeedDemo"] = "true" }))
        {
            app.CreateClient();
            var all = await app.Service<BusinessStore>().ListAsync();
            // The demo HVAC business, plus the demo mobile mechanic that shows the answered-call/quote flow (issue 7).
            all.Count.ShouldBe(2);
            var demo = all.Single(b => b.CarrierNumber == DemoSeed.CarrierNumber);
            demo.Vertical.ShouldBe("hvac");
            demo.TimeZone.ShouldBe("America/New_York");
            demo.BusinessHours["monday"].ShouldBe(new DayHours("08:00", "17:00"));
            demo.BusinessHours["saturday"].ShouldBeNull();
            (await app.Service<UserStore>().GetByEmailAsync(DemoSeed.OwnerEmail))!.Role.ShouldBe(Roles.Owner);
        }
        await using (var again = new AppFactory(db, settings: new Dictionary<string, string?> { ["SeedDemo"] = "true" }))
        {
            again.CreateClient();
            (await again.Service<BusinessStore>().ListAsync()).Count.ShouldBe(2, "a restart keeps the data and seeds nothing new");
        }
    }
}

/// <summary>Runs the real app binary as a separate process (start-up errors and CLI verbs are process behaviour).</summary>
public static class AppProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static string TempDb()
    {
        var dir = Path.Combine(Path.GetTempPath(), "callrecover-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{Guid.NewGuid():N}.db");
    }

    public static async Task<Result> RunAsync(string[] args, Dictionary<string, string?> env)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CallRecover.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SeedDemo"] = "false";
        psi.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw new TimeoutException($"app did not exit: {string.Join(' ', args)}"); }
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
