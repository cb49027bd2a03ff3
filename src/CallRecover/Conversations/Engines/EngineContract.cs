using System.Text.Json.Serialization;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Conversations.Engines;

/// <summary>The lead fields the engine learns, in the order PRODUCT.md asks for them (email is taken when offered).</summary>
public static class LeadFields
{
    public const string Service = "service", Urgency = "urgency", Name = "name", Address = "address", PreferredTime = "preferredTime", Email = "email";
    public static readonly string[] QuestionOrder = [Service, Urgency, Name, Address, PreferredTime];
    public static readonly string[] All = [Service, Urgency, Name, Address, PreferredTime, Email];
}

/// <summary>One learned value and how sure the engine is (0–1). <see cref="Correction"/>: the caller explicitly corrected it.</summary>
public sealed record FieldValue(string Value, double Confidence, bool Correction = false);

/// <summary>What is known about the caller before a turn, with confidences.</summary>
public sealed record KnownLead
{
    public Dictionary<string, FieldValue> Fields { get; init; } = [];

    public string? this[string field] => Fields.TryGetValue(field, out var v) ? v.Value : null;

    public bool Has(string field) => Fields.ContainsKey(field) && !(field == LeadFields.Urgency && Fields[field].Value == Urgencies.Unknown);

    /// <summary>Qualified means service, name, address and preferred time are known (PRODUCT.md flow 1.8).</summary>
    public bool IsQualified => Has(LeadFields.Service) && Has(LeadFields.Name) && Has(LeadFields.Address) && IsFirm(LeadFields.PreferredTime);

    /// <summary>Known with enough confidence to act on (a time mentioned in passing is still worth asking about).</summary>
    public bool IsFirm(string field) => Has(field) && Fields[field].Confidence >= 0.7;

    public static KnownLead From(Lead lead)
    {
        var conf = lead.Confidence;
        var fields = new Dictionary<string, FieldValue>();
        void Add(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            fields[key] = new FieldValue(value, conf.TryGetValue(key, out var c) ? c : 1.0);
        }
        Add(LeadFields.Service, lead.ServiceNeeded);
        if (lead.Urgency != Urgencies.Unknown) Add(LeadFields.Urgency, lead.Urgency);
        Add(LeadFields.Name, lead.Name);
        Add(LeadFields.Address, lead.Address);
        Add(LeadFields.PreferredTime, lead.PreferredTime);
        Add(LeadFields.Email, lead.Email);
        return new KnownLead { Fields = fields };
    }

    /// <summary>
    /// Applies what a turn learned: a field already known is never overwritten by a guess, only by an explicit
    /// correction; urgency rises with what the caller says ("no rush", then "water everywhere" is an emergency) and goes
    /// down only when the caller says so ("actually it's not urgent": the understanding marks that as a correction).
    /// Returns the merged lead and the fields that changed.
    /// </summary>
    public (KnownLead Merged, IReadOnlyList<string> Changed) Merge(IReadOnlyDictionary<string, FieldValue> learned)
    {
        var fields = new Dictionary<string, FieldValue>(Fields);
        var changed = new List<string>();
        foreach (var (key, given) in learned)
        {
            var value = given;
            if (!LeadFields.All.Contains(key) || string.IsNullOrWhiteSpace(value.Value)) continue;
            if (key == LeadFields.Urgency && !Urgencies.All.Contains(value.Value)) continue;
            if (fields.TryGetValue(key, out var old))
            {
                if (string.Equals(old.Value, value.Value, StringComparison.OrdinalIgnoreCase))
                {
                    // The same value said more surely ("AC not cooling" read as soon, then "asap") is firmer, not a change.
                    if (value.Confidence > old.Confidence) fields[key] = old with { Confidence = value.Confidence };
                    continue;
                }
                var rises = key == LeadFields.Urgency && UrgencyRank(value.Value) > UrgencyRank(old.Value);
                // A weak impression ("this week would be great" taken as a time) gives way to a direct answer.
                // So does a real time after a vague one ("whenever", then "any weekday afternoon" in passing).
                var firmer = old.Confidence < 0.7 && (value.Confidence >= 0.85 || key == LeadFields.PreferredTime && value.Confidence >= 0.75);
                if (!value.Correction && !rises && !firmer) continue;
            }
            // "sorry, it's 24 Oak St not 42": the street is corrected, the city and ZIP given before still hold.
            if (key == LeadFields.Address && old is not null && !value.Value.Contains(',', StringComparison.Ordinal) && old.Value.IndexOf(',', StringComparison.Ordinal) is var comma and > 0)
                value = value with { Value = value.Value + old.Value[comma..] };
            fields[key] = value with { Correction = false };
            changed.Add(key);
        }
        return (new KnownLead { Fields = fields }, changed);
    }

    public static int UrgencyRank(string u) => u switch { Urgencies.Emergency => 3, Urgencies.Soon => 2, Urgencies.Flexible => 1, _ => 0 };
}

/// <summary>A message of the thread as an engine sees it (with the purpose of a business text: a campaign's, a greeting's...).</summary>
public sealed record ThreadMessage(bool FromCaller, string Body, DateTimeOffset At, string? Purpose = null);

/// <summary>Per-conversation state the engines keep between turns (stored in conversations.qualification).</summary>
public sealed record ConversationState
{
    /// <summary>The field our last reply asked for, so a bare answer ("Dana", "tomorrow") lands in the right place.</summary>
    public string? Asked { get; init; }
    /// <summary>How many times in a row <see cref="Asked"/> has been asked.</summary>
    public int AskedTimes { get; init; }
    public bool EmergencyAcknowledged { get; init; }
    public bool QualifiedAnnounced { get; init; }
    public bool HumanNeeded { get; init; }
    public string? Closed { get; init; }
    public bool AutoResponder { get; init; }
    public string? LastEngine { get; init; }
    /// <summary>The fields with values and confidences, mirrored from the lead for the dashboard.</summary>
    public Dictionary<string, FieldValue> Fields { get; init; } = [];

    /// <summary>The state after a turn: what was asked (and how often), flags raised, the merged fields.</summary>
    public ConversationState After(EngineTurn turn, KnownLead merged) => this with
    {
        Asked = turn.Outcome.Asked,
        AskedTimes = turn.Outcome.Asked is null ? 0 : turn.Outcome.Asked == Asked ? AskedTimes + 1 : 1,
        EmergencyAcknowledged = EmergencyAcknowledged || turn.Outcome.Emergency,
        QualifiedAnnounced = QualifiedAnnounced || turn.Outcome.Qualified,
        HumanNeeded = HumanNeeded || turn.Outcome.HumanNeeded,
        LastEngine = turn.Engine,
        Fields = merged.Fields,
    };
}

/// <summary>Everything an engine needs for one turn. <see cref="Messages"/> ends with the caller's new text.</summary>
public sealed record EngineInput(Business Business, KnownLead Known, ConversationState State, IReadOnlyList<ThreadMessage> Messages, DateTimeOffset Now)
{
    public string LatestText => Messages.LastOrDefault(m => m.FromCaller)?.Body ?? "";
}

/// <summary>The structured result of a turn: data, never magic strings inside the reply.</summary>
public sealed record TurnOutcome
{
    public Dictionary<string, FieldValue> Fields { get; init; } = [];
    public bool Qualified { get; init; }
    public bool HumanNeeded { get; init; }
    public bool Emergency { get; init; }
    public bool NotInterested { get; init; }
    public bool WrongNumber { get; init; }
    /// <summary>The caller asked not to be texted in words other than the carrier keywords ("stop texting me").</summary>
    public bool OptOut { get; init; }
    /// <summary>The field the reply asks for next (null when it asks nothing).</summary>
    public string? Asked { get; init; }
    /// <summary>The emergency is the caller's yes (or "not sure") to the safety question (<see cref="DangerCheck"/>), not their own words.</summary>
    public bool DangerConfirmed { get; init; }
    /// <summary>
    /// After qualifying, what the caller asked that only the owner can answer or arrange ("asked a question", "asked for
    /// friday at 10am"): the owner is told with the text each time (no times are on offer to book it by text).
    /// </summary>
    public string? ForOwner { get; init; }
    [JsonIgnore] public bool Closes => NotInterested || WrongNumber || OptOut;
}

/// <summary>A turn's answer. <see cref="Engine"/> is the engine that actually answered (builtin when the model failed).</summary>
public sealed record EngineTurn(string Reply, TurnOutcome Outcome, string Engine, string? FallbackReason = null);

/// <summary>A conversation engine: the OpenAI-compatible model or the built-in rules.</summary>
public interface IConversationEngine
{
    string Name { get; }
    Task<EngineTurn> TurnAsync(EngineInput input, CancellationToken ct);
}
