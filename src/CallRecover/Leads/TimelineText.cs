using System.Text.Json;

namespace CallRecover.Leads;

/// <summary>
/// Audit entries on a lead's timeline as sentences an owner reads at a glance ("Dana's address changed from 42 Oak St
/// to 24 Oak St by Olivia"), instead of action codes and JSON. Entries that only repeat a text already on the timeline
/// (the AI's turn, a manual text, a follow-up) return null and are not shown.
/// </summary>
public static class TimelineText
{
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["name"] = "name", ["email"] = "email", ["address"] = "address", ["serviceNeeded"] = "service needed",
        ["urgency"] = "urgency", ["preferredTime"] = "preferred time", ["status"] = "status",
        ["estimatedValue"] = "estimated value", ["notes"] = "notes",
    };

    /// <param name="action">The audit action (corrected, took_over, ...).</param>
    /// <param name="detailsJson">The audit entry's details.</param>
    /// <param name="actor">Who did it, already in words ("Olivia", "the AI", "CallRecover").</param>
    /// <param name="caller">The caller's first name, or "The caller".</param>
    public static string? Sentence(string action, string? detailsJson, string actor, string caller)
    {
        var d = Parse(detailsJson);
        string? S(string key) => d.TryGetValue(key, out var v) ? v : null;
        var by = actor.Length == 0 ? "" : $" by {actor}";
        return action switch
        {
            "corrected" => Changed(caller, S("field"), S("from"), S("to"), by),
            "status_changed" => $"Status changed from {Status(S("from"))} to {Status(S("to"))}{by}",
            "took_over" => $"{Cap(actor)} took over the conversation; the AI paused",
            "returned_to_ai" => $"{Cap(actor)} handed the conversation back to the AI",
            "closed" => $"{Cap(actor)} closed the conversation",
            "opted_out" => $"{caller} opted out of texts",
            "auto_responder_detected" => "Automatic replies detected; the AI stopped texting",
            "booking_offered" => S("slots") is { } n && n != "1" ? $"The AI offered {n} times to book" : "The AI offered a time to book",
            "booking_handed_to_owner" => "Booking handed to you" + (S("reason") is { Length: > 0 } r ? $": {Fmt(r)}" : ""),
            "created_from_call" => "Lead created from a recorded call",
            "updated_from_call" => "Details updated from a recorded call",
            "turn" or "sent_manual_text" or "follow_up_sent" => null,
            _ => $"{Cap(Fmt(action))}{by}",
        };
    }

    /// <summary>"user:…" → the person's name; engine → the AI; system → CallRecover; anything else as a label.</summary>
    public static string Actor(string actor, IReadOnlyDictionary<string, string> userNames) => actor switch
    {
        _ when actor.StartsWith("user:", StringComparison.Ordinal) => userNames.TryGetValue(actor[5..], out var n) ? FirstName(n) : "a team member",
        "engine" => "the AI",
        "system" => "CallRecover",
        "caller" => "the caller",
        _ when actor.StartsWith("operator", StringComparison.Ordinal) => "support",
        _ => Fmt(actor),
    };

    public static string FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "" : name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    private static string Changed(string caller, string? field, string? from, string? to, string by)
    {
        var what = field is not null && FieldNames.TryGetValue(field, out var f) ? f : Fmt(field ?? "details");
        var owner = caller == "The caller" ? "The caller's" : caller + "'s";
        if (field == "status") return $"Status changed from {Status(from)} to {Status(to)}{by}";
        if (string.IsNullOrWhiteSpace(from)) return $"{owner} {what} set to {Quote(to)}{by}";
        if (string.IsNullOrWhiteSpace(to)) return $"{owner} {what} cleared (was {Quote(from)}){by}";
        return $"{owner} {what} changed from {Quote(from)} to {Quote(to)}{by}";
    }

    private static string Quote(string? value)
    {
        var v = (value ?? "").Trim();
        return v.Length <= 60 ? v : v[..59] + "…";
    }

    private static string Status(string? code) => string.IsNullOrEmpty(code) ? "none" : Fmt(code).ToLowerInvariant();

    private static string Fmt(string code) => code.Replace('_', ' ');

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static Dictionary<string, string> Parse(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return result;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
            foreach (var p in doc.RootElement.EnumerateObject())
                result[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => p.Value.GetRawText(),
                };
        }
        catch (JsonException) { /* a malformed entry shows as its action alone */ }
        return result;
    }
}
