using System.Text.RegularExpressions;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// The safety question a dispatcher asks when the words worry but do not settle it: equipment that can hurt someone
/// (gas appliances, wiring, water lines) named together with a worrying sign (a smell, smoke, sparks, water spreading),
/// or someone at risk in a house without heat or cooling, and the rules did not read an emergency. Asked once per
/// conversation, in the same text as the next question, so a caller who ignores it loses nothing; a yes, a maybe or a
/// "not sure" makes it an emergency (the owner is alerted); a no carries on as before.
/// </summary>
public static partial class DangerCheck
{
    /// <summary>The question; also how a later turn knows it was asked (it is looked for in our own last text).</summary>
    public const string Question = "Quick safety check: is anyone in danger right now, like a gas smell, smoke, sparks or water spreading?";

    /// <summary>The emergency kind of a yes to the question: the caller said there is danger, not which.</summary>
    public const string Kind = "danger";

    /// <summary>Trades whose equipment can hurt someone at home; a car is another kind of danger (where the driver is).</summary>
    private static bool AtHome(string vertical) => vertical is "hvac" or "plumbing" or "electrical";

    /// <summary>Whether <paramref name="text"/> warrants the question (the rules read no emergency in it).</summary>
    public static bool Warrants(string text, string vertical)
    {
        if (!AtHome(vertical)) return false;
        var lower = text.ToLowerInvariant();
        // "half the outlets are dead. no sparks or anything dramatic": a sign the caller denies is no worry.
        return (HazardRx().IsMatch(lower) && WorryRx().Matches(lower).Any(w => !SmsUnderstanding.DeniedBefore(lower[..w.Index])))
            || (AtRiskRx().IsMatch(lower) && NoComfortRx().IsMatch(lower))
            // "the switch plate feels really hot": maybe wiring burning inside, maybe a dimmer working hard; the caller knows.
            || HotPartRx().IsMatch(lower);
    }

    /// <summary>Whether the question was ever asked in this thread (it is asked once).</summary>
    public static bool AskedBefore(IReadOnlyList<ThreadMessage> messages) =>
        messages.Any(m => !m.FromCaller && m.Body.Contains(Question, StringComparison.Ordinal));

    /// <summary>Whether our text right before the caller's latest one asked it, so the latest text may be its answer.</summary>
    public static bool JustAsked(IReadOnlyList<ThreadMessage> messages)
    {
        var lastCaller = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
            if (messages[i].FromCaller) { lastCaller = i; break; }
        for (var i = lastCaller - 1; i >= 0; i--)
        {
            if (messages[i].FromCaller) continue;
            return messages[i].Body.Contains(Question, StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>The answer, read for safety: yes, maybe or "not sure" is danger (true); a plain no is none (false); anything else null.</summary>
    public static bool? Answer(string reply, Understanding u)
    {
        var lower = reply.ToLowerInvariant().Trim();
        // "thermostat or furnace? idk": unsure about the caller's own question, not about the danger.
        // "idk like this week?": unsure about when, the other question asked with it, not about the danger.
        if (UnsureWhenRx().IsMatch(lower)) return null;
        if (UnsureRx().Match(lower) is { Success: true } unsure && !lower[..unsure.Index].Contains('?', StringComparison.Ordinal)) return true;
        // "yeah lets do a checkup": a yes to the visit, not to the danger.
        if (YesToTheVisitRx().IsMatch(lower)) return null;
        if (DenyRx().IsMatch(lower)) return false;
        // "kinda urgent its hot but we're ok, have fans": said anywhere, "we're ok" answers the safety question (a
        // "kinda" at the start was read as "kind of [a smell]").
        if (SafeSaidRx().IsMatch(lower)) return false;
        if (u.YesNo == true || AffirmRx().IsMatch(lower)) return true;
        return u.YesNo == false ? false : null;
    }

    /// <summary>
    /// Whether the reply is nothing but "no, we're fine": then it only answered the safety question, and the question
    /// asked with it ("is it urgent, or can it wait?") is still open, so its "no" is not read as that answer too.
    /// </summary>
    public static bool OnlyDenies(string reply)
    {
        var rest = SafeWordsRx().Replace(reply.ToLowerInvariant(), " ");
        return Answer(reply, new Understanding()) == false && !rest.Any(char.IsLetterOrDigit);
    }

    /// <summary>An electrical part said to be hot: "the cover plate is hot", "outlet is getting really hot", "breaker box feels hot".</summary>
    [GeneratedRegex(@"\b(outlets?|(cover |switch |outlet |face ?)?plates?|(light )?switch(es)?|receptacles?|panel|breakers?|breaker box|fuse box|(extension |power )?cords?|(?<!spark )plugs?|meter|dimmer)\b[^.!?]{0,25}?\b(is|are|'s|feels?|felt|getting|got|gets|was|were|turned|running)\s+((really|very|super|too|so|kinda|pretty|way|hella|rly) )?(hot|hot to the touch|too hot to touch)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HotPartRx();

    [GeneratedRegex(@"\b(gas|propane|pilot|furnace|boiler|water heater|heater|stove|range|oven|dryer|fireplace|outlets?|sockets?|plugs?|breakers?|panel|fuse ?box|fuses?|wir(e|es|ing)|switch(es)?|light fixture|fixtures?|generator|charger|extension cord|cords?|pipes?|water line|main line|valve|ceiling|basement|crawl ?space|water)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HazardRx();

    [GeneratedRegex(@"\b(smell(s|ing|ed|y)?|odou?rs?|stinks?|stinking|fumes?|smok(e|es|ing|ey|y)|burn(ing|t|ed)?|scorch(ed|ing)?|melt(ed|ing)?|charred|black (marks?|stuff)|spark(s|ing|ed|y)?|arc(ing|ed)?|flash(es|ing|ed)?|buzz(es|ing|ed)?|hiss(es|ing|ed)?|crackl(e|es|ing|ed)|shock(s|ed|ing)?|zap(s|ped|ping)?|hot to the touch|warm to the touch|spray(s|ing|ed)?|gush(es|ing|ed)?|pour(s|ing|ed)?|everywhere|rising|spreading|won'?t stop|can'?t stop|scared|scary|afraid|frightened|dangerous|danger|unsafe|worried|panick?(ing|ed)?|headaches?|dizzy|nause(a|ous))\b", RegexOptions.CultureInvariant)]
    private static partial Regex WorryRx();

    [GeneratedRegex(@"\b(elderly|old(er)? (man|woman|lady|person|folks|parents?)|grand(ma|pa|mother|father|parents?)|(my|our|his|her) (mom|mother|dad|father)|baby|babies|infant|newborn|toddler|pregnant|sick|ill|disabled|oxygen|dialysis|chemo|heart condition|medical condition|health (issues?|problems?)|\d{2} ?(years? old|yo|y/o))\b", RegexOptions.CultureInvariant)]
    private static partial Regex AtRiskRx();

    [GeneratedRegex(@"\b(no heat|heat(er|ing)? (is )?(out|off|broke|broken|died|dead|not working|won'?t (come on|turn on|work|kick on))|furnace (is )?(out|off|broke|broken|died|dead|not working|won'?t (come on|turn on|work|start|kick on))|no (ac|a/c|air|cooling|air conditioning)|(ac|a/c|air|air conditioning|air conditioner)( unit)? (is )?(out|off|broke|broken|died|dead|not working|quit|stopped|won'?t (come on|turn on|work|cool|kick on))|(freezing|frigid|ice cold|so cold|really cold|very cold|sweltering|roasting|boiling|so hot|really hot|very hot|burning up|heat wave|\d{2,3} ?(degrees|°|deg)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex NoComfortRx();

    [GeneratedRegex(@"^(y|ya|yah|yes+|yeah|yea|yep|yup|ye|si|sí|affirmative|correct|i think so|think so|i believe so|kind of|kinda|sort of|a little|a bit|some|slightly|faint(ly)?|possibly|probably)\b|\b(there'?s|there is|i (can )?smell|we (can )?smell|it smells|smells like|i see|we see|i saw|we saw)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AffirmRx();

    [GeneratedRegex(@"^(y|ya|yah|yes+|yeah|yea|yep|yup|ok|okay|sure)\b[\s,.!]*(let'?s|lets|go ahead( and)?|please|pls)?\s*(do|book|schedule|get|have|set up|sign me up)\b(?!.{0,40}\b(danger|smell|smoke|spark|fire|gas|water|flood)\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex YesToTheVisitRx();

    [GeneratedRegex(@"\b(not sure|unsure|no idea|don'?t know|dunno|idk|can'?t tell|hard to (say|tell)|maybe|might be|could be|i guess)\b(?!\s+(just\s+)?(do\s+|get\s+|book\s+)?(a\s+|an\s+)?(tune|check|service|maintenance|inspection|clean|look|visit|appointment|quote|estimate))", RegexOptions.CultureInvariant)]
    private static partial Regex UnsureRx();

    [GeneratedRegex(@"\b(not sure|no idea|don'?t know|dunno|idk|maybe|i guess)\b[\s,.]*(like |maybe |probably |prob |i guess |sometime )*(this week|next week|the weekend|this weekend|tomorrow|today|tonight|whenever|soon|asap|in a few days|a few days|in a couple days|monday|tuesday|wednesday|thursday|friday|saturday|sunday|it can wait|can wait)\b", RegexOptions.CultureInvariant)]
    private static partial Regex UnsureWhenRx();

    [GeneratedRegex(@"\b(n|no+|nope|nah|negative|not really|no one|nobody|none|no danger|(no ?one|nobody)('?s| is) in danger|(we|i)'?m? ?(are|re)? ?(all )?(fine|ok|okay|good|safe|alright|all right)|every(one|body)'?s? ?(is )?(fine|ok|okay|good|safe)|all (good|safe|fine)|thanks?|thank you|thx|ty)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SafeWordsRx();

    [GeneratedRegex(@"\b(we|i)('re| are|re|'m| am|m) (all )?(ok|okay|fine|safe|alright|all right)\b(?!.{0,40}\b(but|except|although|though|actually)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex SafeSaidRx();

    [GeneratedRegex(@"^(n|no+|nope|nah|negative|not really|no one|nobody|none|we'?re (fine|ok|okay|good|safe|alright|all right)|everyone'?s (fine|ok|okay|good|safe)|everybody'?s (fine|ok|okay|good|safe)|all good|all safe|we'?re all (fine|ok|okay|good|safe))\b(?!.{0,40}\b(but|except|although|though|actually)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DenyRx();
}
