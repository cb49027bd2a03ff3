using System.Text.RegularExpressions;
using System.Globalization;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// The default engine: deterministic rules, no keys, no network. Reads the caller's text with
/// <see cref="SmsUnderstanding"/>, merges what it learned, and asks for the next missing field in PRODUCT.md's
/// order (service → urgency → name → address → preferred time), one at a time, in 1–3 short sentences.
/// It never says it is a bot or a person, and never gives prices or diagnoses.
/// </summary>
public sealed partial class BuiltInEngine : IConversationEngine
{
    public const string EngineName = "builtin";

    public string Name => EngineName;

    public Task<EngineTurn> TurnAsync(EngineInput input, CancellationToken ct) => Task.FromResult(Turn(input));

    public static EngineTurn Turn(EngineInput input)
    {
        var b = input.Business;
        var state = input.State;
        // What the caller texted before this one, so an emergency told over two texts is seen.
        var callerTexts = input.Messages.Where(m => m.FromCaller).Select(m => m.Body).ToList();
        var earlier = callerTexts.Count > 1 ? string.Join(". ", callerTexts.SkipLast(1)) : null;
        var u = SmsUnderstanding.Read(input.LatestText, b, state.Asked, input.Now, earlier);
        // The answer to our safety question, when our last text asked it: yes, maybe or "not sure" is an emergency;
        // "no, we're fine" answers it (it is no "not interested").
        var safe = false;
        if (!u.Emergency && DangerCheck.JustAsked(input.Messages) && DangerCheck.Answer(input.LatestText, u) is { } danger)
        {
            safe = !danger;
            u = danger
                ? u with
                {
                    Emergency = true, EmergencyKind = DangerCheck.Kind, NotInterested = false,
                    Fields = new(u.Fields) { [LeadFields.Urgency] = new FieldValue(Urgencies.Emergency, 0.95) },
                }
                : u with
                {
                    NotInterested = false,
                    Fields = DangerCheck.OnlyDenies(input.LatestText) ? u.Fields.Where(f => f.Key != LeadFields.Urgency).ToDictionary() : u.Fields,
                };
        }
        var learned = new Dictionary<string, FieldValue>(u.Fields);
        // "not an emergency", then "would like it done soon tho": the caller's own later word raising the urgency counts
        // (a day said with it, "tomorrow works", is a time more than a word on urgency, and does not).
        if (input.Known[LeadFields.Urgency] == Urgencies.Flexible && learned.TryGetValue(LeadFields.Urgency, out var raised)
            && raised.Value == Urgencies.Soon && raised.Confidence >= 0.7 && !learned.ContainsKey(LeadFields.PreferredTime))
            learned[LeadFields.Urgency] = raised with { Correction = true };
        // "not urgent", then "the drip got way faster, can someone come today?": asking for today is the urgency raised.
        else if (input.Known[LeadFields.Urgency] == Urgencies.Flexible && !u.Emergency && !u.NoRush
            && learned.TryGetValue(LeadFields.PreferredTime, out var soonTime) && SameDay(soonTime.Value))
            learned[LeadFields.Urgency] = new FieldValue(Urgencies.Soon, 0.85, Correction: true);
        // A guessed urgency from a time ("tomorrow") must not turn into a correction of one already given.
        // An urgency only read between the lines ("AC not cooling": soon) is still asked about, and the answer replaces it.
        if (input.Known.Has(LeadFields.Urgency) && !u.Emergency && learned.TryGetValue(LeadFields.Urgency, out var lu) && !lu.Correction
            && (lu.Confidence < 0.7 || input.Known.IsFirm(LeadFields.Urgency)))
            learned.Remove(LeadFields.Urgency);
        // In an emergency "when?" has one answer: as soon as possible. "Today" said with it ("it's 104 here today") is
        // when it is happening, not a time to come.
        if (u.Emergency && !input.Known.Has(LeadFields.PreferredTime)
            && (!learned.TryGetValue(LeadFields.PreferredTime, out var et) || et.Value is "today" or "tonight"))
            learned[LeadFields.PreferredTime] = new FieldValue("asap", 0.8);
        // "small drip, next week is fine", then "the supply line just popped, water is shooting out": the time given while it
        // could wait gives way to as soon as possible, unless the caller names a time now.
        else if (u.Emergency && input.Known.Has(LeadFields.PreferredTime) && input.Known[LeadFields.Urgency] != Urgencies.Emergency
            && input.Known[LeadFields.PreferredTime] != "asap" && !SameDay(input.Known[LeadFields.PreferredTime]!)
            && (!learned.TryGetValue(LeadFields.PreferredTime, out var now) || now.Value is "today" or "tonight"))
            learned[LeadFields.PreferredTime] = new FieldValue("asap", 0.8, Correction: true);
        // An emergency brought under control ("found the valve, it's off", "space heaters going so we're ok for now", "not an
        // emergency anymore"): the work is still wanted soon, but nobody has to drop everything; "no rush" with it lowers it
        // further. The owner is told (EngineStep), and the caller can be offered times again.
        // Said again later ("ok not an emergency anymore, just need the clog fixed"), it keeps the work soon.
        var calmer = !u.Emergency && u.UnderControl;
        var standsDown = calmer && input.Known[LeadFields.Urgency] == Urgencies.Emergency;
        if ((standsDown || calmer && state.EmergencyAcknowledged && input.Known[LeadFields.Urgency] != Urgencies.Flexible)
            && !(u.NoRush && learned.TryGetValue(LeadFields.Urgency, out var said) && said.Value == Urgencies.Flexible))
            learned[LeadFields.Urgency] = new FieldValue(Urgencies.Soon, 0.85, Correction: true);
        // Once it is no emergency — called off now ("nvm, it's running again, next week is fine"), brought under control as
        // above ("heat's back on, could someone still look at it friday"), or over since an earlier text — a time the caller
        // gives replaces the "as soon as possible" that came with the emergency.
        var calledOff = input.Known[LeadFields.Urgency] == Urgencies.Emergency
            && learned.TryGetValue(LeadFields.Urgency, out var down) && down.Correction && down.Value != Urgencies.Emergency;
        var over = state.EmergencyAcknowledged && input.Known[LeadFields.Urgency] is { } ku && ku != Urgencies.Emergency;
        if (!u.Emergency && (calledOff || over) && input.Known[LeadFields.PreferredTime] == "asap"
            && learned.TryGetValue(LeadFields.PreferredTime, out var later) && later.Value != "asap")
            learned[LeadFields.PreferredTime] = later with { Correction = true };
        // "tomorrow" then "morning" is one answer given in two texts: complete it rather than ignore it.
        if (learned.TryGetValue(LeadFields.PreferredTime, out var lt) && input.Known[LeadFields.PreferredTime] is { } kt && Complements(kt, lt.Value))
            learned[LeadFields.PreferredTime] = lt with { Value = kt == "today" && SmsUnderstanding.TodayPart(lt.Value) is { } thisPart ? thisPart : $"{kt} {lt.Value}", Correction = true };
        // "wednesday afternoon", later "can we do thursday instead? same time": the new day at the hour we had.
        if (learned.TryGetValue(LeadFields.PreferredTime, out var moved) && input.Known[LeadFields.PreferredTime] is { } was
            && SmsUnderstanding.SameTimeSaid(input.LatestText) && DayWords.Contains(moved.Value) && was.Split(' ', 2) is [var oldDay, var hour]
            && DayWords.Contains(oldDay) && !DayWords.Contains(hour.Split(' ')[0]) && oldDay != moved.Value)
            learned[LeadFields.PreferredTime] = moved with { Value = $"{moved.Value} {hour}", Correction = true };
        // "Robin", later "Robin Hale"; "Kim", later "Kimberly Ng": the same person's full name completes the one we have.
        if (learned.TryGetValue(LeadFields.Name, out var ln) && input.Known[LeadFields.Name] is { } kn && !ln.Correction
            // "Jon Paul", later "Jon-Paul Thibault": a hyphen or a space between the parts of a first name is the same name.
            && (ln.Value.Replace('-', ' ').StartsWith(kn.Replace('-', ' ') + " ", StringComparison.OrdinalIgnoreCase) || SmsUnderstanding.Completes(kn, ln.Value)
                // "Cruz", later "Santiago Cruz": the surname given first, then the whole name.
                || !kn.Contains(' ', StringComparison.Ordinal) && ln.Value.EndsWith(" " + kn, StringComparison.OrdinalIgnoreCase)))
            learned[LeadFields.Name] = ln with { Correction = true };
        // "Jon Pruitt", then "sorry, John not Jon"; "Shawna", then "oops Shauna*": the first name corrected on its own.
        if (input.Known[LeadFields.Name] is { } namedAs && SmsUnderstanding.CorrectedFirstName(input.LatestText, namedAs) is { } renamed)
            learned[LeadFields.Name] = new FieldValue(renamed, 0.9, Correction: true);
        // "Faith", then "last name Okafor": the surname sent on its own completes the first name we have.
        if (input.Known[LeadFields.Name] is { } firstOnly && SmsUnderstanding.CompletedSurname(input.LatestText, firstOnly) is { } withSurname)
            learned[LeadFields.Name] = new FieldValue(withSurname, 0.9, Correction: true);
        // A reply to a campaign ("time for your AC tune-up?" → "yes please") is about what the campaign offered, unless
        // the caller says otherwise: the service is read from the campaign's text rather than asked again.
        if (!input.Known.Has(LeadFields.Service) && !learned.ContainsKey(LeadFields.Service) && !u.NotInterested && !u.OptOut && !u.WrongNumber
            && input.Messages.LastOrDefault(m => !m.FromCaller && m.Purpose == SmsPurposes.Campaign) is { } offer
            && SmsUnderstanding.Read(offer.Body, b, null, input.Now).Fields.TryGetValue(LeadFields.Service, out var offered))
            learned[LeadFields.Service] = offered with { Confidence = Math.Min(offered.Confidence, 0.7) };
        // "sorry its 24 Oak Hollow, not 42": the house number of the address we have, corrected on its own.
        // "sorry its 24 Oak Hollow, not 42" for "42 Oak Hollow Dr": the street said short is the one we have, renumbered.
        if (input.Known[LeadFields.Address] is { } ka
            && (!learned.TryGetValue(LeadFields.Address, out var saidAddress) || SmsUnderstanding.ShorterStreet(saidAddress.Value, ka))
            && SmsUnderstanding.CorrectedHouseNumber(input.LatestText, ka) is { } fixedAddress)
            learned[LeadFields.Address] = new FieldValue(fixedAddress, 0.85, Correction: true);
        // "412 Willow Bend", then "its Willow Bend Dr, in Savannah"; "82 Jefferson", then "82 Jefferson Ave, Memphis TN":
        // the address we have, completed rather than kept as first read.
        else if (input.Known[LeadFields.Address] is { } partial
            && SmsUnderstanding.CompletedAddress(input.LatestText, partial, learned.TryGetValue(LeadFields.Address, out var la) ? la.Value : null) is { } completed)
            learned[LeadFields.Address] = new FieldValue(completed, 0.9, Correction: true);
        // "4500 Grand Blvd Apt 12C", later "Kansas City MO 64111 btw"; "actually zip is 43214 sorry": the place of the address we have.
        else if (input.Known[LeadFields.Address] is { } placeless && !learned.ContainsKey(LeadFields.Address)
            && SmsUnderstanding.PlaceOfKnownAddress(input.LatestText, placeless) is { } placed)
            learned[LeadFields.Address] = new FieldValue(placed, 0.9, Correction: true);
        // "drip under the sink, not urgent", then "the pipe just split, water is spraying everywhere": the emergency names
        // the job now; the drip it grew from is no job of its own.
        if (u.Emergency && input.Known[LeadFields.Urgency] != Urgencies.Emergency && input.Known[LeadFields.Service] is { } before
            && learned.TryGetValue(LeadFields.Service, out var worse) && !worse.Correction && !worse.Value.Equals(before, StringComparison.OrdinalIgnoreCase))
            learned[LeadFields.Service] = worse with { Correction = true };
        // "need an oil change", then "oh and the brakes squeak too": a second job added to the one we have, both kept.
        else if (input.Known[LeadFields.Service] is { } knownService && !knownService.Contains(',', StringComparison.Ordinal)
            && learned.TryGetValue(LeadFields.Service, out var added) && !added.Correction && !added.Value.Contains(',', StringComparison.Ordinal)
            && !added.Value.Equals(knownService, StringComparison.OrdinalIgnoreCase) && AddedJobRx().IsMatch(input.LatestText))
            learned[LeadFields.Service] = added with { Value = $"{knownService}, {added.Value}", Correction = true };
        // "thurs", then "sorry, friday"; a day said in passing ("20 people coming thursday"), then "tomorrow morning": a short
        // text that gives nothing but another time is the caller saying when, and it replaces the time we had.
        // (Once the details were announced, a time asked for is passed to the owner below.)
        if (!state.QualifiedAnnounced && input.Known[LeadFields.PreferredTime] is { } knownTime && learned.TryGetValue(LeadFields.PreferredTime, out var newTime) && !newTime.Correction
            && !newTime.Value.Equals(knownTime, StringComparison.OrdinalIgnoreCase) && newTime.Value is not ("asap" or "anytime")
            && u.Fields.Keys.All(k => k is LeadFields.PreferredTime or LeadFields.Urgency)
            && input.LatestText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 6 && !Complements(knownTime, newTime.Value)
            // "or wednesday", "wednesday also works": another day besides, not instead.
            && !AnotherDayBesidesRx().IsMatch(input.LatestText))
            learned[LeadFields.PreferredTime] = newTime with { Correction = true };
        var (merged, changed) = input.Known.Merge(learned);
        var first = Names.First(merged[LeadFields.Name]);

        if (u.OptOut)
            return Done($"Understood — you won't get any more texts from {b.Name}.", new TurnOutcome { OptOut = true, Fields = learned });
        if (u.WrongNumber)
            return Done("Sorry about that — we must have the wrong number. We won't text you again.", new TurnOutcome { WrongNumber = true });
        if (u.NotInterested && !u.Emergency)
            return Done("No problem — thanks for letting us know. If you need anything down the road, just text us here.", new TurnOutcome { NotInterested = true, Fields = learned });

        var emergency = u.Emergency || merged[LeadFields.Urgency] == Urgencies.Emergency;
        var next = NextMissing(merged, state, changed, b.Vertical);
        var qualified = merged.IsQualified;

        if (u.Emergency && !state.EmergencyAcknowledged)
        {
            var parts = new List<string> { UrgentAck(b, input.Now) };
            if (u.EmergencyKind is "gas" or "co") parts.Add(GetOutLine);
            else if (u.EmergencyKind == "fire") parts.Add("If there's smoke or fire, get out and call 911.");
            else if (u.EmergencyKind == DangerCheck.Kind) parts.Add("If there's a gas smell, smoke or fire, get everyone out and call 911 from outside.");
            else if (b.UrgentAlertWaits(input.Now)) parts.Add("If anyone is in danger, call 911.");
            string? asked = null;
            var ask = NextMissing(merged, state, changed, b.Vertical);
            if (ask == LeadFields.Address) { parts.Add(b.Vertical == "auto" ? "Where are you right now?" : "What's the address?"); asked = ask; }
            else if (ask == LeadFields.Name) { parts.Add("What's your name?"); asked = ask; }
            return new EngineTurn(string.Join(" ", parts.Take(3)),
                Outcome(learned, emergency: true, qualified: qualified, asked: asked) with { DangerConfirmed = u.EmergencyKind == DangerCheck.Kind }, EngineName);
        }

        if (u.HumanNeeded)
            return new EngineTurn($"Thanks — I'll have someone from {b.Name} reach out to you directly.",
                Outcome(learned, emergency, qualified, humanNeeded: true), EngineName);

        // "do you guys work weekends?", "are you open saturdays?": a question to the business about when it works, not only
        // a time the caller chose; the team answers it (the time it names is kept for them). It got "Got it." before.
        var asksWhenOpen = AsksSomething(input.LatestText) && AsksTheBusinessRx().IsMatch(input.LatestText) && GeneralHoursRx().IsMatch(input.LatestText)
            && u.Fields.Count > 0 && u.Fields.Keys.All(k => k is LeadFields.PreferredTime or LeadFields.Urgency);
        var lead = new List<string>();
        if (standsDown)
            lead.Add($"Glad it's under control — I've let the team at {b.Name} know it's not an emergency anymore.");
        else if (u.AsksIfBot)
            lead.Add($"I'm texting for {b.Name} to get your details to the team — a person will follow up with you directly.");
        else if (u.AsksPrice)
            lead.Add(b.EstimatesEnabled
                ? "We'll put together an estimate for you once we have a few details."
                : "I can't give prices by text, but the technician will go over everything with you before any work starts.");
        else if (asksWhenOpen)
            lead.Add(PassedOn(input.Messages, b));
        else if (Acknowledge(u, changed, input.Known, merged, first) is { } ack)
            lead.Add(ack);
        else if (safe)
            lead.Add("Good to hear.");
        else if (u.UnderControl && !emergency && changed.Count == 0)
            lead.Add("Glad that's under control.");

        if (qualified)
        {
            // A question from a lead qualified in an earlier thread (a booked caller writing again after the booking
            // closed the last one) is answered as after the announcement: found using the product, "do i need to be home
            // for this?" after booking got "I've got everything I need" and the owner heard nothing.
            var asksSomething = lead.Count == 0 && AsksSomething(input.LatestText);
            if (state.QualifiedAnnounced || input.Known.IsQualified && changed.Count == 0 && asksSomething)
            {
                // Past the announcement booking had nothing to say (no times on offer: an emergency, or handed to the owner), so a
                // time asked for is the owner's to answer: passed on below. "thurs", everything announced, then "sorry, friday":
                // another time is passed on too, not "updated".
                var timeAsked = learned.TryGetValue(LeadFields.PreferredTime, out var wanted) && wanted.Value is not ("asap" or "anytime");
                if (changed.Count > 0 && !(timeAsked && !wanted!.Value.Equals(input.Known[LeadFields.PreferredTime], StringComparison.OrdinalIgnoreCase)))
                {
                    lead.Add(u.Correction || standsDown ? "" : "I've updated that for the team.");
                    return new EngineTurn(Join(lead), Outcome(learned, emergency, qualified: true), EngineName);
                }
                // A time asked for or a question is the owner's to answer: passed on, and the caller told so in plain words.
                if (timeAsked && wanted is not null)
                {
                    // The lead says what the caller last asked for, as the owner was told.
                    learned[LeadFields.PreferredTime] = wanted with { Correction = true };
                    return new EngineTurn(
                        $"Got it — I've told the team at {b.Name} you'd like {wanted.Value}. " + (emergency ? "They'll confirm the time when they call you." : "They'll confirm it with you."),
                        Outcome(learned, emergency, qualified: true) with { ForOwner = $"asked for {wanted.Value}" }, EngineName);
                }
                if (asksSomething)
                    return new EngineTurn(PassedOn(input.Messages, b), Outcome(learned, emergency, qualified: true) with { ForOwner = "asked a question" }, EngineName);
                lead.Add($"Someone from {b.Name} will be in touch shortly.");
                return new EngineTurn(Join(lead), Outcome(learned, emergency, qualified: true), EngineName);
            }
            var thanks = first is null ? "Thanks!" : $"Thanks, {first}!";
            // Booking texts the open times (or that someone will call to set one) right after this, so the close
            // promises nothing about confirming; in an emergency the owner was alerted and calls instead.
            var close = Close(b, input.Now, thanks, emergency);
            if (standsDown) close = $"{lead[0]} {close}";
            return new EngineTurn(close, Outcome(learned, emergency, qualified: true), EngineName);
        }

        if (next is null)
        {
            // In an emergency the team needs only where and who (the owner is alerted and calls): with both known and no
            // service to name ("smells like gas"), the caller hears the emergency close once, then that someone is coming.
            if (emergency && merged.Has(LeadFields.Address) && merged.Has(LeadFields.Name))
            {
                if (input.Messages.Any(m => !m.FromCaller && m.Body.Contains(EverythingINeed, StringComparison.Ordinal)))
                {
                    lead.Add($"Someone from {b.Name} will be in touch shortly.");
                    return new EngineTurn(Join(lead), Outcome(learned, emergency, qualified), EngineName);
                }
                return new EngineTurn(Close(b, input.Now, first is null ? "Thanks!" : $"Thanks, {first}!", emergency), Outcome(learned, emergency, qualified), EngineName);
            }
            // Everything left was asked twice without an answer: a person is better placed than a third ask.
            return new EngineTurn($"No problem — I'll have someone from {b.Name} follow up with you directly.",
                Outcome(learned, emergency, qualified, humanNeeded: true), EngineName);
        }
        // Worrying words the rules could not place as an emergency: ask once whether anyone is in danger, with the next
        // question, so a caller who skips it loses nothing.
        if (!emergency && !DangerCheck.AskedBefore(input.Messages) && DangerCheck.Warrants(input.LatestText, b.Vertical))
        {
            lead.Add(DangerCheck.Question);
            var question = Question(next, b, merged);
            lead.Add("If not, " + char.ToLowerInvariant(question[0]) + question[1..]);
            return new EngineTurn(Join(lead), Outcome(learned, emergency, qualified, asked: next), EngineName);
        }
        // "who is this?": the business says who it is, then carries on. Another question the rules cannot answer ("what are
        // your hours?") is passed to the owner and the caller told so, rather than met with "didn't quite catch that".
        string? forOwner = asksWhenOpen ? "asked a question" : null;
        if (lead.Count == 0 && changed.Count == 0 && WhoIsThisRx().IsMatch(input.LatestText))
            lead.Add($"This is {b.Name}, following up by text.");
        else if (lead.Count == 0 && changed.Count == 0 && u.Fields.Count == 0 && AsksSomething(input.LatestText))
        {
            lead.Add(PassedOn(input.Messages, b));
            forOwner = "asked a question";
        }
        // A text that told us only what we knew ("laundry sink backs up every time", when the drain was named before) was
        // understood: "Got it", not "Sorry, I didn't quite catch that".
        if (lead.Count == 0 && changed.Count == 0 && state.Asked is not null && input.Messages.Count(m => m.FromCaller) > 1)
        {
            if (u.Fields.Count > 0) lead.Add("Got it.");
            else
            {
                var (line, update) = NothingNew(input.LatestText, emergency, input.Messages, b);
                forOwner ??= update;
                if (line is not null) lead.Add(line);
            }
        }
        lead.Add(Question(next, b, merged));
        return new EngineTurn(Join(lead), Outcome(learned, emergency, qualified, asked: next) with { ForOwner = forOwner }, EngineName);
    }

    private static EngineTurn Done(string reply, TurnOutcome outcome) => new(reply, outcome, EngineName);

    /// <summary>What a caller with a gas smell or a CO alarm is told first; a later turn finds it in the thread.</summary>
    private const string GetOutLine = "Please get everyone out of the house and call 911 or the gas company from outside.";

    /// <summary>
    /// What to say to a text we took nothing from, with a question open (the question follows it). In an emergency it is
    /// for the team however it is put ("we're all outside now", "she's kind of out of it", "cant find the shutoff", "ok bye
    /// im calling someone else"): passed on to the owner, and a gas or CO caller is reminded, whatever they said, to stay
    /// out and when to call 911 (a first version read "we're outside" and "headache" and praised "we're not outside yet"
    /// and sent "no headache" to 911); thanks is answered, a plain "ok" passes. Otherwise a plain "ok" or "lets do it" is
    /// agreement; anything else we could not read is still "Sorry, I didn't quite catch that" (a first version thanked it,
    /// which read wrong after "you guys are a joke", "the plumber already came" or a name refused). Before, all of these
    /// got "didn't quite catch that" (157 times over the spent corpora, "we're outside now" in a gas leak among them).
    /// </summary>
    private static (string? Line, string? ForOwner) NothingNew(string text, bool emergency, IReadOnlyList<ThreadMessage> thread, Business b)
    {
        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', '!', '?'))
            .Where(w => w.Any(char.IsLetter)).ToList();
        var agrees = words.Count > 0 && words.All(AgreeWords.Contains);
        if (emergency)
        {
            if (agrees) return (null, null);
            if (words.Any(ThanksWords.Contains) && words.All(w => ThanksWords.Contains(w) || AgreeWords.Contains(w) || w is "you" or "much"))
                return ("You're welcome.", null);
            var line = $"I've passed that on to the team at {b.Name}.";
            if (thread.Any(m => !m.FromCaller && m.Body.Contains(GetOutLine, StringComparison.Ordinal)))
                line += " Make sure everyone stays out of the house, and call 911 if anyone has a headache or feels dizzy or confused.";
            return (line, "sent an update on the emergency");
        }
        if (agrees) return (words.Any(w => w is "do" or "book" or "sign" or "ahead") ? "Great." : "Okay.", null);
        return ("Sorry, I didn't quite catch that.", null);
    }

    /// <summary>The words of a plain "ok" ("k", "ok thats fine", "cool sign me up", "ok sure lets do it"; not "whatever").</summary>
    private static readonly HashSet<string> AgreeWords =
    [
        "ok", "okay", "k", "kk", "okk", "sure", "cool", "fine", "alright", "yes", "yeah", "yep", "yup", "ya", "great", "perfect",
        "sounds", "good", "that's", "thats", "that", "works", "for", "me", "lets", "let's", "do", "it", "book", "sign", "up", "go", "ahead", "then", "so",
    ];

    /// <summary>Thanks said in an emergency ("thanks", "ok thank you so much"): answered, no update for the team.</summary>
    private static readonly HashSet<string> ThanksWords = ["thanks", "thank", "ty", "thx", "tysm", "appreciate", "appreciated"];

    /// <summary>A question: a question mark, or a question's first word ("do i need to be home for this").</summary>
    private static bool AsksSomething(string text) => text.Contains('?', StringComparison.Ordinal) || QuestionStartRx().IsMatch(text.Trim());

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)^(do|does|did|can|could|will|would|should|is|are|am|how|what|when|where|why|who|which)\b")]
    private static partial System.Text.RegularExpressions.Regex QuestionStartRx();

    /// <summary>A question put to the business: "do you guys …", "can y'all …", "are you open …", "what are your hours".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)^\W*(do|does|can|could|will|would|are|r)\s+(you|u|ya|y'?all|your (team|guys|techs?|crew))\b|\b(are|r) (you|u|y'?all) (guys )?open\b|\bwhat (are|r) (your|ur) hours\b")]
    private static partial System.Text.RegularExpressions.Regex AsksTheBusinessRx();

    /// <summary>When the business works in general (not a time the caller proposes: "can you come tomorrow at 3?").</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(weekends?|saturdays|sundays|evenings|nights|mornings|weekdays|after hours|holidays|24/7|open|hours)\b")]
    private static partial System.Text.RegularExpressions.Regex GeneralHoursRx();

    /// <summary>"who is this?", "who r u", "what company is this", "who dis".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(who('?s| is| are| r) (this|that|you|u|texting( me)?)|who dis|what (company|business) (is this|are you|r u))\b")]
    private static partial System.Text.RegularExpressions.Regex WhoIsThisRx();

    /// <summary>The ways of saying "the team will answer", in turn; {0} is the business name.</summary>
    private static readonly string[] PassedOnLines =
    [
        "Good question — I've passed it to the team at {0}, and they'll answer you directly.",
        "I've passed that on too — someone from {0} will get back to you.",
        "Thanks — that's with the team at {0} as well; they'll get back to you on it.",
    ];

    /// <summary>"The team will answer", said differently each time the caller asks another question in the thread.</summary>
    private static string PassedOn(IReadOnlyList<ThreadMessage> thread, Business b)
    {
        var before = thread.Count(m => !m.FromCaller && PassedOnLines.Any(l => m.Body.StartsWith(l[..l.IndexOf("{0}", StringComparison.Ordinal)], StringComparison.Ordinal)));
        return string.Format(CultureInfo.InvariantCulture, PassedOnLines[before % PassedOnLines.Length], b.Name);
    }

    /// <summary>
    /// The first answer to an emergency. When the owner has asked not to be woken for emergencies (quiet hours without the
    /// emergency override) the alert waits for the morning, and the caller is told so instead of "right away".
    /// </summary>
    public static string UrgentAck(Business b, DateTimeOffset now) => b.UrgentAlertWaits(now)
        ? $"That sounds urgent. {b.Name} is closed for the night, and the team will see this first thing at {MorningAt(b, now)}."
        : "That sounds urgent — let me get someone on this right away.";

    /// <summary>When the owner's quiet hours end, as a caller reads it: "7am", "6:30am".</summary>
    private static string MorningAt(Business b, DateTimeOffset now)
    {
        var t = b.LocalTime(b.QuietHoursEnd(now)).TimeOfDay;
        var hour = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return (t.Minute == 0 ? $"{hour}" : $"{hour}:{t.Minute:00}") + (t.Hour < 12 ? "am" : "pm");
    }

    /// <summary>A time for the same day: "today", "tonight", "today after 5pm", "asap".</summary>
    private static bool SameDay(string time) =>
        time is "today" or "tonight" or "asap" || time.StartsWith("today ", StringComparison.Ordinal) || time.StartsWith("tonight ", StringComparison.Ordinal);

    private static TurnOutcome Outcome(Dictionary<string, FieldValue> learned, bool emergency, bool qualified, bool humanNeeded = false, string? asked = null) =>
        new() { Fields = learned, Emergency = emergency, Qualified = qualified, HumanNeeded = humanNeeded, Asked = asked };

    private static string Join(List<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0).Take(3));

    /// <summary>
    /// The next field to ask for. A field asked twice in a row without an answer is skipped so the caller is not
    /// pestered; <see cref="ConversationState.Asked"/> tracks the last ask.
    /// </summary>
    private const string EverythingINeed = "I've got everything I need";

    /// <summary>
    /// The close once qualified. Booking texts the open times (or that someone will call to set one) right after it, so it
    /// promises nothing about confirming; in an emergency the owner was alerted and calls instead (in the morning when
    /// the owner is not woken at night).
    /// </summary>
    private static string Close(Business b, DateTimeOffset now, string thanks, bool emergency) =>
        emergency && b.UrgentAlertWaits(now)
            ? $"{thanks} {EverythingINeed} — the team at {b.Name} will see this first thing at {MorningAt(b, now)} and call you."
            : emergency
            ? $"{thanks} {EverythingINeed} — {b.Name} has been alerted and someone will call you right away."
            : $"{thanks} {EverythingINeed} for the team at {b.Name}.";

    private static string? NextMissing(KnownLead merged, ConversationState state, IReadOnlyList<string> changed, string vertical)
    {
        // In an emergency the team needs where and who, not a service category: someone calls right away.
        string[] order = merged[LeadFields.Urgency] != Urgencies.Emergency ? LeadFields.QuestionOrder
            : vertical == "auto" ? [LeadFields.Name, LeadFields.Address] : [LeadFields.Address, LeadFields.Name];
        foreach (var f in order)
        {
            if (f is LeadFields.PreferredTime or LeadFields.Urgency ? merged.IsFirm(f) : merged.Has(f)) continue;
            if (state.Asked == f && state.AskedTimes >= 2 && !changed.Contains(f)) continue;
            return f;
        }
        return null;
    }

    private static string? Acknowledge(Understanding u, IReadOnlyList<string> changed, KnownLead known, KnownLead merged, string? first)
    {
        // Only what we had before can have been corrected: "can you replace the faucet instead of fixing it" as the first
        // text names the job, it updates nothing.
        var corrected = changed.Where(known.Has).ToList();
        if (u.Correction && corrected.Count > 0) return Updated(corrected, merged);
        if (changed.Contains(LeadFields.Name) && first is not null) return $"Thanks, {first}!";
        if (changed.Contains(LeadFields.Service))
        {
            var s = merged[LeadFields.Service]!;
            return Routine(s) ? "Sure, we can help with that." : "Sorry to hear that — we can help.";
        }
        if (changed.Contains(LeadFields.Address)) return "Thanks, got the address.";
        if (changed.Contains(LeadFields.Urgency) || changed.Contains(LeadFields.PreferredTime)) return "Got it.";
        return null;
    }

    /// <summary>Tells the caller what a correction changed: "Got it — I've updated the address to 24 Oak St, Springfield, 62704."</summary>
    public static string Updated(IReadOnlyList<string> changed, KnownLead merged)
    {
        var what = changed.Where(f => f != LeadFields.Urgency || changed.Count == 1).Select(f => f switch
        {
            LeadFields.Address => $"the address to {merged[f]}",
            LeadFields.Name => $"your name to {merged[f]}",
            LeadFields.PreferredTime => $"the time to {merged[f]}",
            LeadFields.Email => $"your email to {merged[f]}",
            LeadFields.Service => $"the service to {merged[f]}",
            _ => $"the urgency to {merged[f]}",
        }).ToList();
        return what.Count == 0 ? "Got it, I've updated that." : $"Got it — I've updated {string.Join(" and ", what)}.";
    }

    private static bool Routine(string service) =>
        service.Contains("Oil change", StringComparison.OrdinalIgnoreCase) || service.Contains("tune-up", StringComparison.OrdinalIgnoreCase)
        || service.Contains("Maintenance", StringComparison.OrdinalIgnoreCase) || service.Contains("New system", StringComparison.OrdinalIgnoreCase)
        || service.Contains("Spark plugs", StringComparison.OrdinalIgnoreCase) || service.Contains("EV charger", StringComparison.OrdinalIgnoreCase);

    private static string Question(string field, Business b, KnownLead merged) => field switch
    {
        LeadFields.Service => b.Vertical switch
        {
            "auto" => "What's going on with the vehicle?",
            "hvac" => "What's going on with your system — what can we help with?",
            _ => "What can we help you with?",
        },
        LeadFields.Urgency => b.Vertical == "auto"
            ? "How soon do you need it looked at?"
            : "How soon do you need someone out — is it urgent, or can it wait a few days?",
        LeadFields.Name => "What name should I put this under?",
        LeadFields.Address => b.Vertical == "auto" ? "Where is the vehicle — what's the address?" : "What's the address for the service?",
        LeadFields.PreferredTime => b.Vertical == "auto" ? "When works best for you?" : "When's a good time for us to come out?",
        _ => "What can we help you with?",
    };

    private static readonly string[] DayWords = ["today", "tonight", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "week", "weekday"];

    /// <summary>A job added to the one already told: "oh and the brakes squeak too", "also the faucet drips", "while you're here".</summary>
    [GeneratedRegex(@"(?i)\b((too|as well)(?=\s*([.!?,;]|$|\s+(lol|btw|please|pls|thanks|thx)\b))|also|plus|oh and|and also|while (you'?re|ur|u'?re|you are) (here|there|out|at it)|another thing|one more thing)\b")]
    private static partial Regex AddedJobRx();

    [GeneratedRegex(@"(?i)^\W*(or|and|also|plus)\b|\b(also|too|as well|either)\b")]
    private static partial Regex AnotherDayBesidesRx();

    private static bool Complements(string known, string learned)
    {
        bool HasDay(string t) => t.Split(' ').Any(w => DayWords.Contains(w));
        return HasDay(known) && !HasDay(learned) && known.Split(' ').Length <= 2 && !known.Contains(learned, StringComparison.OrdinalIgnoreCase) && learned != "anytime" && learned != "asap";
    }
}
