using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Conversations.Engines;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Voice;

/// <summary>Where the receptionist is with the caller, kept between turns (voice_sessions.state).</summary>
public sealed record ReceptionistState
{
    public const string Qualifying = "qualifying", Offering = "offering", Confirming = "confirming", TakingMessage = "message", Done = "done";

    public string Stage { get; init; } = Qualifying;
    /// <summary>The engine's own state (what it asked, flags), as for a text conversation.</summary>
    public ConversationState Engine { get; init; } = new();
    public List<Slot> Offered { get; init; } = [];
    public Slot? Chosen { get; init; }
    /// <summary>Answers in a row that did not move things on (silence, an unclear choice).</summary>
    public int Misses { get; init; }
    /// <summary>How the call leaves the conversation (<see cref="ReceptionistActions"/>) and what is said last, for the carrier's next webhook.</summary>
    public string? Leaving { get; init; }
    public string? Farewell { get; init; }
    /// <summary>What the owner hears before a transferred call is connected.</summary>
    public string? Whisper { get; init; }
    public bool Emergency { get; init; }
}

public static class ReceptionistActions
{
    /// <summary>Keep talking: say the reply and listen.</summary>
    public const string Listen = "listen";
    /// <summary>Connect the caller to the owner's phone (whisper first).</summary>
    public const string Transfer = "transfer";
    /// <summary>Say the reply and hang up (booked, done, the text-back sent instead).</summary>
    public const string Hangup = "hangup";
}

/// <summary>What the receptionist says next and what the call does after it.</summary>
/// <param name="Turn">The number of the receptionist's line in the transcript: unique per answer (the next Gather's URL carries it).</param>
/// <param name="Session">The session as this answer left it (a relay socket keeps it for the next turn instead of reading it again).</param>
/// <param name="Lead">The lead as this answer left it (likewise kept by a relay socket).</param>
public sealed record ReceptionistReply(string Text, string Action, int Turn, VoiceSession? Session = null, Lead? Lead = null);

/// <summary>A caller's line with the engine's reading of it, worked out before any transaction opens (a model may take seconds).</summary>
public sealed record HeardLine(VoiceSession Session, Business Business, Lead Lead, ReceptionistState State, string Text, string? Digits, EngineTurn? Turn, DateTimeOffset At);

/// <summary>
/// The voice receptionist (PRODUCT.md §10): answers a call nobody picked up, qualifies the caller with the same engine,
/// understanding and lead as the SMS path, offers open slots by voice, reads the time and address back before booking,
/// books through <see cref="BookingService"/> (which texts the confirmation with the calendar link through the one
/// texting policy), and hands the call to the owner on an emergency, a request for a person or an upset caller. Both
/// carrier paths (ConversationRelay and Gather) drive it the same way: <see cref="HearAsync"/> outside a transaction,
/// then <see cref="ApplyAsync"/> inside one.
/// </summary>
public sealed partial class Receptionist(
    VoiceStore store, LeadStore leads, LeadLearner learner, EngineRunner engine, BookingService booking, ConversationStore conversations,
    OptOuts optOuts, MissedCallService missed, CallStore calls, Notifier notifier, BusinessStore businesses, LiveEvents live, TimeProvider clock,
    ILogger<Receptionist> log)
{
    public const int MaxMisses = 2;

    public static string Greeting(Business business) =>
        $"Thanks for calling {business.Name}. Everyone's out on a job, so I'm the virtual receptionist and I can get you booked. What can we help you with? If you'd rather get a text, say text me or press 1.";

    /// <summary>Starts the receptionist on a missed call, inside the call-completed webhook's transaction: the session, the lead, the greeting.</summary>
    public async Task<string> StartAsync(DbTx tx, Business business, Call call, string path)
    {
        var now = clock.GetUtcNow();
        var (lead, _) = await leads.GetOrCreateAsync(tx, business.Id, call.CallerPhone, LeadSources.MissedCall);
        var greeting = Greeting(business);
        await store.InsertAsync(tx, new VoiceSession
        {
            CallId = call.Id, BusinessId = business.Id, LeadId = lead.Id, Path = path, State = Json.Serialize(new ReceptionistState()),
            Status = VoiceSessionStatuses.Active, StartedAt = now, UpdatedAt = now,
        });
        await store.AddTurnAsync(tx, business.Id, call.Id, Speakers.Receptionist, greeting, 0);
        await leads.MarkContactedAsync(tx, business.Id, lead.Id);
        tx.AfterCommit(() => live.Publish(business.Id, "lead", lead.Id));
        log.LogInformation("Call {CallId}: the voice receptionist answers ({Path})", call.Id, path);
        return greeting;
    }

    public static ReceptionistState StateOf(VoiceSession s)
    {
        try { return Json.Deserialize<ReceptionistState>(s.State) ?? new ReceptionistState(); }
        catch (System.Text.Json.JsonException) { return new ReceptionistState(); }
    }

    /// <summary>
    /// Reads a caller's line (speech, or a key: 1 asks for a text instead) and runs the engine on it, outside any
    /// transaction. Null when the session is not there or over.
    /// </summary>
    /// <param name="business">The business when the caller already has it (a relay socket reads it once per call).</param>
    /// <param name="transcript">The call so far when the caller keeps it (a relay socket does); otherwise it is read.</param>
    /// <param name="lead">The lead as the last answer left it, when the caller keeps it (the turn's transaction reads it again to write).</param>
    public async Task<HeardLine?> HearAsync(VoiceSession session, string text, string? digits, CancellationToken ct, Business? business = null,
        IReadOnlyList<ThreadMessage>? transcript = null, Lead? lead = null)
    {
        if (!VoiceSessionStatuses.IsLive(session.Status)) return null;
        business ??= await businesses.GetAsync(session.BusinessId, ct);
        lead ??= session.LeadId is null ? null : await leads.GetAsync(session.BusinessId, session.LeadId, ct);
        if (business is null || lead is null) return null;
        var state = StateOf(session);
        text = text.Trim();
        if (text.Length > MaxLine) text = text[..MaxLine];
        EngineTurn? turn = null;
        if (text.Length > 0 && state.Stage != ReceptionistState.TakingMessage && !WantsText(text, digits))
        {
            transcript ??= Thread(session, await store.TurnsAsync(session.BusinessId, session.CallId));
            var now = clock.GetUtcNow();
            var messages = transcript.Append(new ThreadMessage(true, text, now)).ToList();
            turn = await engine.RunAsync(new EngineInput(business, KnownLead.From(lead), state.Engine, messages, now), ct);
        }
        return new HeardLine(session, business, lead, state, text, digits, turn, clock.GetUtcNow());
    }

    /// <summary>The transcript as the engine reads a thread: the caller's lines and ours, with when each was said.</summary>
    public static IReadOnlyList<ThreadMessage> Thread(VoiceSession session, IEnumerable<VoiceTurn> turns) =>
        [.. turns.Select(t => new ThreadMessage(t.Speaker == Speakers.Caller, t.Text, session.StartedAt.AddMilliseconds(t.AtMs)))];

    /// <summary>The longest caller line kept (a carrier's transcript of a long monologue is cut there).</summary>
    public const int MaxLine = 1000;

    /// <summary>Applies a heard line in one transaction and decides what is said next. Null when the session ended meanwhile.</summary>
    public async Task<ReceptionistReply?> ApplyAsync(DbTx tx, HeardLine heard)
    {
        var s = await store.GetAsync(tx, heard.Session.BusinessId, heard.Session.CallId);
        if (s is null || !VoiceSessionStatuses.IsLive(s.Status)) return null;
        var business = heard.Business;
        var lead = await leads.GetAsync(tx, business.Id, heard.Lead.Id) ?? heard.Lead;
        var state = StateOf(s);
        var at = (long)(heard.At - s.StartedAt).TotalMilliseconds;
        if (heard.Text.Length > 0) await store.AddTurnAsync(tx, business.Id, s.CallId, Speakers.Caller, heard.Text, at);
        else if (heard.Digits is { Length: > 0 } d) await store.AddTurnAsync(tx, business.Id, s.CallId, Speakers.Caller, $"(pressed {d})", at);

        var learnedLead = new StrongBox<Lead>(lead);
        var (next, reply, action) = await DecideAsync(tx, s, business, learnedLead, state, heard);
        var turnNo = await store.AddTurnAsync(tx, business.Id, s.CallId, Speakers.Receptionist, reply, (long)(clock.GetUtcNow() - s.StartedAt).TotalMilliseconds);
        if (action != ReceptionistActions.Listen) next = next with { Leaving = action, Farewell = reply };
        var json = Json.Serialize(next);
        await store.SaveStateAsync(tx, business.Id, s.CallId, lead.Id, json, clock.GetUtcNow());
        tx.AfterCommit(() => live.Publish(business.Id, "call", s.CallId));
        return new ReceptionistReply(reply, action, turnNo, s with { State = json }, learnedLead.Value);
    }


    /// <param name="current">The lead before the turn; set to the lead after what the turn learned.</param>
    private async Task<(ReceptionistState Next, string Reply, string Action)> DecideAsync(DbTx tx, VoiceSession s, Business business, StrongBox<Lead> current,
        ReceptionistState state, HeardLine heard)
    {
        var lead = current.Value!;
        var text = heard.Text;
        // "Just text me" (or key 1): today's text-back takes over.
        if (state.Stage != ReceptionistState.TakingMessage && WantsText(text, heard.Digits))
        {
            await TextInsteadAsync(tx, business, s);
            return (state with { Stage = ReceptionistState.Done }, "Sure, I'll text you right now. Thanks for calling, goodbye.", ReceptionistActions.Hangup);
        }
        if (state.Stage == ReceptionistState.TakingMessage)
        {
            var message = text.Length > 0 ? text : "(no message left)";
            await EndAsync(tx, business, s, lead, VoiceSessionStatuses.Message, $"left a message: \"{message}\"", urgent: true);
            return (state with { Stage = ReceptionistState.Done },
                $"Thanks, I've passed that on to {OwnerFirstName(business)}, who will call you back as soon as possible. Goodbye.", ReceptionistActions.Hangup);
        }
        if (text.Length == 0)
        {
            // Silence: ask once more, then the text-back takes over.
            if (state.Misses + 1 >= MaxMisses)
            {
                await TextInsteadAsync(tx, business, s);
                return (state with { Stage = ReceptionistState.Done }, "I can't hear you, so I'll text you instead. Goodbye.", ReceptionistActions.Hangup);
            }
            return (state with { Misses = state.Misses + 1 }, "Sorry, I didn't catch that. " + Repeat(business, state), ReceptionistActions.Listen);
        }

        var turn = heard.Turn!;
        var o = turn.Outcome;
        var learned = await learner.ApplyAsync(tx, business, lead, o);
        lead = current.Value = learned.Lead;
        state = state with { Engine = state.Engine.After(turn, learned.Merged), Misses = 0 };
        var notes = learned.Notes.Count > 0 ? " " + string.Join(' ', learned.Notes) : "";

        if (o.OptOut || o.WrongNumber || o.NotInterested)
        {
            if (o.OptOut) await optOuts.OptOutAsync(tx, business.Id, lead.Phone, "voice receptionist: asked not to be contacted", "caller");
            await EndAsync(tx, business, s, lead, VoiceSessionStatuses.Ended, o.WrongNumber ? "said it was a wrong number" : "did not want anything");
            return (state with { Stage = ReceptionistState.Done }, $"No problem. Thanks for calling {business.Name}. Goodbye.", ReceptionistActions.Hangup);
        }
        if (o.Emergency || o.HumanNeeded || Upset(text))
        {
            var why = o.Emergency ? "an emergency" : o.HumanNeeded ? "asked for a person" : "sounds upset";
            var whisper = $"Call from {lead.NameAndPhone}, {why}. {(lead.ServiceNeeded is null ? "" : $"Needs {lead.ServiceNeeded}. ")}" +
                $"{(lead.Address is null ? "" : $"Address {lead.Address}. ")}They said: {text}. Connecting you now.";
            await store.TrySetStatusAsync(tx, business.Id, s.CallId, VoiceSessionStatuses.Transferring, null, clock.GetUtcNow());
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice(o.Emergency ? "emergency" : "human_needed",
                o.Emergency ? $"Emergency call: {lead.NameAndPhone}" : $"{lead.NameAndPhone} is being put through to you",
                $"The voice receptionist is putting {lead.NameAndPhone} through to your phone ({why}). They said: \"{text}\".",
                new { leadId = lead.Id, callId = s.CallId }, Urgent: o.Emergency));
            var say = o.Emergency
                ? $"That sounds urgent. I'm connecting you to {OwnerFirstName(business)} right now, please hold."
                : $"Of course. I'm connecting you to {OwnerFirstName(business)} now, please hold.";
            return (state with { Whisper = whisper, Emergency = state.Emergency || o.Emergency }, say, ReceptionistActions.Transfer);
        }

        var today = business.LocalTime(heard.At).Date;
        switch (state.Stage)
        {
            case ReceptionistState.Offering:
            {
                var pick = Pick(business, state.Offered, ReplyParser.Parse(text, today));
                if (pick is { } chosen)
                    return (state with { Stage = ReceptionistState.Confirming, Chosen = chosen }, ReadBack(business, lead, chosen) + notes, ReceptionistActions.Listen);
                if (Declines(text) || state.Misses + 1 > MaxMisses)
                    return await CallBackAsync(tx, business, s, lead, state);
                // A new preferred time ("do you have anything Friday?") is offered afresh.
                if (learned.Changed.Contains(LeadFields.PreferredTime)) return await OfferAsync(tx, business, s, lead, state, "Let me look. ");
                return (state with { Misses = state.Misses + 1 }, "Sorry, which of those works for you? " + SlotList(business, state.Offered) + notes, ReceptionistActions.Listen);
            }
            case ReceptionistState.Confirming when state.Chosen is { } slot:
            {
                var yesNo = SmsUnderstanding.Read(text, business, null, heard.At).YesNo ?? (ReplyParser.Parse(text, today).Yes ? true : null);
                // A corrected address or time is read back again.
                if (learned.Changed.Contains(LeadFields.Address)) return (state, "Got it. " + ReadBack(business, lead, slot), ReceptionistActions.Listen);
                if (yesNo == true) return await BookAsync(tx, business, s, lead, state, slot);
                if (yesNo == false || Declines(text))
                    return (state with { Stage = ReceptionistState.Offering, Chosen = null }, "No problem. Which time works better? " + SlotList(business, state.Offered), ReceptionistActions.Listen);
                return (state, "Sorry, shall I book " + SpokenSlot(business, slot) + "? Please say yes or no.", ReceptionistActions.Listen);
            }
            default:
                if (learned.Merged.IsQualified) return await OfferAsync(tx, business, s, lead, state, Thanks(lead));
                return (state, turn.Reply + notes, ReceptionistActions.Listen);
        }
    }

    private async Task<(ReceptionistState, string, string)> OfferAsync(DbTx tx, Business business, VoiceSession s, Lead lead, ReceptionistState state, string intro)
    {
        var slots = (await booking.SlotsForAsync(tx, business, lead)).Take(3).ToList();
        if (slots.Count == 0) return await CallBackAsync(tx, business, s, lead, state);
        return (state with { Stage = ReceptionistState.Offering, Offered = slots, Chosen = null },
            $"{intro}We can come out {SlotList(business, slots)} Which works best?", ReceptionistActions.Listen);
    }

    private async Task<(ReceptionistState, string, string)> BookAsync(DbTx tx, Business business, VoiceSession s, Lead lead, ReceptionistState state, Slot slot)
    {
        var (conversationId, _) = await conversations.OpenAsync(tx, business.Id, lead.Id, s.CallId, lead.Phone);
        var conversation = (await conversations.GetAsync(tx, business.Id, conversationId))!;
        var appointment = await booking.BookAsync(tx, business, conversation, lead, null, slot, via: "voice");
        if (appointment is null)
            return await OfferAsync(tx, business, s, lead, state, "Sorry, that time was just taken. ");
        var texted = !await optOuts.IsOptedOutAsync(tx, business.Id, lead.Phone);
        await EndAsync(tx, business, s, lead, VoiceSessionStatuses.Booked, $"booked {SpokenSlot(business, slot)}", notify: false);
        return (state with { Stage = ReceptionistState.Done },
            $"You're booked for {SpokenSlot(business, slot)}.{(texted ? " I've texted you the details with a calendar link." : "")} Thanks for calling {business.Name}. Goodbye.",
            ReceptionistActions.Hangup);
    }

    /// <summary>No slot suits (or none is open): the owner is told to call back, and the caller hears so.</summary>
    private async Task<(ReceptionistState, string, string)> CallBackAsync(DbTx tx, Business business, VoiceSession s, Lead lead, ReceptionistState state)
    {
        await EndAsync(tx, business, s, lead, VoiceSessionStatuses.Ended, "is ready to book but no offered time suited: call them to set one");
        return (state with { Stage = ReceptionistState.Done },
            $"No problem. {OwnerFirstName(business)} will call you back to find a time that works. Thanks for calling {business.Name}. Goodbye.", ReceptionistActions.Hangup);
    }

    /// <summary>The caller would rather text: today's text-back (greeting through the one texting policy, the owner's missed-call notice).</summary>
    private async Task TextInsteadAsync(DbTx tx, Business business, VoiceSession s)
    {
        if (await calls.FindForWebhookAsync(tx, s.CallId) is { } call) await missed.OnMissedAsync(tx, business, call);
        await store.TrySetStatusAsync(tx, business.Id, s.CallId, VoiceSessionStatuses.Texted, "asked for a text instead", clock.GetUtcNow());
    }

    /// <summary>Ends the session with a summary for the owner (the lead's fields so far, how it ended).</summary>
    public async Task EndAsync(DbTx tx, Business business, VoiceSession s, Lead lead, string status, string outcome, bool notify = true, bool urgent = false)
    {
        var summary = Summary(lead, outcome);
        if (!await store.TrySetStatusAsync(tx, business.Id, s.CallId, status, summary, clock.GetUtcNow())) return;
        if (notify)
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("receptionist_call", $"Receptionist call: {lead.NameAndPhone}", summary,
                new { leadId = lead.Id, callId = s.CallId }, Urgent: urgent));
        tx.AfterCommit(() => live.Publish(business.Id, "lead", lead.Id));
    }

    /// <summary>The socket dropped or the carrier ended the call before the conversation did: the lead keeps what was said, the owner is told.</summary>
    public async Task DroppedAsync(DbTx tx, VoiceSession s, string why)
    {
        var business = await businesses.GetAsync(tx, s.BusinessId);
        var lead = s.LeadId is null ? null : await leads.GetAsync(tx, s.BusinessId, s.LeadId);
        if (business is null || lead is null) return;
        await EndAsync(tx, business, s, lead, VoiceSessionStatuses.Dropped, $"the call dropped ({why}); call them back");
    }

    /// <summary>A transfer nobody answered: the receptionist takes a message and the owner is alerted at once.</summary>
    /// <returns>What the caller hears, and its line number in the transcript (for the message Gather's URL); null when the call is over.</returns>
    public async Task<(string Say, int Turn)?> TransferMissedAsync(DbTx tx, VoiceSession s)
    {
        var business = await businesses.GetAsync(tx, s.BusinessId);
        var lead = s.LeadId is null ? null : await leads.GetAsync(tx, s.BusinessId, s.LeadId);
        if (business is null || lead is null) return null;
        if (!await store.TrySetStatusAsync(tx, business.Id, s.CallId, VoiceSessionStatuses.Message, null, clock.GetUtcNow())) return null;
        var state = StateOf(s) with { Stage = ReceptionistState.TakingMessage, Leaving = null };
        var say = $"Sorry, {OwnerFirstName(business)} couldn't pick up. Please tell me your message and I'll send it to them right away.";
        var turn = await store.AddTurnAsync(tx, business.Id, s.CallId, Speakers.Receptionist, say, (long)(clock.GetUtcNow() - s.StartedAt).TotalMilliseconds);
        await store.SaveStateAsync(tx, business.Id, s.CallId, null, Json.Serialize(state), clock.GetUtcNow());
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice(state.Emergency ? "emergency" : "human_needed", $"You missed a transferred call: {lead.NameAndPhone}",
            $"The voice receptionist tried to put {lead.NameAndPhone} through{(state.Emergency ? " (an emergency)" : "")} and nobody answered. They are leaving a message; call them back.",
            new { leadId = lead.Id, callId = s.CallId }, Urgent: true));
        return (say, turn);
    }

    /// <summary>The owner took the transferred call.</summary>
    public async Task TransferAnsweredAsync(DbTx tx, VoiceSession s)
    {
        var lead = s.LeadId is null ? null : await leads.GetAsync(tx, s.BusinessId, s.LeadId);
        await store.TrySetStatusAsync(tx, s.BusinessId, s.CallId, VoiceSessionStatuses.Transferred,
            lead is null ? "put through to the owner" : Summary(lead, "put through to you"), clock.GetUtcNow());
    }

    private static string Summary(Lead lead, string outcome)
    {
        var parts = new List<string>();
        if (lead.ServiceNeeded is not null) parts.Add(lead.ServiceNeeded);
        if (lead.Urgency is not (null or Urgencies.Unknown)) parts.Add($"urgency {lead.Urgency}");
        if (lead.Address is not null) parts.Add(lead.Address);
        if (lead.PreferredTime is not null) parts.Add($"prefers {lead.PreferredTime}");
        return $"{lead.NameAndPhone} talked to the voice receptionist and {outcome}.{(parts.Count > 0 ? " " + string.Join(", ", parts) + "." : "")}";
    }

    private static string OwnerFirstName(Business business) => Names.First(business.OwnerName) ?? "the owner";

    private static string Thanks(Lead lead) => Names.First(lead.Name) is { } first ? $"Thanks, {first}. " : "Thanks. ";

    private static string Repeat(Business business, ReceptionistState state) => state.Stage switch
    {
        ReceptionistState.Offering => "Which of these works? " + SlotList(business, state.Offered),
        ReceptionistState.Confirming when state.Chosen is { } c => $"Shall I book {SpokenSlot(business, c)}? Please say yes or no.",
        _ => "What can we help you with?",
    };

    /// <summary>"Just before booking": the time and the address read back in full.</summary>
    private static string ReadBack(Business business, Lead lead, Slot slot) =>
        $"Just to confirm: {SpokenSlot(business, slot)}{(lead.Address is null ? "" : $", at {SpokenAddress(lead.Address)}")}. Shall I book that?";

    /// <summary>"Tuesday, March 3rd at 9 AM".</summary>
    public static string SpokenSlot(Business business, Slot slot)
    {
        var t = business.LocalTime(slot.Start);
        return $"{SpokenDay(t.Date)} at {SpokenTime(t.TimeOfDay)}";
    }

    private static string SpokenDay(LocalDate d) => d.ToString("dddd, MMMM", CultureInfo.InvariantCulture) + " " + Ordinal(d.Day);

    private static string SpokenTime(LocalTime t) =>
        (t.Hour, t.Minute) is (12, 0) ? "noon" : $"{(t.Minute == 0 ? $"{t.ClockHourOfHalfDay}" : $"{t.ClockHourOfHalfDay}:{t.Minute:D2}")} {(t.Hour < 12 ? "AM" : "PM")}";

    /// <summary>
    /// The offer as said aloud, each day named once: "Wednesday, March 4th at 8 AM, 9:30 AM or 11:30 AM." or
    /// "Wednesday, March 4th at 8 AM or noon, or Thursday, March 5th at 10 AM."
    /// </summary>
    public static string SlotList(Business business, IReadOnlyList<Slot> slots)
    {
        var days = slots.Select(s => business.LocalTime(s.Start)).GroupBy(t => t.Date)
            .Select(g => $"{SpokenDay(g.Key)} at {Either(g.Select(t => SpokenTime(t.TimeOfDay)).ToList(), "")}").ToList();
        return days.Count == 0 ? "" : Either(days, ",") + ".";
    }

    /// <summary>"a", "a or b", "a, b or c" (with <paramref name="comma"/> before the "or" when the items have commas of their own).</summary>
    private static string Either(IReadOnlyList<string> items, string comma) => items.Count switch
    {
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + comma + " or " + items[^1],
    };

    /// <summary>Street abbreviations said in full, so the caller hears the address as they would say it.</summary>
    public static string SpokenAddress(string address) => StreetWords().Replace(address, m => m.Value.TrimEnd('.').ToLowerInvariant() switch
    {
        "st" => "Street", "ave" => "Avenue", "rd" => "Road", "dr" => "Drive", "ln" => "Lane", "blvd" => "Boulevard", "ct" => "Court", "hwy" => "Highway",
        _ => m.Value,
    });

    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>The slot a spoken answer picks: "the second one", "Tuesday", "the 1 PM", or null.</summary>
    private static Slot? Pick(Business business, IReadOnlyList<Slot> offered, ParsedReply r)
    {
        if (offered.Count == 0) return null;
        if (r.Last) return offered[^1];
        if (r.Index is { } i && i >= 1 && i <= offered.Count) return offered[i - 1];
        if (!r.HasWhen) return r.Yes && offered.Count == 1 ? offered[0] : null;
        var matching = offered.Where(s => SlotMatcher.Matches(business, s, r)).ToList();
        return matching.Count == 1 ? matching[0] : matching.Count > 1 && r.Time is not null ? matching[0] : null;
    }

    public static bool WantsText(string text, string? digits) => digits?.Trim() == "1" || TextMeRx().IsMatch(text);

    private static bool Declines(string text) => NoneRx().IsMatch(text);

    /// <summary>An upset caller is handed to a person (a machine arguing back makes it worse).</summary>
    public static bool Upset(string text) => UpsetRx().IsMatch(text);

    [GeneratedRegex(@"(?i)\b(just |can you |could you |please )?(text|txt|message) me\b|\bsend me a text\b|\brather (text|have a text)\b|\b(by|over) text\b")]
    private static partial Regex TextMeRx();

    [GeneratedRegex(@"(?i)\b(none of (those|them|these)|neither|no(ne)? of those work|doesn'?t work|don'?t work|not (any|one) of)\b")]
    private static partial Regex NoneRx();

    [GeneratedRegex(@"(?i)\b(ridiculous|unacceptable|furious|angry|pissed|fed up|sick of|terrible service|worst|this is a joke|you people|useless|scam|damn|hell)\b")]
    private static partial Regex UpsetRx();

    [GeneratedRegex(@"(?i)\b(st|ave|rd|dr|ln|blvd|ct|hwy)\b\.?")]
    private static partial Regex StreetWords();
}
