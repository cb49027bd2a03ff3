using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CallRecover.Hosting;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Hosting;

/// <summary>
/// The container recipe (Dockerfile, deploy/compose.yaml) cannot run here: no images can be pulled. What it relies on is
/// checked instead: the published output serves and is healthy, its health verb works, and every setting the recipe
/// sets is a real one.
/// </summary>
public sealed partial class DeployRecipeTests
{
#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    [Fact]
    public async Task ThePublishedApp_StartsOnAnEmptyVolume_ServesTheDashboardAssets_AndPassesItsHealthCheck()
    {
        var output = Directory.CreateTempSubdirectory("callrecover-publish-").FullName;
        // Publishes the build the tests already made (--no-build, same configuration): the recipe's `dotnet publish -c Release`
        // differs only in compiler optimisation, and compiling the app again here cost two CPU-minutes of every suite run.
        var publish = await RunAsync("dotnet", ["publish", Path.Combine(SettingsExampleTests.RepoRoot(), "src", "CallRecover", "CallRecover.csproj"), "-c", BuildConfiguration, "--no-build", "-o", output], null, TimeSpan.FromMinutes(5));
        publish.ExitCode.ShouldBe(0, publish.Output);
        var data = Directory.CreateTempSubdirectory("callrecover-volume-").FullName;
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["Urls"] = $"http://+:{port}", ["Database__ConnectionString"] = $"Data Source={Path.Combine(data, "callrecover.db")}",
            ["Recordings__Path"] = Path.Combine(data, "recordings"), ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        var psi = Start(Path.Combine(output, "CallRecover.dll"), [], env);
        using var app = Process.Start(psi)!;
        app.BeginOutputReadLine(); // drained, so a chatty app never blocks on a full pipe
        app.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.WaitAsync(async () => { try { return (await http.GetAsync("/health/ready")).StatusCode; } catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; } },
                s => s == HttpStatusCode.OK, "the published app to be ready (migrations ran at start)", TimeSpan.FromSeconds(60));
            (await http.GetAsync("/_framework/blazor.web.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync("/login")).StatusCode.ShouldBe(HttpStatusCode.OK);

            // The image's HEALTHCHECK: the health verb, on the container's own Urls.
            var check = await RunAsync("dotnet", [Path.Combine(output, "CallRecover.dll"), "health"], env, TimeSpan.FromSeconds(60));
            check.ExitCode.ShouldBe(0, check.Output);
            // The settings example works from the published output (the XML docs ship with it).
            var example = await RunAsync("dotnet", [Path.Combine(output, "CallRecover.dll"), "settings", "--example"], null, TimeSpan.FromSeconds(60));
            example.Output.ShouldBe(await File.ReadAllTextAsync(Path.Combine(SettingsExampleTests.RepoRoot(), ".env.example")));
        }
        finally
        {
            app.Kill(true);
            await app.WaitForExitAsync();
        }
        var down = await RunAsync("dotnet", [Path.Combine(output, "CallRecover.dll"), "health", "--url", $"http://127.0.0.1:{port}/health/ready"], null, TimeSpan.FromSeconds(60));
        down.ExitCode.ShouldBe(1, "a stopped app fails the health check");
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public async Task TheRecipe_SetsOnlyRealSettings_RunsAsNonRoot_AndChecksReadiness()
    {
        var root = SettingsExampleTests.RepoRoot();
        var example = await File.ReadAllTextAsync(Path.Combine(root, ".env.example"));
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(root, "Dockerfile"));
        var compose = await File.ReadAllTextAsync(Path.Combine(root, "deploy", "compose.yaml"));
        var keys = SettingKey().Matches(dockerfile + "\n" + compose).Select(m => m.Groups[1].Value).Distinct().ToList();
        keys.Count.ShouldBeGreaterThan(6);
        foreach (var key in keys) example.ShouldContain($"# {key}=", Case.Sensitive, $"{key} is set by the recipe but is no setting of CallRecover");
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("""HEALTHCHECK""");
        dockerfile.ShouldContain("""CMD ["dotnet", "CallRecover.dll", "health"]""");
        dockerfile.ShouldContain("""ENTRYPOINT ["dotnet", "CallRecover.dll"]""");
        compose.ShouldContain("ForwardedHeaders__KnownProxies: 172.28.0.10");
        compose.ShouldContain("ipv4_address: 172.28.0.10");
        (await File.ReadAllTextAsync(Path.Combine(root, "deploy", "Caddyfile"))).ShouldContain("lb_policy cookie");
    }

    [Theory]
    [InlineData(null, "http://localhost:5080/health/ready")]
    [InlineData("http://+:8080", "http://localhost:8080/health/ready")]
    [InlineData("http://*:8080;https://+:8443", "http://localhost:8080/health/ready")]
    [InlineData("http://0.0.0.0:80/", "http://localhost:80/health/ready")]
    [InlineData("http://[::]:8080", "http://localhost:8080/health/ready")]
    [InlineData("http://10.0.0.5:8080", "http://10.0.0.5:8080/health/ready")]
    public void TheHealthVerb_AsksTheFirstListeningUrl_OnLocalhostForAWildcard(string? urls, string expected) =>
        Cli.ReadinessUrl(urls).ShouldBe(expected);

    [GeneratedRegex(@"(?m)^\s*(?:ENV\s+)?([A-Z][A-Za-z]+__[A-Za-z]+|Urls|ASPNETCORE_ENVIRONMENT)\s*[:=]")]
    private static partial Regex SettingKey();

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static ProcessStartInfo Start(string dll, string[] args, Dictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        return psi;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] args, Dictionary<string, string>? env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
