using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CallRecover.Tests.Hosting;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Observability;

public sealed class JsonLogTests
{
    [Fact]
    public async Task LogLines_AreJson_WithTheMessagesPropertiesAsFieldsOfTheirOwn_BesideTheCliOutput()
    {
        var run = await AppProcess.RunAsync(["migrate"], new() { ["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}" });
        run.ExitCode.ShouldBe(0, run.StdErr);

        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The verb's own output stays plain text for a person.
        lines.ShouldContain(l => l.EndsWith("schema is current.", StringComparison.Ordinal));
        var logs = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var applied = logs.FirstOrDefault(l => l.TryGetProperty("@m", out var m) && m.GetString()!.StartsWith("Applied migration", StringComparison.Ordinal));
        applied.ValueKind.ShouldBe(JsonValueKind.Object, "a JSON line for each applied migration:\n" + run.StdOut);
        applied.GetProperty("Version").ValueKind.ShouldBe(JsonValueKind.Number, "a number stays a number, not text inside the message");
        applied.GetProperty("Version").GetInt32().ShouldBe(1);
        applied.GetProperty("Name").GetString().ShouldNotBeNullOrEmpty();
        applied.GetProperty("SourceContext").GetString().ShouldBe("CallRecover.Data.Migrator");
        applied.TryGetProperty("@t", out _).ShouldBeTrue("every line has its time");
    }

    /// <summary>
    /// The real binary, serving with its shipped settings: Logging:LogLevel still decides what is written (a logging
    /// library's own filter must not let request logs through, whose paths can carry phone numbers), so a request for a
    /// caller's messages leaves no trace of the number and no debug noise.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // started from another folder: no appsettings.json is read, and request lines must still stay out
    public async Task TheShippedLogLevels_Hold_SoARequestPathWithAPhoneNumberIsNotLogged(bool fromAnotherFolder)
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var folder = fromAnotherFolder ? Directory.CreateTempSubdirectory("callrecover-cwd-").FullName : AppContext.BaseDirectory;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CallRecover.dll"));
        psi.Environment["Urls"] = $"http://127.0.0.1:{port}";
        psi.Environment["PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        psi.Environment["Database__ConnectionString"] = $"Data Source={AppProcess.TempDb()}";
        psi.Environment["SeedDemo"] = "false";
        using var p = Process.Start(psi)!;
        var stdout = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.WaitAsync(async () =>
            {
                try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; } catch (HttpRequestException) { return false; }
            }, "the app is ready", TimeSpan.FromSeconds(60));
            (await http.GetAsync("/simulator/api/phones/+19045550123/messages")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(500);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        string log;
        lock (stdout) log = stdout.ToString();
        log.ShouldContain("CallRecover is running");
        log.ShouldNotContain("5550123", customMessage: "the caller's number in a request log");
        log.ShouldNotContain("\"@l\":\"Debug\"");
        log.ShouldNotContain("\"@l\":\"Verbose\"");
        // A person reads the banner: addresses as they are, not quoted by the logging library.
        log.ShouldNotContain($"\\\"http://127.0.0.1:{port}\\\"");
    }
}
