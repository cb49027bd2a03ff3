using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CallRecover.Extraction;
using CallRecover.Leads;

namespace CallRecover.Tests.Conversations;

/// <summary>One voicemail of the off-script corpus: the transcript and what a person listening would record.</summary>
public sealed record CorpusVoicemail(string Id, string Vertical, DateTimeOffset At, string Transcript, IReadOnlyDictionary<string, string> Expected);

/// <summary>
/// The off-script corpus of issue #15 (conversations and voicemail transcripts written to break the engine), measured
/// per field on the tuning set and on the holdout separately, with the emergency and opt-out flags as a confusion count.
/// Prints the table; run it with
/// <c>dotnet test tests/CallRecover.Tests --filter "FullyQualifiedName~OffScriptCorpus" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed partial class OffScriptCorpusTests(ITestOutputHelper output)
{
    public const string ConversationsTuning = "offscript-tuning.txt", ConversationsHoldout = "offscript-holdout.txt",
        VoicemailsTuning = "voicemails-tuning.txt", VoicemailsHoldout = "voicemails-holdout.txt",
        // Holdout 2: written on 2026-12-04 by someone who never saw the engine's rules, after the first holdout had been
        // read while tuning (so that one now counts as spent). Spent in its turn on 2026-12-05 when a third holdout was
        // written: its misses are printed with the first holdout's, and it is tuning data now.
        ConversationsHoldout2 = "offscript-holdout2.txt", VoicemailsHoldout2 = "voicemails-holdout2.txt",
        // Holdout 3: written blind on 2026-12-05 (81 conversations, 24 transcripts) once holdout 2 had been read while
        // tuning. Spent on 2026-12-06 when a fourth holdout was written elsewhere: its misses are printed with the other
        // spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout3 = "offscript-holdout3.txt", VoicemailsHoldout3 = "voicemails-holdout3.txt",
        // Holdout 4: written blind on 2026-12-06 (74 conversations, 24 transcripts) when holdout 3 was spent on tuning.
        // Spent in its turn on 2026-12-06 when a fifth holdout was written blind elsewhere: its misses are printed with
        // the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout4 = "offscript-holdout4.txt", VoicemailsHoldout4 = "voicemails-holdout4.txt",
        // Holdout 5: written blind on 2026-12-06 (80 conversations, 28 transcripts) by an author who never read the
        // engine's rules. Spent in its turn on 2026-12-06 when a sixth holdout was written blind elsewhere: its misses
        // are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout5 = "offscript-holdout5.txt", VoicemailsHoldout5 = "voicemails-holdout5.txt",
        // Holdout 6: written blind on 2026-12-06 (80 conversations, 28 transcripts) by an author who read only the
        // corpus format, never the engine's rules. Spent in its turn on 2026-12-06 when a seventh holdout was written blind
        // elsewhere: its misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout6 = "offscript-holdout6.txt", VoicemailsHoldout6 = "voicemails-holdout6.txt",
        // Holdout 7: written blind on 2026-12-06 (91 conversations, 31 transcripts) by an author who read only the tuning
        // files for the format, never the engine's rules. Spent in its turn on 2026-12-06 when an eighth holdout was written
        // blind elsewhere: its misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout7 = "offscript-holdout7.txt", VoicemailsHoldout7 = "voicemails-holdout7.txt",
        // Holdout 8: written blind on 2026-12-06 (97 conversations, 32 transcripts) by an author who read only the tuning
        // files for the format, never the engine's rules. Spent in its turn on 2026-12-06 when a ninth holdout was written
        // blind elsewhere: its misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout8 = "offscript-holdout8.txt", VoicemailsHoldout8 = "voicemails-holdout8.txt",
        // Holdout 9: written blind on 2026-12-06 (110 conversations, 38 transcripts) by an author who read only the tuning
        // files for the format, never the engine's rules. Spent in its turn on 2026-12-06 when a tenth holdout was written
        // blind elsewhere: its misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout9 = "offscript-holdout9.txt", VoicemailsHoldout9 = "voicemails-holdout9.txt",
        // Holdout 10: written blind on 2026-12-06 (125 conversations, 45 transcripts) by an author who read only the tuning
        // files for the format (and how the corpus compares values), never the engine's rules. Spent in its turn on 2026-12-06
        // when an eleventh holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout10 = "offscript-holdout10.txt", VoicemailsHoldout10 = "voicemails-holdout10.txt",
        // Holdout 11: written blind on 2026-12-06 (135 conversations, 43 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-06
        // when a twelfth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout11 = "offscript-holdout11.txt", VoicemailsHoldout11 = "voicemails-holdout11.txt",
        // Holdout 12: written blind on 2026-12-06 (133 conversations, 44 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a thirteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout12 = "offscript-holdout12.txt", VoicemailsHoldout12 = "voicemails-holdout12.txt",
        // Holdout 13: written blind on 2026-12-07 (140 conversations, 46 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a fourteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout13 = "offscript-holdout13.txt", VoicemailsHoldout13 = "voicemails-holdout13.txt",
        // Holdout 14: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a fifteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout14 = "offscript-holdout14.txt", VoicemailsHoldout14 = "voicemails-holdout14.txt",
        // Holdout 15: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a sixteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout15 = "offscript-holdout15.txt", VoicemailsHoldout15 = "voicemails-holdout15.txt",
        // Holdout 16: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a seventeenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout16 = "offscript-holdout16.txt", VoicemailsHoldout16 = "voicemails-holdout16.txt",
        // Holdout 17: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when an eighteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout17 = "offscript-holdout17.txt", VoicemailsHoldout17 = "voicemails-holdout17.txt",
        // Holdout 18: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a nineteenth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout18 = "offscript-holdout18.txt", VoicemailsHoldout18 = "voicemails-holdout18.txt",
        // Holdout 19: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a twentieth holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout19 = "offscript-holdout19.txt", VoicemailsHoldout19 = "voicemails-holdout19.txt",
        // Holdout 20: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a twenty-first holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout20 = "offscript-holdout20.txt", VoicemailsHoldout20 = "voicemails-holdout20.txt",
        // Holdout 21: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules. Spent in its turn on 2026-12-07
        // when a twenty-second holdout was written blind elsewhere: its misses are printed with the other spent holdouts'
        // (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout21 = "offscript-holdout21.txt", VoicemailsHoldout21 = "voicemails-holdout21.txt",
        // Holdout 22: written blind on 2026-12-07 (145 conversations, 48 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules, and whose report named nothing
        // of what is in it. Spent in its turn on 2026-12-07 when a twenty-third holdout was written blind elsewhere: its
        // misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout22 = "offscript-holdout22.txt", VoicemailsHoldout22 = "voicemails-holdout22.txt",
        // Holdout 23: written blind on 2026-12-07 (160 conversations, 52 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules, and whose report named nothing
        // of what is in it. Spent in its turn on 2026-12-07 when a twenty-fourth holdout was written blind elsewhere: its
        // misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout23 = "offscript-holdout23.txt", VoicemailsHoldout23 = "voicemails-holdout23.txt",
        // Holdout 24: written blind on 2026-12-07 (160 conversations, 52 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules, and whose report named nothing
        // of what is in it. Spent in its turn on 2026-12-07 when a twenty-fifth holdout was written blind elsewhere: its
        // misses are printed with the other spent holdouts' (PrintsPerFieldAccuracy), and it is tuning data now.
        ConversationsHoldout24 = "offscript-holdout24.txt", VoicemailsHoldout24 = "voicemails-holdout24.txt",
        // Holdout 25: written blind on 2026-12-07 (160 conversations, 52 transcripts) by an author who read only the tuning
        // files for the format and how the corpus compares values, never the engine's rules, and whose report named nothing
        // of what is in it. Only its figures are printed (PrintsHoldout25Accuracy), never its misses.
        ConversationsHoldout25 = "offscript-holdout25.txt", VoicemailsHoldout25 = "voicemails-holdout25.txt";

    /// <summary>Per field: right and total; flags: expected yes and caught, raised without being expected.</summary>
    public sealed class Score
    {
        public SortedDictionary<string, (int Right, int Total)> Fields { get; } = [];
        public int Emergencies, EmergenciesCaught, FalseEmergencies, OptOuts, OptOutsCaught, FalseOptOuts, Cases;
        public List<string> Misses { get; } = [];

        public void Field(string id, string key, string expected, string? actual)
        {
            var ok = ConversationCorpus.Same(key, expected, actual);
            var (r, t) = Fields.GetValueOrDefault(key);
            Fields[key] = (r + (ok ? 1 : 0), t + 1);
            if (!ok) Misses.Add($"{id} {key}: expected '{expected}', got '{actual}'");
        }

        public void Flags(string id, IReadOnlyDictionary<string, string> expected, bool emergency, bool optOut)
        {
            if (expected.GetValueOrDefault("emergency") == "yes") { Emergencies++; if (emergency) EmergenciesCaught++; else Misses.Add($"{id} emergency MISSED"); }
            else if (emergency) { FalseEmergencies++; Misses.Add($"{id} FALSE emergency"); }
            if (expected.GetValueOrDefault("optout") == "yes") { OptOuts++; if (optOut) OptOutsCaught++; else Misses.Add($"{id} opt-out MISSED"); }
            else if (optOut) { FalseOptOuts++; Misses.Add($"{id} FALSE opt-out"); }
        }

        public double Percent(string key) => Fields.TryGetValue(key, out var f) && f.Total > 0 ? 100.0 * f.Right / f.Total : 100.0;
    }

    public static Score MeasureConversations(string file)
    {
        var score = new Score();
        foreach (var c in ConversationCorpus.Load(file))
        {
            score.Cases++;
            var r = ConversationCorpus.Run(c);
            foreach (var (key, expected) in c.Expected)
                if (key is not ("emergency" or "optout")) score.Field(c.Id, key, expected, ConversationCorpus.Actual(r, key));
            score.Flags(c.Id, c.Expected, r.Emergency, r.OptOut);
        }
        return score;
    }

    public static Score MeasureVoicemails(string file)
    {
        var score = new Score();
        foreach (var v in LoadVoicemails(file))
        {
            score.Cases++;
            var business = ConversationCorpus.BusinessFor(v.Vertical);
            var context = new ExtractionContext(null, v.At.Year, business.Name, v.Vertical) { Services = business.Services, Now = v.At };
            var result = RuleExtractor.Extract(v.Transcript, context);
            var understood = RuleExtractor.Understand(v.Transcript, context);
            foreach (var (key, expected) in v.Expected)
            {
                if (key is "emergency" or "optout") continue;
                var actual = key switch
                {
                    "name" => result.Value(FieldNames.Name),
                    "address" => result.Value(FieldNames.Address),
                    "service" => result.Value(FieldNames.Service) ?? result.Value(FieldNames.Problem),
                    "urgency" => result.Value(FieldNames.Urgency) ?? Urgencies.Unknown,
                    "time" => result.Value(FieldNames.PreferredTime),
                    // A message left for someone else, or to say no thanks, is read as the SMS engine reads a text.
                    "closed" => understood.WrongNumber ? "wrong_number" : understood.NotInterested ? "not_interested" : "no",
                    _ => throw new InvalidOperationException($"Unknown voicemail key '{key}'."),
                };
                score.Field(v.Id, key, expected, actual);
            }
            // A voicemail asking not to be contacted is an opt-out the recording step records (RecordedCallProcessor reads it so).
            score.Flags(v.Id, v.Expected, result.Value(FieldNames.Urgency) == Urgencies.Emergency, understood.OptOut);
        }
        return score;
    }

    public static IReadOnlyList<CorpusVoicemail> LoadVoicemails(string file)
    {
        var list = new List<CorpusVoicemail>();
        string? id = null, vertical = null, transcript = null;
        DateTimeOffset at = default;
        var expected = new Dictionary<string, string>();
        void Flush()
        {
            if (id is not null) list.Add(new CorpusVoicemail(id, vertical!, at, transcript ?? "", expected));
            id = null;
        }
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Conversations", "Corpus", file)))
        {
            var header = HeaderRx().Match(line);
            if (header.Success)
            {
                Flush();
                (id, vertical, transcript, expected) = (header.Groups[1].Value, header.Groups[2].Value, null, []);
                at = DateTimeOffset.ParseExact(header.Groups[3].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddHours(15);
            }
            else if (line.StartsWith("> ", StringComparison.Ordinal) && id is not null) transcript = line[2..];
            else if (line.StartsWith("= ", StringComparison.Ordinal) && id is not null)
                foreach (var kv in line[2..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    expected[kv[..kv.IndexOf(':')].Trim()] = kv[(kv.IndexOf(':') + 1)..].Trim();
        }
        Flush();
        return list;
    }

    /// <summary>The table of the README: per field, tuning and holdout side by side; then the flags.</summary>
    public static string Table(string title, Score tuning, Score holdout)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{title}: tuning {tuning.Cases} / holdout {holdout.Cases}");
        sb.AppendLine($"  {"field",-10} {"tuning",16} {"holdout",16}");
        static string Cell(Score s, string key) => s.Fields.TryGetValue(key, out var f) ? $"{f.Right}/{f.Total} {100.0 * f.Right / f.Total,5:F1} %" : "-";
        foreach (var key in tuning.Fields.Keys.Union(holdout.Fields.Keys).Order(StringComparer.Ordinal))
            sb.AppendLine($"  {key,-10} {Cell(tuning, key),16} {Cell(holdout, key),16}");
        static string Flags(Score s) =>
            $"emergencies caught {s.EmergenciesCaught}/{s.Emergencies}, false {s.FalseEmergencies}; opt-outs caught {s.OptOutsCaught}/{s.OptOuts}, false {s.FalseOptOuts}";
        sb.AppendLine($"  tuning:  {Flags(tuning)}");
        sb.AppendLine($"  holdout: {Flags(holdout)}");
        return sb.ToString();
    }

    [Fact]
    public void PrintsPerFieldAccuracy_ForTuningAndHoldout()
    {
        var ct = MeasureConversations(ConversationsTuning);
        var ch = MeasureConversations(ConversationsHoldout);
        var vt = MeasureVoicemails(VoicemailsTuning);
        var vh = MeasureVoicemails(VoicemailsHoldout);
        var report = Table("Conversations (built-in engine)", ct, ch) + Table("Voicemail transcripts (recording extraction)", vt, vh);
        // The first holdout has been read (it is spent and now tuning data too), so its misses are printed as well;
        // a fresh holdout kept outside the project is what measures the rules now.
        report += "Tuning misses:\n  " + string.Join("\n  ", ct.Misses.Concat(vt.Misses));
        report += "\nSpent-holdout misses:\n  " + string.Join("\n  ", ch.Misses.Concat(vh.Misses));
        // Holdout 2 was read once a third holdout had been written elsewhere; its misses are tuning data too.
        var c2 = MeasureConversations(ConversationsHoldout2);
        var v2 = MeasureVoicemails(VoicemailsHoldout2);
        report += "\nSpent-holdout-2 misses:\n  " + string.Join("\n  ", c2.Misses.Concat(v2.Misses));
        // Holdout 3 was read in its turn once a fourth holdout was being written elsewhere; its misses are tuning data too.
        var c3 = MeasureConversations(ConversationsHoldout3);
        var v3 = MeasureVoicemails(VoicemailsHoldout3);
        report += "\nSpent-holdout-3 misses:\n  " + string.Join("\n  ", c3.Misses.Concat(v3.Misses));
        // Holdout 4 was read once a fifth holdout had been written blind elsewhere; its misses are tuning data too.
        var c4 = MeasureConversations(ConversationsHoldout4);
        var v4 = MeasureVoicemails(VoicemailsHoldout4);
        report += "\nSpent-holdout-4 misses:\n  " + string.Join("\n  ", c4.Misses.Concat(v4.Misses));
        // Holdout 5 was read once a sixth holdout had been written blind elsewhere; its misses are tuning data too.
        var c5 = MeasureConversations(ConversationsHoldout5);
        var v5 = MeasureVoicemails(VoicemailsHoldout5);
        report += "\nSpent-holdout-5 misses:\n  " + string.Join("\n  ", c5.Misses.Concat(v5.Misses));
        // Holdout 6 was read once a seventh holdout had been written blind elsewhere; its misses are tuning data too.
        var c6 = MeasureConversations(ConversationsHoldout6);
        var v6 = MeasureVoicemails(VoicemailsHoldout6);
        report += "\nSpent-holdout-6 misses:\n  " + string.Join("\n  ", c6.Misses.Concat(v6.Misses));
        // Holdout 7 was read once an eighth holdout had been written blind elsewhere; its misses are tuning data too.
        var c7 = MeasureConversations(ConversationsHoldout7);
        var v7 = MeasureVoicemails(VoicemailsHoldout7);
        report += "\nSpent-holdout-7 misses:\n  " + string.Join("\n  ", c7.Misses.Concat(v7.Misses));
        // Holdout 8 was read once a ninth holdout had been written blind elsewhere; its misses are tuning data too.
        var c8 = MeasureConversations(ConversationsHoldout8);
        var v8 = MeasureVoicemails(VoicemailsHoldout8);
        report += "\nSpent-holdout-8 misses:\n  " + string.Join("\n  ", c8.Misses.Concat(v8.Misses));
        // Holdout 9 was read once a tenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c9 = MeasureConversations(ConversationsHoldout9);
        var v9 = MeasureVoicemails(VoicemailsHoldout9);
        report += "\nSpent-holdout-9 misses:\n  " + string.Join("\n  ", c9.Misses.Concat(v9.Misses));
        // Holdout 10 was read once an eleventh holdout was being written blind elsewhere; its misses are tuning data too.
        var c10 = MeasureConversations(ConversationsHoldout10);
        var v10 = MeasureVoicemails(VoicemailsHoldout10);
        report += "\nSpent-holdout-10 misses:\n  " + string.Join("\n  ", c10.Misses.Concat(v10.Misses));
        // Holdout 11 was read once a twelfth holdout was being written blind elsewhere; its misses are tuning data too.
        var c11 = MeasureConversations(ConversationsHoldout11);
        var v11 = MeasureVoicemails(VoicemailsHoldout11);
        report += "\nSpent-holdout-11 misses:\n  " + string.Join("\n  ", c11.Misses.Concat(v11.Misses));
        // Holdout 12 was read once a thirteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c12 = MeasureConversations(ConversationsHoldout12);
        var v12 = MeasureVoicemails(VoicemailsHoldout12);
        report += "\nSpent-holdout-12 misses:\n  " + string.Join("\n  ", c12.Misses.Concat(v12.Misses));
        // Holdout 13 was read once a fourteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c13 = MeasureConversations(ConversationsHoldout13);
        var v13 = MeasureVoicemails(VoicemailsHoldout13);
        report += "\nSpent-holdout-13 misses:\n  " + string.Join("\n  ", c13.Misses.Concat(v13.Misses));
        // Holdout 14 was read once a fifteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c14 = MeasureConversations(ConversationsHoldout14);
        var v14 = MeasureVoicemails(VoicemailsHoldout14);
        report += "\nSpent-holdout-14 misses:\n  " + string.Join("\n  ", c14.Misses.Concat(v14.Misses));
        // Holdout 15 was read once a sixteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c15 = MeasureConversations(ConversationsHoldout15);
        var v15 = MeasureVoicemails(VoicemailsHoldout15);
        report += "\nSpent-holdout-15 misses:\n  " + string.Join("\n  ", c15.Misses.Concat(v15.Misses));
        // Holdout 16 was read once a seventeenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c16 = MeasureConversations(ConversationsHoldout16);
        var v16 = MeasureVoicemails(VoicemailsHoldout16);
        report += "\nSpent-holdout-16 misses:\n  " + string.Join("\n  ", c16.Misses.Concat(v16.Misses));
        // Holdout 17 was read once an eighteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c17 = MeasureConversations(ConversationsHoldout17);
        var v17 = MeasureVoicemails(VoicemailsHoldout17);
        report += "\nSpent-holdout-17 misses:\n  " + string.Join("\n  ", c17.Misses.Concat(v17.Misses));
        // Holdout 18 was read once a nineteenth holdout was being written blind elsewhere; its misses are tuning data too.
        var c18 = MeasureConversations(ConversationsHoldout18);
        var v18 = MeasureVoicemails(VoicemailsHoldout18);
        report += "\nSpent-holdout-18 misses:\n  " + string.Join("\n  ", c18.Misses.Concat(v18.Misses));
        // Holdout 19 was read once a twentieth holdout was being written blind elsewhere; its misses are tuning data too.
        var c19 = MeasureConversations(ConversationsHoldout19);
        var v19 = MeasureVoicemails(VoicemailsHoldout19);
        report += "\nSpent-holdout-19 misses:\n  " + string.Join("\n  ", c19.Misses.Concat(v19.Misses));
        // Holdout 20 was read once a twenty-first holdout was being written blind elsewhere; its misses are tuning data too.
        var c20 = MeasureConversations(ConversationsHoldout20);
        var v20 = MeasureVoicemails(VoicemailsHoldout20);
        report += "\nSpent-holdout-20 misses:\n  " + string.Join("\n  ", c20.Misses.Concat(v20.Misses));
        // Holdout 21 was read once a twenty-second holdout was being written blind elsewhere; its misses are tuning data too.
        var c21 = MeasureConversations(ConversationsHoldout21);
        var v21 = MeasureVoicemails(VoicemailsHoldout21);
        report += "\nSpent-holdout-21 misses:\n  " + string.Join("\n  ", c21.Misses.Concat(v21.Misses));
        // Holdout 22 was read once a twenty-third holdout was being written blind elsewhere; its misses are tuning data too.
        var c22 = MeasureConversations(ConversationsHoldout22);
        var v22 = MeasureVoicemails(VoicemailsHoldout22);
        report += "\nSpent-holdout-22 misses:\n  " + string.Join("\n  ", c22.Misses.Concat(v22.Misses));
        // Holdout 23 was read once a twenty-fourth holdout was being written blind elsewhere; its misses are tuning data too.
        var c23 = MeasureConversations(ConversationsHoldout23);
        var v23 = MeasureVoicemails(VoicemailsHoldout23);
        report += "\nSpent-holdout-23 misses:\n  " + string.Join("\n  ", c23.Misses.Concat(v23.Misses));
        // Holdout 24 was read once a twenty-fifth holdout was being written blind elsewhere; its misses are tuning data too.
        var c24 = MeasureConversations(ConversationsHoldout24);
        var v24 = MeasureVoicemails(VoicemailsHoldout24);
        report += "\nSpent-holdout-24 misses:\n  " + string.Join("\n  ", c24.Misses.Concat(v24.Misses));
        output.WriteLine(report);
        Console.WriteLine(report);

        (ct.Cases + ch.Cases).ShouldBeGreaterThanOrEqualTo(150);
        (vt.Cases + vh.Cases).ShouldBeGreaterThanOrEqualTo(40);
        // The holdout was a third of the first draft (frozen by hash below); tuning cases written since only add to the tuning side.
        ch.Cases.ShouldBeGreaterThanOrEqualTo(51);
        vh.Cases.ShouldBeGreaterThanOrEqualTo(14);

        // What the rules were tuned to, on the tuning sets only (the holdout is measured, never a target to tune to):
        // 95 % per lead field, every emergency and opt-out, no false emergency.
        foreach (var score in new[] { ct, vt })
        {
            foreach (var key in new[] { "service", "urgency", "name", "address", "time" })
                score.Percent(key).ShouldBeGreaterThanOrEqualTo(95.0, $"{key}\n{report}");
            score.EmergenciesCaught.ShouldBe(score.Emergencies, report);
            score.FalseEmergencies.ShouldBe(0, report);
            score.OptOutsCaught.ShouldBe(score.OptOuts, report);
        }
    }

    /// <summary>
    /// A holdout next to everything the rules were tuned on; run with
    /// <c>dotnet test tests/CallRecover.Tests --filter "FullyQualifiedName~OffScriptCorpus.PrintsHoldout" --logger "console;verbosity=detailed"</c>
    /// (holdout 25, written blind elsewhere, is the untouched one; 2 to 24 are spent: their misses are printed by PrintsPerFieldAccuracy).
    /// </summary>
    [Fact]
    public void PrintsHoldout2Accuracy() => PrintHoldout("holdout 2", ConversationsHoldout2, VoicemailsHoldout2, 60, 20);

    [Fact]
    public void PrintsHoldout3Accuracy() => PrintHoldout("holdout 3", ConversationsHoldout3, VoicemailsHoldout3, 80, 24);

    [Fact]
    public void PrintsHoldout4Accuracy() => PrintHoldout("holdout 4", ConversationsHoldout4, VoicemailsHoldout4, 74, 24);

    [Fact]
    public void PrintsHoldout5Accuracy() => PrintHoldout("holdout 5", ConversationsHoldout5, VoicemailsHoldout5, 80, 28);

    [Fact]
    public void PrintsHoldout6Accuracy() => PrintHoldout("holdout 6", ConversationsHoldout6, VoicemailsHoldout6, 80, 28);

    [Fact]
    public void PrintsHoldout7Accuracy() => PrintHoldout("holdout 7", ConversationsHoldout7, VoicemailsHoldout7, 90, 31);

    [Fact]
    public void PrintsHoldout8Accuracy() => PrintHoldout("holdout 8", ConversationsHoldout8, VoicemailsHoldout8, 97, 32);

    [Fact]
    public void PrintsHoldout9Accuracy() => PrintHoldout("holdout 9", ConversationsHoldout9, VoicemailsHoldout9, 110, 38);

    [Fact]
    public void PrintsHoldout10Accuracy() => PrintHoldout("holdout 10", ConversationsHoldout10, VoicemailsHoldout10, 125, 45);

    [Fact]
    public void PrintsHoldout11Accuracy() => PrintHoldout("holdout 11", ConversationsHoldout11, VoicemailsHoldout11, 135, 43);

    [Fact]
    public void PrintsHoldout12Accuracy() => PrintHoldout("holdout 12", ConversationsHoldout12, VoicemailsHoldout12, 133, 44);

    [Fact]
    public void PrintsHoldout13Accuracy() => PrintHoldout("holdout 13", ConversationsHoldout13, VoicemailsHoldout13, 140, 46);

    [Fact]
    public void PrintsHoldout14Accuracy() => PrintHoldout("holdout 14", ConversationsHoldout14, VoicemailsHoldout14, 145, 48);

    [Fact]
    public void PrintsHoldout15Accuracy() => PrintHoldout("holdout 15", ConversationsHoldout15, VoicemailsHoldout15, 145, 48);

    [Fact]
    public void PrintsHoldout16Accuracy() => PrintHoldout("holdout 16", ConversationsHoldout16, VoicemailsHoldout16, 145, 48);

    [Fact]
    public void PrintsHoldout17Accuracy() => PrintHoldout("holdout 17", ConversationsHoldout17, VoicemailsHoldout17, 145, 48);

    [Fact]
    public void PrintsHoldout18Accuracy() => PrintHoldout("holdout 18", ConversationsHoldout18, VoicemailsHoldout18, 145, 48);

    [Fact]
    public void PrintsHoldout19Accuracy() => PrintHoldout("holdout 19", ConversationsHoldout19, VoicemailsHoldout19, 145, 48);

    [Fact]
    public void PrintsHoldout20Accuracy() => PrintHoldout("holdout 20", ConversationsHoldout20, VoicemailsHoldout20, 145, 48);

    [Fact]
    public void PrintsHoldout21Accuracy() => PrintHoldout("holdout 21", ConversationsHoldout21, VoicemailsHoldout21, 145, 48);

    [Fact]
    public void PrintsHoldout22Accuracy() => PrintHoldout("holdout 22", ConversationsHoldout22, VoicemailsHoldout22, 145, 48);

    [Fact]
    public void PrintsHoldout23Accuracy() => PrintHoldout("holdout 23", ConversationsHoldout23, VoicemailsHoldout23, 160, 52);

    [Fact]
    public void PrintsHoldout24Accuracy() => PrintHoldout("holdout 24", ConversationsHoldout24, VoicemailsHoldout24, 160, 52);

    [Fact]
    public void PrintsHoldout25Accuracy() => PrintHoldout("holdout 25", ConversationsHoldout25, VoicemailsHoldout25, 160, 52);

    private void PrintHoldout(string name, string conversations, string voicemails, int minConversations, int minVoicemails)
    {
        var c = MeasureConversations(conversations);
        var v = MeasureVoicemails(voicemails);
        var report = Table($"Conversations (built-in engine), tuning vs {name}", MeasureConversations(ConversationsTuning), c)
            + Table($"Voicemail transcripts (recording extraction), tuning vs {name}", MeasureVoicemails(VoicemailsTuning), v);
        output.WriteLine(report);
        Console.WriteLine(report);
        c.Cases.ShouldBeGreaterThanOrEqualTo(minConversations);
        v.Cases.ShouldBeGreaterThanOrEqualTo(minVoicemails);
    }

    /// <summary>The holdout files are frozen: written in one go before any rule changed, never edited afterwards.</summary>
    [Theory]
    [InlineData(ConversationsHoldout, "46771d10d80e9239d034844836ed69c43ea5111a283f4abad29fe58d2bff71a3")]
    [InlineData(VoicemailsHoldout, "90f31c91ae698790a2f3f9462ab0dd1f26cdbe1862ac217f5090b7c09d9a9124")]
    [InlineData(ConversationsHoldout2, "46668b05fbf6136c839700de5fe89fb931bd8ca1bc58a8eac21a889c8c9cfaef")]
    [InlineData(VoicemailsHoldout2, "8cea54c1c131a7db233188d4a9d3bdc712d39edfc78f669a97fbe3fa5b4793c6")]
    [InlineData(ConversationsHoldout3, "d1d4c577ba72d8ac0288e71e205b1e5997b8bbf4f5f48c09a6b1ac9b3b3210d3")]
    [InlineData(VoicemailsHoldout3, "1e2da1d534042ebfa5439ad2f3adfa7cacf0fde15daa9d8066ea24707f550c46")]
    [InlineData(ConversationsHoldout4, "a0e430820a2237ca8e9732dde30f90aa0e632d4f0debefa9bd1c9fb21b3f10f1")]
    [InlineData(VoicemailsHoldout4, "9e2f41ac8e80818288805f50e16190fab5279e4ae2c975ff3b47dab5f1cfb4b8")]
    [InlineData(ConversationsHoldout5, "7f0745b3d1cf83d08b6cda15aab4fc5880d5d59101c4f7c4c268dde6ccbfa717")]
    [InlineData(VoicemailsHoldout5, "eaed447d5c503e3f93beeae4474e10a1b9fa8c5b183c3d702033dee4e63571d3")]
    [InlineData(ConversationsHoldout6, "1142cbfda62b660597d063a64288faa213bcc9d0ecea967018597a046fa5680d")]
    [InlineData(VoicemailsHoldout6, "a55e769277f2203bc874dcc8c0d44820445d07ab309f1035b9cf617c44ef83eb")]
    [InlineData(ConversationsHoldout7, "2beaffdf628fcc4af2eb77cfff225db0b7c67148d09d6d5106cf9ad7a55ca6c0")]
    [InlineData(VoicemailsHoldout7, "284b910ab117f21aa8edb45756bdd2f7508f1f8255438f3c85e15ace3dcd5f0c")]
    [InlineData(ConversationsHoldout8, "08150bbcbec168c1a372aa9b1043040997a72494431d2f066499971a204e39e4")]
    [InlineData(VoicemailsHoldout8, "b9782f103fa7b724cdb505735a03f00ae02cdf43f3a10292df82ced2e291176a")]
    [InlineData(ConversationsHoldout9, "0cc8b35e082c429adcbb5b310fbc46a1f588155a9c40579f786c0285c38802e3")]
    [InlineData(VoicemailsHoldout9, "bdadfb25cf658f3710546e1754493a15227b3c7d4a73cfbb263c716009ea51b8")]
    [InlineData(ConversationsHoldout10, "4a0f732e4ed247155563bfaadff7ea4b6d1053d597c33b0343ceae0eea50df15")]
    [InlineData(VoicemailsHoldout10, "db81d7268d6e5b495a0506cfa6876cd6bd0361210d0817be58ff3d418d2521df")]
    [InlineData(ConversationsHoldout11, "38c607833ddbd78efacc0ab249159f2f9bdb0bda04b66a4f11746b853d547e97")]
    [InlineData(VoicemailsHoldout11, "485aa1e6f20a8970989777d9e976daaa20613930dfcb460f3ad3fc11d9e12236")]
    [InlineData(ConversationsHoldout12, "f66be3c5387fa1de6ae9fddc566451480a3a00073190ed629f7981a2a4d854b6")]
    [InlineData(VoicemailsHoldout12, "62ebab42b376eb39f841d41984d4f3d50813db0a0892739b0a7ba3cfb067794e")]
    [InlineData(ConversationsHoldout13, "df533c7435d8e5bc70d76027ad6c247859b86bd75ec1aa6cb16391dc46604479")]
    [InlineData(VoicemailsHoldout13, "bff48fcb534faf5597b0a01de080bc1a9959d23ab956df8fd2cede298ab103fb")]
    [InlineData(ConversationsHoldout14, "cf8c8be73fe08564f15b7a2431e00f23b448bc3806a733e64d1ebda074b1cf10")]
    [InlineData(VoicemailsHoldout14, "1b4ac6f24897a28cd73c7bfce6a057dfc1a3c501647f2a74e7e19ed86d23aeed")]
    [InlineData(ConversationsHoldout15, "ab5cb6d5ab934f1749ba5a00873f24772e972fd76cff4a8a4b32add454572245")]
    [InlineData(VoicemailsHoldout15, "eec8c6b4ab0f0fb21c7f635504b6a9fe5227a2011f464bb11e1ba3f9af713eda")]
    [InlineData(ConversationsHoldout16, "68d8872fb05815ceeab2759459a9cc5306fb848e15857e656df88e292f1bf9e5")]
    [InlineData(VoicemailsHoldout16, "b185ed4eb1d5cfb7fd590c15c3120d1c8e626037e43f413e0d8598b638f85ebf")]
    [InlineData(ConversationsHoldout17, "35498e4ddac437be30f89fa5219d650503e54941e578eb4790e03a9fc0bf8927")]
    [InlineData(VoicemailsHoldout17, "4bb66c4e7c2ca731628098543fb6cab47675eb1f85ae4072229bd4e90abf8606")]
    [InlineData(ConversationsHoldout18, "23bd7a561100f9f68a0b60fc30558738d20424506b4cead660e0433ff32b3a53")]
    [InlineData(VoicemailsHoldout18, "3966016f7e46071884a2afab61546166d87dc0fd946612f6852971d251e552de")]
    [InlineData(ConversationsHoldout19, "a4e3d91510d1ad85383b46f809a3cb267c6126be673f5a83de58fb2c41d48c20")]
    [InlineData(VoicemailsHoldout19, "4974c560999858c26ef0ad750ad00c6537199281934517febd1dec910738305a")]
    [InlineData(ConversationsHoldout20, "6f1db3cf58ebaa955816c3350a0ca4c8cabda255e5a7e17e13483e3532cf97b7")]
    [InlineData(VoicemailsHoldout20, "5a445b77b264eda8562e894b4b54cd8dcc3c292ca270788f0e759228b4848ecd")]
    [InlineData(ConversationsHoldout21, "87a1e91d5613a92421f99ddc9df9a7a0b97b482c74832601523f6bb70f984d53")]
    [InlineData(VoicemailsHoldout21, "0fe27fa439c8914b9d993be83393fede16b8627a4cf19865d751e06055b1ae25")]
    [InlineData(ConversationsHoldout22, "b5113c03787865a674b7957adef73d164498803136e840adfd63ae4e3740e8b8")]
    [InlineData(VoicemailsHoldout22, "246e105ca7d0a27f4ab6d2f21d2008a1e293f2368c7785846c629920a6ecb263")]
    [InlineData(ConversationsHoldout23, "e2429c3dd8e0403025880c71fdf7369e7997754f62407cdf6235783aea61ba6f")]
    [InlineData(VoicemailsHoldout23, "664c14239adda8e3a6ece22f69b80072095266c4fe0a10dcf8430fccb07beb81")]
    [InlineData(ConversationsHoldout24, "1a1a6dc106a804196f75599f6f4c73ba5295adc12e270efb9729b973450537ec")]
    [InlineData(VoicemailsHoldout24, "b66e2f0bad14ddc20bcaeb4857c2b901d480e27fabddb54f0e5c0b58473dc344")]
    [InlineData(ConversationsHoldout25, "3541fd5ee44c5e16dbd522dff3ea08e55bb597b708ab8dac045f64608f81d431")]
    [InlineData(VoicemailsHoldout25, "eced743d6177488fb99572b4b7b02fcac00796a96c8bf5936d6f77d69b12f35e")]
    public void TheHoldoutFiles_AreUnchanged(string file, string sha256)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Conversations", "Corpus", file));
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(sha256);
    }

    [GeneratedRegex(@"^# (\S+) \| (\w+) \| (\d{4}-\d{2}-\d{2})\s*$")]
    private static partial Regex HeaderRx();
}
