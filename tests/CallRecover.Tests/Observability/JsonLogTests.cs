using System.Text.Json;
using CallRecover.Tests.Hosting;

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
}
