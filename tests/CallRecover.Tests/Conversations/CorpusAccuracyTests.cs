using System.Text;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// The built-in engine against the corpus of realistic conversations: per-field accuracy is printed (run with
/// <c>--logger "console;verbosity=detailed"</c>) and must reach 90 % overall, with every emergency and every
/// opt-out caught.
/// </summary>
public sealed class CorpusAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void BuiltInEngine_ReachesAccuracyTargets_OnTheCorpus() => Measure("conversations.txt", 60);

    /// <summary>Conversations written after the rules were frozen: the figure that predicts real-world accuracy.</summary>
    [Fact]
    public void BuiltInEngine_ReachesAccuracyTargets_OnTheHoldoutSet() => Measure("holdout.txt", 20);

    private void Measure(string file, int atLeast)
    {
        var corpus = ConversationCorpus.Load(file);
        corpus.Count.ShouldBeGreaterThanOrEqualTo(atLeast);
        var perKey = new SortedDictionary<string, (int Right, int Total)>();
        var misses = new StringBuilder();
        int emergencies = 0, emergenciesCaught = 0, optOuts = 0, optOutsCaught = 0, falseEmergencies = 0;
        foreach (var c in corpus)
        {
            var r = ConversationCorpus.Run(c);
            foreach (var (key, expected) in c.Expected)
            {
                var actual = ConversationCorpus.Actual(r, key);
                var ok = ConversationCorpus.Same(key, expected, actual);
                var (hits, count) = perKey.GetValueOrDefault(key);
                perKey[key] = (hits + (ok ? 1 : 0), count + 1);
                if (!ok) misses.AppendLine($"  {c.Id} {key}: expected '{expected}', got '{actual}'");
            }
            if (c.Expected.GetValueOrDefault("emergency") == "yes") { emergencies++; if (r.Emergency) emergenciesCaught++; }
            else if (r.Emergency) { falseEmergencies++; misses.AppendLine($"  {c.Id} emergency: not expected, engine raised one"); }
            if (c.Expected.GetValueOrDefault("optout") == "yes") { optOuts++; if (r.OptOut) optOutsCaught++; }
        }
        var right = perKey.Values.Sum(v => v.Right);
        var total = perKey.Values.Sum(v => v.Total);
        var report = new StringBuilder();
        report.AppendLine($"Built-in engine on {corpus.Count} conversations ({file}):");
        foreach (var (key, (r, t)) in perKey) report.AppendLine($"  {key,-10} {r,3}/{t,-3} {100.0 * r / t,6:F1} %");
        report.AppendLine($"  {"all fields",-10} {right,3}/{total,-3} {100.0 * right / total,6:F1} %");
        report.AppendLine($"  emergencies caught {emergenciesCaught}/{emergencies}, false emergencies {falseEmergencies}, opt-outs caught {optOutsCaught}/{optOuts}");
        if (misses.Length > 0) report.AppendLine("Misses:").Append(misses);
        output.WriteLine(report.ToString());
        Console.WriteLine(report.ToString());

        (100.0 * right / total).ShouldBeGreaterThanOrEqualTo(90.0, report.ToString());
        emergenciesCaught.ShouldBe(emergencies, report.ToString());
        optOutsCaught.ShouldBe(optOuts, report.ToString());
        emergencies.ShouldBeGreaterThan(0);
        optOuts.ShouldBeGreaterThan(0);
    }
}
