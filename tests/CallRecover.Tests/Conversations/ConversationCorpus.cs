using System.Globalization;
using System.Text.RegularExpressions;
using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Conversations;

/// <summary>One conversation of the corpus: the caller's texts and what a person would have recorded.</summary>
public sealed record CorpusConversation(string Id, string Vertical, DateTimeOffset At, IReadOnlyList<string> Texts, IReadOnlyDictionary<string, string> Expected);

/// <summary>What the engine ended with after a corpus conversation.</summary>
public sealed record CorpusResult(KnownLead Lead, bool Emergency, bool OptOut, bool WrongNumber, bool NotInterested, bool HumanNeeded, IReadOnlyList<string> Replies)
{
    /// <summary>What each turn passed to the owner (<see cref="TurnOutcome.ForOwner"/>), null where nothing.</summary>
    public IReadOnlyList<string?> ForOwner { get; init; } = [];
}

public static partial class ConversationCorpus
{
    public static IReadOnlyList<CorpusConversation> Load(string file = "conversations.txt")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conversations", "Corpus", file);
        var list = new List<CorpusConversation>();
        string? id = null, vertical = null;
        DateTimeOffset at = default;
        List<string> texts = [];
        Dictionary<string, string> expected = [];
        void Flush()
        {
            if (id is not null) list.Add(new CorpusConversation(id, vertical!, at, texts, expected));
            id = null;
        }
        foreach (var line in File.ReadLines(path))
        {
            var header = HeaderRx().Match(line);
            if (header.Success)
            {
                Flush();
                id = header.Groups[1].Value;
                vertical = header.Groups[2].Value;
                // 15:00 UTC is mid-morning on the US east coast: a normal time to text back.
                at = DateTimeOffset.ParseExact(header.Groups[3].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddHours(15);
                texts = [];
                expected = [];
            }
            else if (line.StartsWith("> ", StringComparison.Ordinal) && id is not null) texts.Add(line[2..]);
            else if (line.StartsWith("= ", StringComparison.Ordinal) && id is not null)
                foreach (var kv in line[2..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var i = kv.IndexOf(':');
                    expected[kv[..i].Trim()] = kv[(i + 1)..].Trim();
                }
        }
        Flush();
        return list;
    }

    public static Business BusinessFor(string vertical) => new()
    {
        Id = "corpus", Name = vertical switch { "auto" => "Rapid Mobile Mechanics", "plumbing" => "Clearflow Plumbing", _ => "Comfort Pro HVAC" },
        OwnerName = "Owner", OwnerEmail = "owner@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101", CarrierNumber = "+19045550102",
        Vertical = vertical, Services = DefaultServices.For(vertical), TimeZone = "America/New_York", EstimatesEnabled = vertical == "auto",
    };

    /// <summary>Plays texts written in a test (no expected fields) through the engine, as <see cref="Run"/> does.</summary>
    public static CorpusResult Play(string vertical, DateTimeOffset at, params string[] texts) =>
        Run(new CorpusConversation("test", vertical, at, texts, new Dictionary<string, string>()));

    /// <summary>The same with a business of the test's own (its settings), not the corpus's for the vertical.</summary>
    public static CorpusResult Play(Business business, DateTimeOffset at, params string[] texts) =>
        Run(new CorpusConversation("test", business.Vertical, at, texts, new Dictionary<string, string>()), business);

    /// <summary>Plays the caller's texts through the engine, each answered before the next arrives.</summary>
    public static CorpusResult Run(CorpusConversation c, Business? with = null)
    {
        var business = with ?? BusinessFor(c.Vertical);
        var known = new KnownLead();
        var state = new ConversationState();
        var thread = new List<ThreadMessage>();
        var now = c.At;
        bool emergency = false, optOut = false, wrong = false, notInterested = false, human = false;
        var replies = new List<string>();
        var forOwner = new List<string?>();
        foreach (var text in c.Texts)
        {
            thread.Add(new ThreadMessage(true, text, now));
            var turn = BuiltInEngine.Turn(new EngineInput(business, known, state, thread, now));
            var (merged, _) = known.Merge(turn.Outcome.Fields);
            state = state.After(turn, merged);
            known = merged;
            emergency |= turn.Outcome.Emergency;
            optOut |= turn.Outcome.OptOut;
            wrong |= turn.Outcome.WrongNumber;
            notInterested |= turn.Outcome.NotInterested;
            human |= turn.Outcome.HumanNeeded;
            replies.Add(turn.Reply);
            forOwner.Add(turn.Outcome.ForOwner);
            now = now.AddMinutes(3);
            thread.Add(new ThreadMessage(false, turn.Reply, now));
            if (turn.Outcome.Closes) break;
        }
        return new CorpusResult(known, emergency, optOut, wrong, notInterested, human, replies) { ForOwner = forOwner };
    }

    /// <summary>The engine's value for an expected key, as text comparable with <see cref="Same"/>.</summary>
    public static string? Actual(CorpusResult r, string key) => key switch
    {
        "service" => r.Lead[LeadFields.Service],
        "urgency" => r.Lead[LeadFields.Urgency] ?? Urgencies.Unknown,
        "name" => r.Lead[LeadFields.Name],
        "address" => r.Lead[LeadFields.Address],
        "time" => r.Lead[LeadFields.PreferredTime],
        "email" => r.Lead[LeadFields.Email],
        "emergency" => r.Emergency ? "yes" : "no",
        "optout" => r.OptOut ? "yes" : "no",
        "human" => r.HumanNeeded ? "yes" : "no",
        "closed" => r.WrongNumber ? "wrong_number" : r.NotInterested ? "not_interested" : "no",
        _ => throw new InvalidOperationException($"Unknown corpus key '{key}'."),
    };

    /// <summary>
    /// Field comparison a person would accept: addresses equal after spelling out the same abbreviations
    /// ("Street" = "St"), times equal as sets of words, everything else case-insensitive.
    /// </summary>
    public static bool Same(string key, string expected, string? actual)
    {
        if (actual is null) return false;
        return key switch
        {
            "address" => AddressKey(expected) == AddressKey(actual),
            "time" => TimeKey(expected).SetEquals(TimeKey(actual)),
            "service" => expected.Split(',', StringSplitOptions.TrimEntries).Order().SequenceEqual(actual.Split(',', StringSplitOptions.TrimEntries).Order(), StringComparer.OrdinalIgnoreCase),
            _ => string.Equals(expected.Trim(), actual.Trim(), StringComparison.OrdinalIgnoreCase),
        };
    }

    private static readonly Dictionary<string, string> Abbrev = new()
    {
        ["street"] = "st", ["avenue"] = "ave", ["road"] = "rd", ["drive"] = "dr", ["lane"] = "ln", ["court"] = "ct", ["boulevard"] = "blvd",
        ["place"] = "pl", ["terrace"] = "ter", ["parkway"] = "pkwy", ["apartment"] = "apt", ["north"] = "n", ["south"] = "s", ["east"] = "e", ["west"] = "w",
        // USPS abbreviations a holdout wrote out where the engine writes the short form, and ordinal street names
        // ("Oakmont Circle" is "Oakmont Cir", "Ninth St" is "9th St"): the same address either way.
        ["circle"] = "cir", ["trail"] = "trl", ["highway"] = "hwy", ["first"] = "1st", ["second"] = "2nd", ["third"] = "3rd", ["fourth"] = "4th",
        ["fifth"] = "5th", ["sixth"] = "6th", ["seventh"] = "7th", ["eighth"] = "8th", ["ninth"] = "9th", ["tenth"] = "10th",
    };

    private static string AddressKey(string a) =>
        string.Join(" ", Regex.Replace(a.ToLowerInvariant(), @"[.,#]", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Abbrev.GetValueOrDefault(w, w)));

    private static HashSet<string> TimeKey(string t) =>
        [.. Regex.Replace(t.ToLowerInvariant(), @"[.,]", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("at" or "on"))];

    [GeneratedRegex(@"^# (\S+) \| (\w+) \| (\d{4}-\d{2}-\d{2})\s*$")]
    private static partial Regex HeaderRx();
}
