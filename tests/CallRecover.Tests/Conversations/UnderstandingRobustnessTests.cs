using System.Text;
using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// No caller's words may make the understanding throw: a turn that throws leaves the caller unanswered until the team
/// steps in. Every text and transcript of every corpus file, as written and with slips a phone keyboard or a
/// transcriber makes (letters doubled, dropped or swapped, all caps, cut short, punctuation sprayed, digits and
/// accents), is read as a text (for every vertical) and as a voicemail. A mended typo longer than the word it mends
/// threw here once (holdout 9).
/// </summary>
public sealed class UnderstandingRobustnessTests
{
    private static readonly string[] Verticals = ["hvac", "plumbing", "electrical", "auto"];

    private static IEnumerable<string> CorpusTexts() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conversations", "Corpus"), "*.txt")
            .SelectMany(File.ReadLines)
            .Where(l => l.StartsWith("> ", StringComparison.Ordinal))
            .Select(l => l[2..]);

    /// <summary>Deterministic slips of the text (a fixed seed, so a failure repeats).</summary>
    private static IEnumerable<string> Slips(string text, Random random)
    {
        yield return text;
        yield return text.ToUpperInvariant();
        yield return text[..(text.Length / 2)];
        for (var round = 0; round < 3; round++)
        {
            var sb = new StringBuilder(text);
            for (var k = 0; k < 1 + random.Next(4) && sb.Length > 1; k++)
            {
                var i = random.Next(sb.Length);
                switch (random.Next(7))
                {
                    case 0: sb.Insert(i, sb[i]); break;                                   // doubled
                    case 1: sb.Remove(i, 1); break;                                        // dropped
                    case 2 when i + 1 < sb.Length: (sb[i], sb[i + 1]) = (sb[i + 1], sb[i]); break; // swapped
                    case 3: sb.Insert(i, ",.!?-'#/"[random.Next(8)]); break;              // punctuation
                    case 4: sb.Insert(i, (char)('0' + random.Next(10))); break;            // a digit
                    case 5: sb.Insert(i, "ñéáü°½—"[random.Next(7)]); break;               // accents and symbols
                    default: sb.Insert(i, ' '); break;                                     // a space
                }
            }
            yield return sb.ToString();
        }
    }

    [Fact]
    public void NoCorpusTextOrSlipOfIt_MakesTheUnderstandingThrow()
    {
        var random = new Random(20261206);
        var failures = new List<string>();
        var read = 0;
        foreach (var original in CorpusTexts())
            foreach (var text in Slips(original, random))
            {
                var vertical = Verticals[read++ % Verticals.Length];
                var business = ConversationCorpus.BusinessFor(vertical);
                try
                {
                    SmsUnderstanding.Read(text, new UnderstandingContext(DefaultServices.For(vertical), vertical, 1 + read % 12), null);
                    RuleExtractor.Extract(text, new ExtractionContext(null, 2026, business.Name, vertical) { Services = business.Services, Now = DateTimeOffset.UtcNow });
                }
                catch (Exception ex)
                {
                    failures.Add($"{vertical}: {ex.GetType().Name} on \"{text}\"");
                }
            }
        read.ShouldBeGreaterThan(5000);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
    }
}
