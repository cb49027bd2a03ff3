namespace CallRecover.Tests.Hosting;

/// <summary>The committed .env.example is exactly what the code's options classes say (it cannot drift).</summary>
public sealed class SettingsExampleTests
{
    [Fact]
    public async Task TheCommittedEnvExample_IsWhatTheSettingsVerbPrints()
    {
        var run = await AppProcess.RunAsync(["settings", "--example"], []);
        run.ExitCode.ShouldBe(0, run.StdErr);
        var committed = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), ".env.example"));
        run.StdOut.ShouldBe(committed, "run `dotnet src/CallRecover/bin/Debug/net10.0/CallRecover.dll settings --example > .env.example` after changing a setting");
    }

    [Fact]
    public async Task TheExample_ListsEverySection_ShowsSecretsOnlyAsPlaceholders_AndChangesNothingAsIs()
    {
        var text = (await AppProcess.RunAsync(["settings", "--example"], [])).StdOut;
        foreach (var key in new[] { "Database__Provider=sqlite", "Carrier__Provider=simulator", "Queue__Concurrency=16", "Backup__Folder=", "Backup__Keep=7",
                     "Carrier__AuthToken=<secret>", "Operator__ApiKey=<secret>", "Email__Password=<secret>", "Ai__ApiKey=<secret>", "ForwardedHeaders__KnownProxies=" })
            text.ShouldContain("# " + key + "\n");
        text.Split('\n').Where(l => l.Length > 0).ShouldAllBe(l => l.StartsWith('#'), "every line is commented: a copy used as-is changes nothing");
        // Each setting line has its meaning on the line(s) above it.
        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
            if (lines[i].StartsWith("# ", StringComparison.Ordinal) && !lines[i].StartsWith("# ==", StringComparison.Ordinal) && lines[i].Contains('=', StringComparison.Ordinal) && !lines[i][2..].Split('=')[0].Contains(' ', StringComparison.Ordinal))
                lines[i - 1].ShouldNotBe("", $"{lines[i]} has no explanation");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CallRecover.slnx"))) return dir.FullName;
        throw new InvalidOperationException("CallRecover.slnx not found above the test binary.");
    }
}
