using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Conversations.Engines;

/// <summary>What the reading needs to know about the business: its catalog, its trade, and the local month (null: unknown).</summary>
public sealed record UnderstandingContext(IReadOnlyList<string> Services, string Vertical, int? LocalMonth);

/// <summary>What one caller text says, as the built-in engine reads it.</summary>
public sealed record Understanding
{
    public Dictionary<string, FieldValue> Fields { get; init; } = [];
    public bool Emergency { get; init; }
    public string? EmergencyKind { get; init; }
    public bool OptOut { get; init; }
    public bool WrongNumber { get; init; }
    public bool NotInterested { get; init; }
    public bool HumanNeeded { get; init; }
    public bool AsksPrice { get; init; }
    public bool AsksIfBot { get; init; }
    public bool Correction { get; init; }
    public bool? YesNo { get; init; }
    /// <summary>The need in a few words, to retell the caller ("your AC not cooling", "a burst pipe"); null when unclear.</summary>
    public string? Need { get; init; }
    /// <summary>
    /// The danger is under control now ("found the valve, it's off", "we have space heaters going so we're ok for now",
    /// "not an emergency anymore"): after an emergency, the work is still wanted soon but nobody needs to come tonight.
    /// </summary>
    public bool UnderControl { get; init; }
    /// <summary>The caller said it can wait ("no rush", "next week is fine").</summary>
    public bool NoRush { get; init; }
}

/// <summary>
/// Deterministic reading of English SMS: services from the business's catalog words, emergencies and urgency
/// from ESTIMATES.md's words, names, US street addresses, preferred times, email, yes/no, and the "stop
/// texting me" / "wrong number" / "not interested" signals. Several answers in one text are all taken.
/// The <c>asked</c> argument of the readers is the field our last text asked for, so a bare answer lands in the right place.
/// </summary>
public static partial class SmsUnderstanding
{
    public static Understanding Read(string text, Business business, string? asked, DateTimeOffset now, string? earlier = null) =>
        Read(text, new UnderstandingContext(business.Services, business.Vertical, business.LocalTime(now).Month), asked, earlier);

    /// <summary>
    /// The one reading of a caller's words, shared by the SMS engine, recording extraction and the web form.
    /// <paramref name="asked"/> is the field our last text asked for (null for a voicemail or a form);
    /// <paramref name="earlier"/> is what the caller texted before in the same conversation, so an emergency told
    /// over two texts ("AC stopped", then "we have a newborn and it's 90 inside") is seen when the second one arrives.
    /// </summary>
    public static Understanding Read(string text, UnderstandingContext context, string? asked, string? earlier = null)
    {
        // "I smell has coming from the stove", then "sorry GAS. voice text" (or "*wiring" after "old knob and tube wining"):
        // the word the phone got wrong, put right. The earlier sentence is read again with it, and what that changes (the
        // job, a danger not yet told) is this text's news.
        if (!string.IsNullOrWhiteSpace(earlier) && WordFixed(text, earlier, context) is { } refixed) return refixed;
        var raw = Clean(text);
        var lower = raw.ToLowerInvariant();
        var fields = new Dictionary<string, FieldValue>();
        var correction = CorrectionCue().IsMatch(lower);
        // Spans already explained (address, email, times) are blanked so their numbers and words are not read twice.
        var masked = new StringBuilder(lower);

        // Email first: it contains dots and words that would confuse the rest.
        var email = EmailRx().Match(lower);
        if (email.Success)
        {
            fields[LeadFields.Email] = new FieldValue(email.Value.TrimEnd('.'), 0.95, correction);
            Blank(masked, email.Index, email.Length);
        }

        // A callback number is no street number ("call 915 555 0170, 48 Mesa Drive"): hidden from the address reading.
        var forAddress = new StringBuilder(masked.ToString());
        foreach (Match ph in PhoneNumberRx().Matches(lower)) Blank(forAddress, ph.Index, ph.Length);
        // Nor is a count of things ("a tune up on 2 units at 115 Bayou Ln").
        foreach (Match n in CountOfThingsRx().Matches(lower)) Blank(forAddress, n.Index, n.Length);
        var address = ReadAddress(raw, forAddress.ToString(), asked == LeadFields.Address, context);
        if (address is not null)
        {
            fields[LeadFields.Address] = new FieldValue(address.Value.Text, address.Value.Confidence, correction);
            Blank(masked, address.Value.Index, address.Value.Length);
        }

        // The carrier keywords alone (STOP, UNSUBSCRIBE, ...) as Compliance reads them, and "stop texting me" in any words.
        // "Stop. Wrong number": a sentence that is only "stop" is an opt-out too.
        // "Remove" (or "remove me") as the whole text is the list word people send; "remove it", or "remove" answering what
        // the job is, is not.
        // "not trying to unsubscribe or anything lol but can you text instead of calling?": the word said only to deny it.
        var optOut = OptOutRx().IsMatch(NotOptingOutRx().Replace(lower, " ")) || CjkStopRx().IsMatch(lower) || StopPhrases.Match(lower) || (RemoveAloneRx().IsMatch(lower) && asked != LeadFields.Service) || PoliteStopRx().IsMatch(lower) || SentenceBreakRx().Split(lower).Any(x => x.Trim().Length > 0 && PoliteStopRx().IsMatch(x.Trim()))
            || Compliance.ComplianceKeywords.Classify(lower, optedOut: false) == Compliance.ComplianceKeyword.OptOut;
        // "I typed the wrong number" is a caller fixing their own number, unless they meant to text someone else.
        var wrongNumber = (WrongNumberRx().IsMatch(lower) || OtherBusinessRx().IsMatch(lower) || CjkWrongNumberRx().IsMatch(lower)) && !(RightNumberNowRx().IsMatch(lower) && !OtherBusinessRx().IsMatch(lower));
        // "oh sorry wrong chat lol. ok so our AC drips water on the floor": a text sent astray, then the job, is no wrong number.
        if (wrongNumber && WrongNumberRx().Matches(lower).Concat(OtherBusinessRx().Matches(lower)).Concat(CjkWrongNumberRx().Matches(lower)).Max(m => m.Index + m.Length) is var saidEnd
            && lower[saidEnd..] is var after && GoesOnToAJob(after, context, minWords: 4) && !AboutTheCallRx().IsMatch(after))
            wrongNumber = false;
        // "nvm, it's running again. can someone still check it?": a caller who still asks for the visit is not closing.
        // "also do you guys do pool heaters? lol nvm": a question taken back, not the job.
        // "nvm. the ac keeps short cycling": what came before is taken back and the caller goes on to the job.
        var notInterested = !wrongNumber && NotInterestedRx().IsMatch(lower) && !StillWantsRx().IsMatch(lower) && !QuestionTakenBackRx().IsMatch(lower)
            // "nvm the furnace came back on after I changed the filter": the job went away by itself.
            && !(NeverMindThenRx().Match(lower) is { Success: true } nvm && !NotInterestedRx().IsMatch(nvm.Groups["rest"].Value) && !(ResolvedItselfRx().IsMatch(nvm.Groups["rest"].Value) && !StillAnotherJobRx().IsMatch(nvm.Groups["rest"].Value))
                 && GoesOnToAJob(nvm.Groups["rest"].Value, context, minWords: 0));
        // "fixed the leak at the meter, all good now. they said our water heater pilot needs relighting": what was fixed, then
        // another job that needs doing.
        if (notInterested && NotInterestedRx().Matches(lower)[^1] is var done && lower[(done.Index + done.Length)..] is var next
            && GoesOnToAJob(next, context, minWords: 4) && NeedsDoingRx().IsMatch(next) && !NotInterestedRx().IsMatch(next))
            notInterested = false;

        var (emergency, emergencyKind) = ReadEmergency(lower, context);
        // What the earlier texts told of (read only when this one tells of no emergency; all the reading below needs it for).
        string? earlierKind = null;
        if (!emergency && !string.IsNullOrWhiteSpace(earlier))
        {
            // Only what the new text adds to the earlier ones: an emergency already told is not raised again.
            var before = Clean(earlier).ToLowerInvariant();
            var told = ReadEmergency(before, context);
            earlierKind = told.Kind;
            if (!told.Emergency && ReadEmergency(before + ". " + lower, context) is { Emergency: true } together)
                (emergency, emergencyKind) = together;
            // "furnace is clicking, no rush", then "scratch that, now it shut off completely and its 12 below": the heating
            // told of before has quit, and the new text is read as no heat (the cold, or the caller's calm, as it says).
            else if (context.Vertical == "hvac" && HomeHeatingRx().IsMatch(before) && !AcContextRx().IsMatch(before) && ItQuitRx().IsMatch(lower)
                && ReadEmergency("no heat. " + lower, context) is { Emergency: true, Kind: "no_heat" } quit)
                (emergency, emergencyKind) = quit;
        }

        var service = ReadService(masked.ToString(), context);
        if (service is not null) fields[LeadFields.Service] = new FieldValue(service, 0.85, correction);

        var yesNo = ReadYesNo(lower);
        var urgency = emergency ? Urgencies.Emergency : ReadUrgency(masked.ToString(), asked, yesNo);
        // Saying it is not urgent (after all) lowers what was known: the caller's latest word on urgency counts.
        var lowers = !emergency && urgency is not null && (FlexibleRx().IsMatch(lower) || NotEmergencyRx().IsMatch(lower));
        // "AC not cooling" with nothing said about urgency: soon (a weak reading, any answer about urgency replaces it).
        var inferred = false;
        if (urgency is null && !emergency && NoCoolingRx().IsMatch(lower)) { urgency = Urgencies.Soon; inferred = true; }

        var time = ReadPreferredTime(masked.ToString(), asked == LeadFields.PreferredTime, out var timeSpans);
        if (time is not null)
        {
            // A time mentioned in passing ("this week would be great") is a weaker signal than an answer to "when works?".
            // So is a limit alone ("stuck at work till 5"): it says when not, more than when.
            // So is the hour a shift ends said in passing ("night nurse, I get off at 7am").
            var vague = time is "this week" or "next week" or "anytime" or "asap" or "today" or "weekday" or "next month" or "this month"
                || time.StartsWith("after ", StringComparison.Ordinal) && GetOffRx().IsMatch(lower) && asked != LeadFields.PreferredTime
                || FewOrCoupleRx().IsMatch(time)
                || time.StartsWith("till ", StringComparison.Ordinal) || time.StartsWith("until ", StringComparison.Ordinal);
            fields[LeadFields.PreferredTime] = new FieldValue(time, asked == LeadFields.PreferredTime ? 0.9 : vague ? 0.6 : 0.75, correction);
            foreach (var (i, l) in timeSpans) Blank(masked, i, l);
        }
        if (time is null && AsapSaidRx().Match(masked.ToString()) is { Success: true })
            fields[LeadFields.PreferredTime] = new FieldValue("asap", 0.6, correction);
        if (urgency is null && time is not null)
        {
            urgency = TimeUrgency(time);
            inferred = urgency is not null;
        }
        if (urgency is not null)
            fields[LeadFields.Urgency] = new FieldValue(urgency, emergency ? 0.95 : asked == LeadFields.Urgency ? 0.85 : inferred ? 0.6 : 0.7, correction || lowers);

        // Whether this text also answered something else (its words were blanked out of the masked copy).
        var answeredOther = masked.ToString() != lower;
        // "marcus 👍", "Jaylen Mack*", "Bartholomew Nguyen if you need the whole thing": what trails a name is not part of it
        // (only the end is cut, so the places found in the text before it still hold).
        var nameText = raw;
        var maskedName = masked.ToString();
        if (NameTrailRx().Match(raw) is { Success: true } trail && trail.Value.Trim().Length > 0 && NameTrailRx().Match(maskedName) is { Success: true } maskedTrail)
            (nameText, maskedName) = (raw[..trail.Index], maskedName[..maskedTrail.Index]);
        var name = ReadName(nameText, maskedName, asked == LeadFields.Name, answeredOther, address is { } a && a.Index + a.Length <= maskedName.Length ? (a.Index, a.Length) : null, context);
        if (name is not null) fields[LeadFields.Name] = new FieldValue(name.Value.Name, name.Value.Confidence, correction || NameForTheRecordRx().IsMatch(lower));
        // A text that is nothing but a name ("Mark Jensen") answers with a name; a surname is no request for a person.
        var onlyName = name is not null && string.Equals(NotNameCharRx().Replace(raw, "").Trim(), name.Value.Name, StringComparison.OrdinalIgnoreCase);

        return new Understanding
        {
            Fields = fields, Emergency = emergency, EmergencyKind = emergencyKind, OptOut = optOut,
            WrongNumber = wrongNumber && !optOut && !emergency, NotInterested = notInterested && !optOut,
            HumanNeeded = !onlyName && ReadHumanNeeded(lower, context), AsksPrice = PriceRx().IsMatch(lower), AsksIfBot = BotRx().IsMatch(lower),
            Correction = correction, YesNo = yesNo, Need = ReadNeed(lower, service, emergencyKind),
            UnderControl = !emergency && ((UnderControlRx().IsMatch(lower) && !StillBadRx().IsMatch(lower)) || NotEmergencyRx().IsMatch(lower) || BackOn(lower, earlierKind)),
            NoRush = FlexibleRx().IsMatch(lower),
        };
    }

    /// <summary>
    /// Heating or cooling that is back ("ok update: swapped the filter and the heat's back on"), after an emergency that was
    /// that equipment being out (no heat in the cold, no cooling for the vulnerable): the emergency is over. A gas smell, an
    /// alarm, sparks or a stranded car are not over because the furnace or the car runs again; nor is heat back "for now"
    /// or that "keeps shutting off".
    /// </summary>
    private static bool BackOn(string lower, string? earlierKind) =>
        earlierKind is "no_heat" or "no_cooling" && BackOnRx().Match(lower) is { Success: true } back && !BackOnStillBadRx().IsMatch(lower[(back.Index + back.Length)..]);

    [GeneratedRegex(@"\b((the heat|heat|furnace|boiler|heat pump|ac|a/c|air|it)('?s| is| came| kicked| has come| has kicked) back on|(it'?s|its|it is|furnace'?s|furnace is|heat'?s|heat is|ac'?s|ac is) (working|running|heating|cooling) again)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BackOnRx();

    [GeneratedRegex(@"\b(for now|keeps?|shuts? (off|down)|shutting|cuts? out|goes (off|out)|on and off|off and on|not (heating|cooling|warm|cold)|cold air|bang\w*|noise|smell\w*|spark\w*|smok\w*|sometimes)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BackOnStillBadRx();

    private static Regex? spokenZip;

    /// <summary>A state (named or as its code), or a city and a comma ("Fairbanks, nine nine seven oh nine"), then five
    /// digits said as words (and no more of them: a phone number is no ZIP).</summary>
    private static Regex SpokenZipRx => spokenZip ??= new Regex(
        @"(?i)(?<st>(?:\b(?:" + string.Join("|", StateCodes.Keys) + @"|(?-i:[A-Z]{2}))\b[,.]?|(?<!(?i:\b(?:this is|it'?s|its|i'?m|im|i am|name is|name'?s|names|me llamo|soy))\s+)(?-i:\b\p{Lu}\p{Ll}+),)\s+)(?<z>(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s,-]+){4}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine))\b(?![\s,-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"\b((house|home|inside|in here|in the house|inside temp(erature)?|indoor temp(erature)?|thermostat (says|reads|shows))('?s| is)?( only| down to| at| like| reading| showing)? (" + ColdNumber + @")(?![\d+])\s*(degrees|°|f\b)?(?!\s*(%|percent|dollars|bucks|minutes|mins|years|yrs|year|yr|sq|square|ft|feet|foot))|(it'?s|its|it is|we'?re|we are|house is|we'?re down)( only| like| down to)? (" + ColdNumber + @")(?![\d+])\s*(degrees|°)? (in here|inside|in the house|in my house)|\bdown to (" + ColdNumber + @")(?![\d+])\s*(degrees|°)?\s*(in here|inside|in the house))", RegexOptions.CultureInvariant)]
    private static partial Regex InsideBelowSixtyRx();

    /// <summary>30 to 59, in digits or words ("fifty five").</summary>
    private const string ColdNumber = @"[345]\d|(?:thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?";

    /// <summary>"keeps shutting off and now it won't come back on at all", "the pilot won't stay lit now".</summary>
    [GeneratedRegex(@"\b(won'?t|wont|will not|isn'?t|is not|not|doesn'?t|does not|can'?t)\s+(come|turn|kick|fire|start|stay|light)(ing)?\s*(back\s+)?(on|up|lit)?\b[^.!?]{0,15}?\b(at all|now|anymore|any more)\b|\bnow\s+(it\s+|it'?s\s+|its\s+)?(won'?t|wont|isn'?t|is not|not|doesn'?t)\s+(come|turn|kick|fire|start|stay|light|coming|turning|kicking|firing)", RegexOptions.CultureInvariant)]
    private static partial Regex NowFullyOutRx();

    [GeneratedRegex(@",\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex CommaEndRx();

    [GeneratedRegex(@"(?i)\b(?<t>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?<o>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CompoundOrdinalRx();

    [GeneratedRegex(@"(?i)\b(?<c>\p{L}{2,})-,?\s+(?<w>\k<c>\p{L}+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RestartedWordRx();

    [GeneratedRegex(@"\bin,(?=\s+\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex InCommaRx();

    [GeneratedRegex(@"^\W*remove( me| my number)?\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex RemoveAloneRx();

    [GeneratedRegex(@"(?i)\b(?:rly|rlly|realy|reallly)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReallyShorthandRx();

    [GeneratedRegex(@"(?i)(?<p>(?:^|[,.;!]\s*))(?<d>mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat)\.?(?<q>\s*\?*\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingShortDayRx();

    [GeneratedRegex(@"(?<lead>(?i:\b(?:(?<!\b(?:night|day|my|work|the|her|his|late|early|double|morning|evening|graveyard|a)\s)shift(?:s|ing|ed)?|gears?|gearbox|transmission|trans)\b)[^.!?,;]{0,25}?\b(?i:from|between)\s+)(?<a>[1-6])(?:st|nd|rd|th)?\s+(?i:to|and|into)\s+(?<b>[1-6])(?:st|nd|rd|th)?\b(?!\s*(?i:am|pm|a\.m|p\.m|o'?clock))", RegexOptions.CultureInvariant)]
    private static partial Regex GearRangeRx();

    private const string NumberWord = @"(?i:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:[\s-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)){0,4})";

    [GeneratedRegex(@"(?<![\w-])(?<a>" + NumberWord + @"|\d{1,6})(?:\s+(?<s1>\p{Lu}[\p{Ll}']+(?:\s+\p{Lu}[\p{Ll}']+){0,2}))?(?:,?\s+(?:in|on)\s+\p{Lu}[\p{Ll}']+)?\s+-+\s+(?i:sorry|no|i mean|wait|actually|oops|scratch that|correction|my bad)(?:[,\s]+(?i:sorry|no|i mean|it'?s|that'?s))*[,\s]+(?<b>" + NumberWord + @"|\d{1,6})\s+-+\s*(?<r>\p{Lu}[\p{Ll}']+(?:\s+\p{Lu}[\p{Ll}']+){0,2})?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberCorrectedRx();

    [GeneratedRegex(@"(?<![\w-])(?<n>\p{Lu}\p{Ll}+)\s+-+\s+(?<mid>\p{Lu}(?:-\p{Lu}){2,}|\p{Lu}\p{Ll}+)\s+-+\s+(?<s>\p{Lu}\p{Ll}+)(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex NameRestatedRx();

    /// <summary>"til 1700", "Saturday 0900", "after 1300 hrs", "after sixteen hundred": on the quarter hours only, and never a street number.</summary>
    [GeneratedRegex(@"(?<p>\b(?i:after|before|until|till|til|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight)\s+)(?<![^.!?]*\b(?i:built|installed|since|years?|old|original|model|quoted?|quotes|cost|costs|price|paid|pay|bucks|dollars|rpms?|idles?|idling|odometer|miles|mileage|lived|bought|purchased|budget|around|about|from)\b[^.!?]*)(?:(?<h>0[5-9]|1\d|2[0-2])(?<m>00|30)(?!\d)(?:\s*(?i:hrs|hours)\b)?(?=\s*(?:[.,!?;)]|$|(?i:works|work|is|or|and|on|please|pls|if|would|should|any|anytime|ok|okay|good|best|latest|sharp)\b))|(?<hw>(?i:(?:oh |zero )?(?:six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\s+(?i:hundred)(?:\s+(?i:hours))?\b(?=\s*(?:[.,!?;)]|$|(?i:on|or|and|any|if|works|is|please|every)\b)))(?![^.!?]*\b(?i:quote|cost|price|bucks|dollars|rpm|miles)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex MilitaryTimeRx();

    [GeneratedRegex(@"(?i)\s+comma\b", RegexOptions.CultureInvariant)]
    private static partial Regex DictatedCommaRx();

    [GeneratedRegex(@"(?i)(?<=\d)\s+period\b|\s+period\s*$|\s+period(?=\s+(?:my|i|i'?m|it|it'?s|its|the|we|we'?re|our|and|address|please|can|could|call|thanks|thank|also|so|but|this|there)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DictatedPeriodRx();

    [GeneratedRegex(@"(?i)\bnext week,?\s+(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NextWeekDayRx();

    [GeneratedRegex(@"(?i)\b(?:apartamento|apto|departamento|depto)\.?\s+(?=\#?\s*(?:\d|[a-z]\d|[a-z]\b))", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishUnitRx();

    private const string SpanishDays = @"lunes|martes|mi[eé]rcoles|miercoles|jueves|viernes|s[aá]bado|domingo";

    [GeneratedRegex(@"(?i)(?<!pasado\s)\bma[nñ]ana\s+(?:(?:por|en)\s+la\s+(?:ma[nñ]ana|tarde|noche)|temprano)\b|\b(?:por|en)\s+la\s+(?:ma[nñ]ana|tarde|noche)\b|\b(?:esta|este)\s+(?:ma[nñ]ana|tarde|noche|fin de semana)\b|\b(?:el|este|pr[oó]ximo|para el)\s+(?:" + SpanishDays + @")\b|\b(?:" + SpanishDays + @")(?=\s+(?:por|en)\s+la\b|\s+(?:a\s+las\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?)(?!\w)|\s*[.!]*\s*$)|\b(?:el\s+)?fin de semana\b|\b(?:la\s+)?(?:pr[oó]xima semana|semana que viene)\b|\b(?:lo (?:m[aá]s )?(?:antes|pronto) (?:posible|que puedan?))\b|\bcuando (?:sea|puedan?)\b|(?<!(?-i:\p{Lu}\p{Ll}+)\s)(?<!\b(?:camino|via|calle|avenida|paseo|pasado)\s)\b(?:hoy|ma[nñ]ana)\b(?!\s+(?:st|street|rd|road|ave|avenue|dr|drive|ln|lane|ct|court|way|blvd|pl|place|cir|circle)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishTimeRx();

    /// <summary>A Spanish time phrase in English words.</summary>
    private static string SpanishTime(string said)
    {
        var w = WhitespaceRx().Replace(said.ToLowerInvariant(), " ").Replace('ñ', 'n').Replace('á', 'a').Replace('é', 'e').Replace('ó', 'o');
        string Day(string x) => x switch
        {
            var d when d.Contains("lunes") => "monday", var d when d.Contains("martes") => "tuesday", var d when d.Contains("miercoles") => "wednesday",
            var d when d.Contains("jueves") => "thursday", var d when d.Contains("viernes") => "friday", var d when d.Contains("sabado") => "saturday",
            _ => "sunday",
        };
        string Part(string x) => x.EndsWith("tarde", StringComparison.Ordinal) ? "afternoon" : x.EndsWith("noche", StringComparison.Ordinal) ? "evening" : "morning";
        if (w.StartsWith("manana ", StringComparison.Ordinal)) return "tomorrow " + (w.EndsWith("temprano", StringComparison.Ordinal) ? "morning" : Part(w));
        if (w.StartsWith("por la ", StringComparison.Ordinal) || w.StartsWith("en la ", StringComparison.Ordinal)) return "in the " + Part(w);
        if (w.StartsWith("esta ", StringComparison.Ordinal) || w.StartsWith("este ", StringComparison.Ordinal))
            return w.EndsWith("semana", StringComparison.Ordinal) ? "this weekend" : w.EndsWith("noche", StringComparison.Ordinal) ? "tonight" : "this " + Part(w);
        if (w.Contains("fin de semana", StringComparison.Ordinal)) return "the weekend";
        if (w.Contains("semana", StringComparison.Ordinal)) return "next week";
        if (w.Contains("posible", StringComparison.Ordinal) || w.Contains("que pueda", StringComparison.Ordinal)) return "asap";
        if (w.StartsWith("cuando", StringComparison.Ordinal)) return "whenever";
        if (w == "hoy") return "today";
        if (w == "manana") return "tomorrow";
        return (w.StartsWith("proximo", StringComparison.Ordinal) ? "next " : "on ") + Day(w);
    }

    [GeneratedRegex(@"(?i)\b(?<t>\d{1,2}(?::\d\d)?\s*(?:am|pm)?)\s*-?ish\b", RegexOptions.CultureInvariant)]
    private static partial Regex IshRx();

    [GeneratedRegex(@"(?i)\b(?<t>\d{1,2}(?::\d\d)?\s*(?:am|pm)?)\s+or\s+(?:later|after)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrLaterRx();

    [GeneratedRegex(@"(?i)\b(?:urjent|urgant|urgnt|urgen)\b", RegexOptions.CultureInvariant)]
    private static partial Regex UrgentTypoRx();

    [GeneratedRegex(@"(?i)\b(?:the\s+)?(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)?|\w+)\s+times?\s+(?:this|last)\s+(?:week|month|year)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimesThisRx();

    private static string Clean(string text)
    {
        var s = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u2014', '-').Replace('\u2013', '-');
        // Emoji and other pictographs carry no field ("Tasha 😊", "STOP 🛑"); spoken fillers ("this is, uh, Dave") neither.
        // An emoji ends a phrase like a comma does ("it's Sam 👋 toilet is clogged").
        if (EmojiRx().IsMatch(s))
        {
            s = EmojiRx().Replace(s, " , ");
            s = CommaRunRx().Replace(s, ",");
            s = CommaBeforeEndRx().Replace(s, "");
            s = LeadingCommaRx().Replace(s, "");
        }
        s = FillerRx().Replace(s, " ");
        // A transcript of someone dictating: "1808 Cypress Point Drive comma Naples Florida 34102 period".
        s = DictatedCommaRx().Replace(s, ",");
        s = DictatedPeriodRx().Replace(s, ".");
        // "shifts hard from 2 to 3", "slips going from 1st to 2nd": gears, not hours.
        s = GearRangeRx().Replace(s, "${lead}gear ${a} to gear ${b}");
        // "next week monday afternoon" is next monday afternoon.
        s = NextWeekDayRx().Replace(s, "next $1");
        // A time said in Spanish is read as said in English ("mañana por la tarde" is tomorrow afternoon, "el sábado" saturday).
        if (SpanishTimeRx().IsMatch(s)) s = SpanishTimeRx().Replace(s, m => SpanishTime(m.Value));
        // "apartamento 6", "depto 4B": a unit.
        s = SpanishUnitRx().Replace(s, "apartment ");
        // "next tues 3ish": around 3. "dead again, third time this month": how often, not when.
        s = IshRx().Replace(s, "around ${t}");
        // "3:30 or later": after 3:30. "not urjent": not urgent.
        s = OrLaterRx().Replace(s, "after ${t}");
        s = UrgentTypoRx().Replace(s, "urgent");
        // "not rly urgent": texting shorthand for really.
        s = ReallyShorthandRx().Replace(s, "really");
        s = TimesThisRx().Replace(s, " ");
        // "my name is Solveig Anders-, Andersen": a word cut off and said again whole is said once.
        s = RestartedWordRx().Replace(s, "${w}");
        // "Elm Street in, uh, Fresno": the comma a filler left behind is no break before the city.
        s = InCommaRx().Replace(s, "in");
        // "soy su nieto, Adrián Castañeda", "Im her apo, Jerome Dizon": who the caller is to the one in need, before the name.
        s = KinIntroRx().Replace(s, "");
        // "three-forty Industrial... Industrial Parkway": a word said again after a pause is said once.
        s = StutterRx().Replace(s, "${w}");
        // "seventeen Tupelo, T-U-P-E-L-O, Lane", "Marek, M-A-R-E-K, Nowak", "Okoye, that's O-K-O-Y-E.": a word spelled out after
        // itself is said once (and runs on to the street type or the surname after it).
        // "Jon, J-O-N, Jon Eckhart": the name said again after its spelling is left whole (the name reading takes it once).
        s = SpelledAfterRx().Replace(s, m => m.Groups["sp"].Value.Replace("-", "", StringComparison.Ordinal).Equals(m.Groups["w"].Value, StringComparison.OrdinalIgnoreCase)
            && !m.Groups["cap"].Value.Equals(m.Groups["w"].Value, StringComparison.OrdinalIgnoreCase)
            ? m.Groups["w"].Value + (m.Groups["next"].Success ? " " : m.Groups["end"].Value) : m.Value);
        // "twenty-two fifteen Wadsworth - sorry, twenty-two fifty-one - Wadsworth Boulevard", "One-seventeen Beaufort Street -
        // no, one-seventy - Beaufort": a house number said, then corrected; the corrected one stands, with the fuller street.
        s = NumberCorrectedRx().Replace(s, m =>
        {
            var said = m.Groups["s1"].Value.Trim();
            var again = m.Groups["r"].Value.Trim();
            var street = said.Length > again.Length && said.StartsWith(again, StringComparison.OrdinalIgnoreCase) ? said : again.Length > 0 ? again : said;
            return m.Groups["b"].Value + " " + street;
        });
        // "Siobhan - S-I-O-B-H-A-N - Gallagher", "Jess - Jessica - Whitlow": a first name spelled or said in full between
        // dashes, then the surname, is one name.
        s = NameRestatedRx().Replace(s, m =>
        {
            var (first, mid) = (m.Groups["n"].Value, m.Groups["mid"].Value);
            if (mid.Contains('-', StringComparison.Ordinal)) return mid.Replace("-", "", StringComparison.Ordinal).Equals(first, StringComparison.OrdinalIgnoreCase) ? first + " " + m.Groups["s"].Value : m.Value;
            return mid.Length > first.Length && mid.StartsWith(first, StringComparison.OrdinalIgnoreCase) ? mid + " " + m.Groups["s"].Value : m.Value;
        });
        // "Saturday 0900 works", "anytime after 1300", "sixteen hundred": the hours as the military says them.
        s = MilitaryTimeRx().Replace(s, m =>
        {
            var h = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : NumberWords[m.Groups["hw"].Value.ToLowerInvariant().Replace("oh ", "", StringComparison.Ordinal).Replace("zero ", "", StringComparison.Ordinal)];
            var min = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            return m.Groups["p"].Value + (h % 12 == 0 ? 12 : h % 12).ToString(CultureInfo.InvariantCulture) + (min > 0 ? ":" + min.ToString("00", CultureInfo.InvariantCulture) : "") + (h < 12 ? "am" : "pm");
        });
        // "Boulder, Colorado, eight oh three oh four": a ZIP said digit by digit after the state, in digits.
        s = SpokenZipRx.Replace(s, m => CommaEndRx().Replace(m.Groups["st"].Value, " ") + string.Concat(m.Groups["z"].Value.Split([' ', ',', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => NumberWords[d.ToLowerInvariant()].ToString(CultureInfo.InvariantCulture))));
        // "Sixty-fifth Street", "twenty third avenue": a street's ordinal said in two words is written as one, before the house
        // number said in words is read ("eight eighty-eight Northeast Sixty-fifth Street" is 888 NE 65th St).
        s = CompoundOrdinalRx().Replace(s, m =>
        {
            var n = NumberWords[m.Groups["t"].Value.ToLowerInvariant()] + Array.IndexOf(OrdinalNames, m.Groups["o"].Value.ToLowerInvariant());
            return n.ToString(CultureInfo.InvariantCulture) + (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        });
        // A street number said in words, as transcripts write it: "two twenty four Maple Avenue" is 224 Maple Avenue.
        s = SpelledStreetNumberRx().Replace(s, m => SpelledNumber(m.Groups["w"].Value) is { } n ? n + " " : m.Value);
        // A unit said in words: "apartment twelve" is Apt 12, "unit four oh two" Unit 402, "apartment three F" Apt 3F.
        s = SpelledUnitRx().Replace(s, m => SpelledNumber(m.Groups["w"].Value) is { } n ? $"{m.Groups["k"].Value} {n}{m.Groups["l"].Value.Trim().TrimStart('-')}" : m.Value);
        // ... or digit by digit: "4 0 9 Chestnut Lane" is 409 Chestnut Lane.
        s = DigitByDigitStreetNumberRx().Replace(s, m => m.Groups["d"].Value.Replace(" ", "", StringComparison.Ordinal) + " ");
        // Texting shorthand for days and parts of the day, written out so the time reading sees the words: "wknd" the
        // weekend, "wkdays" weekdays, "next wk" next week, "fri aft" friday afternoon, "tues eve" tuesday evening, "next wed"
        // next wednesday, "anytime sat" anytime saturday.
        // "2day if u can", "2moro", "2nite", "nxt week": the days as texts shorten them.
        s = TextDayRx().Replace(s, m => m.Groups["td"].Success ? "today" : m.Groups["tm"].Success ? "tomorrow" : m.Groups["tn"].Success ? "tonight" : "next");
        s = WeekendShorthandRx().Replace(s, m => "weekend" + m.Groups["s"].Value);
        s = WeekdayShorthandRx().Replace(s, m => "weekday" + m.Groups["s"].Value);
        s = WeekShorthandRx().Replace(s, m => m.Groups["s"].Success ? "weeks" : "week");
        s = PartShorthandRx().Replace(s, m => m.Groups["a"].Success ? "afternoon" : m.Groups["e"].Success ? "evening" : "morning");
        static string Day(Match m) => m.Groups["p"].Value + DayNames.GetValueOrDefault(m.Groups["d"].Value.ToLowerInvariant(), m.Groups["d"].Value);
        s = DayShorthandRx().Replace(s, Day);
        // "whenever tbh, weds?": a short day that ends the text on its own.
        s = TrailingShortDayRx().Replace(s, m => Day(m) + m.Groups["q"].Value);
        // "sat or sun, whichever", "tues or thurs": two short days offered together are days.
        s = ShortDayPairRx().Replace(s, m => $"{DayNames[m.Groups["a"].Value.ToLowerInvariant()]} {m.Groups["or"].Value} {DayNames[m.Groups["b"].Value.ToLowerInvariant()]}");
        // "sat works", "fri is best": a short day said to suit.
        s = ShortDaySuitsRx().Replace(s, m => DayNames[m.Value.ToLowerInvariant()]);
        // "wed aftrnoon", "whenevs": the time words misspelled or clipped, written out.
        s = TimeTypoRx().Replace(s, m => m.Groups["a"].Success ? "afternoon" : m.Groups["m"].Success ? "morning" : m.Groups["e"].Success ? "evening"
            : m.Groups["af"].Success ? "after" : m.Groups["bf"].Success ? "before" : "whenever");
        // "thurs after 330", "before 1130": a clock time written without its colon, after a word that says it is one.
        s = CompactClockRx().Replace(s, m => $"{m.Groups["p"].Value} {m.Groups["h"].Value}:{m.Groups["m"].Value}");
        // "wensday", "thrusday", "saterday": the days as they are misspelled.
        s = DayTypoRx().Replace(s, m => WeekdayNames.First(d => m.Groups[d].Success));
        // "Friday at ate am": eight, as the phone spelled it.
        s = AteOClockRx().Replace(s, "8");
        // "b4 5 if possible": texting shorthand for before.
        s = BeforeShorthandRx().Replace(s, "before");
        // An hour said in words after "after", "around", "by"... as transcripts write it: "after four" is after 4, "around ten thirty" 10:30.
        // "County Road Six", "Route Nine": a numbered road's number said in words.
        s = SpokenRoadNumberRx().Replace(s, m => m.Groups["k"].Value + " " + NumberWords[m.Groups["n"].Value.ToLowerInvariant()].ToString(CultureInfo.InvariantCulture));
        s = SpokenHourRx().Replace(s, m => m.Groups["p"].Value + NumberWords[m.Groups["h"].Value.ToLowerInvariant()]
            + (m.Groups["m"].Success ? ":" + NumberWords[m.Groups["m"].Value.ToLowerInvariant()].ToString("00", CultureInfo.InvariantCulture) : ""));
        return SpacesRx().Replace(s, " ").Trim().Trim(',').Trim();
    }

    [GeneratedRegex(@"\b(soy (su|el|la) (nieto|nieta|hijo|hija|sobrino|sobrina|esposo|esposa|vecino|vecina|yerno|nuera)|(i'?m|im|i am) (her|his|their) apo)\b,?\s*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KinIntroRx();

    [GeneratedRegex(@"(?<w>\b\p{L}[\p{L}'-]*)(?:\.{2,}|…)\s+\k<w>\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StutterRx();

    [GeneratedRegex(@"(?<w>\b\p{L}[\p{L}'-]+)[,\s]+(?:(?i:that'?s|spelled|it'?s)\s+)?(?<sp>(?:\p{L}-){2,}\p{L})\b(?:,\s*(?=(?<next>(?i:" + Suffix + @")\b|(?<cap>(?-i:\p{Lu})\p{L}*)))|(?<end>[,.]?))", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledAfterRx();

    [GeneratedRegex(@"(?i)(?<=\b(?:at|@|by|around|before|after|til|till|until)\s+)ate(?=\s*(?:am|pm|a\.m\.?|p\.m\.?|o'?clock)(?!\w))", RegexOptions.CultureInvariant)]
    private static partial Regex AteOClockRx();

    private static readonly Dictionary<string, string> DayNames = new()
    {
        ["mon"] = "monday", ["tue"] = "tuesday", ["tues"] = "tuesday", ["wed"] = "wednesday", ["weds"] = "wednesday", ["thu"] = "thursday",
        ["thur"] = "thursday", ["thurs"] = "thursday", ["fri"] = "friday", ["sat"] = "saturday", ["sun"] = "sunday",
    };

    private const string DayWordsBefore = @"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|today|tomorrow|tmrw|tmr|this|weekend|weekends|weekday|weekdays";

    private const string ShortDays = "mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun";

    [GeneratedRegex(@"(?i)\b(?<a>" + ShortDays + @")\.?\s+(?<or>or|and|/)\s+(?<b>" + ShortDays + @")\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex ShortDayPairRx();

    [GeneratedRegex(@"(?i)\b(" + ShortDays + @")\b(?=\.?\s+(works?|is (good|fine|best|great|ok|okay|better)|would (work|be (good|great|best|better))|(is )?better|pls|please)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex ShortDaySuitsRx();

    [GeneratedRegex(@"(?i)\b(?:(?<a>aftrnoon|afternon|aftenoon|afernoon|afternoom|aftnoon|afteroon|afternooon|afternnon|aftrnoons)|(?<m>mornin|mornng|moring|morining|mroning|monring)|(?<e>evenin|evning|evenng|evneing)|(?<w>whenevs|whenevr|whenver|whenevers|whenevah)|(?<af>aftr|afta)|(?<bf>b4)(?=\s*(\d|noon|lunch|work)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeTypoRx();

    [GeneratedRegex(@"(?i)\bb4\b", RegexOptions.CultureInvariant)]
    private static partial Regex BeforeShorthandRx();

    [GeneratedRegex(@"(?i)(?<!\b(?:my|the|a|your|our|his|her)\s)\b(?:(?<td>2day|2dy)|(?<tm>2moro|2morro|2morrow|2morow|2mrw|2mro|2mrow)|(?<tn>2nite|2night|2nyt)|(?<nx>nxt)(?=\s+(?:week|wk|mon|tue|wed|thu|fri|sat|sun|month|time)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TextDayRx();

    [GeneratedRegex(@"(?i)\b(?<k>county road|county rd|state road|state route|farm to market|route|highway)\s+(?<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b(?!\s+(?:hundred|thousand|minutes|miles|times))", RegexOptions.CultureInvariant)]
    private static partial Regex SpokenRoadNumberRx();

    [GeneratedRegex(@"(?i)\b(?:wknd|wkend)(?<s>s?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WeekendShorthandRx();

    [GeneratedRegex(@"(?i)\b(?:wkday|wkdy)(?<s>s?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayShorthandRx();

    [GeneratedRegex(@"(?i)(?<=\b(?:next|this|last|a|per|the|every|one|two|few|couple|1|2|3)\s)wk(?<s>s)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex WeekShorthandRx();

    [GeneratedRegex(@"(?i)(?<=\b(?:" + DayWordsBefore + @")\.?\s)(?:(?<a>" + DayPartShorthand.Afternoon + ")|(?<e>" + DayPartShorthand.Evening + ")|(?<m>" + DayPartShorthand.Morning + @"))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PartShorthandRx();

    [GeneratedRegex(@"(?i)(?<p>\b(?:next|this|on|every|till|until|by|before|after|anytime|any time|whenever),?\s+)(?<d>mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun(?!\s+(?:is|was|has|had|beat\w*|feels?|out|outside|today|here|shine\w*|coming|hits?|hitting|sets?|rises?)\b|'s\b))\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex DayShorthandRx();

    private static readonly Dictionary<string, int> NumberWords = new()
    {
        ["zero"] = 0, ["oh"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17,
        ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70,
        ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>
    /// A house number as said aloud, in digits: "twelve" 12, "two twenty four" 224, "one oh five" 105, "fourteen hundred" 1400,
    /// "twenty two fifteen" 2215, "one hundred twenty" 120. Null when the words do not make a number.
    /// </summary>
    public static string? SpelledNumber(string words)
    {
        var chunks = new List<int>();
        bool hundredsOpen = false, tensOpen = false;
        foreach (var t in words.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (t is "hundred" or "thousand")
            {
                var factor = t == "hundred" ? 100 : 1000;
                if (chunks.Count == 0) chunks.Add(factor); else chunks[^1] = (chunks[^1] == 0 ? 1 : chunks[^1]) * factor;
                (hundredsOpen, tensOpen) = (true, false);
                continue;
            }
            // "nine hundred and twelve": the "and" after a hundred.
            if (t == "and" && hundredsOpen) continue;
            if (!NumberWords.TryGetValue(t, out var v)) return null;
            if (hundredsOpen && v > 0) { chunks[^1] += v; hundredsOpen = false; tensOpen = v >= 20 && v % 10 == 0; }
            else if (tensOpen && v is > 0 and < 10) { chunks[^1] += v; tensOpen = false; }
            else { chunks.Add(v); (hundredsOpen, tensOpen) = (false, v >= 20 && v % 10 == 0); }
        }
        if (chunks.Count == 0) return null;
        var digits = string.Concat(chunks.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        return digits.Length <= 6 && digits[0] != '0' ? digits : null;
    }

    private static void Blank(StringBuilder sb, int index, int length)
    {
        for (var i = index; i < index + length && i < sb.Length; i++) sb[i] = ' ';
    }

    /// <summary>
    /// The house number of a known address corrected without the whole address again: "sorry its 24 Oak Hollow, not 42",
    /// "oops, 301 not 310". The known address with the number the caller gives; null when the text corrects no number of it.
    /// </summary>
    [GeneratedRegex(@"^\W*(?:(?:no|nope|nah|wait|sorry|oops|whoops|actually|correction|i mean|i meant|my bad)[,.!:\s]+)+(?:it'?s\s+|its\s+|it is\s+)?#?(?<n>\d{3,6}[a-z]?)\b(?:[,.!\s]+(?:not \d+|sorry|lol|my bad|i always mix (?:that|those|them|it) up|typo|fat fingers?)?)*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneNumberFixRx();

    /// <summary>"sorry 830", "wait 1230": an hour and its quarter, read as a time before a house number.</summary>
    [GeneratedRegex(@"^(1[0-2]|[1-9])(00|15|30|45)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockLikeRx();

    [GeneratedRegex(@"^\d{1,6}[A-Za-z]?\b|(?<=\b(?:apt|apartment|unit|suite|ste|#)\.?\s*#?)\d{1,6}[A-Za-z]?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AddressNumberRx();

    /// <summary>The number of a known address (its house number or unit) a new number most likely replaces: as many digits, and
    /// only one or two of them different; none when the number is already there or nothing is like it.</summary>
    private static Match? MostLikeNumber(string known, string said)
    {
        var numbers = AddressNumberRx().Matches(known).ToList();
        if (numbers.Any(n => n.Value.Equals(said, StringComparison.OrdinalIgnoreCase))) return null;
        static int Differ(string a, string b) => a.Length != b.Length ? int.MaxValue : a.Zip(b).Count(p => char.ToLowerInvariant(p.First) != char.ToLowerInvariant(p.Second))
            // "4470" and "4407": two digits swapped are one slip.
            - (a.Length == b.Length && a.OrderBy(c => c).SequenceEqual(b.OrderBy(c => c)) ? 1 : 0);
        return numbers.Select(n => (n, d: Differ(n.Value, said))).Where(x => x.d <= 2).OrderBy(x => x.d).ThenBy(x => x.n.Index).Select(x => x.n).FirstOrDefault();
    }

    public static string? CorrectedHouseNumber(string text, string known)
    {
        var lower = Clean(text).ToLowerInvariant();
        // "NO 4407" for "4470 Hwy 72 E", "wait 612, i always mix that up" for "600 Westlake Ave Apt 512": a lone number put
        // right is the number of the address it is most like (the house or the unit), digit for digit.
        if (LoneNumberFixRx().Match(lower) is { Success: true } lone && !ClockLikeRx().IsMatch(lone.Groups["n"].Value) && MostLikeNumber(known, lone.Groups["n"].Value) is { } spot)
            return known[..spot.Index] + lone.Groups["n"].Value.ToUpperInvariant() + known[(spot.Index + spot.Length)..];
        if (!CorrectionCue().IsMatch(lower) || KnownNumberRx().Match(known) is not { Success: true } k) return null;
        var number = k.Groups["num"].Value;
        var street = k.Groups["street"].Value.ToLowerInvariant();
        // "24 not 42": the number the caller puts in place of the one we have.
        if (NumberNotNumberRx().Match(lower) is { Success: true } swap && swap.Groups["old"].Value.Equals(number, StringComparison.OrdinalIgnoreCase))
            return swap.Groups["new"].Value.ToUpperInvariant() + known[number.Length..];
        // "its 24 Oak Hollow": another number before the known street's first word.
        var first = street.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => !Directions.ContainsKey(w.TrimEnd('.')));
        if (first is null) return null;
        var onStreet = NumberThenWordRx().Matches(lower).FirstOrDefault(m => m.Groups["w"].Value == first);
        return onStreet is not null && !onStreet.Groups["n"].Value.Equals(number, StringComparison.OrdinalIgnoreCase)
            ? onStreet.Groups["n"].Value.ToUpperInvariant() + known[number.Length..] : null;
    }

    /// <summary>"24 Oak Hollow" against "42 Oak Hollow Dr, Austin": the start of the street we have, with no city of its own.</summary>
    public static bool ShorterStreet(string said, string known) =>
        !said.Contains(',', StringComparison.Ordinal) && KnownNumberRx().Match(said) is { Success: true } s && KnownNumberRx().Match(known) is { Success: true } k
        && k.Groups["street"].Value.Trim().StartsWith(s.Groups["street"].Value.Trim() + " ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A known address completed by a later text: the same number and street said again with more ("82 Jefferson", then
    /// "82 Jefferson Ave, Memphis TN"), or the street alone with its suffix or city ("412 Willow Bend", then "its Willow Bend
    /// Dr, in Savannah"; "905 Sunset Ridge, Boulder CO", then "Sunset Ridge Rd"). The completed address (keeping the city
    /// known when the text gives none); null when the text completes nothing of it.
    /// </summary>
    public static string? CompletedAddress(string text, string known, string? learned)
    {
        if (KnownNumberRx().Match(known) is not { Success: true } k) return null;
        var number = k.Groups["num"].Value;
        var street = k.Groups["street"].Value.Trim();
        var rest = known.IndexOf(',', StringComparison.Ordinal) is var comma and > 0 ? known[comma..] : "";
        string? Longer(string candidate)
        {
            if (KnownNumberRx().Match(candidate) is not { Success: true } c || !c.Groups["num"].Value.Equals(number, StringComparison.OrdinalIgnoreCase)) return null;
            var said = c.Groups["street"].Value.Trim();
            var hasCity = candidate.Contains(',', StringComparison.Ordinal);
            if (said.Length > street.Length && said.StartsWith(street + " ", StringComparison.OrdinalIgnoreCase)) return hasCity ? candidate : candidate + rest;
            return said.Equals(street, StringComparison.OrdinalIgnoreCase) && hasCity && rest.Length == 0 ? candidate : null;
        }
        if (learned is not null) return Longer(learned);
        var lower = Clean(text).ToLowerInvariant();
        // "1820 Old Mill", then "Rd. sorry hit send too soon": the street's suffix sent after it.
        if (SuffixFirstRx().Match(lower) is { Success: true } sf && !street.Split(' ').Any(w => Suffixes.ContainsKey(w.ToLowerInvariant().TrimEnd('.'))))
            return $"{number} {street} {(Suffixes.TryGetValue(sf.Groups["suf"].Value, out var suffix) ? suffix : TitleCase(sf.Groups["suf"].Value))}{rest}";
        var at = lower.IndexOf(street.ToLowerInvariant() + " ", StringComparison.Ordinal);
        if (at < 0 || at > 0 && char.IsLetterOrDigit(lower[at - 1])) return null;
        var again = CommaInRx().Replace(number.ToLowerInvariant() + " " + lower[at..], ", ");
        return ReadAddress(again, again, asked: false) is { } read && read.Index == 0 ? Longer(read.Text) : null;
    }

    [GeneratedRegex(@",\s*in\s+", RegexOptions.CultureInvariant)]
    private static partial Regex CommaInRx();

    [GeneratedRegex(@"\b(is this|is that|trying to reach|reached) ([a-z]+'?s |the )?((?!(for|about|with|my|our)\b)[a-z/]+ ){0,3}(pros?|masters?|heroes|experts?|kings?|guys|doctors?|express|solutions|specialists?|company|co|inc|llc)(?=\s*(\?|$|[.,!]))|\b(is this|is that|trying to reach|reached) ([a-z]+'?s |the )?((?!(for|about|with|my|our)\b)[a-z]+ ){0,2}(heating|cooling|air|hvac|plumbing|electric(al)?|auto|mechanics?|comfort)( (and|&|n) (air|cooling|heating|plumbing|a/?c|electric(al)?|drain|repair))?( (company|co|inc|llc|services?|pros?))?(?=\s*(\?|$|[.,!]))", RegexOptions.CultureInvariant)]
    private static partial Regex BusinessAskedRx();

    private const string CountedThings = "unit|system|house|home|building|zone|thermostat|room|bedroom|bathroom|toilet|sink|furnace|heater";

    [GeneratedRegex(@"(?<![\w-])\d{1,2}\s+((" + CountedThings + @")s|properties)\b|(?<![\w-])\d{1,2}\s+(" + CountedThings + @"|property)\s+(?=(at|@|in|on)\s+\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CountOfThingsRx();

    [GeneratedRegex(@"^\s*(?<suf>" + Suffix + @")\b\.?(?=[\s,.!]*(?:$|(?:sorry|oops|lol|hit|sent|my bad|forgot)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex SuffixFirstRx();

    /// <summary>
    /// The first name of the name we have, corrected on its own: "sorry, John not Jon", "oops Shauna*" (the asterisk of a
    /// correction), "its Kathryn with a K not Catherine". The name with the new first name; null when the text is not that.
    /// </summary>
    [GeneratedRegex(@"^(?i:(?:wait|sorry|oops|actually|my bad|no)[,!.\s]+)*(?i:(?:it'?s\s+|its\s+|it is\s+)?spelled\s+|spell\s+(?:it|that|my name)\s+(?:as\s+|like\s+)?)(?<new>\p{L}[\p{L}'-]+)[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SpellItRx();

    [GeneratedRegex(@"^(?<new>\p{L}[\p{L}'-]+)[,.!\s]+(?i:(?:sorry|oops|lol|ugh|my bad)[,!.\s]+)*(?i:(?:stupid |damn )?auto ?-?correct\w*)[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SurnameAutocorrectedRx();

    public static string? CorrectedFirstName(string text, string known)
    {
        var parts = known.Split(' ', 2);
        var first = parts[0];
        string With(string name) => TitleCase(name) + (parts.Length > 1 ? " " + parts[1] : "");
        // The first name spelled again: different from it, at most two letters off, and a name.
        string? Respelled(Match m) => m.Success && m.Groups["new"].Value is var n && !n.Equals(first, StringComparison.OrdinalIgnoreCase)
            && TypoDistance(n.ToLowerInvariant(), first.ToLowerInvariant()) <= 2 && !NotNames.Contains(n.ToLowerInvariant()) ? With(n) : null;
        var t = text.Trim();
        if (NameNotNameRx().Match(t) is { Success: true } swap)
            return swap.Groups["old"].Value.Equals(first, StringComparison.OrdinalIgnoreCase) && !swap.Groups["new"].Value.Equals(first, StringComparison.OrdinalIgnoreCase)
                && !NotNames.Contains(swap.Groups["new"].Value.ToLowerInvariant()) ? With(swap.Groups["new"].Value) : null;
        if (Respelled(NameByLettersRx().Match(t)) is { } byLetters) return byLetters;
        // "Sobbing Kearney", then "sorry autocorrect, Siobhan": the phone changed the name; the one sent after is it.
        if (AutocorrectedNameRx().Match(t) is { Success: true } auto && !auto.Groups["new"].Value.Equals(first, StringComparison.OrdinalIgnoreCase)
            && !NotNames.Contains(auto.Groups["new"].Value.ToLowerInvariant()) && NameWordRx().IsMatch(auto.Groups["new"].Value.ToLowerInvariant()))
            return With(auto.Groups["new"].Value);
        // "wait actually spell it Terri", "it's spelled Terri": the same name, spelled as the caller writes it.
        if (Respelled(SpellItRx().Match(t)) is { } spelled) return spelled;
        // "Sean Mack Donald", then "MacDonald sorry autocorrect": the surname the phone split, sent whole.
        if (parts.Length > 1 && SurnameAutocorrectedRx().Match(t) is { Success: true } sur && sur.Groups["new"].Value is var whole
            && !whole.Equals(parts[1], StringComparison.OrdinalIgnoreCase)
            && TypoDistance(whole.ToLowerInvariant(), parts[1].Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()) <= 2)
            return first + " " + (char.IsUpper(whole[0]) ? whole : TitleCase(whole));
        return Respelled(StarredNameRx().Match(t));
    }

    [GeneratedRegex(@"^(?i:(?:sorry|oops|whoops|actually|correction|my bad)[,!.\s]+)*(?i:it'?s\s+|its\s+)?(?<new>\p{L}[\p{L}'-]+)(?i:\s+with\s+an?\s+\w)?[,\s]+(?i:not)\s+(?<old>\p{L}[\p{L}'-]+)(?:[\s.!]*$|\s*[,;.!]\s+\S.*$)", RegexOptions.CultureInvariant)]
    private static partial Regex NameNotNameRx();

    /// <summary>What may trail a name sent on its own: emoji, a correction's asterisk, "if you need the whole thing", a
    /// credential ("Courtney Baird RN lol").</summary>
    [GeneratedRegex(@"(?i)(,?\s+(rn|lpn|cna|md|np|dds|phd|cpa|esq)\.?)?(\s+(lol|lmao|haha|hehe))?(\s+(if (you|u) need (it|the whole thing|the whole name|my full name|the full name|the last name|a last name)|if that helps|for the (record|full name)|is my full name|full name))?[\s\p{So}\p{Sk}\p{Cs}\uFE0F\u200D*]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameTrailRx();

    /// <summary>A first name corrected by its letters: "its Geoff with a G actually", "sorry its Jon no h".</summary>
    [GeneratedRegex(@"^(?i:(?:sorry|oops|whoops|actually|my bad)[,!.\s]+)*(?i:it'?s\s+|its\s+)?(?<new>\p{L}[\p{L}'-]+)[,\s]+(?i:with an? \p{L}|no \p{L}|without (?:the |an? )?\p{L})\b(?:[,.!\s]+(?i:actually|sorry|autocorrect|lol|my bad))*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameByLettersRx();

    [GeneratedRegex(@"^(?i:(?:sorry|oops|whoops|my bad)[,!.\s]+)*(?:\*\s*(?<new>\p{L}[\p{L}'-]+)|(?<new>\p{L}[\p{L}'-]+)\s*\*)[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StarredNameRx();

    [GeneratedRegex(@"^(?i:(?:sorry|oops|whoops|ugh|lol|my bad)[,!.\s]+)*(?i:(?:stupid |damn |dang )?auto ?-?correct(?:ed| changed it| got me| strikes again)?)[,!.:\s-]+(?i:(?:it'?s|its|it is|i meant|meant|should be)\s+)?(?<new>\p{L}[\p{L}'-]+)[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AutocorrectedNameRx();

    /// <summary>
    /// The place of a known address sent on its own ("4500 Grand Blvd Apt 12C", later "Kansas City MO 64111 btw"), or its ZIP
    /// corrected ("actually zip is 43214 sorry"): the address with it; null when the text is not that.
    /// </summary>
    public static string? PlaceOfKnownAddress(string text, string known)
    {
        var lower = Clean(text).ToLowerInvariant().Trim();
        if (ZipCorrectionRx().Match(lower) is { Success: true } z)
        {
            var zip = z.Groups["zip"].Value;
            var old = KnownZipRx().Match(known);
            if (old.Success) return old.Value.Trim() == zip ? null : known[..old.Index] + " " + zip;
            return known.Contains(',', StringComparison.Ordinal) ? known + " " + zip : null;
        }
        if (known.Contains(',', StringComparison.Ordinal) || PlaceOnlyRx().Match(lower) is not { Success: true } p) return null;
        // "tomorrow morning ok": a time and an okay, not a town in Oklahoma.
        if (TimeWordRx().IsMatch(p.Groups["city"].Value)) return null;
        var city = string.Join(' ', p.Groups["city"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TitleCase));
        var st = p.Groups["state"].Value.Trim().TrimEnd('.');
        var state = st.Length == 2 ? st.ToUpperInvariant() : StateCodes.GetValueOrDefault(WhitespaceRx().Replace(st, " "), TitleCase(st));
        return $"{known}, {city}, {state}{(p.Groups["zip"].Success ? " " + p.Groups["zip"].Value : "")}";
    }

    [GeneratedRegex(@"^(?:(?:oh|oops|sorry|actually|and)[,\s]+)*(?:the\s+|my\s+)?(?:zip|zipcode|zip code|postal code)(?:\s+is|'s|\s*:|\s+should be)?\s+(?<zip>\d{5})\b(?:[\s,.!]+(?:sorry|not \d{5}|btw|thanks|thx|my bad|oops))*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ZipCorrectionRx();

    /// <summary>A name found after "ITS", "THIS IS" written in capitals: shouting, where a capital marks no name.</summary>
    private static bool Loud(Match intro)
    {
        // "its SPRAYING everywhere", "ITS SPRAYING": a word written in capitals in a text that is not all capitals.
        var first = intro.Groups["n"].Value.Split(' ')[0];
        return first.Count(char.IsLetter) >= 3 && !first.Any(char.IsLower);
    }

    [GeneratedRegex(@"^\s*(?:(?:it'?s|its|address is|i'?m in|we'?re in)\s+)?(?<k>apt|apartment|unit|suite|ste)(?![a-z])\.?\s*#?\s*(?<u>\d{1,5}[a-z]?|[a-z]\d{0,4})\s*(?:,|\s+at|\s+@|\s+in|\s+of)?\s+(?=\d)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingUnitRx();

    /// <summary>A unit said before its street anywhere in a text: "Property mgr here. Unit 3 at 740 Orchard Ave".</summary>
    [GeneratedRegex(@"\b(?<k>apt|apartment|unit|suite|ste)(?![a-z])\.?\s*#?\s*(?<u>\d{1,5}[a-z]?|[a-z]\d{0,4})\s+(?:at|@|in|of)\s+(?=\d)", RegexOptions.CultureInvariant)]
    private static partial Regex UnitAtRx();

    [GeneratedRegex(@"\b(Apt|Apartment|Unit|Suite|Ste|Lot)\b|#", RegexOptions.CultureInvariant)]
    private static partial Regex UnitInRx();

    [GeneratedRegex(@"\b(today|tonight|tomorrow|tmrw|tmr|morning|afternoon|evening|night|noon|week|weekend|asap|anytime|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeWordRx();

    [GeneratedRegex(@"\s\d{5}(?:-\d{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex KnownZipRx();

    [GeneratedRegex(@"^(?:(?:oh|oops|sorry|and|also|it'?s|its|that'?s|in|city is)[,\s]+)*(?<city>[a-z][a-z'.]+(?:\s[a-z][a-z'.]+){0,2}),?\s+(?<state>" + States + @")\.?,?(?:\s+(?<zip>\d{5}(?:-\d{4})?))?(?:[\s,.!]+(?:btw|fyi|too|also|sorry|thanks|thx|forgot that))*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceOnlyRx();

    /// <summary>
    /// The surname sent on its own after a first name ("Faith", then "last name Okafor"; "surname's Brody"): the full name,
    /// or null when the text is not just a surname.
    /// </summary>
    public static string? CompletedSurname(string text, string known)
    {
        if (known.Contains(' ', StringComparison.Ordinal)) return null;
        // "luis guerrero btw" after "Luis": the first name we have, now with its surname.
        if (FirstThenSurnameRx().Match(Clean(text)) is { Success: true } full && full.Groups["f"].Value.Equals(known, StringComparison.OrdinalIgnoreCase))
            return NotNames.Contains(full.Groups["s"].Value.ToLowerInvariant()) ? null : known + " " + TitleCase(full.Groups["s"].Value);
        if (SurnameOnlyRx().Match(Clean(text)) is not { Success: true } m) return null;
        var surname = m.Groups["s"].Value;
        return NotNames.Contains(surname.ToLowerInvariant()) ? null : known + " " + TitleCase(surname);
    }

    [GeneratedRegex(@"^\W*(?i:and\s+|oh\s+|sorry,?\s+)?(?i:my\s+|the\s+|her\s+|his\s+)?(?i:last name|surname|family name|last)(?i:\s+is|'s|\s*:)?[,\s]+(?<s>\p{L}[\p{L}'\-]+)[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SurnameOnlyRx();

    [GeneratedRegex(@"^\W*(?<f>\p{L}[\p{L}'\-]+)\s+(?<s>\p{L}[\p{L}'\-]+)(?:[,\s]+(?i:btw|fyi|lol|sorry|full name|is my full name|is the full name|if you need it))*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FirstThenSurnameRx();

    /// <summary>A house number and the street's first word after it (past a direction): "24 oak", "12 n main".</summary>
    [GeneratedRegex(@"(?<![\w-])(?<n>\d{1,6}[a-z]?)\s+(?:(?:n|s|e|w|north|south|east|west)\.?\s+)?(?<w>[a-z0-9']+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberThenWordRx();

    [GeneratedRegex(@"^(?<num>\d{1,6}[A-Za-z]?)\s+(?<street>[^,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex KnownNumberRx();

    [GeneratedRegex(@"(?<![\w-])(?<new>\d{1,6}[a-z]?)\b[^.!?\d]{0,30}?,?\s*not\s+(?<old>\d{1,6}[a-z]?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberNotNumberRx();

    // ---------- emergencies ----------

    [GeneratedRegex(@"\b(it|its|it'?s|it has|now it|now its)\s+(just\s+|now\s+|finally\s+|completely\s+|totally\s+)?(shut (off|down)|died|quit|stopped (working|running|heating|blowing heat)|went out completely|conked out|gave out|(is|'s) (completely |totally )?dead)(\s+(completely|altogether|totally|on (me|us)))?(?=\s*(?:[,.!;]|$|\s+(?:and|now|again|tonight|today|this|overnight|last)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex ItQuitRx();

    /// <summary>What heats the home (a water heater or a pool heater does not).</summary>
    [GeneratedRegex(@"\b(furnace|heating|boiler|radiators?|baseboards?|heat pump|heat(?! (still|is fine|works|is working))|(?<!(water|pool|tank|tankless|hot water|space|garage|shop|car|truck|electric) )heater)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HomeHeatingRx();

    private static (bool Emergency, string? Kind) ReadEmergency(string lower, UnderstandingContext context)
    {
        var localMonth = context.LocalMonth;
        // A gas smell said to be somewhere else ("smelled gas at the gas station, nothing here") is no leak at the caller's;
        // one still or again smelled, or smelled at home besides, is.
        // "the hot water smells like rotten eggs": the water heater's anode, not gas in the air.
        if (Said(GasRx(), lower, m => SewerGasRx().IsMatch(lower[..m.Index])
                || WaterSmellRx().IsMatch(lower[..m.Index]) && (m.Value.Contains("egg", StringComparison.Ordinal) || m.Value.Contains("sulfur", StringComparison.Ordinal)))
            && !(GasElsewhereRx().IsMatch(lower) && !StillRx().IsMatch(lower))
            // "I think I flooded it trying, smells a little like gas in the cab": gasoline from an engine cranked too long.
            && !(context.Vertical == "auto" && FloodedEngineRx().IsMatch(lower) && !FuelLeakRx().IsMatch(lower))) return (true, "gas");
        // A CO detector chirping for its battery is no leak ("it chirps, I think it's the battery"); one going off,
        // beeping, or with anyone feeling sick still is.
        // One said to be quiet ("no smell and the CO detector is quiet, I checked") is the caller ruling it out.
        // "no alarm going off, everyone's fine": a sign denied is no sign.
        var coSign = CoSymptomRx().Matches(lower).Any(m => !NoSignBeforeRx().IsMatch(lower[..m.Index]));
        if (Said(CarbonMonoxideRx(), lower, m => DetectorQuietRx().IsMatch(lower[(m.Index + m.Length)..]) && !coSign)
            && !(DetectorBatteryRx().IsMatch(lower) && !coSign)
            // "tested the CO detectors on purpose today like the fire dept said": a test, not an alarm.
            && !(DetectorTestedRx().IsMatch(lower) && !coSign)) return (true, "co");
        // "the little detector in the hallway keeps beeping and the kids say their heads hurt": an alarm sounding with people
        // sick is carbon monoxide until shown otherwise, whatever the detector is called.
        if (AlarmSoundingRx().IsMatch(lower) && CoSicknessRx().IsMatch(lower) && !(DetectorBatteryRx().IsMatch(lower) && !CoSicknessRx().IsMatch(lower)))
            return (true, "co");
        // "this is Ignatius Flood, F-L-O-O-D": a surname, not water.
        // "my neighbors just flooded their garage": someone else's water, not the caller's.
        if (Said(FloodRx(), lower, m => Minor(lower, m) || m.Value == "flood" && SurnameBeforeRx().IsMatch(lower[..m.Index])
                || OthersBeforeRx().IsMatch(lower[..m.Index])
                // "I think I flooded it": an engine given too much fuel, not water.
                || context.Vertical == "auto" && FloodedEngineRx().IsMatch(lower) && !FuelLeakRx().IsMatch(lower))) return (true, "water");
        // A smoke detector chirping for its battery, or set off by cooking, is no fire; smoke, sparks or burning said besides it still are.
        // So is one asked for ("install hardwired smoke detectors"), unless it is sounding.
        var nuisance = SmokeDetectorChirpRx().IsMatch(lower) || DetectorNuisanceRx().IsMatch(lower)
            || DetectorWantedRx().IsMatch(lower) && !DetectorSoundingRx().IsMatch(lower)
            || DetectorTestedRx().IsMatch(lower);
        // A power line down or hanging at the house is a fire and shock danger whether or not it sparks.
        if (Said(DownedLineRx(), lower)) return (true, "fire");
        if (SparksRx().Matches(lower).Any(m => !NegatedBeforeRx().IsMatch(lower[..m.Index]) && !IsOver(lower, m) && !Passing(lower, m) && !ExplainedAway(lower, m, context.Vertical)
            && !(context.Vertical == "auto" && ExhaustSmokeRx().IsMatch(ClauseAround(lower, m.Index)))
            // "started smoking from the hood when I pulled in, it's steam I think, coolant": an engine overheating, not a fire.
            && !(context.Vertical == "auto" && m.Value.StartsWith("smok", StringComparison.Ordinal) && SteamRx().IsMatch(lower))
            // "smelled something burning from the front wheel coming down the mountain. im home now and it cooled off": a
            // brake or clutch smell the driver got home from is a repair, not a fire.
            && !(context.Vertical == "auto" && !RealFireRx().Matches(lower).Any(r => !NegatedBeforeRx().IsMatch(lower[..r.Index]))
                 && SafeNowRx().IsMatch(lower) && CooledRx().IsMatch(lower) && !StillRx().IsMatch(lower))
            // "the outdoor outlet sparked once when I plugged in the lights ... no smoke, no smell, breaker's off. not an emergency":
            // a spark that came and went, the caller says no emergency and names nothing else burning.
            && !(m.Value.StartsWith("spark", StringComparison.Ordinal) && NotEmergencyRx().IsMatch(lower) && !StillRx().IsMatch(lower) && OneSparkRx().IsMatch(lower) && !SparkAftermathRx().IsMatch(lower)
                 && !RealFireRx().Matches(lower).Any(r => !r.Value.StartsWith("spark", StringComparison.Ordinal) && !NegatedBeforeRx().IsMatch(lower[..r.Index])))
            // "made it into my own driveway ... now it wont start and smells like burning oil": oil or coolant on a hot engine, a
            // repair, unless smoke or flames are named.
            && !(context.Vertical == "auto" && BurningFluidRx().IsMatch(lower[(m.Index + m.Length)..]) && !RealFireRx().Matches(lower).Any(r => !NegatedBeforeRx().IsMatch(lower[..r.Index])))
            // "this is Jolene Sparks, our toilet keeps running": a surname after an introduction.
            && !(m.Value == "sparks" && SurnameBeforeRx().IsMatch(lower[..m.Index]))
            // "Jolene Sparks": a surname sent alone, not sparks flying.
            && !(m.Value == "sparks" && SurnameSparksRx().Match(lower, Math.Max(0, lower.LastIndexOfAny(['.', ',', '!', '?', ';', '\n'], Math.Max(0, m.Index - 1)))) is { Success: true } sn
                 && sn.Index + sn.Length >= m.Index + m.Length && !NotNames.Contains(sn.Groups["w"].Value) && !WiringPartRx().IsMatch(sn.Groups["w"].Value))
            && !(nuisance && m.Value == "smoke" && DetectorAfterRx().IsMatch(lower[(m.Index + m.Length)..])))) return (true, "fire");
        // Stranded is a mechanic's emergency; "I'm stuck at work till 5" is no one's, nor "it overheated on the highway, I got it home".
        if (context.Vertical == "auto" && Said(StrandedRx(), lower, m => OffTheRoad(lower, m)) && !(SafeNowRx().IsMatch(lower) && !StillRx().IsMatch(lower))) return (true, "stranded");
        // Power out where someone lives on a machine (a home ventilator, oxygen, dialysis) is an electrician's emergency.
        if (context.Vertical == "electrical" && MedicalDeviceRx().IsMatch(lower) && Said(PowerOutRx(), lower)) return (true, "medical_power");
        // No cooling is an emergency for the vulnerable (the elderly, a baby, a heart condition) in extreme heat (90 °F and up).
        // Not when the vulnerable (or everyone) are away: "we're at the lake with the baby till Sunday", "nobody is home".
        if (context.Vertical != "auto" && NoCoolingRx().IsMatch(lower) && VulnerableRx().IsMatch(lower) && ExtremeHeatRx().IsMatch(lower) && !CopingRx().IsMatch(lower)
            && !(AwayRx().IsMatch(lower) && !PresentRx().IsMatch(lower))
            // "nana is fine, she's at my aunt's. 97 in here": the one at risk is said to be safe somewhere else.
            && !VulnerableElsewhereRx().IsMatch(lower)) return (true, "no_cooling");
        // "the heat quit last night but my nephew reset something and it's running again, warm as toast now": heat that is back.
        if (NoHeatRx().Match(lower) is { Success: true } noHeat && !(AcContextRx().IsMatch(lower) && !HeatingWordRx().IsMatch(lower))
            && !HeatIsBack(lower, noHeat))
        {
            // "No heat" is an emergency in cold weather (ESTIMATES.md): the caller says it is cold, or it is the cold months where
            // the business is and the caller does not say it is mild out or no emergency ("no heat but it's 60 out, no rush").
            // "it's 41 outside so not freezing but cold enough. house is 60": a word for the cold, and the mild weather it means.
            // "blowing cold on heat mode": the air, not the weather.
            // "41 outside now but down to 12 tonight": a freeze on the way is the cold too.
            if (FreezeComingRx().IsMatch(lower)) return (true, "no_heat");
            if (Said(ColdRx(), lower, m => m.Value is "cold" or "freezing"
                && (MildRx().IsMatch(lower) && !VulnerableRx().IsMatch(lower) || BlowingBeforeRx().IsMatch(lower[..m.Index]))))
                return (true, "no_heat");
            // A furnace that "keeps shutting off on its own" still heats between times: an emergency when the house has got cold
            // ("house is 58 degrees"), not by the month alone.
            // "41 outside, not freezing, but my 90 year old mom lives here": in winter, someone at risk makes it one on a mild day.
            if (localMonth is >= 11 or <= 3 && (NoHeatRx().Matches(lower).Any(h => !h.Value.Contains(" keeps ", StringComparison.Ordinal)) || InsideBelowSixtyRx().IsMatch(lower) || NowFullyOutRx().IsMatch(lower)) && (!MildRx().IsMatch(lower) || VulnerableRx().IsMatch(lower)) && !CopingRx().IsMatch(lower) && !PartlyHeatedRx().IsMatch(lower) && !NotEmergencyRx().IsMatch(lower) && !FlexibleRx().IsMatch(lower)) return (true, "no_heat");
        }
        return (false, null);
    }

    /// <summary>
    /// The danger is named, not denied and not over: "no gas smell", "not flooding", "no smoke or sparks" do not count,
    /// nor a past one said to be over ("we had a flood last spring", "it sparked once last week but it's fine now",
    /// "smelled gas yesterday, the gas company fixed it"), unless it is said to be back or still there.
    /// </summary>
    /// <summary>"the basement isn't flooded yet but water is rising fast": a denial the caller goes on to take back.</summary>
    [GeneratedRegex(@"^\s*(yet|so far|right now|at the moment)?[,\s]*but\b[^.!?]{0,60}\b(rising|coming in|getting (deeper|higher|worse)|pouring|spreading|going up)", RegexOptions.CultureInvariant)]
    private static partial Regex NotYetButRx();

    private static bool Said(Regex danger, string lower, Func<Match, bool>? except = null)
    {
        foreach (Match m in danger.Matches(lower))
        {
            if (NegatedBeforeRx().IsMatch(lower[..m.Index]) && !NotYetButRx().IsMatch(lower[(m.Index + m.Length)..])) continue;
            if (IsOver(lower, m)) continue;
            if (except?.Invoke(m) == true) continue;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A burning or dusty smell that passes by itself, told as such: "a burning smell for a sec when it starts, then it's
    /// fine", "smells like burning dust the first time the heat runs". Smoke, sparks or flames named besides still count,
    /// and so does a smell said to stay.
    /// </summary>
    private static bool Passing(string lower, Match m)
    {
        // "a little smoke smell when I first start it up but it goes away": the smoke is a smell too.
        if (!m.Value.Contains("smell", StringComparison.Ordinal) && !m.Value.StartsWith("burning", StringComparison.Ordinal)
            && !SmellAfterRx().IsMatch(lower[(m.Index + m.Length)..])) return false;
        var sentence = SentenceOf(lower, m);
        // At an outlet, a panel or in the wiring a burning smell is a danger even when it passes.
        return PassingSmellRx().IsMatch(sentence) && !StillRx().IsMatch(lower) && !RealFireRx().IsMatch(lower) && !WiringPartRx().IsMatch(lower);
    }

    [GeneratedRegex(@"(\b(this is|i'?m|im|i am|my name is|name is|name'?s|names)\s+[a-z'-]+|^\W*((hi|hey|hello|yo)\W+)?(it'?s|its)\s+(?!(a|an|the|my|our|all|just|like|so|really|total|complete|outlets?|wires?|plugs?|panels?|breakers?|switch(es)?|cords?|lights?)\b)[a-z'-]+|\b(mr|mrs|ms|dr|miss)\.?)\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex SurnameBeforeRx();

    /// <summary>Right before the danger, someone else's: "my neighbors just went and flooded their garage".</summary>
    [GeneratedRegex(@"\b(neighbou?rs?|neighbou?r'?s|friends?|friend'?s|coworkers?|co-workers?|cousins?|in-laws)\b(?![^.!?,]*\b(my|our|me|us)\b)[^.!?,]{0,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex OthersBeforeRx();

    [GeneratedRegex(@"\G[.,!?;\n]?\s*(?<w>[a-z][a-z'-]+) sparks(?=\s*([.,!?;\n]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex SurnameSparksRx();

    [GeneratedRegex(@"\b(sparked( just)? once|sparked (when|as) (i|we)|(a|one) (single |little |small )?spark)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OneSparkRx();

    [GeneratedRegex(@"\b(buzz\w*|crackl\w*|(?<!no )smell\w*|hot|warm|melt\w*|panel|sparks flew|keeps? sparking)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SparkAftermathRx();

    [GeneratedRegex(@"\b((going down to|down to|dropping to|drop to|low of|lows? (in|of)( the)?|getting down to|supposed to (be|hit|get to)|forecast (says|is|calls for|shows))\s+(-?([0-9]|[12]\d|3[0-2])|single digits|teens|twenties|zero|below)(?![\d%])(?!\s*(minutes|mins|percent|dollars))|(?<![\d.-])([0-9]|[12]\d|3[0-2]) ?(°|degrees|deg)? (tonight|overnight)|(freezing|below freezing|a freeze|hard freeze) (tonight|overnight|tomorrow))\b", RegexOptions.CultureInvariant)]
    private static partial Regex FreezeComingRx();

    [GeneratedRegex(@"\b(blowing|blows|blew|blowin'?|air is|air'?s|air)\s+(only\s+|just\s+|nothing but\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BlowingBeforeRx();

    [GeneratedRegex(@"^\s+(motor |engine |transmission )?(oil|coolant|antifreeze|trans(mission)? fluid)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BurningFluidRx();

    [GeneratedRegex(@"\b(cooled (off|down)|no smoke|not smoking|smell('?s| is)? gone|stopped smelling)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CooledRx();

    /// <summary>Smoke from the exhaust (blue, white, grey, a puff from the tailpipe): an engine to look at, not a fire.</summary>
    [GeneratedRegex(@"\b((blue|white|grey|gray|black) smoke|puff of smoke|smoke (from|out of|coming out of) the (tail ?pipe|exhaust|muffler)|(tail ?pipe|exhaust) (is )?smok\w*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ExhaustSmokeRx();

    [GeneratedRegex(@"\b(outlets?|plugs?|panel|breakers?|wires?|wiring|switch(es)?|receptacles?|cords?|meter|junction box|light fixture)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WiringPartRx();

    [GeneratedRegex(@"^\s*(smell|odou?r)", RegexOptions.CultureInvariant)]
    private static partial Regex SmellAfterRx();

    /// <summary>
    /// A burning smell or a spark the caller explains away in the same sentence: "smelled something burning earlier but it
    /// was the neighbors bbq lol", "my son swears the outlet sparked but i think it was static shock from the carpet".
    /// </summary>
    private static bool ExplainedAway(string lower, Match m, string vertical)
    {
        // Flames are never explained away ("the kitchen is on fire, I think it was the bacon grease").
        if (m.Value.Contains("fire", StringComparison.Ordinal) || m.Value.Contains("flame", StringComparison.Ordinal)) return false;
        var start = SentenceStart(lower, m.Index);
        var end = SentenceEnd(lower, m.Index + m.Length);
        var after = m.Index + m.Length;
        // "wife says its just steam but I'm not so sure": the caller doubts it, or the sign goes on.
        bool Doubted(int from) => DoubtRx().IsMatch(lower[from..AfterSentences(lower, from, 2)]);
        if (ExplainedRx().Match(lower[after..end]) is { Success: true } why)
            return !StillRx().IsMatch(lower[start..end]) && !Doubted(after + why.Index + why.Length);
        // "the outside heat pump unit is smoking?? big white cloud then it stops. neighbor says its just steam from the
        // defrost cycle": a heat pump's defrost steam, told a sentence or two later, and nothing said against it.
        return vertical == "hvac" && m.Value.StartsWith("smok", StringComparison.Ordinal) && OutdoorUnitRx().IsMatch(lower)
            && DefrostSteamRx().Match(lower[after..]) is { Success: true } steam && !Doubted(after + steam.Index + steam.Length)
            && !StillRx().Matches(lower[start..m.Index] + " " + lower[after..end]).Any(x => x.Value != "again");
    }

    [GeneratedRegex(@"\b(not so sure|not sure|don'?t think so|i doubt|doubt it|don'?t buy it|don'?t believe|no way|can see it|i can see|smells? (awful|terrible|horrible|really bad)|been going (for|on)|for (an|over an|a couple|two) hours?|haven'?t (cooked|been cooking|used|made)|didn'?t (cook|use|make)|still|keeps?|right now|getting worse|please (send|hurry|come)|send (someone|somebody|help)|asap|hurry|but\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DoubtRx();

    [GeneratedRegex(@"\b(heat ?pump|outside unit|outdoor unit|condenser|outside part)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OutdoorUnitRx();

    [GeneratedRegex(@"\b(it'?s|its|it is|it was|just|probably|that'?s|thats)\b[^.!?]{0,25}?\b(steam|vapou?r)\b[^.!?]{0,30}?\bdefrost\w*|\b(it'?s|its|it is|it was|just|probably)\b[^.!?]{0,25}?\bdefrost\w*", RegexOptions.CultureInvariant)]
    private static partial Regex DefrostSteamRx();

    [GeneratedRegex(@"(?<!\b(don'?t|dont|do not|didn'?t|did not|not|never)\s+)\b(but|turned out|turns out|think|guess|probably|pretty sure|says|said)\b(?:(?!\b(not|never)\b|n'?t\b)[^.!?]){0,25}?\b(it was|it'?s|its|was|just|from)\b(?:(?!\b(not|never)\b|n'?t\b)[^.!?]){0,20}?\b(static( shock)?|popcorn|(the |my |our )?(dinner|food|bacon|pizza|toast)(?! (is|was) (on fire|burning))|(the )?neighbou?rs?'?s?( bbq| grill| barbecue| fireplace| fire pit| cooking)?|bbq|barbecue|grill|fire ?pit|fireworks|a candle|candles?|incense|(hair )?straightener|flat ?iron|curling iron|clothes iron|toast|burnt (toast|food|popcorn)|someone'?s cooking|(the )?(oven|stove) (cleaning|self[- ]cleaning))\b", RegexOptions.CultureInvariant)]
    private static partial Regex ExplainedRx();

    [GeneratedRegex(@"\b(for (a|like a|just a|only a) (sec|second|few seconds|couple seconds|minute|min|moment|bit)|for (a few|a couple( of)?) (seconds|secs|minutes|mins|min)|(first|1st) time this (year|yr|season|fall|winter)|then (it'?s|its|it is|everything'?s) (fine|ok|okay|gone|normal)|then (it )?(goes|went) away|goes away (after|in|on its own|by itself)|burns off|burning off|burned off|(burning|burnt) dust|dust (burning|burning off)|(first|1st) time (i|we|it) (turned|ran|run|runs|switched|fired|kicked|started|use|used)|first (cold )?(day|time) of the (season|year|fall|winter))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PassingSmellRx();

    [GeneratedRegex(@"\b(smoke(?! ?smell)|smoking|sparks?(?! ?plugs?)|sparking|sparked|flames?|on fire|caught fire|melted|melting|scorch(ed)?|charred|burn marks?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RealFireRx();

    /// <summary>
    /// Water told as a small leak in its own sentence: "dripping from the closet ceiling a little, not pouring"; or water from
    /// the AC (its drain line, the air handler) that is not said to pour or rise: "AC's leaking water all over the floor by
    /// the air handler". Neither is a flood to send someone out for tonight.
    /// </summary>
    private static bool Minor(string lower, Match m)
    {
        var sentence = SentenceOf(lower, m);
        if (MinorWaterRx().IsMatch(sentence)) return true;
        // "an inch of water in the drain pan" (not "... in the drain pan and now it's pouring onto the floor").
        if (PanWaterRx().IsMatch(sentence) && !HeavyWaterRx().IsMatch(PanWaterRx().Replace(sentence, " "))) return true;
        // "WATER EVERYWHERE lol ... the spigot just dribbles" (not "the sump pump only dribbles and there's 3 inches of water");
        // "it's a slow drip, she put a pot under it" (not "bucket under it but it's spraying everywhere").
        if (DribbleRx().IsMatch(sentence) && !HeavyWaterRx().IsMatch(sentence)) return true;
        return AcWaterRx().IsMatch(sentence) && !HeavyWaterRx().IsMatch(sentence);
    }

    [GeneratedRegex(@"\b(a (little|bit)(?=\s*(,|$|\s+not\b|\s+but\b))|not (pouring|gushing|spraying|flooding|much|a lot|bad|everywhere|spreading)|slowly|barely|just a (drip|few drops|trickle)|a few drops|a trickle|(shower|tub|bathtub)\b[^.!?]{0,60}\bstanding in|standing in\b[^.!?]{0,40}\b(shower|tub|bathtub))", RegexOptions.CultureInvariant)]
    private static partial Regex MinorWaterRx();

    /// <summary>"an inch of water in the ac drain pan": the pan's own water, a repair.</summary>
    [GeneratedRegex(@"\b((\d+|an?|one|two|a few|a couple( of)?)\s+(inch(es)?|in\.?)\s+of\s+)?water\s+(in|on)\s+(the |my |our )?(ac |a/c |condensate |drain |overflow |drip |secondary |furnace )+pan\b", RegexOptions.CultureInvariant)]
    private static partial Regex PanWaterRx();

    [GeneratedRegex(@"\b((just|only) (dribbl\w*|a dribble|drips)|(it'?s|its|it is) (a |just a |only a )?slow (drip|leak)|(a |the )?(pot|bucket|bowl|pan|towel|trash can)s? (under|beneath) (it|there|the (drip|leak|spot)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DribbleRx();

    /// <summary>"no heat upstairs but downstairs is fine": part of the home still heated.</summary>
    [GeneratedRegex(@"\b(downstairs|upstairs|(the )?rest of the (house|home)|(the )?other rooms|(the )?main floor|(the )?first floor)('?s| is| are) (still )?(fine|ok|okay|warm|toasty|heating fine|nice and warm)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PartlyHeatedRx();

    [GeneratedRegex(@"\b(ac|a/c|air conditioner|air handler|condensate|drain line|drain pan|evaporator|mini ?split|air conditioning|(ceiling |air |supply |ac )?vents?|(ceiling |air )?registers?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AcWaterRx();

    [GeneratedRegex(@"\b(pouring|gushing|spraying|rushing|flood\w*|inch(es)?|deep|rising|spreading|ceiling (is )?(caving|falling|sagging|coming down)|burst|ruptured)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeavyWaterRx();

    /// <summary>The sentence a match stands in (between the stops around it).</summary>
    private static string SentenceOf(string lower, Match m) => SentenceAround(lower, m.Index, m.Index + m.Length);

    [GeneratedRegex(@"\b((but|and|&) (now|today|tonight|this (morning|afternoon|evening))\b(?=[^.!?]{0,40}\b(smell\w*|smok\w*|spark\w*|burn\w*|fire|flames?|water|pour\w*|flood\w*|leak\w*|spray\w*|gush\w*|gas|alarm|beep\w*|headaches?|dizzy|again|back)\b)|now (there'?s|there is)\b|now (water|it'?s|its|it is|it)\b[^.!?]{0,20}\b(pouring|leaking|flooding|spraying|gushing|sparking|smoking|burning|everywhere|back|again)\b|(everywhere|pouring|spraying|gushing|flooding|leaking|sparking|smoking|burning|coming in|coming through) (right )?now\b|but\b[^.!?]{0,40}\b(headaches?|dizzy|nause\w*|throwing up|vomit\w*))", RegexOptions.CultureInvariant)]
    private static partial Regex BackNowRx();

    /// <summary>Whether the words right before a sign deny it: "no sparks", "not smoking", "no smell or smoke".</summary>
    internal static bool DeniedBefore(string before) => NegatedBeforeRx().IsMatch(before);

    private static bool IsOver(string lower, Match m)
    {
        if (StillRx().IsMatch(lower)) return false;
        // "... hasn't done it since, but now there's a burning smell", "burst last Jan, and there's water everywhere now".
        if (BackNowRx().IsMatch(lower)) return false;
        // The sentence the danger is in, and the one after it ("... last week. It's been fine since.").
        var end = SentenceEnd(lower, m.Index + m.Length);
        var sentence = lower[SentenceStart(lower, m.Index)..end];
        var following = end == lower.Length ? "" : lower[(end + 1)..SentenceEnd(lower, end + 1)];
        return PastTimeRx().IsMatch(sentence) && ResolvedRx().IsMatch(sentence + " " + following)
            || DistantPastRx().IsMatch(sentence) && PastOnlyRx().IsMatch(sentence);
    }

    // ---------- the need in a few words ----------

    private static readonly Dictionary<string, string> NeedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AC repair"] = "your AC", ["Heating repair"] = "your heat", ["Furnace repair"] = "your furnace", ["Heat pump"] = "your heat pump",
        ["Maintenance / tune-up"] = "a tune-up", ["New system / replacement"] = "a new system", ["Thermostat"] = "your thermostat",
        ["Ductwork / airflow"] = "your ductwork", ["Indoor air quality"] = "your indoor air quality", ["Water heater"] = "your water heater",
        ["Oil change"] = "an oil change", ["Brake pads"] = "your brakes", ["Battery replacement"] = "your battery", ["Alternator replacement"] = "your alternator",
        ["Starter replacement"] = "your car not starting", ["Timing belt"] = "your timing belt", ["AC recharge"] = "your car's AC", ["Engine diagnostic"] = "your engine",
        ["Transmission service"] = "your transmission", ["Spark plugs"] = "your spark plugs", ["Leak repair"] = "a leak", ["Drain cleaning"] = "a clogged drain",
        ["Toilet repair"] = "your toilet", ["Faucet / fixture"] = "your faucet", ["Burst pipe"] = "a burst pipe", ["Sewer line"] = "your sewer line",
        ["Garbage disposal"] = "your garbage disposal", ["Outlet / switch"] = "an outlet or switch", ["Panel upgrade"] = "a panel upgrade", ["Lighting"] = "your lighting",
        ["Wiring repair"] = "your wiring", ["EV charger"] = "an EV charger", ["Generator"] = "a generator",
    };

    private static string? ReadNeed(string lower, string? service, string? emergencyKind)
    {
        var kind = emergencyKind switch
        {
            "gas" => "a gas smell", "co" => "a carbon monoxide alarm", "water" => "water coming in", "fire" => "sparks or a burning smell",
            "stranded" => "being stranded", "no_heat" => "having no heat", "no_cooling" => "your AC out in this heat", _ => null,
        };
        if (kind is not null) return kind;
        var first = service?.Split(", ")[0];
        if (first is null) return null;
        if (!NeedWords.TryGetValue(first, out var need)) return "the " + first.ToLowerInvariant();
        if (!need.StartsWith("your ", StringComparison.Ordinal) || need.Contains(" not ", StringComparison.Ordinal)) return need;
        if (NoCoolingRx().IsMatch(lower) && first is "AC repair" or "AC recharge") return need + " not cooling";
        if (LeakingRx().IsMatch(lower)) return need + " leaking";
        if (NotWorkingRx().IsMatch(lower)) return need + " not working";
        if (NoiseRx().IsMatch(lower)) return need + " making noise";
        return need;
    }

    [GeneratedRegex(@"\bleak(s|ing|y)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex LeakingRx();

    [GeneratedRegex(@"\b(not working|isn'?t working|stopped working|quit|broke|broken|died|dead|won'?t (turn on|start|work|come on)|went out|is out|not turning on)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotWorkingRx();

    [GeneratedRegex(@"\b(nois(e|y)|grinding|squeal(ing)?|buzzing|banging|clicking|rattl(e|ing)|humming)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NoiseRx();

    // ---------- service ----------

    [GeneratedRegex(@"\b(drips?|dripping|not much|a little|seep\w*|slow leak)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OnlyDripsRx();

    [GeneratedRegex(@"\b(i|we) (want|need|would like|'?d like|wanna) (one|that|the same( thing)?)( too| as well| also)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex WantOneTooRx();

    private static string? ReadService(string masked, UnderstandingContext business)
    {
        var text = ZipCodeWordsRx().Replace(masked, " ");
        // "Is this Bob's Heating and Air?": the name of the business asked after, not the job.
        text = BusinessAskedRx().Replace(text, m => new string(' ', m.Length));
        var hits = new List<(string Service, int Index, int Length, bool Weak)>();
        // Every phrase where it starts, overlapping ones too: "ac quit blowing cold" is "quit blowing cold" as well as "ac quit",
        // and the longest reading of the words wins below.
        foreach (var s in business.Services)
            for (var m = ServiceCatalogWords.RegexFor(s).Match(text); m.Success; m = ServiceCatalogWords.RegexFor(s).Match(text, m.Index + 1))
                hits.Add((s, m.Index, m.Length, ServiceCatalogWords.IsWeak(m.Value)));
        // "the pipe under the kitchen sink split", "a pipe in the crawl space busted": a broken pipe told with words between.
        // "the drain pipe under the house is cracked and drips, not much": a crack that only drips is a leak to fix.
        if (business.Services.Contains("Burst pipe"))
            foreach (Match bp in PipeBrokeRx().Matches(text))
                hits.Add((business.Services.Contains("Leak repair") && SentenceAround(text, bp.Index, bp.Index + bp.Length).ToLowerInvariant() is var said
                    && OnlyDripsRx().IsMatch(said) && !HeavyWaterRx().IsMatch(said) ? "Leak repair" : "Burst pipe", bp.Index, bp.Length, false));
        // "the hall switch stopped working", "bathroom fan switch is dead": the switch named as what is broken is the need.
        if (business.Services.Contains("Outlet / switch"))
        {
            foreach (Match sw in SwitchBrokeRx().Matches(text)) hits.Add(("Outlet / switch", sw.Index, sw.Length, false));
            // "the GFCI in the kitchen keeps tripping": the outlet that trips is the job, not the wiring behind it.
            foreach (Match g in GfciTripsRx().Matches(text)) hits.Add(("Outlet / switch", g.Index, g.Length, false));
        }
        if (hits.Count == 0)
        {
            // Nothing named as the catalog spells it: read again with the typos of its words mended ("garbadge disposel", "thermastat").
            var mended = MendTypos(text, business);
            if (mended == text) return null;
            // Read on from the mended words: the hits' places are in them ("thermstat" mended is a letter longer).
            text = mended;
            foreach (var s in business.Services)
                foreach (Match m in ServiceCatalogWords.RegexFor(s).Matches(text))
                    hits.Add((s, m.Index, m.Length, ServiceCatalogWords.IsWeak(m.Value)));
            if (hits.Count == 0) return null;
        }
        // Longest phrase first wins its span: "water heater" beats "heater", "battery light" beats "battery".
        var taken = new List<(string Service, int Index, int Length, bool Weak)>();
        foreach (var h in hits.OrderByDescending(h => h.Length).ThenBy(h => h.Index))
            if (!taken.Any(t => h.Index < t.Index + t.Length && t.Index < h.Index + h.Length)) taken.Add(h);
        // "my neighbor says hi, you did his water heater last year": someone else's job, done before, is no need at all;
        // nor a pool's or a spa's heater an HVAC business does not service.
        // "my neighbor said you did his generator ... I want one too": the neighbour's job is the caller's when they want one.
        var lowered = text.ToLowerInvariant();
        var othersWanted = WantOneTooRx().IsMatch(lowered) ? taken.Where(t => OthersJobBeforeRx().IsMatch(text[..t.Index])).ToList() : [];
        taken.RemoveAll(t => OthersJobBeforeRx().IsMatch(text[..t.Index]) || t.Service is "Heating repair" or "Furnace repair" && PoolBeforeRx().IsMatch(text[..t.Index]));
        if (taken.Count == 0) taken = othersWanted;
        if (taken.Count == 0) return null;
        // "not burst or anything, just the hose bib outside drips": a job denied is none when another is named besides.
        var denied = taken.Where(t => NegatedBeforeRx().IsMatch(lowered[..t.Index])).ToList();
        if (denied.Count > 0 && taken.Any(t => !denied.Contains(t) && !t.Weak)) taken = [.. taken.Except(denied)];
        // "the pipe that burst last winter is holding up fine", "ur tech did my brakes last month and they're good": a job done
        // before and said to hold is no need of its own when another is named besides.
        var doneBefore = taken.Where(t => SentenceAround(text, t.Index, t.Index) is var sentence && PastTimeRx().IsMatch(sentence) && DoneBeforeRx().IsMatch(sentence)
            && !TroubleNowRx().IsMatch(sentence)).ToList();
        if (doneBefore.Count > 0 && taken.Any(t => !doneBefore.Contains(t) && !t.Weak)) taken = [.. taken.Except(doneBefore)];
        // What the caller did meanwhile ("I flipped the main breaker off", "shut the breaker") is no need of its own
        // when another is named besides.
        var acted = taken.Where(t => CallerActedRx().IsMatch(text[..t.Index])).ToList();
        if (acted.Count > 0 && taken.Any(t => !acted.Contains(t) && !t.Weak)) taken = [.. taken.Except(acted)];
        // A part the caller has ruled out ("the battery tested fine", "I put in a new battery last month", "it's not the
        // alternator") is no need of its own when another is named besides.
        var ruledOut = taken.Where(t => RuledOutBeforeRx().IsMatch(text[..t.Index]) || RuledOutAfterRx().IsMatch(text[(t.Index + t.Length)..])
            // "no heat since last nite, thermostat says 49 inside": the thermostat read for the temperature is no trouble of its own.
            || t.Service == "Thermostat" && ThermostatReadingRx().IsMatch(text[(t.Index + t.Length)..])).ToList();
        if (ruledOut.Count > 0 && taken.Any(t => !ruledOut.Contains(t) && !t.Weak)) taken = [.. taken.Except(ruledOut)];
        // The caller's own diagnosis names the service over the symptoms told ("it just clicks, I think it's the battery",
        // "pretty sure it's a wiring problem").
        foreach (Match d in DiagnosisRx().Matches(text))
        {
            var end = d.Index + d.Length;
            var guessed = taken.Where(t => !t.Weak && t.Index >= end && t.Index <= end + 3).OrderBy(t => t.Index).FirstOrDefault();
            if (guessed.Service is null) continue;
            // "pretty sure its a plug or coil. also due for an oil change": a mechanic's second job named besides is kept.
            var besides = business.Vertical == "auto" ? taken.Where(t => !t.Weak && t.Service != guessed.Service && t.Index > guessed.Index + guessed.Length && AlsoAskedRx().IsMatch(text[(guessed.Index + guessed.Length)..(t.Index + t.Length)])).Select(t => t.Service).FirstOrDefault() : null;
            return besides is null ? guessed.Service : $"{guessed.Service}, {besides}";
        }
        // "keeps tripping the breaker ... can you add a couple outdoor outlets on their own circuit": what the caller asks to
        // have put in is the job, over the symptoms told before it.
        if (business.Vertical != "auto")
            foreach (Match rq in PutInRequestRx().Matches(text))
            {
                var end = rq.Index + rq.Length;
                var wanted = taken.Where(t => !t.Weak && t.Index >= end && t.Index <= end + 30).OrderBy(t => t.Index).FirstOrDefault();
                if (wanted.Service is not null) return wanted.Service;
            }
        var scored = taken.GroupBy(t => t.Service)
            .Select(g => (Service: g.Key, Score: g.Sum(t => t.Weak ? t.Length / 2.0 : t.Length), First: g.Min(t => t.Index), Weak: g.All(t => t.Weak)))
            .ToList();
        var best = scored.OrderByDescending(s => s.Score).ThenBy(s => s.First).First();
        // "the furnace needs a tune-up", "AC is due for maintenance": the equipment only named, its upkeep asked for.
        if (best.Service is "Furnace repair" or "AC repair" or "Heat pump" or "Heating repair" && scored.Any(s => s.Service == "Maintenance / tune-up" && !s.Weak)
            && taken.Where(t => t.Service == best.Service).All(t => BareEquipmentRx().IsMatch(text.Substring(t.Index, t.Length))))
            return "Maintenance / tune-up";
        // "my thermostat, the new smart one, won't connect to the furnace, the heat doesn't come on": the thermostat told first
        // is the trouble, the heating that follows its symptom.
        if (best.Service is "Heating repair" or "Furnace repair" or "AC repair" && scored.FirstOrDefault(s => s.Service == "Thermostat" && !s.Weak) is { Service: not null } thermostat
            && thermostat.First < best.First)
            return "Thermostat";
        // "the furnace is 25 yrs old, thinking about replacing it": the equipment only named, and a new one asked about.
        if (best.Service is "Furnace repair" or "AC repair" or "Heating repair" && scored.Any(s => s.Service == "New system / replacement")
            && !NotWorkingRx().IsMatch(text)
            && taken.Where(t => t.Service == best.Service).All(t => BareEquipmentRx().IsMatch(text.Substring(t.Index, t.Length))))
            return "New system / replacement";
        // "heat pump not heating", "the furnace is blowing cold air": the heating named by its equipment is that equipment's.
        if (best.Service == "Heating repair" && scored.FirstOrDefault(s => s.Service is "Heat pump" or "Furnace repair" && !s.Weak) is { Service: not null } equipment)
            return equipment.Service;
        // "AC keeps short cycling", "the AC smells musty": a symptom the furnace's words list too, of the AC named (no furnace named).
        if (best.Service == "Furnace repair" && !taken.Any(t => t.Service == "Furnace repair" && FurnaceNamedRx().IsMatch(text.Substring(t.Index, t.Length)))
            && taken.Any(t => t.Service == "AC repair" && AcNamedRx().IsMatch(text.Substring(t.Index, t.Length))))
            return "AC repair";
        // "heat pump is short cycling": the same symptom, of the heat pump named.
        if (best.Service == "Furnace repair" && !taken.Any(t => t.Service == "Furnace repair" && FurnaceNamedRx().IsMatch(text.Substring(t.Index, t.Length)))
            && scored.Any(s => s.Service == "Heat pump" && !s.Weak))
            return "Heat pump";
        // "ac makin weird noise and smells musty": the AC named is the job, the smell one of its symptoms.
        if (best.Service == "Indoor air quality" && taken.Where(t => t.Service == best.Service).All(t => text.Substring(t.Index, t.Length).Equals("musty", StringComparison.OrdinalIgnoreCase))
            && taken.Any(t => t.Service == "AC repair" && AcNamedRx().IsMatch(text.Substring(t.Index, t.Length).ToLowerInvariant()))
            && (NoiseRx().IsMatch(lowered) || NotWorkingRx().IsMatch(lowered) || NoCoolingRx().IsMatch(lowered))) return "AC repair";
        // "the bathroom faucet is dripping, drip drip all night": a fixture named, and only a drip besides (a fixture "leaking
        // at the wall" is a leak).
        if (best.Service == "Leak repair" && best.Weak && scored.Any(s => s.Service == "Faucet / fixture" && !s.Weak)
            && taken.Where(t => t.Service == "Leak repair").All(t => text.Substring(t.Index, t.Length).StartsWith("drip", StringComparison.OrdinalIgnoreCase)))
            return "Faucet / fixture";
        // "the heat pump is freezing up, the outside unit's iced over": symptoms an AC shares, of the heat pump named.
        if (best.Service == "AC repair" && scored.Any(s => s.Service == "Heat pump" && !s.Weak)
            && !taken.Any(t => t.Service == "AC repair" && AcNamedRx().IsMatch(text.Substring(t.Index, t.Length))))
            return "Heat pump";
        // "replace our old system, maybe with a heat pump": the equipment named is what the new system is.
        // Not when the equipment is only a suggestion: "a whole new system quoted, heat pump or whatever you recommend".
        if (best.Service == "New system / replacement" && scored.FirstOrDefault(s => s.Service is "Heat pump" or "Water heater" && !s.Weak) is { Service: not null } named
            && !taken.Any(t => t.Service == named.Service && OrWhateverRx().IsMatch(text[(t.Index + t.Length)..])))
            return named.Service;
        // "also want a quote for an ev charger while ur here": a second job asked for in so many words is kept besides.
        if (business.Vertical != "auto")
        {
            // "2 things: kitchen sink is clogged, and the guest toilet leaks", "a panel upgrade and then the charger, can you do
            // both?": each part of the text names its own job; the strongest reading of each part counts.
            if (SeveralJobsRx().IsMatch(text))
            {
                var jobs = taken.GroupBy(t => JobPartRx().Matches(text[..t.Index]).Count)
                    .Select(g => g.GroupBy(t => t.Service).Select(s => (Service: s.Key, Score: s.Sum(t => t.Weak ? t.Length / 2.0 : t.Length), First: s.Min(t => t.Index)))
                        .OrderByDescending(s => s.Score).First())
                    .OrderBy(j => j.First).Select(j => j.Service).Distinct().Take(2).ToList();
                if (jobs.Count == 2) return string.Join(", ", jobs);
            }
            // The words of its clause that are about this job: up to the other job named in the same clause, if any
            // ("the water heater is leaking and also the kitchen drain is slow": "and also" is the drain's).
            string Around((string Service, int Index, int Length, bool Weak) t)
            {
                var start = text.LastIndexOfAny(['.', '!', '?', ';', ',', '\n'], Math.Max(0, t.Index - 1)) + 1;
                var end = text.IndexOfAny(['.', '!', '?', ';', ',', '\n'], t.Index) is var e and >= 0 ? e : text.Length;
                var from = taken.Where(o => o.Service != t.Service && o.Index + o.Length <= t.Index && o.Index >= start).Select(o => o.Index + o.Length).DefaultIfEmpty(start).Max();
                var to = taken.Where(o => o.Service != t.Service && o.Index >= t.Index + t.Length && o.Index < end).Select(o => o.Index).DefaultIfEmpty(end).Min();
                return text[from..Math.Max(from, to)];
            }
            bool AskedBesides(string service) => taken.Any(t => t.Service == service && AlsoAskedRx().IsMatch(Around(t)));
            var others = scored.Where(sc => sc.Service != best.Service && !sc.Weak).OrderByDescending(sc => sc.Score).ToList();
            var also = others.FirstOrDefault(sc => AskedBesides(sc.Service) != AskedBesides(best.Service));
            if (also.Service is not null && (AskedBesides(also.Service) || AskedBesides(best.Service)))
                return best.First <= also.First ? $"{best.Service}, {also.Service}" : $"{also.Service}, {best.Service}";
        }
        // A mechanic is often asked for several repairs at once ("oil change and brakes"): keep up to two.
        if (business.Vertical == "auto")
        {
            var strong = scored.Where(s => !s.Weak).OrderBy(s => s.First).Take(2).ToList();
            if (strong.Count == 2) return string.Join(", ", strong.Select(s => s.Service));
        }
        return best.Service;
    }

    [GeneratedRegex(@"^(ac|a/c|a\.c\.|air con|aircon|air condition|central air)", RegexOptions.CultureInvariant)]
    private static partial Regex AcNamedRx();

    [GeneratedRegex(@"\b((heat|furnace|boiler|it)('?s| is)? (running|working|back on|back up) again|(it'?s|its|it is|heat'?s|heat is|furnace'?s|furnace is) (back on|back up|running fine|working fine)( now)?|warm as toast|heat'?s back)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeatBackRx();

    /// <summary>
    /// Heat said to be back after it went out, and nothing after that says it is not really: no cold in the house, no "but
    /// it keeps shutting off", no baby in the cold.
    /// </summary>
    /// <summary>
    /// A slide off the road or a car in a ditch told as past ("slid off the road last winter, now the alignment is off",
    /// "been there since last week") or said to be no emergency is no driver stranded now.
    /// </summary>
    private static bool OffTheRoad(string lower, Match m) =>
        OffRoadWordsRx().IsMatch(m.Value) && SentenceOf(lower, m) is var sentence
        && (PastTimeRx().IsMatch(sentence) || SinceRx().IsMatch(sentence) || NotEmergencyRx().IsMatch(lower) || FlexibleRx().IsMatch(lower));

    [GeneratedRegex(@"\b(off the|ditch)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OffRoadWordsRx();

    [GeneratedRegex(@"\b(since (last|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the)|in (january|february|march|april|may|june|july|august|september|october|november|december))\b", RegexOptions.CultureInvariant)]
    private static partial Regex SinceRx();

    private static bool HeatIsBack(string lower, Match noHeat)
    {
        var tail = lower[(noHeat.Index + noHeat.Length)..];
        if (HeatBackRx().Match(tail) is not { Success: true } back) return false;
        var after = tail[(back.Index + back.Length)..];
        return !StillRx().IsMatch(HeatBackRx().Replace(tail, " ")) && !HeatStillBadRx().IsMatch(after)
            && !InsideBelowSixtyRx().IsMatch(lower) && !ColdRx().IsMatch(lower);
    }

    /// <summary>After the heat is said to be back, words that it is not really: "but", "sometimes", "blowing cold air", "goes off".</summary>
    [GeneratedRegex(@"\b(but|though|tho|sometimes|for now|isn'?t|is not|ours|only|just (the|in)|on and off|off and on|not (heating|putting out|blowing warm|warm|hot)|cold air|goes (off|out)|quits?|shuts? (off|down)|shutting (off|down)|cuts? out|keeps? (shutting|cutting|turning|going|kicking|clicking) (off|out)|(don'?t|do not) trust|baby|newborn|infant|elderly|freezing|cold)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeatStillBadRx();

    [GeneratedRegex(@"\b(she|he|they|the baby|baby|nana|grandma|grandpa|granny|mom|dad|my (mom|dad|mother|father|grandma|grandpa|nana))('?s| is| are)? (staying |over |sleeping )?(at|with) (my|our|her|his|their|a|the) (aunt|auntie|uncle|sister|brother|daughter|son|neighbou?r|friend|cousin|mom|dad|mother|father|grandma|grandpa|in-laws)'?s?\b|\b(she|he|they|the baby|nana|grandma|grandpa|granny|mom|dad)('?s| is| are) (fine|ok|okay|safe)\b[^.!?]{0,30}\b(at|with|staying|over at)\b", RegexOptions.CultureInvariant)]
    private static partial Regex VulnerableElsewhereRx();

    [GeneratedRegex(@"\b((no ?one|nobody|no-one)('?s| is)? (home|here|there|in the house)|not home|(at|in) (daycare|day care|school|the lake|the beach|camp)|on vacation|(out of town|away) (till|until|for|this)|(we'?re|we are) (all )?(away|out of town|gone)|checked on the house|while (we'?re|we are) (away|gone|out))\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwayRx();

    /// <summary>
    /// Someone said to be in the hot house despite the away words: "I'm home with the newborn", "grandpa is here with me",
    /// "it's 97 in here", "she's 87 and home alone", "I'm 78", "the rest of us are away".
    /// </summary>
    [GeneratedRegex(@"(?<!\b(nobody|no ?one|no-one|not|n'?t)( is| are|'s)?\s)\b(home|here|there)\b(?!\s+(till|until|by|for the|this week|next))|\bin here\b|\bwith me\b|\blives (there|here|with)\b|\bstaying (here|there|with us)\b|\bexcept (my|our|for)\b|\bi (just )?had\b|\bi'?m (pregnant|recovering|\d{2}\b|seventy|eighty|ninety)|\b(is|'s) (7\d|8\d|9\d|seventy|eighty|ninety)\b|\bthe rest of us\b", RegexOptions.CultureInvariant)]
    private static partial Regex PresentRx();

    [GeneratedRegex(@"\b(not|n'?t|never) ((trying|going|meaning|wanting|asking|looking|here) to|gonna( to)?) (unsubscribe|unsub|opt[- ]?out|stop (the )?(texts|messages))\b|\bnot (unsubscribing|opting out)\b|\b(don'?t|dont|do not|never) stop (texting|messaging|txting|sending)( me| us)?\b|\bstop calling( me| us)?,? (just |only |please )?(text|txt|message)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotOptingOutRx();

    /// <summary>"打错了", "是金龙餐馆吗？我想订外卖", "번호 잘못", "間違い電話": a wrong number in Chinese, Korean or Japanese (no spaces).</summary>
    [GeneratedRegex(@"(你|您)打(错|錯)了|打(错|錯)(电话|電話)?了?[。.!！\s]*$|(发|發)(错|錯)(人|了)[。.!！\s]*$|是[^。？?]{1,12}(餐馆|餐館|饭店|飯店|餐厅|餐廳)吗|(번호|전화)\s*잘못\s*(누르|거|걸|보내)\w*|間違い電話|番号を?間違", RegexOptions.CultureInvariant)]
    private static partial Regex CjkWrongNumberRx();

    /// <summary>"请给我打电话", "전화 주세요", "電話してください": a call asked for in Chinese, Korean or Japanese.</summary>
    [GeneratedRegex(@"(给我|給我)打电话|(给我|給我)打電話|打(电话|電話)给我|打(电话|電話)給我|전화\s*(주세요|부탁드|해\s*주세요|주실 수)|電話(してください|をください|ください)", RegexOptions.CultureInvariant)]
    private static partial Regex CjkCallMeRx();

    [GeneratedRegex(@"^\s*,?\s*(or|or maybe)\s+(whatever|something|anything|what(ever)? (you|u) (recommend|suggest|think))\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrWhateverRx();

    [GeneratedRegex(@"\b(you|u|y'?all|you guys|your (guys|company|tech|crew)) (did|fixed|installed|replaced|put in|serviced|worked on|redid) (his|her|their|the neighbou?rs?'?|my neighbou?rs?'?|my (mom|mother|dad|father|sister|brother|friend|aunt|uncle|cousin)'?s?) $", RegexOptions.CultureInvariant)]
    private static partial Regex OthersJobBeforeRx();

    [GeneratedRegex(@"\b(holding up|no (problems?|issues?) since|(they'?re|it'?s|its|they are|it is|been|has been|have been) (all )?(good|great|fine|perfect|solid|holding up)|works? (great|fine|perfect(ly)?))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DoneBeforeRx();

    [GeneratedRegex(@"\b(leaking|leaks again|again|broke|broken|grinding|squeal\w*|not working|isn'?t working|stopped working|quit|died|(?<!no )(problems?|issues?|noise))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TroubleNowRx();

    /// <summary>The sentence around a span of the text (between the stops before <paramref name="index"/> and after <paramref name="end"/>).</summary>
    private static string SentenceAround(string text, int index, int end) => text[SentenceStart(text, index)..SentenceEnd(text, end)];

    private static readonly char[] SentenceStops = ['.', '!', '?', ';'];

    /// <summary>Where the sentence holding <paramref name="index"/> starts (just after the stop before it).</summary>
    private static int SentenceStart(string text, int index) => text.LastIndexOfAny(SentenceStops, Math.Max(0, index - 1)) + 1;

    /// <summary>Where the sentence holding <paramref name="index"/> ends: its stop, or the end of the text.</summary>
    private static int SentenceEnd(string text, int index) => text.IndexOfAny(SentenceStops, index) is var stop and >= 0 ? stop : text.Length;

    /// <summary>Just past the stops (a run of them counts once) ending <paramref name="count"/> sentences from <paramref name="from"/>, or the end of the text.</summary>
    private static int AfterSentences(string text, int from, int count)
    {
        var stop = from;
        for (var i = 0; i < count && stop < text.Length; i++)
        {
            stop = SentenceEnd(text, stop);
            while (stop < text.Length && Array.IndexOf(SentenceStops, text[stop]) >= 0) stop++;
        }
        return stop;
    }

    [GeneratedRegex(@"\b(pool|spa|hot tub|jacuzzi)\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex PoolBeforeRx();

    /// <summary>More than one job said to be wanted: "2 things:", "a couple of issues", "can you do both?".</summary>
    [GeneratedRegex(@"\b((2|two|3|three|couple( of)?|few|several|multiple|a couple( of)?) (things|issues|problems|jobs|projects|items)|(do|handle|take care of|fix|quote) (them )?both|both (of them|jobs|things))\b", RegexOptions.CultureInvariant)]
    private static partial Regex SeveralJobsRx();

    /// <summary>Where one part of a text ends and the next begins, for telling several jobs apart.</summary>
    [GeneratedRegex(@"[.,;:!?]|\b(and|also|plus|then)\b", RegexOptions.CultureInvariant)]
    private static partial Regex JobPartRx();

    [GeneratedRegex(@"\b(?:pipe|pipes|water line|supply line)\b[^.!?,]{0,40}?\b(?:split|burst|busted|cracked|ruptured|blew|broke|popped|let go|gave (?:out|way))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PipeBrokeRx();

    [GeneratedRegex(@"\b(?:switch(?:es)?|outlets?|receptacles?)\b(?:\s+(?:in|on|by|for|at|near)\s+(?:the|my|our)\s+\w+(?:\s+\w+)?)?\s+(?:is\s+|'s\s+|are\s+|just\s+)?(?:dead|went dead|died|broken|broke|not working|isn'?t working|stopped working|quit|doesn'?t (?:work|do anything)|won'?t (?:work|turn|click)|does nothing)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SwitchBrokeRx();

    [GeneratedRegex(@"\b(?:gfci|outlet|receptacle|plug)\b(?:\s+[a-z']+){0,4}?\s+(?:keeps?|won'?t stop|wont stop|is|keep on|just)\s+(?:tripping|popping|trips)\b", RegexOptions.CultureInvariant)]
    private static partial Regex GfciTripsRx();

    /// <summary>A second job asked for in so many words: "also want a quote for", "while ur here", "can you also look at".</summary>
    [GeneratedRegex(@"\band also\b|\band( also| too| tambi[eé]n)? (the|my|our) [a-z ]{0,25}?\b(toilet|faucet|sink|shower|tub|disposal|outlet|switch)\b(?:(?!\b(when|while|if|whenever|after|because)\b)[a-z ]){0,25}?\b(runs|leaks|drips|is (leaking|running|dripping|clogged|broken)|keeps (running|leaking|dripping)|won'?t (flush|stop|drain)|wont (flush|stop|drain))\b|\band (get |have )?(the|my|our) [a-z ]{0,20}?\b(cleaned|replaced|installed|swapped|snaked|unclogged|serviced|checked|looked at|put in)\b|\b(also|too)\b[^.!?]{0,20}\b(want|need|like|get|quote|price|estimate|due)\b|\bwhile (you'?re|ur|u'?re|u r|you are) (here|there|out|at it)\b|\b(can|could) (you|u) also\b", RegexOptions.CultureInvariant)]
    private static partial Regex AlsoAskedRx();

    /// <summary>Just after "thermostat": the temperature it shows ("says 49", "reads 58 inside", "is at 61").</summary>
    [GeneratedRegex(@"^\s*((inside|in the (house|hall|hallway|living room|kitchen)|on the wall)\s+)?((says|said|reads|read|shows|showing|is (at|showing|reading|saying)|'s at|at|(is )?set (to|at|on))\s+(\d|(thirty|forty|fifty|sixty|seventy|eighty)\b)|(is|'s)? ?(off|turned off|set to off|on off)\b|(keeps |is |'s )?(saying|says|showing|shows|reads|reading|calling for|set to|on) ""?(heat|heating)( on)?\b)", RegexOptions.CultureInvariant)]
    private static partial Regex ThermostatReadingRx();

    [GeneratedRegex(@"\b(furnace|pilot|igniter|ignitor|flame sensor)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FurnaceNamedRx();

    /// <summary>Just before a part: the caller already replaced it or says it is not the cause ("got a new", "it's not the").</summary>
    [GeneratedRegex(@"\b((got|put in|installed|just replaced|already replaced|replaced|changed|swapped)( out)? (a |an |the |my )?(brand )?new|(just |already )?(replaced|changed|swapped)( out)? (the|my)|(it'?s|its|it is|it was|it wasn'?t|it isn'?t) not (the|my)|not (the|my))\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex RuledOutBeforeRx();

    /// <summary>Just after a part: it was tested or is said to be fine ("battery tested fine", "the alternator checks out", "battery's new").</summary>
    [GeneratedRegex(@"^('s|s)?\s*((was |got |has been |been )?((tested|tests|checked|load tested) (out )?(fine|good|ok|okay|strong)|(tested|checked),?\s+(and\s+)?(it'?s|its|it is|it was|was)\s+(fine|good|ok|okay)|checks out|checked out)|(is|was|'s|are|were)( brand)? (fine|good|new|ok|okay|brand new))\b", RegexOptions.CultureInvariant)]
    private static partial Regex RuledOutAfterRx();

    /// <summary>Just before a service word: the caller acted on it ("flipped the main", "shut off the", "reset the").</summary>
    [GeneratedRegex(@"\b(flipped|flipping|flip|turned|shut|switched|killed)\s+(off\s+)?((the|my|our|main|master)\s+){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CallerActedRx();

    /// <summary>The caller's guess at the cause, just before the part it names: "I think it's the", "pretty sure its a", "must be the".</summary>
    [GeneratedRegex(@"\b(i think|i thinks|pretty sure|probably|i'?m guessing|im guessing|i guess|must be|i bet|i believe|sounds like|seems like|my guess is)(\s+(that\s+)?(it'?s|its|it is|it was|the problem is|the issue is))?\s+(just\s+)?((the|a|an|my|our|his|her)\s+)?", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosisRx();

    [GeneratedRegex(@"\b(can you|could you|can u|can y'?all|would you|i want to|i wanna|we want to|we wanna|i'?d like to|we'?d like to|looking to|want to|wanting to)\s+(add|install|put in|run|wire in|mount|hang)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PutInRequestRx();

    [GeneratedRegex(@"^(furnace|ac|a/c|a\.c\.|air conditioner|air conditioning|central air|ac unit|heat pump|heatpump|boiler|heater|heating)s?$", RegexOptions.CultureInvariant)]
    private static partial Regex BareEquipmentRx();

    /// <summary>Real words a letter away from a catalog word: never taken for a typo of it.</summary>
    private static readonly HashSet<string> NotTypos =
    [
        "charge", "charges", "started", "starters", "heading", "beating", "seating", "disposed", "compressed", "condensed", "injection", "charged", "changer",
        "leaking", "cooking", "booking", "looking", "boiled", "broiler", "theater", "heated", "header", "wiping", "motors", "drained", "trained",
        "planning", "venting", "pumping", "sounds", "plugged", "breaking", "lighter", "fighting",
    ];

    private static string MendTypos(string text, UnderstandingContext business)
    {
        var vocabulary = business.Services.SelectMany(ServiceCatalogWords.PhrasesFor).Select(p => p.TrimStart('~').ToLowerInvariant())
            .Where(p => p.Length >= 6 && p.All(char.IsAsciiLetterLower)).Distinct().ToList();
        return LongWordRx().Replace(text, m =>
        {
            if (NotTypos.Contains(m.Value) || vocabulary.Contains(m.Value)) return m.Value;
            foreach (var v in vocabulary)
                if (CloseTypo(m.Value, v)) return v;
            return m.Value;
        });
    }

    private static Understanding? WordFixed(string text, string earlier, UnderstandingContext context)
    {
        if (WordFixRx().Match(Clean(text).ToLowerInvariant()) is not { Success: true } fix) return null;
        var word = fix.Groups["w"].Value;
        var sentences = SentenceBreakRx().Split(Clean(earlier).ToLowerInvariant());
        if (sentences.Any(x => WordRx().Matches(x).Any(t => t.Value == word))) return null;
        // The last sentence with a word one slip away (two for a long word), that word put right. A word that is itself a
        // job's word ("heater" before "sorry Heather") or the same word inflected ("thermostat", "*thermostats") was no slip.
        foreach (var sentence in sentences.Reverse())
        {
            var slip = WordRx().Matches(sentence).LastOrDefault(t => t.Length >= 3 && t.Value.All(char.IsLetter) && t.Value != word
                && TypoDistance(t.Value, word) <= (word.Length >= 6 ? 2 : 1));
            if (slip is null) continue;
            var named = ReadService(word, context);
            if (ReadService(slip.Value, context) is not null && named is null || word.TrimEnd('s') == slip.Value.TrimEnd('s')) return null;
            var was = Read(sentence, context, null);
            var now = Read(sentence[..slip.Index] + word + sentence[(slip.Index + slip.Length)..], context, null);
            var before = Read(earlier, context, null).Fields.GetValueOrDefault(LeadFields.Service)?.Value;
            var newDanger = now.Emergency && !was.Emergency;
            // The word put right may name the job itself ("*wiring" for outlets dead on old wiring): that is the job meant,
            // besides the one told in another sentence ("ac is leaking. also the furnase bangs", "*furnace").
            string? service = null;
            if (named is not null && before?.Contains(named, StringComparison.Ordinal) != true)
                service = before is not null && SecondJobRx().IsMatch(sentence) ? before + ", " + named : named;
            else if (before is null && !was.Fields.ContainsKey(LeadFields.Service) && now.Fields.TryGetValue(LeadFields.Service, out var found))
                service = found.Value;
            if (!newDanger && service is null) return null;
            var fields = new Dictionary<string, FieldValue>();
            if (service is not null) fields[LeadFields.Service] = new FieldValue(service, 0.85, Correction: true);
            if (newDanger && now.Fields.TryGetValue(LeadFields.Urgency, out var urgency)) fields[LeadFields.Urgency] = urgency;
            if (newDanger && now.Fields.TryGetValue(LeadFields.PreferredTime, out var asap)) fields[LeadFields.PreferredTime] = asap;
            return new Understanding { Fields = fields, Emergency = newDanger, EmergencyKind = newDanger ? now.EmergencyKind : null, Correction = true, Need = now.Need };
        }
        return null;
    }

    [GeneratedRegex(@"^\W*(also|and also|plus|another thing|oh and|and then)\b|\b(too|as well)\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex SecondJobRx();

    /// <summary>A word sent alone to put a mistyped one right: "*wiring", "wiring*", "sorry GAS. voice text", "i meant gas".</summary>
    [GeneratedRegex(@"^\W*(?:\*+\s*(?<w>[a-z]{3,})|(?<w>[a-z]{3,})\s*\*+|(?:(?:sorry|oops|whoops|i meant|meant|i mean)[,:\s]+)+(?<w>[a-z]{3,}))(?:[\s.!,]+(?:voice ?(?:text|to text)|talk to text|speech to text|autocorrect|auto[- ]?correct|typo|lol|sorry|my bad))*[\s.!]*$", RegexOptions.CultureInvariant)]
    private static partial Regex WordFixRx();

    /// <summary>One slip for a word of 7 letters or more (two from 10), a swap of two letters for a shorter one; the first letter right.</summary>
    private static bool CloseTypo(string a, string b)
    {
        if (a[0] != b[0] || Math.Abs(a.Length - b.Length) > 2) return false;
        var d = TypoDistance(a, b);
        if (b.Length >= 10) return d <= 2;
        if (b.Length >= 7) return d <= 1;
        return d == 1 && a.Length == b.Length && a.Zip(b).Count(p => p.First != p.Second) == 2;
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) between two words.</summary>
    private static int TypoDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    // ---------- urgency ----------

    private static string? ReadUrgency(string lower, string? asked, bool? yesNo)
    {
        // "whenever this week", "no rush but this week": the deadline is what counts.
        if (FlexibleRx().IsMatch(lower)) return WithinThisWeekRx().IsMatch(lower) ? Urgencies.Soon : Urgencies.Flexible;
        if (NotEmergencyRx().IsMatch(lower))
            return SoonRx().IsMatch(NotEmergencyRx().Replace(lower, " ")) ? Urgencies.Soon : Urgencies.Flexible;
        if (SoonRx().IsMatch(lower)) return Urgencies.Soon;
        if (asked == LeadFields.Urgency)
        {
            if (AnswerSoonRx().IsMatch(lower)) return Urgencies.Soon;
            if (AnswerFlexibleRx().IsMatch(lower) || AnyTimeAnswerRx().IsMatch(lower)) return Urgencies.Flexible;
            if (yesNo == true) return Urgencies.Soon;
            if (yesNo == false) return Urgencies.Flexible;
        }
        return null;
    }

    private static string? TimeUrgency(string time)
    {
        if (SoonTimeRx().IsMatch(time)) return Urgencies.Soon;
        if (FewDaysTimeRx().IsMatch(time)) return Urgencies.Soon;
        if (FlexibleTimeRx().IsMatch(time)) return Urgencies.Flexible;
        return null;
    }

    private static bool? ReadYesNo(string lower)
    {
        var t = lower.Trim(' ', '.', '!', ',');
        if (YesRx().IsMatch(t)) return true;
        if (NoRx().IsMatch(t)) return false;
        return null;
    }

    // ---------- preferred time ----------

    private static readonly string[] WeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    [GeneratedRegex(@"(?i)\b(?<p>after|before|around|till|until|between)\s+(?<h>1[0-2]|[1-9])(?<m>[0-5]\d)(?!\d)(?=\s*(?:[,.!;]|$|am|pm|a\.m|p\.m|or|and|-|to|on|please|pls|thanks|today|tomorrow|works|is))", RegexOptions.CultureInvariant)]
    private static partial Regex CompactClockRx();

    [GeneratedRegex(@"(?i)\b(?:(?<monday>munday|mondy|monady)|(?<tuesday>tusday|tuesdy|teusday|tuseday|tuesay)|(?<wednesday>wensday|wendsday|wednsday|wedensday|wedsday|wednessday|wednesdy|wenesday)|(?<thursday>thrusday|thursady|thurday|thursdy|thurdsay)|(?<friday>firday|fryday|friady|fridy)|(?<saturday>saturady|satruday|saterday|saturdy|satuday|saturdsy)|(?<sunday>sundy|sundya|sundau))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayTypoRx();

    private static string? ReadPreferredTime(string lower, bool asked, out List<(int, int)> spans)
    {
        // A text that is nothing but a time ("morning", "sat after 2") is an answer about when, asked or not.
        asked = asked || lower.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5 && DayOrPartOnlyRx().IsMatch(lower.Trim(' ', '.', '!', '?'));
        spans = [];
        var parts = new List<string>();
        string? day = null, part = null, clock = null;

        // "today doesn't work, tomorrow morning", "not friday - thursday": a day turned down is no choice.
        // "tomorrow 3pm. no wait tomorrow is bad": a day turned down once is turned down wherever it is said; "no heat
        // since monday" is when it began.
        var all = DayRx().Matches(lower).ToList();
        // "I work wednesday morning, wednesday afternoon is fine": the day said again to suit is no day turned down.
        var refused = all.Where(d => TurnedDown(lower, d)).Select(d => NormalizeDay(d.Value))
            .Except(all.Where(d => !TurnedDown(lower, d) && SuitsAfterRx().IsMatch(lower[(d.Index + d.Length)..])).Select(d => NormalizeDay(d.Value))).ToHashSet();
        var days = all.Where(d => !refused.Contains(NormalizeDay(d.Value)) && !Since(lower, d)).ToList();
        // "today. house is still warm but I don't trust it": a day said as the text's first sentence, alone, answers when
        // (not "ac died. sunday. been sweating since").
        asked = asked || days.Any(d => ClauseAround(lower, d.Index).Trim() == d.Value && lower[..d.Index].Trim().Length == 0);
        // "thurs afternoon... no make it friday afternoon": a day taken back for a later one; the time is read from the change on.
        if (days.Count >= 2 && SwitchedRx().Match(lower, days[0].Index + days[0].Length) is { Success: true } sw && sw.Index < days[^1].Index
            && days.Any(d => d.Index > sw.Index))
        {
            var later = ReadPreferredTime(new string(' ', sw.Index) + lower[sw.Index..], true, out var laterSpans);
            if (later is not null)
            {
                spans = [.. laterSpans, .. days.Where(d => d.Index < sw.Index).Select(d => (d.Index, d.Length))];
                return later;
            }
        }
        // "wkend is best, sat afternoon", "weekdays only, tuesday", "this week, thursday": the day named within the weekend or the week is the choice.
        if (days.Count >= 2 && !days.Skip(1).Any(d => OrWordRx().IsMatch(lower[days[0].Index..d.Index])))
        {
            var named = days.Select(d => NormalizeDay(d.Value)).ToList();
            bool Within(string general, string day) => general is "this weekend" or "weekend" && day is "saturday" or "sunday"
                || general == "weekday" && day is "monday" or "tuesday" or "wednesday" or "thursday" or "friday"
                // "this week, thursday after 3": the day named within this week.
                || general == "this week" && day is "monday" or "tuesday" or "wednesday" or "thursday" or "friday" or "saturday" or "sunday";
            days = [.. days.Where((d, i) => !named.Any(o => Within(named[i], o)))];
        }
        // "we're getting an electric car next month and need a charger, weekday mornings are best": outside an answer to
        // "when?", a day told in a statement about something else gives way to one said about when to come.
        if (!asked && days.Count > 1 && days.Where(d => TimeCueRx().IsMatch(ClauseAround(lower, d.Index))).ToList() is { Count: > 0 } cued)
            days = [.. days.Where(d => cued.Contains(d) || ClauseAround(lower, d.Index).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 4)];
        // "I'm hosting Thanksgiving tomorrow so today would be ideal": of two days, the one said to suit is the choice, the
        // other part of the story (unless they are offered together: "tuesday or wednesday works").
        if (days.Count == 2 && !ChoiceLinkRx().IsMatch(lower[(days[0].Index + days[0].Length)..days[1].Index])
            && days.Where(d => SuitsAfterRx().IsMatch(lower[(d.Index + d.Length)..])).ToList() is { Count: 1 } suits)
            days = suits;
        days = [.. days.Take(2)];
        // "Tuesday afternoon or Friday at 9 am": two choices, each read on its own.
        if (days.Count == 2 && OrWordRx().Match(lower[(days[0].Index + days[0].Length)..days[1].Index]) is { Success: true } or
            && !OrOnlyRx().IsMatch(lower[(days[0].Index + days[0].Length)..days[1].Index]))
        {
            var cut = days[0].Index + days[0].Length + or.Index;
            var left = ReadPreferredTime(lower[..cut], true, out var leftSpans);
            var right = ReadPreferredTime(new string(' ', cut + or.Length) + lower[(cut + or.Length)..], true, out var rightSpans);
            if (left is not null && right is not null)
            {
                spans = [.. leftSpans, .. rightSpans];
                return $"{left} or {right}";
            }
        }
        if (days.Count > 0)
        {
            day = NormalizeDay(days[0].Value);
            if (days.Count == 2 && NormalizeDay(days[1].Value) is var second && second != day)
            {
                var between = lower[(days[0].Index + days[0].Length)..days[1].Index];
                day = OrOnlyRx().IsMatch(between) ? $"{day} or {second}" : between.Trim(' ', ',').Length <= 12 ? $"{day} {second}" : day;
            }
            foreach (var d in days) spans.Add((d.Index, d.Length));
        }
        // "it overheated this morning": when it happened, not when to come.
        var partsSaid = PartOfDayRx().Matches(lower).Where(m => !TurnedDown(lower, m) && !WhenItHappened(lower, m) && !Since(lower, m)).ToList();
        // "I have class tuesday morning, tuesday afternoon is fine": of two parts of the day, the one said to suit.
        var p = (partsSaid.Count > 1 && all.Select(d => NormalizeDay(d.Value)).Distinct().Count() <= 1 && !OrWordRx().IsMatch(lower[partsSaid[0].Index..partsSaid[^1].Index]) && partsSaid.Where(m => SuitsAfterRx().IsMatch(lower[(m.Index + m.Length)..])).ToList() is [var suitsPart] ? suitsPart : partsSaid.FirstOrDefault()) ?? Match.Empty;
        if (p.Success)
        {
            part = NormalizePart(p.Value);
            spans.Add((p.Index, p.Length));
        }
        // "tomorrow early", "early monday": early in the day, the morning.
        if (!p.Success && EarlyDayRx().Match(lower) is { Success: true } early)
        {
            part = "morning";
            spans.Add((early.Index, early.Length));
        }
        // "today if possible, i have to pick up my kid at 3", "any morning works, we don't open till eleven": the hour of
        // something else the caller has on is no time to come.
        // "can't do friday 1-3, maybe saturday": the hours of a day turned down go with it.
        // "monday 9-11 doesn't work, wednesday afternoon is better": so do the hours of a day passed over for another.
        var c = ClockRx().Matches(lower).FirstOrDefault(m => !OtherEngagementRx().IsMatch(lower[..m.Index])
            && !all.Any(d => (refused.Contains(NormalizeDay(d.Value)) || days.Count > 0 && !days.Any(k => k.Index == d.Index)) && d.Index + d.Length <= m.Index
                && lower[(d.Index + d.Length)..m.Index].Trim() is "" or "at" or "from")) ?? Match.Empty;
        if (c.Success)
        {
            clock = NormalizeClock(c);
            spans.Add((c.Index, c.Length));
            // "after I get off at 3", "I get off at around 5", "I clock out at 6": the hour the caller is free from.
            if (GetOffBeforeRx().IsMatch(lower[..c.Index]) && !clock.StartsWith("after ", StringComparison.Ordinal) && !clock.StartsWith("before ", StringComparison.Ordinal))
                clock = "after " + (clock.StartsWith("around ", StringComparison.Ordinal) ? clock["around ".Length..] : clock);
            // "after work, so after 5:30": the hour says when work ends.
            if (part == "after work" && clock.StartsWith("after ", StringComparison.Ordinal)) part = null;
        }
        var any = AnytimeRx().Match(lower);
        if (day is null && part is null && clock is null)
        {
            if (any.Success && (asked || TimeCueRx().IsMatch(lower))) { spans.Add((any.Index, any.Length)); return "anytime"; }
            if (asked && AsapRx().Match(lower) is { Success: true } a) { spans.Add((a.Index, a.Length)); return "asap"; }
            // A bare weekday abbreviation as the whole text ("sat", "thurs") is a day too.
            if (ShortDayOnlyRx().Match(lower.Trim(' ', '.', '!', '?')) is { Success: true } sd) return NormalizeDay(sd.Value);
            return null;
        }
        // Outside an answer to "when works?", a day word needs a scheduling cue: "it quit today" is not a preference.
        if (!asked && clock is null && part is null && !TimeCueRx().IsMatch(lower)) { spans.Clear(); return null; }
        if (!asked && clock is null && day is null && !TimeCueRx().IsMatch(lower)) { spans.Clear(); return null; }
        if (day is not null) parts.Add(day);
        // "wed at 12:30 on my lunch": the clock says when; the lunch break only why.
        if (part is not null && !(day == "tonight" && part == "evening") && !(clock is not null && part is "midday" or "noon" or "lunch")) parts.Add(part);
        if (clock is not null) parts.Add(clock);
        // "today ... this afternoon", "today, afternoon is better": this afternoon.
        if (parts is ["today", var partOfToday, ..] && TodayPart(partOfToday) is { } thisPart)
        {
            parts.RemoveRange(0, 2);
            parts.Insert(0, thisPart);
        }
        return string.Join(" ", parts);
    }

    /// <summary>The clause a position of the text is in (between punctuation).</summary>
    /// <summary>A part of today said with "today": "afternoon" or "this afternoon" is this afternoon.</summary>
    public static string? TodayPart(string part) => part switch
    {
        "morning" or "this morning" => "this morning",
        "afternoon" or "this afternoon" => "this afternoon",
        "evening" or "this evening" => "this evening",
        _ => null,
    };

    private static string ClauseAround(string lower, int index)
    {
        var start = lower.LastIndexOfAny(['.', '!', '?', ';', ',', '\n'], Math.Max(0, index - 1)) + 1;
        var end = lower.IndexOfAny(['.', '!', '?', ';', ',', '\n'], index);
        return lower[start..(end < 0 ? lower.Length : end)];
    }

    /// <summary>"no hot water since this morning": when the trouble began, not when to come.</summary>
    private static bool Since(string lower, Match m) => SinceBeforeRx().IsMatch(lower[..m.Index]);

    /// <summary>
    /// Also a day that tells what went before or how long the caller is around, not when to come: "ur tech was supposed to
    /// come tuesday", "I'm home till Thursday".
    /// </summary>
    [GeneratedRegex(@"\b(since|ever since|as of|starting|started|began|desde|(was|were) supposed to (come( out| by)?|be (here|there)|show( up)?)|(home|here|around|in town) (till|until))\s+(on\s+|this\s+|last\s+|today\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SinceBeforeRx();

    /// <summary>The words before the hour a shift ends ("I get off at", "we clock out around"): the caller is free from then.</summary>
    [GeneratedRegex(@"\b(i|we)\s+((get|getting|gets)\s+off(\s+work)?|(clock|clocking|clocks)\s+out)(\s+(at|around|about))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex GetOffBeforeRx();

    [GeneratedRegex(@"\b(i|we)\s+((get|getting|gets)\s+off|(clock|clocking|clocks)\s+out)\b", RegexOptions.CultureInvariant)]
    private static partial Regex GetOffRx();

    /// <summary>A day taken back for another: "... no make it", "no wait", "actually", "scratch that", "on second thought".</summary>
    [GeneratedRegex(@"\b(make it|make that|wait,? no|(no|nah)[,.!]*\s+(wait|actually|let'?s|lets|how about|do)|actually|scratch that|on second thought|change (it|that) to)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SwitchedRx();

    private static bool TurnedDown(string lower, Match m) =>
        TurnedDownAfterRx().IsMatch(lower[(m.Index + m.Length)..]) || TurnedDownBeforeRx().IsMatch(lower[..m.Index]);

    /// <summary>A time word in a clause telling what happened ("my check engine light came on this morning").</summary>
    private static bool WhenItHappened(string lower, Match m)
    {
        if (!m.Value.StartsWith("this ", StringComparison.Ordinal) && !m.Value.StartsWith("last ", StringComparison.Ordinal)) return false;
        var start = lower.LastIndexOfAny(['.', '!', '?', ',', ';'], Math.Max(0, m.Index - 1)) + 1;
        var end = lower.IndexOfAny(['.', '!', '?', ',', ';'], m.Index + m.Length);
        var clause = lower[start..(end < 0 ? lower.Length : end)];
        return HappenedRx().IsMatch(clause) && !TimeRequestRx().IsMatch(clause);
    }

    [GeneratedRegex(@"^[\s,]*(i (have|'?ve got|got) (jury duty|court|a (doctor'?s? |dentist'?s? |vet )?appointment|an appointment|class|a class|school|a meeting|meetings|a flight|plans|church|the kids)|(i'?m|i am|we'?re|we are) (traveling|travelling|out of state|not (home|around|available|free))|no puedo|no se puede|no me queda|no(?=\s*[,.;]|\s*$)|doesn'?t|does not|won'?t|will not|isn'?t|is not|is no good|no good|is bad|is out|not good|wont|is full|is booked|not gonna|i work (late|till|until|all day|nights|doubles?)|i have work|i'?ve got work|i got work|(i'?m|i am|we'?re|we are) (busy|away|out of town|working( late)?|at work|gone|on call)|(that'?s|thats) when i (have|got|'?ve got)(?! (the day|off|time|free))|i'?m on call(?! so))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TurnedDownAfterRx();

    [GeneratedRegex(@"\b(not|can'?t do|cannot do|can'?t|cannot|instead of|rather than|except|other than|but not|no|no puedo|trabajo|i work)\s+(on\s+|this\s+|next\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TurnedDownBeforeRx();

    [GeneratedRegex(@"\b(\w+ed|broke|quit|died|went|came|began|started|was|were|happened|heard|saw|smelled|noticed|got|left|blew|froze|ran|hit|fell|stopped|won'?t start|wont start|will not start|would not start|dead|freezing|below zero|\d+ ?(degrees|below)|descompuso|da[nñ][oó]|se par[oó]|dej[oó] de|se apag[oó]|empez[oó]|coming out|no (water|heat|hot water|power)|(not|isn'?t|wasn'?t) (working|coming|running))\b|(?<![\w-])-\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex HappenedRx();

    [GeneratedRegex(@"\b(have to|got to|gotta|need to|i must|i'?ve got to)\s+(pick|get|grab|drop|be at|be in|leave|go|take)\b[^.!?,]{0,30}$|\b(picking up|dropping off)\b[^.!?,]{0,25}$|\bi (start work|work|clock in) (at|till|until)\s*$|\b(we|i|they)\s+(don'?t|do not|doesn'?t|won'?t)\s+(open|start|get in|get home|get off|get out)\s*$|\b(we|they|the (store|shop|restaurant|office))\s+(open|opens|close|closes)\s*$|\b(quit|died|went out|went off|stopped|broke|started|shut off|shut down|happened|began|kicked off)(\s+(around|at|about|like))?\s*$|\bi (sleep|'?m at work|'?m working)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OtherEngagementRx();

    [GeneratedRegex(@"\b(can|could|would|will(?! not\b)|come|available|free|works?|please|need|want|if|appointment|schedule|book|still|best|good|fine|pueden|puede|venir)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRequestRx();

    private static string NormalizeDay(string v)
    {
        v = WhitespaceRx().Replace(v.Trim(), " ");
        if (v is "tmrw" or "tmr" or "tomorow" or "tommorow" or "tommorrow" or "tomm" or "2morrow" or "tomorrow's") return "tomorrow";
        // "weekends only", "the weekend": any weekend, as said; "this weekend" this one.
        if (v.StartsWith("this weekend", StringComparison.Ordinal)) return "this weekend";
        if (v.StartsWith("next weekend", StringComparison.Ordinal)) return "next weekend";
        if (v is "weekend" or "weekends" or "the weekend") return "weekend";
        if (v.StartsWith("week", StringComparison.Ordinal)) return "weekday";
        // "end of the week", "early next week", "the 15th": said as they are, without the filler.
        if (FewWeeksMonthRx().IsMatch(v)) return SometimeInTheRx().Replace(v, "");
        if (v.Contains(" week", StringComparison.Ordinal)) return LeadingTheRx().Replace(v, "").Replace("of the week", "of this week", StringComparison.Ordinal);
        if (EndsInOrdinalRx().IsMatch(v)) return "the " + OnTheRx().Replace(v, "");
        foreach (var w in WeekdayNames)
            if (v.EndsWith(w, StringComparison.Ordinal) || v.EndsWith(w + "s", StringComparison.Ordinal) || v == w[..3] || v.StartsWith(w[..3], StringComparison.Ordinal) && v.Length <= 5)
                return v.StartsWith("next ", StringComparison.Ordinal) ? "next " + w : w;
        return v;
    }

    private static string NormalizePart(string v)
    {
        v = WhitespaceRx().Replace(v.Trim(), " ");
        if (v is "this morning" or "this afternoon" or "this evening") return v;
        // "before noon" is what the caller said, and the booking reads it as the morning.
        if (v is "before noon" or "before midday" or "before 12" or "before 12pm") return "before noon";
        if (v.StartsWith("morning", StringComparison.Ordinal) || v.StartsWith("before ", StringComparison.Ordinal) || v is "first thing" or "first thing in the morning" or "early morning" or "am") return "morning";
        if (v.StartsWith("afternoon", StringComparison.Ordinal) || v is "pm" or "after lunch" or "after noon") return "afternoon";
        if (v.StartsWith("evening", StringComparison.Ordinal) || v is "after work" or "night") return v == "after work" ? "after work" : "evening";
        if (v is "noon" or "lunch" or "lunchtime" or "midday") return "midday";
        if (v.StartsWith("in the ", StringComparison.Ordinal)) return v.EndsWith("am", StringComparison.Ordinal) || v.EndsWith("a.m", StringComparison.Ordinal) ? "morning" : "afternoon";
        return v;
    }

    private static string NormalizeClock(Match m)
    {
        var prep = m.Groups["prep"].Value.Trim();
        if (prep is "about" or "round" or "arround" or "aroud") prep = "around";
        if (prep is "at" or "@") prep = "";
        var h = m.Groups["h"].Value;
        var min = m.Groups["m"].Success ? m.Groups["m"].Value : "";
        var ampm = m.Groups["ap"].Value.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (ampm.Length == 1) ampm += "m";
        if (ampm.Length == 0 && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
            ampm = hour is >= 7 and <= 11 ? "am" : hour is >= 1 and <= 6 || hour == 12 ? "pm" : "";
        var time = h + (min.Length > 0 && min != "00" ? ":" + min : "") + ampm;
        if (m.Groups["h2"].Success)
        {
            var ap2 = m.Groups["ap2"].Value.Replace(".", "", StringComparison.Ordinal);
            if (ap2.Length == 1) ap2 += "m";
            var h2 = m.Groups["h2"].Value;
            if (ap2.Length == 0 && int.TryParse(h2, NumberStyles.None, CultureInfo.InvariantCulture, out var hour2))
                // "friday 5-7": an evening that starts in the afternoon ends in it.
                ap2 = hour2 is >= 7 and <= 11 && !(ampm == "pm" && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start < hour2) ? "am" : "pm";
            return $"between {h}{ampm} and {h2}{ap2}";
        }
        return prep.Length > 0 ? $"{prep} {time}" : time;
    }

    // ---------- names ----------

    private static (string Name, double Confidence)? ReadName(string raw, string masked, bool asked, bool answeredOther,
        (int Index, int Length)? addressSpan, UnderstandingContext context)
    {
        // "does it matter what my name is. fine. Ray": a text that talks about the name answers the name question.
        asked = asked || NameTalkRx().IsMatch(raw);

        // A couple answering together: "Harold and June Pike", "this is Jim & Carol Becker".
        var couple = CoupleRx().Match(raw);
        if (couple.Success && (asked || char.IsUpper(couple.Groups["a"].Value[0]) && (couple.Index == 0 || NameCueRx().IsMatch(raw[..couple.Index])))
            && CleanName(couple.Groups["a"].Value, raw) is { } ca && !ca.Contains(' ') && CleanName(couple.Groups["b"].Value, raw) is { } cb && cb.Split(' ').Length == 2
            && (asked || couple.Index > 0 || couple.Length >= raw.TrimEnd('.', '!', ' ').Length))
            return ($"{ca} and {cb}", 0.85);
        // "this is Jim... sorry, no, this is Jim's wife, Moira": an introduction taken back gives way to the one after it.
        var restart = SelfCorrectedIntroRx().Match(raw) is { Success: true, Index: > 0 } r ? r.Index + r.Length : 0;
        // "this is Reverend Okonkwo at Grace Fellowship, well, no, this is for my home": what is taken back is not the name.
        if (restart > 0 && !ThisIsRx().Matches(raw).Concat(MyNameIsRx().Matches(raw)).Any(m => m.Index >= restart && CleanName(m.Groups["n"].Value, raw) is not null))
            restart = 0;
        // Explicit introductions work anywhere in the text, and the first that gives a name counts.
        foreach (Match my in MyNameIsRx().Matches(raw))
            if (my.Index >= restart && CleanName(my.Groups["n"].Value, raw) is { } n)
                return (!n.Contains(' ') && LaterFullNameRx().Matches(raw[..my.Index]).Select(f => CleanName(f.Groups["n"].Value, raw))
                    .FirstOrDefault(f => f is not null && f.Split(' ')[0].Equals(n, StringComparison.OrdinalIgnoreCase)) is { } full ? full : Repeated(raw, my, n), 0.9);
        // "Rosa Elena Cantu is her name", "tenant is Felicia Grant, she'll let you in": the name of the person the visit is for.
        if (NameTheirsRx().Match(raw) is { Success: true } theirs && (asked || char.IsUpper(theirs.Groups["n"].Value[0]))
            && CleanName(theirs.Groups["n"].Value, raw) is { } tn0 && tn0.Split(' ').Length == theirs.Groups["n"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)
            return (tn0, 0.85);
        // "it's X" is mostly "it's blowing warm air": a name only when capitalized or answering the name question.
        // "PIPE SPLIT AND ITS SPRAYING": in a shouted text no capital marks a name (read as lowercase below).
        var shouted = !raw.Any(char.IsLower) && raw.Count(char.IsUpper) >= 4;
        foreach (Match thisIs in ThisIsRx().Matches(raw))
        {
            if (thisIs.Index < restart) continue;
            // "PIPE SPLIT AND ITS SPRAYING. I cant find the shutoff": a shouted sentence in a text that is not all shouted.
            if (!shouted && Loud(thisIs))
            {
                if (OnlyNameWords(thisIs.Groups["n"].Value.ToLowerInvariant(), context) && CleanName(thisIs.Groups["n"].Value.ToLowerInvariant(), raw.ToLowerInvariant()) is { } loud)
                    return (loud, 0.75);
                continue;
            }
            if ((asked || char.IsUpper(thisIs.Groups["n"].Value[0]) && !shouted) && CleanName(thisIs.Groups["n"].Value, raw) is { } tn) return (Repeated(raw, thisIs, tn), 0.9);
        }
        // "hey its sarah lee, AC not cooling", "this is bob, toilet's clogged", "its dana from elm st": written in lowercase, a
        // name after "this is"/"it's" when every word of it could only be a name (not "its hot", "its pouring", "this is urgent").
        // "HI THIS IS MIKE JOHNSON MY FURNACE IS OUT": in a shouted text no capital marks a name, so it is read as lowercase.
        var plain = shouted ? raw.ToLowerInvariant() : raw;
        foreach (Match thisIs in ThisIsRx().Matches(plain))
            if (!char.IsUpper(thisIs.Groups["n"].Value[0]) && EnglishIntroRx().IsMatch(thisIs.Value) && OnlyNameWords(thisIs.Groups["n"].Value, context) && CleanName(thisIs.Groups["n"].Value, plain) is { } ln)
                return (ln, 0.75);
        // "its Ana lol the ac is dead", "this is Rob with the leaky faucet": a capitalized name, then the rest of the sentence.
        foreach (Match cap in ThisIsCapitalRx().Matches(shouted ? "" : raw))
            if (CleanName(cap.Groups["n"].Value, raw) is { } cn2) return (cn2, 0.85);
        var at = NameAtAddressRx().Match(raw);
        if (at.Success && CleanName(at.Groups["n"].Value, raw) is { } an) return (an, 0.75);
        var call = CallMeRx().Match(raw);
        if (call.Success && CleanName(call.Groups["n"].Value, raw) is { } cn) return (cn, 0.85);
        var here = NameHereRx().Match(raw);
        if (here.Success && CleanName(here.Groups["n"].Value, raw) is { } hn) return (hn, 0.85);
        // "Hello, Lionel Ashby calling", "Ruth Greer speaking": a capitalized name that opens the sentence.
        var calling = NameCallingRx().Match(raw);
        if (calling.Success && CleanName(calling.Groups["n"].Value, raw) is { } cln) return (Repeated(raw, calling, cln), 0.85);
        // "im Stan Barna lol" (not "im exhausted lol the ac is out"); "I'm calling about the water heater ... I'm Evangeline
        // Moreau": the first "I'm" that gives a name.
        foreach (Match im in ImRx().Matches(raw))
            if (!((LolAfterRx().IsMatch(raw[(im.Index + im.Length)..]) || LolWordRx().IsMatch(im.Groups["n"].Value)) && !char.IsUpper(im.Groups["n"].Value[0]))
                && CleanName(im.Groups["n"].Value, raw, strict: !asked) is { } iname) return (Repeated(raw, im, iname), asked ? 0.85 : 0.7);
        var sig = SignatureRx().Match(raw);
        if (sig.Success && CleanName(sig.Groups["n"].Value, raw, strict: !asked) is { } sn) return (sn, 0.75);
        if (!asked && StandingName(raw, masked, addressSpan, context) is { } standing) return (standing, 0.7);
        // "NEED SPRING AC TUNE UP. GLADYS PEMBERTON 818 MAGNOLIA AVE": shouted, the words opening the address's sentence,
        // right before it, when each could only be a name.
        if (!asked && shouted && addressSpan is { } shoutedAt && ShoutedNameBeforeRx().Match(raw[..shoutedAt.Index]) is { Success: true } sh
            && sh.Groups["n"].Value.ToLowerInvariant() is var shLower && OnlyNameWords(shLower, context) && !ShoutedNotANameRx().IsMatch(shLower)
            && CleanName(shLower, raw.ToLowerInvariant()) is { } shn
            && shn.Split(' ').Length == shLower.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)
            return (shn, 0.7);
        if (!asked)
        {
            // A text that is nothing but a capitalized full name ("Jane Smith"), sent while we asked something else.
            // "oh sorry, Ignatius", "ok. Mo": the courtesy before a name sent alone is no part of the text's answer.
            var whole = StandingFillerRx().Replace(raw.Trim().TrimEnd('.', '!'), " ").Trim(' ', ',', '.');
            // "Deaconess Loretta Simms": the title goes.
            // "Staff Sergeant Devonte Harris": so does a rank, all its words.
            while (whole.Split(' ') is [var title, var next, _, ..] && (Titles.Contains(title.ToLowerInvariant().TrimEnd('.'))
                       || RankBefore(title.ToLowerInvariant(), next)))
                whole = whole[(title.Length + 1)..].Trim();
            if (whole.Split(' ') is [var t2, _] && Titles.Contains(t2.ToLowerInvariant().TrimEnd('.'))) whole = whole[(t2.Length + 1)..].Trim();
            // "dolores o'brien-ruiz, im his granddaughter": who the caller is to the customer follows the name.
            whole = RelationTailRx().Replace(whole, "").Trim(' ', ',', '.');
            var parts = whole.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!answeredOther && parts.Length is 2 or 3 && parts.All(w => char.IsUpper(w[0]) && NameWordRx().IsMatch(w))
                && CleanName(whole, raw) is { } full && full.Split(' ').Length == parts.Length && ReadService(whole.ToLowerInvariant(), context) is null)
                return (full, 0.7);
            // "tyler nguyen" alone, answering another question: a first and last name in lowercase, when neither word could be
            // anything else (not "sounds good", "asap pls", "kinda urgent").
            if (!answeredOther && parts.Length == 2 && !whole.Any(char.IsUpper) && OnlyNameWords(whole, context)
                && CleanName(whole, raw) is { } lowerFull && lowerFull.Split(' ').Length == 2)
                return (lowerFull, 0.6);
            // One capitalized word and nothing else ("Marco"), answering another question: most likely the name, less surely.
            if (!answeredOther && parts.Length == 1 && char.IsUpper(parts[0][0]) && (parts[0].Length >= 3 || ShortNames.Contains(parts[0].ToLowerInvariant())) && NameWordRx().IsMatch(parts[0])
                && !NotANameWordRx().IsMatch(parts[0]) && CleanName(whole, raw) is { } single && ReadService(whole.ToLowerInvariant(), context) is null)
                return (single, 0.65);
            return null;
        }
        // A bare answer to "what name should I put this under?": the first short segment of plain words.
        foreach (var segment in StandingNameSplitRx().Split(masked))
        {
            var seg = LeadingFillerRx().Replace(segment.Trim(), "").Trim();
            if (seg.Length == 0) continue;
            var words = seg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 3 || !words.All(w => NameWordRx().IsMatch(w))) continue;
            var original = FindOriginal(raw, seg);
            if (CleanName(original ?? seg, raw) is not { } bare) continue;
            // "flipped it back and it's cooling": a clause, not a name cut short at its verb's object.
            if (bare.Split(' ').Length < words.Length && ClauseWordRx().IsMatch(words[bare.Split(' ').Length])) continue;
            // When the text answered with a time or an address instead ("tomorrow morning works"), a leftover
            // lowercase word is the rest of that sentence, not a name.
            if (answeredOther && !bare.Contains(' ') && !char.IsUpper((original ?? seg)[0])) continue;
            // "Big Mike lol. Mike Delgado": the same person's full name said after a nickname is the name to put down.
            var end = original is null ? raw.Length : raw.IndexOf(original, StringComparison.Ordinal) + original.Length;
            return (Repeated(raw, end, bare), 0.8);
        }
        return null;
    }

    [GeneratedRegex(@"(?:^|[.!?;]\s*)(?<n>\p{Lu}{2,}(?:\s+\p{Lu}{2,}){1,2})[,\s]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ShoutedNameBeforeRx();

    /// <summary>Shouted words before an address that are a place or a note: "FRONT YARD", "GATE CODE", "SUNSET RIDGE", "BIG DOG".</summary>
    [GeneratedRegex(@"^(front|side|back|rear|gate|beware|big|small|senior|lower|upper|near|behind|across|next|main|north|south|east|west|new|old|the|apt|unit|lot|bldg|trailer|mobile|home|house|office|shop|store|church|school|corner|cross|country|town|city|county)\b|\b(" + Suffix + @"|club|homes|townhomes|townhouses|streets|hills?|ridge|valley|forest|park|estates|village|woods|creek|meadows?|heights|yard|door|code|dog|dogs|discount|level|floor|entrance|side|lake|acres|farms?|ranch|springs?|pointe?|shores?|landing|commons|manor|place|gardens?|apartments?|apts|condos?|complex|subdivision|community)$", RegexOptions.CultureInvariant)]
    private static partial Regex ShoutedNotANameRx();

    /// <summary>
    /// All that stands between an address and the one meant instead: "? No wait thats my moms. I'm at ", ", no, sorry, ",
    /// ", i mean ", "... correction: " (not "sorry for the late text, my neighbor at").
    /// </summary>
    [GeneratedRegex(@"^[\s,.?!;:-]*(?:(?:(?:no,? wait|wait,? no|no,? sorry|no|sorry|oops|i mean|i meant|correction|actually|scratch that|not that one)[\s,.!?;:-]*)+(?:(?:that'?s|thats) (?:my|our|the) \w+[\s,.!?;-]*)?)(?:(?:it'?s|its|it is|that'?s|thats|that is|i'?m at|im at|i am at|we'?re at|we are at|make (?:it|that))\s*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressTakenBackRx();

    /// <summary>After a second address, words that it is a second place, not the first put right: "... also has a bad switch", "... needs one too".</summary>
    [GeneratedRegex(@"^[^.!?]{0,40}?\b(also|too|as well|needs? (one|it|a)|has (a|an)|i own both|both)\b", RegexOptions.CultureInvariant)]
    private static partial Regex JobOfItsOwnAfterRx();

    /// <summary>Where an address's street ends (its suffix, or its unit after it), before any city read after it.</summary>
    private static int StreetEnd(Match m)
    {
        var suffix = m.Groups["suffix"];
        if (!suffix.Success) return m.Index + m.Length;
        var unit = m.Groups["unit"];
        return Math.Max(suffix.Index + suffix.Length, unit.Success ? unit.Index + unit.Length : 0);
    }

    [GeneratedRegex(@"^(it|its|it's|had|has|have|was|is|are|were|the|my|our|and|back|up|off|out|to|of)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClauseWordRx();

    /// <summary>
    /// A first name said again with the full name, as people do on the phone: "it's Tom, Tom Alvarez", "my name is
    /// Jennifer, Jennifer Walsh", "it's Bob, Robert Kline", "it's Pat, Patricia Donnelly", "Ingrid, I N G R I D, Ingrid Solberg",
    /// "Tony from over on Birch, Tony Marchetti", "Beverly, last name Ostrowski": the full name counts.
    /// </summary>
    private static string Repeated(string raw, Match m, string name) => Repeated(raw, m.Groups["n"].Index + m.Groups["n"].Length, name);

    private static string Repeated(string raw, int end, string name)
    {
        if (!name.Contains(' '))
        {
            // The first name spelled out, then the surname: "Kathleen, K A T H L E E N, Brody".
            var spelled = SpelledThenSurnameRx().Match(raw, end);
            if (spelled.Success && NonLetterRx().Replace(spelled.Groups["sp"].Value, "").Equals(name, StringComparison.OrdinalIgnoreCase)
                && CleanName(spelled.Groups["s"].Value, raw) is { } surname && !surname.Contains(' '))
                return name + " " + surname;
            // "Beverly, last name Ostrowski", "Dana, surname is Kim".
            var last = LastNameRx().Match(raw, end);
            if (last.Success && CleanName(last.Groups["s"].Value, raw) is { } lastName && !lastName.Contains(' '))
                return name + " " + lastName;
        }
        // The same person's full name later in the same breath, or signed off with ("this is Gwen at 29 Foxboro Court ...
        // maybe tomorrow afternoon? Gwen Mathers. Okay bye."): the nearest one that completes the name.
        var window = raw[end..];
        foreach (Match later in LaterFullNameRx().Matches(window))
            if (CleanName(later.Groups["n"].Value, raw) is { } full && full.Contains(' ') && !full.Equals(name, StringComparison.OrdinalIgnoreCase)
                // "it's Austin Reddick ... 9 Red Fox Lane": a street is no one's name, though its first word starts like the surname.
                && !full.Split(' ').Any(w => Suffixes.ContainsKey(w.ToLowerInvariant()))
                // "my name is Carol Fenske, he's Art Fenske": a full name already had, and another first name with the same
                // surname is someone else of the family.
                && !(name.Contains(' ') && full.Split(' ')[^1].Equals(name.Split(' ')[^1], StringComparison.OrdinalIgnoreCase)
                     && !Completes(name.Split(' ')[0], full) && !full.Split(' ')[0].Equals(name.Split(' ')[0], StringComparison.OrdinalIgnoreCase))
                && name.Split(' ').Any(w => Completes(w, full) || full.Split(' ').Skip(1).Contains(w, StringComparer.OrdinalIgnoreCase)))
                return full;
        return name;
    }

    /// <summary>"same time", "same time as before": the hour already given stands for the new day.</summary>
    public static bool SameTimeSaid(string text) => SameTimeRx().IsMatch(text.ToLowerInvariant());

    [GeneratedRegex(@"(?<!\b(can'?t|cannot|not|no|different|other than)( do)?( the)? )\bsame (time|hour|slot|window)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SameTimeRx();

    /// <summary>
    /// Whether <paramref name="full"/> is the full name of someone who gave <paramref name="first"/>: the same first name
    /// ("Robin", "Robin Hale"), its longer form ("Jess", "Jessica Varga"; "Kathy", "Katherine Boyd") or its formal one
    /// ("Pat", "Patricia Donnelly"; "Bob", "Robert Kline"). A surname said first ("Rodriguez, Ana Rodriguez") is matched by the caller.
    /// </summary>
    public static bool Completes(string first, string full)
    {
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || first.Contains(' ')) return false;
        var given = words[0];
        return given.Equals(first, StringComparison.OrdinalIgnoreCase)
            || given.Length >= 3 && first.Length >= 3 && given.StartsWith(first[..3], StringComparison.OrdinalIgnoreCase)
            || Nicknames.TryGetValue(first.ToLowerInvariant(), out var formal) && formal.Split('|').Contains(given.ToLowerInvariant());
    }

    /// <summary>
    /// A capitalized name standing as a phrase of its own among the other answers: "ok thats fine. Bernadette Lyle",
    /// "Deb Kowalski 1818 Pine Ridge Rd", "sorry, Jessica Varga", "Jolene Pruitt sorry". A single word counts only right
    /// beside the address the text gave ("1207 Linden St, Allentown PA, Pete"). Service words are no name ("Garbage Disposal").
    /// </summary>
    private static string? StandingName(string raw, string masked, (int Index, int Length)? addressSpan, UnderstandingContext context)
    {
        if (raw.Length != masked.Length) return null;
        // The caller's casing with what was already read (address, times, email) blanked out.
        var text = new string([.. raw.Select((c, i) => masked[i] == ' ' ? ' ' : c)]);
        foreach (Match segment in NameSegmentRx().Matches(text))
        {
            var words = StandingFillerRx().Replace(segment.Value, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 3 || !words.All(w => TitleWordRx().IsMatch(w))) continue;
            var single = words.Length == 1;
            if (single && !(addressSpan is { } a && Beside(text, segment.Index, segment.Length, a.Index, a.Length))) continue;
            if (single && (words[0].Length < 3 || NotANameWordRx().IsMatch(words[0]))) continue;
            var candidate = string.Join(' ', words);
            if (CleanName(candidate, raw) is not { } name || name.Split(' ').Length != words.Length) continue;
            if (ReadService(candidate.ToLowerInvariant(), context) is not null) continue;
            return Repeated(raw, segment.Index + segment.Length, name);
        }
        return null;
    }

    /// <summary>Only spaces and punctuation between two spans of the text.</summary>
    private static bool Beside(string text, int index, int length, int otherIndex, int otherLength)
    {
        var (from, to) = index < otherIndex ? (index + length, otherIndex) : (otherIndex + otherLength, index);
        return from <= to && text[from..to].All(c => !char.IsLetterOrDigit(c));
    }

    private static readonly Dictionary<string, string> Nicknames = new()
    {
        ["bob"] = "robert", ["bobby"] = "robert", ["rob"] = "robert", ["bill"] = "william", ["billy"] = "william", ["will"] = "william", ["liam"] = "william",
        ["jim"] = "james", ["jimmy"] = "james", ["jack"] = "john", ["johnny"] = "john", ["dick"] = "richard", ["rick"] = "richard", ["ricky"] = "richard",
        ["rich"] = "richard", ["ted"] = "edward|theodore", ["ed"] = "edward|edwin", ["eddie"] = "edward", ["ned"] = "edward", ["hank"] = "henry",
        ["chuck"] = "charles", ["charlie"] = "charles", ["tony"] = "anthony", ["peggy"] = "margaret", ["maggie"] = "margaret", ["meg"] = "margaret",
        ["betty"] = "elizabeth", ["beth"] = "elizabeth", ["liz"] = "elizabeth", ["lisa"] = "elizabeth", ["libby"] = "elizabeth", ["polly"] = "mary",
        ["molly"] = "mary", ["sally"] = "sarah|sara", ["patty"] = "patricia", ["trish"] = "patricia", ["kate"] = "katherine|catherine|kathleen",
        ["kathy"] = "katherine|kathleen", ["cathy"] = "catherine", ["sandy"] = "sandra", ["sue"] = "susan|suzanne", ["larry"] = "lawrence",
        ["jerry"] = "gerald|jerome", ["gerry"] = "gerald", ["terry"] = "terrence|theresa", ["tom"] = "thomas", ["dave"] = "david", ["mike"] = "michael",
        ["joe"] = "joseph", ["jen"] = "jennifer", ["jenny"] = "jennifer", ["chris"] = "christopher|christine|christina", ["dan"] = "daniel",
        ["danny"] = "daniel", ["steve"] = "steven|stephen", ["andy"] = "andrew", ["drew"] = "andrew", ["matt"] = "matthew", ["nick"] = "nicholas",
        ["alex"] = "alexander|alexandra", ["sam"] = "samuel|samantha", ["ben"] = "benjamin", ["greg"] = "gregory", ["jeff"] = "jeffrey",
        ["tim"] = "timothy", ["ron"] = "ronald", ["don"] = "donald", ["pat"] = "patrick|patricia", ["vicky"] = "victoria", ["becky"] = "rebecca",
        ["jo"] = "joanne|josephine", ["nate"] = "nathan|nathaniel", ["tina"] = "christina", ["gabe"] = "gabriel", ["manny"] = "manuel",
        ["pepe"] = "jose", ["paco"] = "francisco", ["lupe"] = "guadalupe", ["chuy"] = "jesus", ["nacho"] = "ignacio",
    };

    private static string? FindOriginal(string raw, string lowerSeg)
    {
        var i = raw.IndexOf(lowerSeg, StringComparison.OrdinalIgnoreCase);
        return i >= 0 ? raw.Substring(i, lowerSeg.Length) : null;
    }

    private static string? CleanName(string candidate, string raw, bool strict = false)
    {
        var words = candidate.Trim().Trim('.', ',', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Stop at the first word that is clearly not part of a name ("Dana and my ac" → "Dana").
        var kept = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var lw = w.ToLowerInvariant().Trim('.', ',', '!', '?');
            // "Ma. Cristina Dela Cruz": Maria written short stays as written.
            if (kept.Count == 0 && w is "Ma." && i + 1 < words.Count && char.IsUpper(words[i + 1][0])) { kept.Add(w); continue; }
            // "Pastor Leon Okafor", "Deaconess Loretta Simms": the title is no part of the name to put down.
            if (kept.Count == 0 && Titles.Contains(lw) && i + 1 < words.Count && char.IsUpper(words[i + 1][0])) continue;
            // "Host here", "Guten Morgen": no first name.
            if (kept.Count == 0 && NotFirstNames.Contains(lw)) break;
            // "Staff Sergeant Devonte Harris", "Sergeant Major Ruiz": the words of a rank before the name go with it.
            if (kept.Count == 0 && RankModifiers.Contains(lw) && i + 1 < words.Count && char.IsUpper(words[i + 1][0])
                && (i > 0 && Titles.Contains(words[i - 1].ToLowerInvariant().TrimEnd('.')) || RankBefore(lw, words[i + 1]))) continue;
            // "Will Turner": a first name that is also a common word counts when capitalized and followed by a capitalized surname.
            // So does one sent capitalized as the whole text ("Will", "Guy").
            var firstNameToo = kept.Count == 0 && FirstNamesThatAreWords.Contains(lw) && char.IsUpper(w[0])
                && (i + 1 < words.Count && char.IsUpper(words[i + 1][0]) && !NotNames.Contains(words[i + 1].ToLowerInvariant().Trim('.', ',', '!', '?'))
                    || words.Count == 1 && raw.Trim().TrimEnd('.', '!').Equals(w.TrimEnd('.', '!'), StringComparison.Ordinal));
            // "Leonard J. Pfeiffer", "Lorraine St. Clair", "Juan de la Cruz": an initial or a particle between two parts of a name.
            if (kept.Count > 0 && i + 1 < words.Count && char.IsUpper(words[i + 1][0]) && (InitialRx().IsMatch(w) || NameParticles.Contains(lw)))
            {
                kept.Add(w.TrimEnd(',', '!', '?'));
                continue;
            }
            // "Winona Two Bulls", "Harold Two Crows": "Two" inside a Lakota or Cheyenne surname, capitalized before its other word.
            if (kept.Count > 0 && w == "Two" && i + 1 < words.Count && char.IsUpper(words[i + 1][0]) && words[i + 1].Skip(1).All(char.IsLower)
                && words[i + 1].ToLowerInvariant().Trim('.', ',', '!', '?') is var after && !NotNames.Contains(after) && NameWordRx().IsMatch(after))
            {
                kept.Add(w);
                continue;
            }
            // "this is Karen Holt RN, the thermostat is blank": a credential after the name is no part of it.
            if (kept.Count > 0 && Credentials.Contains(lw)) break;
            // "Edie's place", "Tony's Pizza": a possessive ends the name (it names a place or a business).
            if (lw.EndsWith("'s", StringComparison.Ordinal) && lw.Length > 3 && !NotNames.Contains(lw)) break;
            // "Nguyễn Văn An", "Trần Thị An": a capitalized "An" after a Vietnamese middle name is the given name.
            var vietnameseGiven = lw == "an" && char.IsUpper(w[0]) && kept.Count > 0 && kept[^1].ToLowerInvariant() is "văn" or "van" or "thị" or "thi";
            if (!firstNameToo && !vietnameseGiven && (lw.Length < 2 || NotNames.Contains(lw) || !NameWordRx().IsMatch(lw))) break;
            // "its running again", "it's leaking": a lowercase word ending in -ing is what something does, not who (Sterling is capitalized).
            if (!char.IsUpper(w[0]) && lw.Length >= 5 && lw.EndsWith("ing", StringComparison.Ordinal)) break;
            kept.Add(w.Trim('.', ',', '!', '?'));
            if (kept.Count(k => !IsLink(k)) == 3) break;
        }
        // "Thanh Le", "Anh Do": a capitalized particle after a given name is the surname, not a link to one.
        while (kept.Count > 0 && IsLink(kept[^1]) && !(kept.Count == 2 && kept[^1].Length >= 2 && char.IsUpper(kept[^1][0]) && !InitialRx().IsMatch(kept[^1])))
            kept.RemoveAt(kept.Count - 1);
        if (kept.Count == 0) return null;
        // "Sweet Rise Bakery", "Mt. Zion Baptist Church": a business or a congregation, not the person to ask for.
        var next = words.Skip(words.FindIndex(x => x.Trim('.', ',', '!', '?') == kept[^1]) + 1).FirstOrDefault();
        // "Jake Church", "Frank Parish": a surname may be such a word when it ends a two-word name.
        var orgAt = kept.Append(next ?? "").Select(k => k.ToLowerInvariant().Trim('.', ',', '!', '?')).ToList();
        // "Hoa Nguyen", "Hoa": a given name may be such a word when it starts a name of two words at most, not written in
        // capitals (not "HOA").
        if (orgAt.Select((k, at) => (k, at)).Any(x => OrgWords.Contains(x.k) && !(SurnamesToo.Contains(x.k) && kept.Count == 2 && x.at == 1 && string.IsNullOrEmpty(orgAt[^1]))
                && !(GivenNamesToo.Contains(x.k) && kept.Count <= 2 && x.at == 0 && char.IsUpper(kept[0][0]) && kept[0][1..].All(char.IsLower))))
            return null;
        // Outside an answer to the name question, a lowercase word after "I'm" is too often not a name ("im outside").
        if (strict && !char.IsUpper(kept[0][0]) && raw.Any(char.IsUpper)) return null;
        // "TJ Okafor", "AJ Brennan": two capitals beside a name written in mixed case are initials, kept as written.
        var mixed = kept.Any(k => k.Any(char.IsLower));
        // "전화 주세요" sent alone: asking for a call, no one's name.
        if (CjkCallMeRx().IsMatch(string.Join(" ", kept))) return null;
        return string.Join(" ", kept.Select(k => IsLink(k) || mixed && k.Length == 2 && k.All(char.IsUpper) ? k : TitleCase(k)));
    }

    /// <summary>An initial ("J.") or a particle ("St.", "de", "van") inside a name: written as the caller wrote it.</summary>
    private static bool IsLink(string word) => InitialRx().IsMatch(word) || NameParticles.Contains(word.ToLowerInvariant());

    /// <summary>Two-letter first names a caller may send alone ("Mo", "Al", "Jo"); other two-letter texts are rarely names.</summary>
    private static readonly HashSet<string> ShortNames = ["mo", "al", "ed", "jo", "bo", "cy", "di", "vi", "lu", "li", "wu", "ng", "ky", "aj", "tj", "cj", "dj", "jr"];

    private static readonly HashSet<string> NameParticles = ["st.", "st", "ste.", "de", "del", "della", "la", "le", "van", "von", "der", "den", "di", "da", "du", "dos", "bin", "ibn"];

    [GeneratedRegex(@"^\p{Lu}\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex InitialRx();

    /// <summary>Titles callers give themselves before their name (dropped from it).</summary>
    private static readonly HashSet<string> Titles =
        ["pastor", "deacon", "deaconess", "father", "fr", "reverend", "rev", "sister", "brother", "bishop", "elder", "rabbi", "imam", "minister",
         // ranks (Rank): "SSG Anthony Pham", "Cpl Jaylen Frazier", "Sergeant Major Ruiz"
         "sergeant", "sgt", "corporal", "airman", "lieutenant", "pvt", "pv2", "pfc", "spc", "cpl", "lcpl", "ssg", "ssgt", "sfc", "msg", "msgt", "1sg",
         "sgm", "csm", "tsgt", "smsgt", "cmsgt", "gysgt", "sra", "a1c", "amn", "po1", "po2", "po3", "cpo", "scpo", "mcpo", "ltjg", "1lt", "2lt", "capt",
         "cpt", "maj", "ltc", "lcdr", "cdr", "ens", "wo1", "cw2", "cw3", "cw4", "cw5", "captain", "colonel", "seaman", "ensign", "admiral", "detective",
         "trooper", "professor", "prof"];

    /// <summary>
    /// Words that are no first name, though some are surnames ("Christopher Guest", "Rachel Morgen"): who the texter is to
    /// the place ("Host here", "Cabin owner here") and greetings in other languages ("Guten Morgen", "Bonjour", "Chào anh").
    /// </summary>
    private static readonly HashSet<string> NotFirstNames =
    [
        "host", "hosts", "cabin", "guest", "guests", "airbnb", "vrbo", "manager", "superintendent", "caretaker",
        "guten", "morgen", "hallo", "bonjour", "bonsoir", "salut", "allo", "ciao", "buongiorno", "olá", "namaste", "chào",
        "kumusta", "magandang", "umaga", "annyeonghaseyo", "konnichiwa", "privet", "dzień", "dobry", "cześć", "bonjou", "bonswa", "merhaba",
    ];

    /// <summary>"Staff" before "Sergeant", "Chief" before "Petty": a word of a rank's name with more of the rank after it.</summary>
    private static bool RankBefore(string lowerWord, string next) =>
        RankModifiers.Contains(lowerWord)
        && (Titles.Contains(next.ToLowerInvariant().TrimEnd('.')) || RankModifiers.Contains(next.ToLowerInvariant()));

    /// <summary>What stands before a rank in its name ("Staff Sergeant", "Petty Officer", "Sergeant Major"): dropped with it.</summary>
    private static readonly HashSet<string> RankModifiers =
        ["staff", "master", "first", "1st", "second", "2nd", "technical", "tech", "senior", "lance", "gunnery", "petty", "chief", "command", "warrant", "officer", "major"];

    /// <summary>Words that make a run of capitals the name of a business or a congregation.</summary>
    private static readonly HashSet<string> OrgWords =
    [
        "church", "parish", "chapel", "ministries", "fellowship", "baptist", "methodist", "lutheran", "catholic", "presbyterian", "episcopal",
        "temple", "mosque", "synagogue", "bakery", "cafe", "café", "restaurant", "taqueria", "tacos", "pizza", "pizzeria", "diner", "deli", "salon",
        "llc", "inc", "corp", "company", "academy", "daycare", "clinic", "hotel", "motel", "apartments", "plaza", "properties", "realty", "hoa",
        "association", "school", "market", "pub", "brewery", "barbershop", "laundromat", "dental", "pharmacy", "condos", "condominiums",
        "towers", "estates", "management", "board",
    ];

    private static readonly HashSet<string> SurnamesToo = ["church", "parish", "temple", "chapel", "market", "baptist"];

    private static readonly HashSet<string> GivenNamesToo = ["hoa"];

    /// <summary>What stands after a name, not in it: "Courtney Baird RN", "Jim Beck MD".</summary>
    private static readonly HashSet<string> Credentials = ["rn", "lpn", "cna", "md", "np", "dds", "dmd", "dvm", "phd", "cpa", "esq"];

    private static readonly HashSet<string> FirstNamesThatAreWords = ["will", "may", "sue", "bill", "mark", "pat", "rob", "art", "grant", "chase", "drew", "guy", "rich", "frank", "gene", "dean", "wade", "buck", "chip", "sandy", "ty"];

    [GeneratedRegex(@"(?<=(?:^|-)[OD]')\p{Ll}", RegexOptions.CultureInvariant)]
    private static partial Regex ApostrophePrefixRx();

    private static string TitleCase(string w)
    {
        if (w.Length == 0) return w;
        var parts = w.Split('-');
        var titled = string.Join("-", parts.Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + (p.Length > 1 && p.Skip(1).All(char.IsUpper) ? p[1..].ToLowerInvariant() : p[1..])))
            .Replace("'S", "'s", StringComparison.Ordinal);
        // "o'brien", "d'angelo": the letter after the apostrophe of O' and D' is a capital too.
        return ApostrophePrefixRx().Replace(titled, m => m.Value.ToUpperInvariant());
    }

    // ---------- addresses ----------

    private static (string Text, int Index, int Length, double Confidence)? ReadAddress(string raw, string maskedLower, bool asked, UnderstandingContext? context = null)
    {
        // A rural route box ("RR 2 Box 114, Greenville MO", "Rural Route 3, box 27"): no street and house number.
        if (RuralRouteRx().Match(maskedLower) is { Success: true } rr)
        {
            // "Rt 3 Box 112": a route said as such keeps its word.
            var kind = rr.Groups["kind"].Value is "rt" or "rte" or "route" ? "Rt" : "RR";
            var box = new StringBuilder($"{kind} {rr.Groups["rr"].Value.ToUpperInvariant()} Box {rr.Groups["box"].Value.ToUpperInvariant()}");
            AppendCityStateZip(box, rr);
            return (box.ToString(), rr.Index, rr.Length, 0.9);
        }
        // "apt 3 at 1417 Delancey St", "Apt 5B, 300 Hudson View Ter": the unit said first goes after the street.
        if ((LeadingUnitRx().Match(maskedLower) is { Success: true } first ? first : UnitAtRx().Match(maskedLower)) is { Success: true } lead
            && ReadAddress(raw, maskedLower[(lead.Index + lead.Length)..], asked, context) is { } rest && !UnitInRx().IsMatch(rest.Text))
        {
            var comma = rest.Text.IndexOf(',', StringComparison.Ordinal);
            var kind = lead.Groups["k"].Value switch { "unit" => "Unit", "suite" or "ste" => "Suite", _ => "Apt" };
            var unit = $" {kind} {lead.Groups["u"].Value.ToUpperInvariant()}";
            var text = comma < 0 ? rest.Text + unit : rest.Text[..comma] + unit + rest.Text[comma..];
            return (text, lead.Index, lead.Length + rest.Index + rest.Length, rest.Confidence);
        }
        var m = AddressRx().Match(maskedLower);
        // "at 94-1040 Kaiau Ave? No wait thats my moms. I'm at 91-1122 Kuhina St", "81 Reservation Road, no, sorry, 81 Agency
        // Road": an address taken back for another in the same text.
        // The span read starts at the address taken back, so that none of it is read again as a name or a time.
        var takenBackFrom = m.Success ? m.Index : -1;
        for (var later = m.NextMatch(); m.Success && later.Success; later = later.NextMatch())
            if (AddressTakenBackRx().IsMatch(maskedLower[StreetEnd(m)..later.Index]) && !JobOfItsOwnAfterRx().IsMatch(maskedLower[StreetEnd(later)..])) m = later;
        // "1450 N 400 W Apt 12, Provo", "862 E 2100 S, Bountiful UT": a grid address (Utah, Idaho, parts of the Midwest and
        // the rural West) is a number and a direction twice, no street name or suffix.
        if (GridAddressRx().Match(maskedLower) is { Success: true } grid && (!m.Success || grid.Index <= m.Index && m.Index < grid.Index + grid.Length)) m = grid;
        // A driver stranded on a highway ("I-75 northbound near mile marker 261", "on the turnpike past exit 7a"): where the
        // mechanic goes, though no street and number. Said with a marker or an exit, or as the answer to "where are you?";
        // with a house number before it ("2700 Hwy 51 S") it is a street address, read below.
        if (!m.Success && context?.Vertical == "auto" && HighwayRx().Match(maskedLower) is { Success: true } hw && (asked || hw.Groups["num"].Success)
            && !HouseNumberBeforeRx().IsMatch(maskedLower[..hw.Index]))
            return (FormatHighway(hw), hw.Index, hw.Length, asked ? 0.85 : 0.8);
        var confidence = 0.9;
        // "27 Camino Del Monte Sol, Santa Fe NM": a street type said first.
        if (!m.Success && PrefixStreetAddressRx().Match(maskedLower) is { Success: true } prefixed) { m = prefixed; confidence = 0.85; }
        if (!m.Success && asked)
        {
            m = LooseAddressRx().Match(maskedLower);
            // "ok we got 2 space heaters going" answering "what's the address?" is no street (it was booked at "2 Space
            // Heaters Going", found using the product).
            if (m.Success && !LooseStreet(m.Groups["street"].Value)) m = Match.Empty;
            confidence = 0.75;
        }
        // "Address: 1010 Paseo Del Sol", "I'm at 12 Camino Real": a street without a suffix, said to be the address.
        if (!m.Success)
            foreach (Match loose in LooseAddressRx().Matches(maskedLower))
                if (AddressCueRx().IsMatch(maskedLower[..loose.Index]) && LooseStreet(loose.Groups["street"].Value)) { m = loose; confidence = 0.75; break; }
        // "2905 South Meridian, Wichita", "480 S Main in Monticello, Utah": a direction and a street name with the city after
        // it, no suffix, is an address too (the grid cities of the West and Plains name their streets so).
        if (!m.Success)
            foreach (Match directional in DirectionalAddressRx().Matches(maskedLower))
                if (directional.Groups["city"].Success && LooseStreet(directional.Groups["street"].Value)) { m = directional; confidence = 0.75; break; }
        // A text that is nothing but a number and a street name ("12 Camino Real"), whatever we asked: an address, less surely.
        if (!m.Success && LooseAddressRx().Match(maskedLower) is { Success: true } only && only.Index == maskedLower.Length - maskedLower.TrimStart().Length
            && maskedLower.TrimEnd(' ', '.', '!').Length == only.Index + only.Length && !ClockRx().IsMatch(maskedLower)
            && LooseStreet(only.Groups["street"].Value))
        { m = only; confidence = 0.7; }
        if (!m.Success) return null;
        // "12 Elm Street, AC out", "48 Mesa Drive, battery's dead": what follows the street is the problem, not a city.
        if (m.Groups["city"].Success && (m.Groups["city"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => NotACityWord.Contains(w.Trim('.', '\'')))
            || context is not null && context.Services.Any(sv => ServiceCatalogWords.RegexFor(sv).IsMatch(m.Groups["city"].Value))))
        {
            var end = m.Groups["unit"].Success && m.Groups["unit"].Length > 0 ? m.Groups["unit"].Index + m.Groups["unit"].Length : m.Groups["suffix"].Index + m.Groups["suffix"].Length;
            if (m.Groups["suffix"].Length == 0 && !(m.Groups["unit"].Success && m.Groups["unit"].Length > 0)) end = m.Groups["street"].Index + m.Groups["street"].Length;
            return (FormatAddress(m, withCity: false), SpanFrom(m.Index), end - SpanFrom(m.Index), confidence);
        }
        return (FormatAddress(m), SpanFrom(m.Index), m.Index + m.Length - SpanFrom(m.Index), confidence);
        int SpanFrom(int index) => takenBackFrom >= 0 && takenBackFrom < index ? takenBackFrom : index;
    }

    /// <summary>
    /// Lowercase words that are only names: none of them a word a caller uses about the problem, the weather or the time
    /// (<see cref="NotNames"/>, <see cref="NotACityWord"/>, and the adjectives and colours of <see cref="NotANameLowercase"/>).
    /// </summary>
    /// <summary>"I-75 northbound, mile marker 261", "NJ Turnpike southbound, past exit 7A", "US-1, exit 14", "Route 9".</summary>
    private static string FormatHighway(Match hw)
    {
        var road = hw.Groups["road"].Value.Trim();
        road = LeadingTheRx().Replace(road, "");
        road = InterstateRx().Replace(road, "I-");
        road = NumberedRoadRx().Replace(road, r => (r.Groups["k"].Value.ToLowerInvariant() switch
        {
            "us" => "US-", "sr" or "state route" or "state road" => "SR-", "fm" => "FM ", "cr" or "county road" => "County Road ",
            "hwy" or "highway" => "Hwy ", _ => "Route ",
        }) + r.Groups["n"].Value.ToUpperInvariant());
        road = string.Join(' ', road.Split(' ').Select(w => w.Length == 2 && StateCodes.ContainsValue(w.ToUpperInvariant()) ? w.ToUpperInvariant()
            : w.Any(char.IsDigit) || w.Any(char.IsUpper) ? w : TitleCase(w)));
        var sb = new StringBuilder(road);
        if (hw.Groups["dir"].Success)
        {
            var d = hw.Groups["dir"].Value.Trim(' ', ',');
            sb.Append(' ').Append(d.Length == 2 ? d[0] switch { 'n' => "northbound", 's' => "southbound", 'e' => "eastbound", _ => "westbound" } : d.EndsWith("bound", StringComparison.Ordinal) ? d : d + "bound");
        }
        if (hw.Groups["num"].Success)
        {
            var kind = hw.Groups["kind"].Value.StartsWith('e') ? "exit" : "mile marker";
            // "past exit 40" and "before exit 12" say which side; "near", "by", "at" add nothing to the marker.
            var side = hw.Groups["near"].Value.Trim().Replace("just ", "", StringComparison.Ordinal);
            var near = side is "past" or "before" or "after" ? side + " " : "";
            sb.Append(", ").Append(near).Append(kind).Append(' ').Append(hw.Groups["num"].Value.ToUpperInvariant());
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\b(?<road>(?:i-\d{1,3}|i\d{1,3}|interstate \d{1,3}|(?:us|hwy|highway|route|rte|rt|sr|state route|state road|county road|cr|fm)[- ]?\d{1,4}[a-z]?|(?:the )?(?:[a-z]{2,12} )?(?:turnpike|tpke|expressway|freeway|beltway|thruway)))\b(?<dir>[ ,]+(?:north|south|east|west)(?:bound)?\b|[ ,]+[nsew]b\b)?(?:[ ,]*(?:(?<near>near|by|at|just past|past|before|after|around)\s+)?(?:the\s+)?(?<kind>mile ?marker|mile ?post|milepost|mm|exit)\s*#?\s*(?<num>\d{1,4}[a-z]?)\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex HighwayRx();

    [GeneratedRegex(@"\d+[a-z]?\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex HouseNumberBeforeRx();

    [GeneratedRegex(@"^(?i:interstate |i-?)(?=\d)", RegexOptions.CultureInvariant)]
    private static partial Regex InterstateRx();

    [GeneratedRegex(@"^(?<k>us|hwy|highway|route|rte|rt|sr|state route|state road|county road|cr|fm)[- ]?(?<n>\d{1,4}[a-z]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedRoadRx();

    private static bool OnlyNameWords(string candidate, UnderstandingContext context)
    {
        var words = candidate.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is 1 or 2 && words.All(w => w.Length >= 2 && NameWordRx().IsMatch(w) && !NotNames.Contains(w) && !NotACityWord.Contains(w)
                && !NotANameLowercase.Contains(w) && !NotANameWordRx().IsMatch(w)
                && !(w.Length >= 4 && (w.EndsWith("ing", StringComparison.Ordinal) || w.EndsWith("ed", StringComparison.Ordinal) || w.EndsWith("ly", StringComparison.Ordinal))))
            && ReadService(candidate, context) is null;
    }

    private static readonly HashSet<string> NotANameLowercase =
    [
        "wet", "dry", "noisy", "quiet", "leaky", "fixed", "boiling", "humid", "dark", "awful", "terrible", "horrible", "crazy", "nuts", "insane",
        "ridiculous", "serious", "important", "critical", "true", "false", "real", "possible", "impossible", "regarding", "re", "him", "mine", "ours",
        "yours", "hers", "nobody", "everyone", "everybody", "anybody", "whatever", "only", "almost", "already", "finally", "totally", "raining",
        "snowing", "sunny", "windy", "ice", "icy", "snow", "rain", "hail", "storm", "flooded", "black", "white", "brown", "red", "green", "blue",
        "gray", "grey", "yellow", "orange", "pink", "purple", "burnt", "charred", "melted", "scorched", "blank", "empty", "full", "smoky", "sparky",
        "hissing", "frozen", "thawed", "flat", "low", "high", "fast", "busted", "loose", "wobbly", "cracked", "bent", "warped", "rusty", "rusted",
        "corroded", "moldy", "dirty", "filthy", "clean", "tight", "stiff", "sticky", "squeaky", "shaky", "unsafe", "safe", "dangerous", "scary",
        "normal", "random", "constant", "nonstop", "intermittent", "toast", "shot", "dying", "silent", "everywhere", "nowhere",
    ];

    /// <summary>
    /// Whether the words after a number could name a street that has no suffix ("12 Camino Real", "Hwy 51"): not a count of
    /// something ("2 days"), nor equipment or what it does ("2 space heaters going", "3 fans running").
    /// </summary>
    private static bool LooseStreet(string street) =>
        // "my dad is 80 he lives here alone": an age and a person, not "80 He".
        !PersonFirst.Contains(street.Split(' ', 2)[0])
        && !NotStreetWordRx().IsMatch(street)
        && !street.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => NotACityWord.Contains(w) || NotACityWord.Contains(w.TrimEnd('s'))
            || NotStreetWords.Contains(w) || NotStreetWords.Contains(w.TrimEnd('s')) || w.Length >= 5 && w.EndsWith("ing", StringComparison.Ordinal));

    private static readonly HashSet<string> PersonFirst = ["he", "she", "they", "he's", "she's", "they're", "hes", "shes", "theyre"];

    private static readonly HashSet<string> NotStreetWords =
    [
        "space", "heater", "fan", "blanket", "kid", "dog", "cat", "baby", "babie", "person", "adult", "year", "yr", "hour", "day", "week", "month", "time",
        "going", "on", "off", "in", "inside", "under", "with", "for", "since", "ago", "now", "today", "tonight", "left", "plugged", "set", "got", "have",
    ];

    private static readonly HashSet<string> NotACityWord =
    [
        // "its at 2240 Lindell Blvd now": where the car is now, not a town called Now.
        "now", "rn", "currently", "atm",
        "ac", "a/c", "heat", "heater", "furnace", "car", "car's", "truck", "truck's", "water", "sink", "toilet", "leak", "leaking", "broken", "broke", "dead",
        "out", "not", "no", "is", "it", "its", "it's", "battery", "battery's", "brakes", "engine", "oil", "please", "thanks", "asap", "urgent", "emergency",
        "gas", "smoke", "fire", "need", "needs", "won't", "wont", "isn't", "quit", "stopped", "working", "blowing", "running", "making", "noise", "smell",
        "smells", "help", "outlet", "breaker", "power", "lights", "drain", "clogged", "pipe", "thermostat", "ac's", "unit", "system", "leaks", "flooding",
        "callback", "call", "number", "phone", "cell", "text", "me", "i", "i'm", "im", "we", "my", "our", "you", "your",
        "hums", "humming", "drips", "dripping", "leaks", "clicks", "clicking", "buzzing", "buzzes", "smoking", "sparking", "squeaks", "squeals",
        "squealing", "grinding", "rattles", "rattling", "doesn't", "keeps", "won't", "died", "broken", "backed", "clogged", "overflowing", "tripped",
        "tripping", "flickering", "jammed", "stuck", "slow", "loud", "weird", "again", "also", "and", "that's", "thats", "that", "which",
        "sorry", "oops", "whoops", "lol", "typo", "fat", "wait", "meant",
    ];

    private static string FormatAddress(Match m, bool withCity = true)
    {
        var sb = new StringBuilder();
        sb.Append(m.Groups["num"].Value.ToUpperInvariant()).Append(' ');
        var streetGroup = m.Groups["street"];
        // A direction read inside the street's span ("Hwy 51 S") is written once, after it.
        var streetText = m.Groups["postdir"].Success && m.Groups["postdir"].Index > streetGroup.Index && m.Groups["postdir"].Index < streetGroup.Index + streetGroup.Length
            ? streetGroup.Value[..(m.Groups["postdir"].Index - streetGroup.Index)] : streetGroup.Value;
        var street = WhitespaceRx().Replace(streetText.Trim(), " ");
        var streetWords = OrdinalWords(street.Split(' '));
        // "North Twelfth Street" as a transcript writes it: N 12th St (a direction word that is the whole name stays: "North Ave").
        sb.Append(string.Join(" ", streetWords.Select((w, i) =>
            Directions.TryGetValue(w.TrimEnd('.'), out var dir) || i < streetWords.Count - 1 && SpokenDirections.TryGetValue(w, out dir) ? dir : Ordinal(w))));
        if (m.Groups["suffix"].Success && m.Groups["suffix"].Value.Length > 0)
            sb.Append(' ').Append(Suffixes.TryGetValue(m.Groups["suffix"].Value.TrimEnd('.'), out var suf) ? suf : TitleCase(m.Groups["suffix"].Value));
        if (m.Groups["roadno"].Success) sb.Append(' ').Append(m.Groups["roadno"].Value.ToUpperInvariant());
        if (m.Groups["postdir"].Success)
            sb.Append(' ').Append(Directions.TryGetValue(m.Groups["postdir"].Value, out var dir) ? dir : SpokenDirections[m.Groups["postdir"].Value]);
        if (m.Groups["unit"].Success && m.Groups["unit"].Value.Trim().Length > 0)
        {
            var unit = m.Groups["unit"].Value.Trim().TrimStart(',').Trim();
            var um = UnitPartsRx().Match(unit);
            if (um.Success)
            {
                var kind = um.Groups[1].Value switch { "apt" or "apartment" => "Apt", "unit" => "Unit", "suite" or "ste" => "Suite", "lot" => "Lot", "trailer" => "Trailer", "bldg" or "building" => "Bldg", _ => "#" };
                sb.Append(' ').Append(kind == "#" ? "#" : kind + " ").Append(um.Groups[2].Value.ToUpperInvariant());
            }
        }
        if (!withCity) return sb.ToString();
        AppendCityStateZip(sb, m);
        return sb.ToString();
    }

    private static void AppendCityStateZip(StringBuilder sb, Match m)
    {
        // "..., Apartment B, in Saint Cloud", "Tamarind Way in, uh, Port Saint Lucie": "in" comes before the city, it is not part of it.
        var city = m.Groups["city"].Success ? m.Groups["city"].Value.Trim().TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w is "in" or "In" or "IN").ToList() : [];
        if (city.Count > 0)
            sb.Append(", ").Append(string.Join(" ", city.Select(TitleCase)));
        if (m.Groups["state"].Success && m.Groups["state"].Value.Trim().Length > 0)
        {
            var st = m.Groups["state"].Value.Trim().TrimEnd('.');
            sb.Append(", ").Append(st.Length == 2 ? st.ToUpperInvariant() : StateCodes.GetValueOrDefault(WhitespaceRx().Replace(st, " "), TitleCase(st)));
        }
        if (m.Groups["zip"].Success && m.Groups["zip"].Value.Length > 0)
            sb.Append(m.Groups["state"].Success && m.Groups["state"].Value.Trim().Length > 0 ? " " : ", ").Append(m.Groups["zip"].Value);
    }

    private static readonly Dictionary<string, string> StateCodes = new()
    {
        ["alabama"] = "AL", ["alaska"] = "AK", ["arizona"] = "AZ", ["arkansas"] = "AR", ["california"] = "CA", ["colorado"] = "CO", ["connecticut"] = "CT",
        ["delaware"] = "DE", ["florida"] = "FL", ["georgia"] = "GA", ["hawaii"] = "HI", ["idaho"] = "ID", ["illinois"] = "IL", ["indiana"] = "IN", ["iowa"] = "IA",
        ["kansas"] = "KS", ["kentucky"] = "KY", ["louisiana"] = "LA", ["maine"] = "ME", ["maryland"] = "MD", ["massachusetts"] = "MA", ["michigan"] = "MI",
        ["minnesota"] = "MN", ["mississippi"] = "MS", ["missouri"] = "MO", ["montana"] = "MT", ["nebraska"] = "NE", ["nevada"] = "NV", ["new hampshire"] = "NH",
        ["new jersey"] = "NJ", ["new mexico"] = "NM", ["new york"] = "NY", ["north carolina"] = "NC", ["north dakota"] = "ND", ["ohio"] = "OH", ["oklahoma"] = "OK",
        ["oregon"] = "OR", ["pennsylvania"] = "PA", ["rhode island"] = "RI", ["south carolina"] = "SC", ["south dakota"] = "SD", ["tennessee"] = "TN", ["texas"] = "TX",
        ["utah"] = "UT", ["vermont"] = "VT", ["virginia"] = "VA", ["washington"] = "WA", ["west virginia"] = "WV", ["wisconsin"] = "WI", ["wyoming"] = "WY",
        // The short forms people say ("Quincy, Mass").
        ["mass"] = "MA", ["calif"] = "CA", ["cali"] = "CA", ["conn"] = "CT", ["fla"] = "FL", ["tenn"] = "TN", ["mich"] = "MI", ["minn"] = "MN",
        ["wisc"] = "WI", ["ariz"] = "AZ", ["okla"] = "OK", ["penna"] = "PA",
    };

    private static readonly Dictionary<string, string> SpokenDirections = new()
    {
        ["north"] = "N", ["south"] = "S", ["east"] = "E", ["west"] = "W", ["northeast"] = "NE", ["northwest"] = "NW", ["southeast"] = "SE", ["southwest"] = "SW",
    };

    private static readonly string[] OrdinalNames =
    [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    ];

    private static readonly Dictionary<string, int> OrdinalTens = new() { ["twentieth"] = 20, ["thirtieth"] = 30, ["fortieth"] = 40, ["fiftieth"] = 50 };

    /// <summary>Street ordinals said in words, in digits: "twelfth" 12th, "twenty third" 23rd, "fortieth" 40th.</summary>
    private static List<string> OrdinalWords(string[] words)
    {
        var result = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            var tens = NumberWords.TryGetValue(w, out var t) && t is >= 20 and <= 90 && t % 10 == 0 && i + 1 < words.Length ? t : 0;
            var next = tens > 0 ? Array.IndexOf(OrdinalNames, words[i + 1]) : -1;
            int? n = next is >= 1 and <= 9 ? tens + next : Array.IndexOf(OrdinalNames, w) is var o and >= 1 ? o : OrdinalTens.TryGetValue(w, out var ot) ? ot : null;
            if (next is >= 1 and <= 9) i++;
            result.Add(n is { } v ? v + (v % 100 is >= 11 and <= 13 ? "th" : (v % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }) : w);
        }
        return result;
    }

    private static string Ordinal(string w) => OrdinalNumberRx().IsMatch(w) ? w.ToLowerInvariant() : TitleCase(w);

    private static readonly Dictionary<string, string> Directions = new() { ["n"] = "N", ["s"] = "S", ["e"] = "E", ["w"] = "W", ["ne"] = "NE", ["nw"] = "NW", ["se"] = "SE", ["sw"] = "SW" };

    private static readonly Dictionary<string, string> Suffixes = new()
    {
        ["st"] = "St", ["street"] = "St", ["str"] = "St", ["ave"] = "Ave", ["av"] = "Ave", ["avenue"] = "Ave", ["rd"] = "Rd", ["road"] = "Rd",
        ["dr"] = "Dr", ["drive"] = "Dr", ["ln"] = "Ln", ["lane"] = "Ln", ["ct"] = "Ct", ["court"] = "Ct", ["blvd"] = "Blvd", ["boulevard"] = "Blvd",
        ["way"] = "Way", ["pl"] = "Pl", ["place"] = "Pl", ["cir"] = "Cir", ["circle"] = "Cir", ["ter"] = "Ter", ["terrace"] = "Ter",
        ["pkwy"] = "Pkwy", ["parkway"] = "Pkwy", ["hwy"] = "Hwy", ["highway"] = "Hwy", ["trl"] = "Trl", ["trail"] = "Trl", ["loop"] = "Loop",
        ["run"] = "Run", ["row"] = "Row", ["path"] = "Path", ["pike"] = "Pike", ["sq"] = "Sq", ["square"] = "Sq", ["cove"] = "Cove", ["cv"] = "Cove",
        ["xing"] = "Xing", ["crossing"] = "Xing", ["pt"] = "Pt", ["point"] = "Pt", ["bend"] = "Bend", ["ridge"] = "Ridge", ["pass"] = "Pass", ["alley"] = "Alley",
        ["knoll"] = "Knoll", ["knolls"] = "Knolls", ["hollow"] = "Hollow", ["glen"] = "Glen", ["heights"] = "Heights", ["hts"] = "Heights", ["landing"] = "Landing",
        ["meadows"] = "Meadows", ["grove"] = "Grove", ["crest"] = "Crest", ["commons"] = "Commons", ["manor"] = "Manor", ["glade"] = "Glade",
    };

    // ---------- signals ----------

    [GeneratedRegex(@"\b(how('?d| did| do) (you|u|y'?all) get (this|my) (number|#|cell)|who gave (you|u) (this|my) (number|#|cell)|this is spam|is this spam)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpamAccusedRx();

    [GeneratedRegex(@"\b(oh wait|nvm|never mind|nevermind|i (filled|called|texted|did call|submitted)|anyway)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpamTakenBackRx();

    private static bool ReadHumanNeeded(string lower, UnderstandingContext context)
    {
        if (HumanRx().IsMatch(lower)) return true;
        // "how'd you get this number? this is spam": someone to answer for it, unless the caller takes it back or goes on to a job.
        if (SpamAccusedRx().IsMatch(lower) && !SpamTakenBackRx().IsMatch(lower) && ReadService(lower, context) is null) return true;
        // "My mom doesn't text. Can someone please call her at this number?": the person to talk to wants a call.
        return CallMeBackRx().IsMatch(lower) || CallThemRx().IsMatch(lower) || CjkCallMeRx().IsMatch(lower);
    }

    private const string Suffix = @"street|str|st|avenue|ave|av|road|rd|drive|dr|lane|ln|court|ct|boulevard|blvd|way|place|pl|circle|cir|terrace|ter|parkway|pkwy|highway|hwy|trail|trl|loop|run|row|path|pike|square|sq|cove|cv|crossing|xing|point|pt|bend|ridge|pass|alley|knoll|knolls|hollow|glen|heights|hts|landing|meadows|grove|crest|commons|manor|glade|concourse|plaza|walk";

    private const string States = @"al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc|alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|mass|calif|cali|conn|fla|tenn|mich|minn|wisc|ariz|okla|penna";

    /// <summary>The number of a county or state road after its suffix: "93 County Rd 12", "400 State Route 9".</summary>
    private const string RoadNumber = @"(?:(?<=\b(?:county|co|state|township|farm to market|forest|ranch|old|us)\s+(?:road|rd|route|rte|highway|hwy))\s+(?<roadno>\d{1,4}[a-z]?)(?![\d:]|\s*(?:am|pm|a\.m|p\.m)\b)|(?<=\b(?:avenue|ave|av))\s+(?<roadno>[a-z])(?=\s*(?:,|\.|$|\n)))?";

    /// <summary>A direction after the street's suffix: "1550 Westlake Ave N", "12 Main St NW".</summary>
    private const string PostDirection = @"(?:\s+(?<postdir>n|s|e|w|ne|nw|se|sw|north|south|east|west(?=\s*(?:,|$|\.|\n|\s+\d{5})))\.?(?![\w'/]))?";

    /// <summary>Words after a street that are a person or "here", never more street nor a town: "77 canyon view she lives alone", "45 pine here".</summary>
    private const string PersonOrHere = "he|she|they|hes|shes|theyre|here|there|lives|alone";

    private const string Unit = @"(?<unit>,?\s*(?:apt|apartment|unit|suite|ste|lot|bldg|building|trailer)(?![a-z])\.?\s*#?\s*\w[\w-]*|,?\s*\#\s*\w[\w-]*)?";

    private const string CityStateZip = @"(?:(?:,\s*(?:(?:in|en)\s+(?=[a-z]))?|\s+(?:in|en)\s+|(?<!\.)\s+)(?<city>(?:(?:st|saint|ft|mt)\.?\s+(?=[a-z]{3}))?(?!(?:" + Suffix + @")\b(?!\s*,?\s*(?:" + States + @")\.?(?:\s*(?:,|$|\.|\d|\n))))(?!(?:" + PersonOrHere + @"|and|but|i|im|i'm|we|my|the|it|its|it's|please|thanks|thank|okay|ok|alright|um|uh|tomorrow|today|tonight|after|before|around|anytime|any|is|near|off|by|at|asap|call|text|can|could|if|so|also|with|on|for|or|come|coming|mon|tue|wed|thu|fri|sat|sun|no|not|whenever|next|this|urgent|sometime|whatever|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekends?|weekdays?|morning|afternoon|evening|tonight|works|work|callback|call|phone|number|cell|my|thanks|bye|again|just|really|maybe|hopefully|sometime|anyway|instead|sorry|oops|actually|not|wait)\b)[a-z](?:[a-z'.]*[a-z'])?(?:\s(?!(?:and|but|i|im|we|my|the|it|please|thanks|tomorrow|today|after|before|around|anytime|is|near|by|at|can|if|so|with|on|for|or)\b)[a-z](?:[a-z'.]*[a-z'])?){0,2}?)(?=\s*(?:,|$|\.|\s+(?:" + States + @")\b|\s+\d{5}|\s+(?:and|but|please|thanks|tomorrow|today|after|before|around|anytime|by|at|can|if|so|i|we|my|next|this|on|whenever|sometime|any|monday|tuesday|wednesday|thursday|friday|saturday|sunday|would|works|okay|ok|bye)\b|\n)))?"
        + @"(?:,?\s*(?!(?<=[.!?]\s*)oh\b)(?<state>(?:" + States + @"))\.?(?=\s*(?:,|$|\.|\d|\n)))?(?:,?\s*(?<zip>\d{5}(?:-\d{4})?))?";

    [GeneratedRegex(@"(?<![\w$#/:.-])(?<num>\d{1,6}[a-z]?(?:-\d{1,4})?)(?!\s+(?:degrees|deg|years?|yrs|miles|minutes|mins|hours|hrs|percent|dollars|bucks|days|weeks|months|times|outlets?|volts?|v|amps?|watts?)\b)\s+(?<street>(?:(?:n|s|e|w|ne|nw|se|sw)\.?\s+)?(?:(?!(?:" + Suffix + @")\b(?!\s+(?:" + Suffix + @")\b))[\p{Ll}0-9'](?:[\p{Ll}0-9'.]*[\p{Ll}0-9'])?\s+){0,3}?(?:[\p{Ll}0-9'](?:[\p{Ll}0-9'.]*[\p{Ll}0-9'])?))\s+(?<suffix>" + Suffix + @")\.?(?![a-z])(?!\s+(?:" + Suffix + @")\.?(?![a-z]))" + RoadNumber + PostDirection + Unit + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex AddressRx();

    [GeneratedRegex(@"(?<![\w$#/:.-])(?<num>\d{1,6})\s+(?<street>(?:n|s|e|w|north|south|east|west)\.?\s+\d{1,5}(?:st|nd|rd|th)?)\s+(?<postdir>n|s|e|w|north|south|east|west)\.?(?![\w'/])(?!\s+of\b)(?<suffix>)" + Unit + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex GridAddressRx();

    [GeneratedRegex(@"(?<![\w$#/:.-])(?<num>\d{2,6})\s+(?<street>(?:n|s|e|w|north|south|east|west)\.?\s+(?!(?:of|from|on|in|at|to|by|freeway|fwy|expressway|highway|hwy|interstate|mode|wing|side|bound|facing|end|entrance|exit|lot|parking|tower|building|campus|door|gate|coast)\b)[a-z][a-z']+)(?<suffix>)" + Unit + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex DirectionalAddressRx();

    /// <summary>"27 Camino Del Monte Sol", "1010 Calle de Oro", "55 Rue Royale": a street type said first, as Spanish and French name streets; "3121 Ave H", a lettered avenue.</summary>
    [GeneratedRegex(@"(?<![\w$#/:.-])(?<num>\d{1,6}[a-z]?)\s+(?<street>(?:ave|avenue)\.?\s+[a-z](?![\w'])|(?:camino|calle|avenida|paseo|rue|placita|caminito|entrada|circulo|corte|vereda|callej[oó]n|sendero)\s+(?:(?:de|del|de la|de las|de los|la|las|los|el)\s+)?(?!(?:apt|unit|units|suite|ste|lot|bldg|please|pls|plz|last|next|this|today|tonight|tomorrow)\b)[a-z][a-z']+(?:\s+(?!(?:apt|unit|units|suite|ste|lot|bldg|please|pls|plz|and|but|so|in|on|at|last|next|this|today|tonight|tomorrow|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)[a-z][a-z']+)?)(?<suffix>)" + Unit + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex PrefixStreetAddressRx();

    [GeneratedRegex(@"(?<![\w$#/:.-])(?<num>\d{1,6}[a-z]?)\s+(?<street>(?:(?:n|s|e|w)\.?\s+)?(?:highway|hwy|route|rte|county road|cr|state road|sr|fm|farm to market)\s+\d+[a-z]?(?:\s+(?<postdir>n|s|e|w|ne|nw|se|sw)\.?(?![\w'/]))?|(?:(?:n|s|e|w)\.?\s+)?[a-z][a-z']+(?:\s+(?!(?:" + PersonOrHere + @")\b)[a-z][a-z']+){0,2})(?<suffix>)" + Unit + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex LooseAddressRx();

    [GeneratedRegex(@"(?<![\w-])(?<kind>rr|r\.r\.|rural route|rural rte|rural rt|rt|rte|route)\.?\s*#?\s*(?<rr>\d{1,3}[a-z]?)\s*,?\s*(?:box|bx|po box|p\.o\. box)\.?\s*#?\s*(?<box>\d{1,5}[a-z]?)\b" + CityStateZip, RegexOptions.CultureInvariant)]
    private static partial Regex RuralRouteRx();

    /// <summary>A phone number as written or transcribed: 904-555-0134, (904) 555 0134, 904.555.0134, 9045550134, 555-0134.</summary>
    [GeneratedRegex(@"(?<![\w$])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-]+)\d{3}[\s.-]+\d{4}(?!\w)|(?<![\w$])\d{10,11}(?!\w)|(?<![\w$-])\d{3}-\d{4}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumberRx();

    /// <summary>Words after a number that make it a quantity or a time, not a street: "3 days", "2 kids", "10 am".</summary>
    [GeneratedRegex(@"^(am|pm|a|an|the|or|and|days?|weeks?|months?|years?|hours?|hrs?|mins?|minutes?|times?|people|kids|units?|bedrooms?|bathrooms?|baths?|beds?|floors?|stor(y|ies)|tons?|degrees?|dollars?|bucks|percent|ish|inside|outside|indoors|outdoors|upstairs|downstairs|here|there|now|o'?clock|noon|yrs?|miles?|feet|ft|inches?|gallons?|amps?|volts?|of|in|at|on|to|is|are|was|more|less|or so|things?|outlets?|rooms?|cars?|trucks?|vehicles?|windows?|toilets?|sinks?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotStreetWordRx();

    [GeneratedRegex(@"(?<![\w-])(?<!\d\s)(?<!(?i:\b(?:north|south|east|west)\s))(?<w>(?i:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:[\s-]+(?:(?<=hundred[\s-]+)and\s+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)){0,4}))\s+(?=(?:[NS][EW]\.?\s+|[NSEW]\.?\s+|(?:North|South)(?:east|west)\s+|North\s+|South\s+|East\s+|West\s+)?(?:[A-Z][a-z']+|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][a-z']+){0,2}\s+(?i:" + Suffix + @")\b|(?:North|South|East|West)\s+[A-Z][a-z']+(?=\s*,\s*[A-Z]|\s+in\s+[A-Z]))", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledStreetNumberRx();

    [GeneratedRegex(@"(?<![\w-])(?<d>\d(?: \d){1,5})\s+(?=(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?[A-Z][a-z']+(?:\s+[A-Z][a-z']+){0,2}\s+(?i:" + Suffix + @")\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitByDigitStreetNumberRx();

    [GeneratedRegex(@"(?<p>(?i:\b(?:after|before|around|about|by|(?<!\b(?:i'?m|im|we'?re|i am|we are|located|live|lives|living|staying|deh|deh a)\s)at|till|until|from|between)\s+))(?<h>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))(?:\s+(?<m>(?i:fifteen|thirty|forty)))?(?=\s*(?:(?i:am|pm|a\.m\.|p\.m\.|o'?clock|in the (?:morning|afternoon|evening)|works|work|would|is|or|and|to|please|pls|plz|if (?:possible|you can|that works)|tomorrow|today|tonight|-)\b|[,.!?;]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex SpokenHourRx();

    [GeneratedRegex(@"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRx();

    [GeneratedRegex(@"\b(zip\s*code|zipcode|zip)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ZipCodeWordsRx();

    [GeneratedRegex(@"\b(actually|correction|i meant|i mean|sorry,? (it'?s|its|i|the|my|address|that'?s|\d+)|typo|auto ?correct(ed)?|spell ?check|misspel+ed|spelled (it |that )?wrong|wrong (address|name|number on)|not \d+|make (that|it)|should (be|have been|say)|instead|wait,? no|no,? wait|wait,? (it'?s|its|it is)|(husband|wife|hubby|son|daughter|mom|dad|partner|roommate|landlord|he|she) (says|said|tells me|told me|reminded me|corrected me)( that)? (it'?s|its|it is|the (address|number|house number|street) is|we'?re (at|on))|oops|whoops|my bad|scratch that|fat (thumbs?|fingers?)|meant to (say|type|write|put)|wrong (one|street|house number)|just (a |an )?[a-z-]+( [a-z-]+)? then)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CorrectionCue();

    /// <summary>A text that is only "stop", politely or rudely: "pls stop", "stop it", "stop please!!", "please stop now".</summary>
    [GeneratedRegex(@"^\W*((please|pls|plz|just|ok|okay|omg|seriously|f\W* off)[,!. ]+)*(stop|stopall|stop all|opt out|opt-out)([,!. ]+(it|now|please|pls|plz|already|thanks|thank you|this|these|them|asap|stop))*\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex PoliteStopRx();

    /// <summary>"請不要再傳簡訊給我", "不要再发短信": stop said in Chinese (no spaces, so no word boundaries).</summary>
    [GeneratedRegex(@"(不要|別|别|請勿|请勿|停止)再?(给我|給我|跟我|向我)?(傳|传|發|发|寄)(给我|給我)?(簡訊|简讯|短信|訊息|讯息|信息|消息)", RegexOptions.CultureInvariant)]
    private static partial Regex CjkStopRx();

    [GeneratedRegex(@"\b(no hay|ya no hay|sin)\s+$|(\b(no|not|never|without|nothing(?:'?s| is| has| was)?|n'?t|isnt|dont|doesnt|didnt|wasnt|arent|aint|hasnt|havent|wont)|(?<=\w)n't)\s+(that\s+|too\s+|very\s+|so\s+|really\s+|even\s+)?(any\s+|a\s+|an\s+|real\s+|actual\s+)?((\w+\s+){1,2}(or|and|nor)\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NegatedBeforeRx();

    [GeneratedRegex(@"(\baddress\s*(is|:|-)?|\b(i'?m|im|we'?re|we are|i am|located|live|living|she'?s|he'?s|they'?re) (at|on)|\b(vivo|vivimos|estoy|estamos) en( el| la)?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressCueRx();

    [GeneratedRegex(@"\b(whenever|anytime|no rush|not urgent|no hurry)\b[^.!?]{0,20}\b(this week|today|tonight|tomorrow|tmrw|tmr|tomorow|tommorow|2morrow|this afternoon|this evening)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WithinThisWeekRx();

    [GeneratedRegex(@"[\p{So}\p{Cs}\u200D\uFE0F]+", RegexOptions.CultureInvariant)]
    private static partial Regex EmojiRx();

    [GeneratedRegex(@"(?i)(?<=^|[\s,.])(uh+|um+|uhm+|erm+|hmm+)(?=[\s,.]|$)[,.]?", RegexOptions.CultureInvariant)]
    private static partial Regex FillerRx();

    [GeneratedRegex(@"\b((i )?(already )?(said|told you|typed|texted|replied|wrote)( to)?[\s,:""']+stop\b(?!\s+(by|in|over|at|for|the|it|that)\b)|(spam|scam|spammer|scammer|spamming|harassment)\W+stop\W*$|^\W*stop\W+(this is |it'?s |its )?(spam|a scam|scam|harassment)\b(?!\s*(right|\?|or))|stop (texting|messaging|contacting|sending|txting|txt|bothering|spamming|harassing)|stop text|(don'?t|dont|do not|never) (ever )?(text|message|contact|txt|sms) (me|this (number|phone)|my (number|phone|cell))|unsubscribe|unsub|unsubcribe|unsubscibe|unsuscribe|unsubscrib|opt(-| )?out|remove (me|us|my (phone |cell )?(number|#|phone|cell)|this (phone |cell )?(number|#|phone|cell))|take (me|us|my (phone |cell )?(number|#)|this (phone |cell )?(number|#)) off|stop (all |these |the |your |any |sending )?(messages|msgs|texts|txts|sms|notifications|alerts)|(don'?t|dont|do not) (want|need) (any ?more |these |your |any )(texts|messages|msgs|txts)|leave me alone|quit (texting|messaging)|(stop|quit) (blowing|blowin|hitting|hittin) (up )?(me|my (phone|cell|line|number))( up)?|(stop|quit) (calling|pinging|hitting up|hittin up) (me|my (phone|cell|line|number))|no more (texts|messages|msgs|txts)|no more (text|message|msg|txt)(?=\s*(please|pls|plz|thanks|thank you|thx)?[\s.!]*$)|(not|no longer|stop|quit) (get|getting|receive|receiving) (any ?more |these |your |any |more )?(texts|messages|msgs|txts)|opt me out|cancel (these|the|my|all|your) (texts|messages|msgs|notifications|alerts)|(don'?t|dont|do not) send (me )?(these|this|those|them|texts|messages|anything)( \w+)? ?(any ?more|again)|lose my number|lose (this|our|the) number|cease (all )?(texting|messaging|contact(ing)?|texts|messages)|delete my number|no m[aá]s (mensajes|textos)|how (do|can) i (get|make) (these|the|your|all these) (texts|messages|msgs) (to )?stop|(you|u) can stop (with |sending )?(these|the|your|all these|them|me) (texts|messages|msgs)|(you|u) can stop (texting|messaging) me|arr[eê]te[zr]? (de )?(m'|me )?(envoyer|texter|[ée]crire)|ne m'?(envoyez|[ée]crivez|textez) plus|plus de (textos|messages)|не (пишите|пиши|присылайте|отправляйте) (мне )?(больше|сообщения)|(больше|перестаньте) (не )?(пишите|писать|присылать)|sispann voye (mesaj|t[eè]ks)|pa voye (mesaj|t[eè]ks) ba mwen|توقف(وا)? عن (إرسال|ارسال)|لا (ترسل|ترسلوا) (لي )?(رسائل|الرسائل)|(don'?t|do not|dont) want any more (of (these|your) (texts|messages|msgs)|texts|messages|of these(?=\s*[,.!]*\s*(thanks|thank you|thx|please|pls)?[\s.!]*$))|parem? de (mandar|enviar) (mensagens|textos|sms)|n[aã]o (me )?(mande|mandem|envie|enviem) mais|(ya )?no (me )?(mande|env[ií]e)( m[aá]s)? (mensajes|textos|sms)|(ya )?no (me )?(manden|mandes|env[ií]en|env[ií]es|escriban|escribas|textee?n)( m[aá]s)?( (mensajes|textos))?|(dejen|deja) de (mandar|enviar|escribir)(me)?|no quiero (recibir )?(m[aá]s |sus |tus |estos |esos )?(mensajes|textos)(?!\s+(de voz|en la|por la|in the|this|tonight|de noche|temprano|tan tarde|a esta hora))|b[oó]rr?en?(me| mi n[uú]mero)( de (la|su) lista)?|s[aá]quen?me de (la|su) lista)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OptOutRx();

    [GeneratedRegex(@"\b(wrong (number|person|#|phone|guy|girl|lady|house)|(he|she|they) (doesn'?t|does not|dont|don'?t|do not|no longer) ha(ve|s) this (number|phone|#)|(don'?t|do not|dont) know (anyone|anybody|any) (named|called|by (that|the) name)|got (it|this number|this phone|the number) from the phone company|^\W*((hey|hi|hello|yo)\W+)?(is this [a-z]+\s*\?+|(hey|hi|yo) [a-z]+[,!.]*)\s*(it'?s|its|this is) [a-z]+ from (the |my )?([a-z]+ ){0,2}(league|team|club|church|class|gym|work|office|school|group|choir|lodge|shift)\b|(have|got|has) my number (confused|mixed up)|(confused|mixed up) with the (previous|last|old|former) (owner|tenant|resident)|(have|got|want|looking for|texting) the (previous|last|old|former) owner of (this|the|my) (number|phone)|i (just )?got this (number|phone) (last|a (few|couple)|recently|this|in|two|three|when)\b|this (number|phone) (is new to me|was just assigned)|(did not|didn'?t|never) (request|ask for|sign up for|schedule|book|contact)\b|don'?t know what (you'?re|you are|u r|ur) talking about|(i )?(didn'?t|did not|never) call(ed)? (you|u|your|this|that|anyone|anybody)|who is this\?*\s*i (didn'?t|never)|don'?t know (who|what) (this|you) (is|are)|not (the )?(right|correct) (person|number)|you have the wrong|(you )?(got|have) the wrong (guy|girl|lady|man|person|house|one)|(didn'?t|did not|never) call(ed)? (a|an|any) ([a-z]+ ){0,2}(plumber|electrician|mechanic|hvac|ac|repair|company|service|business|shop)|(nobody|no one|no-one|noone) (here|at this (number|address|house|office))( ever)? (called|texted|requested|asked for|booked|needs|wants) (a|an|any|you|u|for)\b|(called|dialed|rang) ((you guys|you|u|y'?all|this number|your (number|company|business|shop)) )?(by accident|by mistake|accidentally)|(i )?(don'?t|do not|dont) (even )?(own|have) (a|an) (car|vehicle|truck)\b|(accidentally|mistakenly) (called|dialed|rang)|(butt|pocket)[- ]?dial(ed|led)?|(mali (po |ho )?(yata |ata )?(ang |yung )?(number|numero|tawag)|(sie haben|das ist) (die )?falsche nummer|mauvais num[ée]ro|n[úu]mero errado|не тот номер|ошиблись номером)(?=[\s.!,?]*((sorry|perd[ãa]o|desculpe|entschuldigung|pardon|извините|po|ho|salamat|thanks|danke|obrigad[oa]|merci)[\s.!,?]*)*$)|wala (po |ho )?(akong|kaming) (tinawagang|tinawagan|tinext)|n[uú]mero equivocado|equivocad[oa] de n[uú]mero|se equivoc(o|ó|aron) de (n[uú]mero|persona)|no soy (yo|esa persona|la persona)|^\W*((hey|hi|hello|hiya)\W+)?([a-z]+\W+)?(it'?s|its|this is) (your|ur) (sister|brother|bro|sis|mom|mother|mama|dad|father|papa|aunt|auntie|uncle|cousin|grandma|grandpa|nana|son|daughter|husband|hubby|wife|bestie|best friend)\b(?!'|\s+(calling (about|for)|here about|with the|from the))(?=[^.!?]*[,.!]?[^.!?]{0,120}\b(dinner|lunch|party|birthday|bring(ing)?|love you|mom wants|call me back|pick (me|up)|the kids|tonight|sunday|this weekend)\b))(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex WrongNumberRx();

    /// <summary>Asking for another kind of business or person: "is this Joe's Pizza?", "this was meant for my sister".</summary>
    [GeneratedRegex(@"\b(is this|is that|trying to reach|i was trying to (reach|call|text|get)) (the |a )?(?:(dr\.? |doctor )[a-z]+'s (office|practice|clinic)|([a-z]+'?s |[a-z]+ )?(pizza|pizzeria|restaurant|diner|cafe|bakery|dentist|dental office|doctor'?s office|clinic|hospital|pharmacy|salon|barber|barbershop|spa|bank|school|church|hotel|motel|taxi|cab|vet|veterinarian|daycare|gym|library|dmv|grocery|realtor|law office|lawyer|attorney|chinese|thai|sushi|takeout|delivery))\b|\bis this (dr\.? |doctor )?(?!(the|your|a|an|my|our|this)\b)[a-z]+('s)? (dental|dentist|office|clinic|salon|pharmacy|vet)\b|^\W*((hi|hey|yo|um|uh)\W+)?(this (ain'?t|aint|isn'?t|isnt)|is this not|isn'?t this) [a-z]+\s*\?|\b(i was |was )?(tryna|trying to|meant to|was gonna) (call|text|reach|hit up) my (cousin|friend|mom|mother|sister|brother|wife|husband|boss|aunt|uncle|girl|boy|dad|homie)\b|\b(meant (for|to (text|send|message)) (someone|somebody|my|another|a different)|sent (this|that) to the wrong|texted the wrong|wrong (chat|thread|convo|conversation))\b|^\W*(lol |haha |um+ |uh+ )?(no|nope|nah|sorry)[,.!]*\s+(this is|you'?ve reached|you reached) (a |an |the )?([a-z']+ ){0,2}(office|practice|clinic|restaurant|pizzeria|salon|school|church|bank|store|daycare|pharmacy)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OtherBusinessRx();

    /// <summary>Still asking for the work while saying never mind about something else.</summary>
    [GeneratedRegex(@"\b(still (want|need|like|would like|wanna|have (someone|somebody|you)|check|come|look|send|book|schedule|get)|(can|could|would) (someone|somebody|you|u|a tech|a technician|the tech) still|(can|could) (someone|somebody|you|u|a tech|a technician|the tech|y'?all) (still )?(come )?(out )?(and )?(check|look at|take a look|inspect|come (out|by|over) (and|to) (check|look))\b|but (can|could|would|please) (someone|somebody|you|u)|still be (good|nice|great)|just (want|need) (it|someone|somebody|a tech) (to )?(check|look|come)|(need|needs|want|wanna|would like|i'?d like|looking for) (someone|somebody|a tech|a technician|a plumber|an electrician|a mechanic|a guy|you|u|y'?all) (to (do|look|check|come|fix|service|clean|install|take|replace|repair)|for (a|an|the|my|our)\b)|(need|want|would like|i'?d like) (a|an) [a-z ]{0,20}?(tune ?up|check ?up|inspection|service|quote|estimate|repair|cleaning|install)|still (slow|clogged|leaking|dripping|broken|noisy|not (working|draining|right|great|good))|(i )?(just|only) (need|want|wanna) (the|my|a|an|it|someone|somebody|you|u)\b|(fixed|working|cleared)( it)? (mostly|partly|partially)|(mostly|partly|partially) (fixed|working|cleared)|(it'?s|its|it is) (still |just |only )?slow\b|(next week|this week|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day|the weekend|this weekend) (is |would be |still )?(ok|okay|fine|good|works))\b", RegexOptions.CultureInvariant)]
    private static partial Regex StillWantsRx();

    [GeneratedRegex(@"\b(thanks? anyway|thank you anyway|thanks though|thank you though|i'?ll pass|we'?ll pass|(already took|took|towed|brought|had it towed|got it towed) (it |her |him |the car |the truck )?(to )?(the |a |my |our |another |some other |a different )?(dealer|dealership|other shop|another shop|different shop|shop down the street|other (guy|company|place))|(going|went|go|gone) (with|to) (another|a different|some other|the other|our usual|my usual|our regular|my regular) (company|shop|plumber|electrician|mechanic|guy|place|contractor)|(landlord|property manager|management|home warranty|warranty company|my (husband|wife|brother|dad|father|son|neighbor|friend|uncle|cousin|roommate|buddy|(brother|sister|father|son)[- ]in[- ]law)) (is |will be |'?s |already )?(handling|fixing|taking care of|took care of|fixed|handled|dealing with)|(we'?ll|i'?ll|we'?re|i'?m|going to|gonna|decided to|want to|wanna|let'?s|have to|need to) (just )?(hold(ing)? off|put(ting)? (it|this) off|wait on (it|this))|hold(ing)? off (on it |on this )?for now|(decided|going|gonna|we'?ll|i'?ll) (to )?wait (for now|till next year|until next year)|changed (my|our|his|her|their) minds?|decided (not to|against it)|not at this time|not right now,? thanks|not interested|(?<!\bif not,? )(?<!\bor )forget (it|about it)(?=\s*[,.!]|\s*$)(?![^?]{0,80}\b(i'?ll|we'?ll|just|instead|book|schedule|come|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|also|too|can (you|u|someone)|both|but|need|want|look)\b)|(^|(?<=[.!?,;]\s*)|(?<=\b(that'?s|thats|that is|it'?s|its|way|nah|forget it)\s))too (expensive|pricey|much)( for (me|us))?( right now| rn| at the moment)?(?=\s*([,.!]|$|thanks|thx|ty))|(can'?t|cannot|can not) afford (it|that|this)( right now| rn)?(?=\s*([,.!]|$|thanks|thx))|n[ãa]o preciso (mais )?(de )?(um |uma )?(encanador|eletricista|mec[aâ]nico|t[ée]cnico|servi[çc]o|ajuda|nada)(?=[\s,.!]*((obrigad[oa]|valeu)[\s,.!]*)?$)|kein interesse(?!\s+an\b)|no me interesa(?!\s+(el|la|los|las|un|una|lo)\b)|n[ãa]o tenho interesse(?!\s+n[oa]s?\b)|pas int[ée]ress[ée]e?(?!\s+par\b)|не интересно|không quan tâm(?!\s+(giá|gì|đến giá))|not looking for (a|an) [a-z]+( [a-z]+)? (right )?now(?![^.!]{0,80}(\?|\b(but|need|needs|can (you|u)|also|too)\b))|(the |my |our )?(landlord|property manager|management|hoa) (handles|takes care of|does|deals with) (all )?(that|it|this|the repairs|repairs)(?!\s*\?)(?![^.!?]{0,60}\b(but|usually|normally|except|go ahead|book)\b)|(?<=(^|[.!?,;:]|\b(ok|okay|oh|um|uh|hmm|nah|nope|lol|actually|yeah|well|so))\W*)(no thanks|no thank you|no thx)(?!\s+(to|needed)\b)|nevermind|never mind|nvm|already (got|had|have) (it |that |someone |somebody )?(fixed|taken care of|handled|coming|out here)|already (got|have|hired|found|booked|called) (someone|somebody|a guy|a company|another (company|plumber|electrician|mechanic|shop|guy|tech))(?=\s*(?:[,.!]|$|thanks|thx|ty|for (it|that|this)|lined up|scheduled))|already (fixed|taken care|handled|found|hired|booked)|(we|i|we'?ve|i'?ve|we have|i have) (got|gotten|had) (it|that|this|everything) (all )?(taken care of|handled|sorted( out)?)|found (someone|somebody|another)|got (someone|somebody) (else|coming|out)|we'?re good|i'?m good now|all good now|don'?t need (it|anything|help|service|you) ?(anymore|now)?|don'?t need (the|your) service (anymore|any more)|cancel (the|my|our|that|this) ([a-z-]+ ){0,3}(quote|estimate|request)\b(?!\s+(visit|appointment|appt))(?![^.!?]*\b(but|and (just )?(book|schedule|do)|instead|reschedule|new one|add|can (we|you|u))\b)|no longer need|figured it out|fixed it (myself|ourselves)|(we|i) (sold|moved out of|don'?t own|no longer own|no longer live (in|at)) (that|the|this) (house|home|place|property|condo|car|truck)|not (our|my) problem (anymore|any more|now)|got it working|it'?s working (again|now)|went with (someone|somebody|another))\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotInterestedRx();

    [GeneratedRegex(@"\b(smell(s|ing|ed)? (of |like )?(the )?(natural |cooking )?gas(?! (station|bill|stove is off|in my car|in the car|tank))|gas for (cooking|the stove)|smell(s|ing|ed)? (something |kind of |kinda |sort of |a little |faintly |faint )?(of |like )?(natural )?(gas|propane)\b(?! (station|bill|stove is off))|(gas|propane)[- ]?(like )?(smell|odou?r)|propane (smell|leak|odou?r)|smells? (of|like) (rotten )?eggs?|(?<!\b(exhaust|tailpipe|muffler|fridge|refrigerator|freezer|trash|garbage|compost|catalytic)\b[^.!?]{0,30})(smell|odou?r|stink)\w*\b(?![^.!?]{0,40}\b(fridge|refrigerator|freezer|trash|garbage|compost|exhaust|tailpipe|muffler|catalytic)\b)[^.!?]{0,40}\b(rotten eggs?|mixed with eggs?)\b(?![^.!?]{0,30}\b(in (there|the fridge|the trash)|fridge|refrigerator)\b)|sulfur smell|(smell|odou?r|stink)\w*\b[^.!?]{0,20}\b(like )?(a )?skunk|skunk(y)? (smell|odou?r)|smell\w* like (when )?(you )?(leave|left) (the |a )?(stove|burner|gas)( knob)? on|gas smell|gas leak|gas (is |'s )?leaking|gas odou?r|(hiss|hissing|hisses)\b[^.!?]{0,25}\bgas (line|meter|pipe|valve|stove|range)|gas (line|meter|pipe|valve)\b[^.!?]{0,20}\b(hiss|hissing|hisses)|odou?r of gas|leaking gas|smells? like rotten eggs?|rotten egg smell|huele (mucho |fuerte |muy fuerte |bien fuerte |como )?a gas|olor a gas|fuga de gas)\b", RegexOptions.CultureInvariant)]
    private static partial Regex GasRx();

    /// <summary>Just before "gas smell": sewer gas, a drain's smell (a plumber's job, not a leak to leave the house for).</summary>
    [GeneratedRegex(@"\b(sewer|sewage|septic|drain)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SewerGasRx();

    /// <summary>Just before a rotten-egg smell: it is the water that smells ("hot water smells like", "the water from the tap").</summary>
    [GeneratedRegex(@"\b(hot water|the water|my water|our water|tap water|water from the (tap|faucet|shower)|water heater)\s+(\w+\s+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex WaterSmellRx();

    [GeneratedRegex(@"\?\s*(lol|haha|jk|oh|ok|eh)?[\s,.]*(nvm|nevermind|never mind)\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionTakenBackRx();

    /// <summary>
    /// What follows a closing phrase names a job, in at least <paramref name="minWords"/> words of its own ("... ok so our AC
    /// drips water"): the text goes on to the work rather than closing.
    /// </summary>
    private static bool GoesOnToAJob(string rest, UnderstandingContext context, int minWords) => WordRx().Matches(rest).Count >= minWords && ReadService(rest, context) is not null;

    [GeneratedRegex(@"[a-z0-9']+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRx();

    /// <summary>What goes on to deny the call itself ("... called an air conditioning company"), not to a job.</summary>
    [GeneratedRegex(@"^\W*(called|call|contacted|asked|requested|texted|needed|need)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AboutTheCallRx();

    /// <summary>A text (or a sentence of it) that takes something back and goes on with more: "nvm. the ac keeps short cycling", "URGENT toilet clogged!! ok nvm plunger worked. but the sink drains slow".</summary>
    [GeneratedRegex(@"(^|(?<=[.!?]))\W*((ok|oh|lol|haha|actually)\W+)?(nvm|nevermind|never mind)(,? about (that|the \w+))?[\s,.!:;-]+(?<rest>[a-z0-9']+(\s+[a-z0-9',.!?]+){2,})", RegexOptions.CultureInvariant)]
    private static partial Regex NeverMindThenRx();

    [GeneratedRegex(@"\b(came back on|kicked (back )?on|(is |'s )?(working|running|cooling|heating) (again|now|fine now)|started (working|running) again|fixed itself|works (now|again)|it was (just )?the (filter|breaker|battery|switch|gfci))\b", RegexOptions.CultureInvariant)]
    private static partial Regex ResolvedItselfRx();

    [GeneratedRegex(@"\b(but|also|though|however|still need|other than that)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StillAnotherJobRx();

    [GeneratedRegex(@"\b(needs?|is (bad|broken|shot|out|leaking)|are (bad|broken|shot)|broke|not working|isn'?t working|won'?t (work|start|light|stay lit|turn on)|can (you|u|someone|somebody|y'?all))\b", RegexOptions.CultureInvariant)]
    private static partial Regex NeedsDoingRx();

    [GeneratedRegex(@"\b((her|his|their|the owner'?s|owner'?s) name is|(the )?owner is|put (it|this) under (her|his|their|the|my)|under (her|his|their) name|(the )?account is under|make (that|it) [a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex NameForTheRecordRx();

    [GeneratedRegex(@"\b(flooded (it|the engine|the motor|the carb\w*)|from (all the |the )?cranking|cranking it (so much|too much|a lot))\b", RegexOptions.CultureInvariant)]
    private static partial Regex FloodedEngineRx();

    [GeneratedRegex(@"\b(fuel|gas|gasoline)\b[^.!?]{0,20}\b(dripping|leaking|pouring|puddle|spilling)|\b(strong|really strong|very strong|overwhelming) (gas|fuel|gasoline) (smell|odou?r)|\bsmell\w* (of |like )?(gas|fuel|gasoline)[^.!?]{0,15}\b(strong|everywhere|getting worse)", RegexOptions.CultureInvariant)]
    private static partial Regex FuelLeakRx();

    [GeneratedRegex(@"\b(test(ed|ing)?|pressed the test button on) (the |our |my |all the )?(co |carbon monoxide |smoke )?(detectors?|alarms?)\b|\bon purpose\b|\b(that|it) was (just )?(me|us|my \w+|him|her) (just )?test(ing|ed) (it|them|'em)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorTestedRx();

    [GeneratedRegex(@"\b(detector|alarm|monitor)s?\b[^.!?]{0,40}?\b(beeping|beeps|going off|went off|sounding|alarming|screaming|blaring)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AlarmSoundingRx();

    [GeneratedRegex(@"\b(heads? (hurt|hurts|hurting|ache|aches|aching|pounding)|headaches?|dizz(y|iness)|nause(a|ous)|vomit\w*|throwing up|(feel|feels|feeling|felt) (sick|weird|woozy|faint)|light ?headed|passed out)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CoSicknessRx();

    [GeneratedRegex(@"\b((it'?s|its|it was|probably|just|i think it'?s) (just |probably )?(steam|coolant|antifreeze)|steam\b[^.!?]{0,25}\b(coolant|antifreeze|radiator))\b", RegexOptions.CultureInvariant)]
    private static partial Regex SteamRx();

    /// <summary>A caller who gave a wrong number before and writes from the right one: "gave your office the wrong number earlier".</summary>
    [GeneratedRegex(@"\b((gave|left|put down|wrote down|typed) (you |u |your (office|guy|tech|team|company) |the (office|form) )?(the |a |my )?wrong (number|#)|this is the (right|correct) (one|number|#)|(right|correct|new|better) number (is|to reach me)|text me (here|at this number) instead)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RightNumberNowRx();

    /// <summary>The gas smelled was not at the caller's: at a gas station, "not at my house", "nothing here".</summary>
    [GeneratedRegex(@"\b((at|near|by|from) (the|a) gas (station|pump)|not at (my|our) (house|home|place)|nothing (like that )?(here|at (my|our) (house|home|place)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex GasElsewhereRx();

    [GeneratedRegex(@"\b(carbon monoxide|co (alarm|detector|monitor|levels?|reading|warning)|co2 (alarm|detector)|(says|reads|shows|showing|displays?|flashing|flashes) ""?co2?""?(?![\w-]))", RegexOptions.CultureInvariant)]
    private static partial Regex CarbonMonoxideRx();

    [GeneratedRegex(@"\b((basement|house|garage|crawl ?space|cellar|apartment|laundry room)('?s| is| are)? (taking on|filling (up )?with|filling up|full of) water(?!\s*(bottles?|jugs?|heaters?|softeners?|filters?|tanks?|balloons?|guns?|damage))|(?<=\b(water|flood\w*|basement|sump|crawl ?space|cellar)\b[^.!?]{0,60})(\d+|two|three|four|five|six|a few|a couple( of)?) (inch(es)?|feet|ft|foot)( of water)?( and| already)? (climbing|rising|going up)|(\d+|two|three|four|five|six|a few|a couple( of)?) (inch(es)?|feet|ft|foot) of (standing )?water (in|on) (the |my |our )?(basement|garage|house|crawl ?space|cellar|laundry room|living room|apartment|kitchen floor|bathroom floor|floor(?! of the (shower|tub|stall)))(?!\s+(sink|tub|shower|drain|basin))|flood(ed|ing|s)?(?<!\b(engine|motor|carb\w*) (is |got |was |'s )?flood\w*)(?<!\b(outside|outdoor|exterior|led|porch|security|motion|yard|backyard|driveway|garage|two|three|four|both|those|these|old|new) floods)(?!\s*(lights?|lamps?|zone|insurance|plain|sensor|watch|warning)\b)(?!\s+of\s+(calls|texts|emails|messages|requests|orders|people|customers|complaints|questions|work|business|tears|memories|emotions|emails)\b)(?!\s+(the|my|it|its|her|his)\s+(engine|motor|carb\w*)\b)(?!\s+(in|on) (the|my|our) (yard|lawn|street|road|driveway|field)\b)(?!\s+(my|our|the|his|her|their)\s+(inbox|email|e-mail|mailbox|voicemail|phone|dms?|feed|timeline)\b)(?!\s+(me|us|them|him|her|it|my \w+|the \w+|\w+)?\s*with\s+((?!(the|my|our|his|her|their|a|an|some|all)\b)\w+\s+)?(calls|texts|emails|e-mails|messages|requests|orders|ads|spam|mail|notifications|offers|complaints|questions|relatives|family|guests|people|kids|visitors|in-laws|company|tourists|customers|work|boxes|toys|stuff|jobs|appointments|paperwork|homework|bills|patients|clients|students|tickets)\b)(?!(?<=\b(been|i'?m|im|i am|we'?re|we are|i was|we were|so|really|totally|just|busy and) flood\w*)\s+at\s+(work|the office|the shop|the store|the restaurant|the hospital|my job|school)\b)|overflowing (nonstop|non-stop|and won'?t stop)|(going|coming|leaking|pouring|running) (thru|through) the (floor|ceiling) (into|to|of) the (apartment|unit|floor|room|place) below|(?<!\bdrip\w* )water everywhere|(a |like a )?(lake|pond|swimming pool|river) in (the |my |our )?(basement|house|garage|crawl ?space|cellar|laundry room|living room|kitchen)|(?<!\b(shower|tub|bathtub|drain|sink|stall|slow|stand|standing)\b[^.!?]{0,60})up to (my|our|the|his|her) (ankles|knees|shins)(?![^.!?]{0,25}\b(shower|tub|bathtub|stall)\b)|(sewage|sewer water|raw sewage|sewer)('?s| is)? (just |literally |still |now )?(pouring|gushing|spraying|shooting|rushing|coming up|backing up|bubbling up)[^.!?]{0,60}\b(inch(es)?|feet|foot|deep|rising|everywhere|all over)|(?<!\bdrip\w* )water all over|burst(?! of\b)|busted pipe|pipe (burst|broke|busted|exploded|split)|(pipe|water line|water main|main line|supply line)\b[^.!?]{0,25}?\b(split open|ruptured|blew (out|open)|broke open|cracked open|(?<!mini[- ]?)split(?![- ]?(ac|unit|system|heat|level)))|water('?s| is)? (just |literally |still |now )?(pouring|gushing|spraying|shooting|rushing|pouring in)|(inches|inch|ankle deep|knee deep|feet) of water|water[^.!?]{0,40}?\b(inch|inches|foot|feet) deep|(ankle|knee)[- ]deep|(water|it)('?s| is)? (coming|pouring|leaking|dripping|running|gushing|raining) (in |down )?(through|thru|from|out of) (the |my |our |a )?([a-z']+ ){0,2}(ceiling|wall|walls|light fixture)|water (is )?coming in|ceiling is (leaking|dripping|caving)|(?<!\bdrip\w* )water('?s| is| was| got)? (everywhere|all over)|(water|it)('?s| is)? (running|spreading|flowing|pouring|going|getting|seeping) (in)?to (the |my |our )?(hall|hallway|other rooms?|next room|living room|kitchen|basement|garage|bedrooms?|dining room|carpet)|(hose|supply line|water line|fitting)\b[^.!?]{0,15}?\b(popped|blew off|came off|came loose|let go|snapped|ruptured)[^.!?]*\bwater|pipe\b[^.!?]{0,30}?\b(popped|blew|burst|split)\b[^.!?]{0,30}?\b(spray\w*|gush\w*|pour\w*|water)|(it'?s|its|it is|water is|water'?s) (spraying|gushing|shooting)|(heater|tank|pipe|fitting|valve|line)('?s| is) (spraying|gushing)|(floor|basement|garage|room|crawl ?space)('?s| is) filling (up|with water)|water('?s| is)? (already )?in (the |my |our )?(hall|hallway|hallway carpet|carpet|living room|kitchen|bedrooms?|basement)(?! (sink|faucet|toilet|drain))|overflow(ing|ed|s)? (in|on)?to (the |my |our )?(hall|hallway|other rooms?|next room|living room|kitchen|bedrooms?|carpet|floors?)|overflow(ing|s)?\b[^.!?]{0,20}?\b(and )?(it )?(won'?t|wont|will not|doesn'?t|does not) stop|(kitchen|basement|bathroom|laundry( room)?|floor|house|garage|hallway|hall|living room|bedroom)('?s| is| was)( now| like| basically| literally)? (a )?(lake|pool|swimming pool|river|pond)\b|(spilling|spills|spilled|pouring|running) (over )?(onto|into|out into|out onto) (the |my |our )?(bathroom |kitchen |hallway )?(floor|hall|hallway|carpet|other rooms?|next room|living room|bedroom)|se est[aá] inundando|(hay )?agua por todos lados|se inund[oó])\b", RegexOptions.CultureInvariant)]
    private static partial Regex FloodRx();

    [GeneratedRegex(@"\b(blue flash|(big|bright|huge|white) flash(?! of lightning| from (the )?(lightning|storm))(?=[^.!?]{0,30}\b(pop|bang|outlet|switch|panel|breaker|plug|wall|meter))|(?<!\b(arc|afci|welder|welding) )arcing(?! fault)|(wall|outlet|switch|panel|breaker|plug|cord|fixture|wires?|wiring|box|light)\b[^.!?,]{0,20}?\b(smells|smelled|smelling|smelt) (like )?(burnt|burned|scorched)\b(?! (food|popcorn|coffee|cooking|bacon|pizza))|smell(s|ed|ing)? like (an? )?(electrical|electric) fire|smell(s|ed|ing)? like hot wires?|hot plastic (smell|odou?r)|smell(s|ing)? (of |like )?hot plastic|sparks?(?! ?plugs?)(?! joy)|sparking|sparked|burning smell|burning (electrical|electric|rubber) smell|(electrical|electric) (burning )?smell|(burning|melting) (plastic|wires?|wiring|insulation)|(burnt|burned|melted) (plastic|wires?|wiring|insulation) (smell|odou?r)|smell(s|ing)? (like )?(burnt|burned|burning|melted|melting) (plastic|wires?|wiring|insulation)|scorch(ed)?( marks?)?|burn marks?|black marks?|charred|(smell(s|ed|ing)?|smelt) (like )?(something('s| is| was)? ((electrical|electric|plastic|rubbery?) )?)?burning|(smell|odou?r|stink)\w*,? (like|of) burning (rubber|plastic|wires?|wiring|insulation)|(burnt|burned) (smell|odou?r)\b[^.!?,]{0,25}\b(panels?|breakers?|outlets?|plugs?|switch(es)?|wires?|wiring|fixtures?|meters?)\b|something (electrical|electric|plastic)( is| was|'s)? burning|(outlets?|panel|breakers?|plugs?|switch(es)?|wires?|wiring|fixtures?|meter|cords?)\b[^.!?,]{0,20}?\b(has|had|gives off|giving off|with) (a |this |that |some )?(burnt|burned|burning) (smell|odou?r)|something('?s| is) burning|(smell(s|ed)?|smelt) like (burning|smoke)|(a |little |small )flames?|flames? (came|shot|coming)|smoke(?! (break|breaks|shop))|smoking(?! (break|section|area))|(?<!\b(you|u|you guys|you all|y'?all|ya'?ll|they|reviews|team|crew|staff|techs|business|company|guys|wallet|budget|bank account|feet|mouth|tongue|heart|inbox|phone) (are|is|'re|r|was) )(?<!\b(i'?m|im|i am|i was|we'?re|we are) )on fire|caught fire|melted|(?<!\b(kids|we|we'?re|i'?m|im|everyone|everybody|they'?re|he'?s|she'?s|dogs?|family|people) (are |is |am |r )?)melting)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SparksRx();

    [GeneratedRegex(@"\b(ventilator|oxygen (concentrator|machine|tank)|on oxygen|home oxygen|dialysis|life support|medical equipment|bipap|c-?pap)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MedicalDeviceRx();

    [GeneratedRegex(@"\b(power('?s| is| has| was)?( been)? (out|off|down)|no power|lost (all )?power|without power|power went out|power outage|blackout|(generator|generac)\b[^.!?]{0,20}\b(won'?t|wont|will not|doesn'?t|isn'?t) (start|run|kick on|come on))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PowerOutRx();

    /// <summary>A power or service line down: "power line is down in the yard", "the storm knocked the line down", "the wire to the house is hanging", "live wire".</summary>
    [GeneratedRegex(@"\b((power|electric|electrical|service|utility|overhead) ?(lines?|wires?|drop|cables?)|(wires?|lines?|cables?)( going| coming| running)? (in)?to (my|the|our) (house|home|roof|meter))\b[^.!?]{0,25}?\b((is|are|'s|was|were|came|fell|got knocked|been knocked|blew|went|got pulled|got ripped) (down|off)|hanging (down|low|off|loose)|dangling|on the ground|snapped|ripped (off|down|out)|torn (off|down)|pulled (off|down))\b|\b(knocked|brought|pulled|took|ripped|tore|blew) ((down|off) )?(the |a |our |my )?(power|electric|electrical|service|utility|overhead) ?(lines?|wires?|drop|cables?) (down|off)\b|\b(knocked|brought|pulled|took|ripped|tore|blew) (down|off) (the |a |our |my )?(power|electric|electrical|service|utility|overhead) ?(lines?|wires?|drop|cables?)\b|\blive wires?\b|\bdowned (power |electric )?(lines?|wires?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DownedLineRx();

    [GeneratedRegex(@"\bsmoke (detector|alarm)s? (is |are |keeps |keep |kept |started |won'?t stop )?(chirp|beep)", RegexOptions.CultureInvariant)]
    private static partial Regex SmokeDetectorChirpRx();

    /// <summary>Smoke detectors as work to do: installed, hardwired, replaced, added, quoted.</summary>
    [GeneratedRegex(@"\b(install\w*|put in|hard ?wire\w*|wire (in|up)|add\w*|replac\w*|new|upgrad\w*|interconnect\w*|quote|estimate|price|code|inspection|up to code)\b[^.!?]{0,30}\bsmoke (detector|alarm)s?\b|\bsmoke (detector|alarm)s?\b[^.!?]{0,20}\b(install\w*|put in|replac\w*|hard ?wired|interconnect\w*|upgrad\w*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorWantedRx();

    /// <summary>A detector sounding now: going off, beeping, blaring, won't stop.</summary>
    [GeneratedRegex(@"\b(going off|went off|goes off|sounding|blaring|screaming|beeping|won'?t stop|keeps? going off)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorSoundingRx();

    [GeneratedRegex(@"^\s*((and|&|/) (co|carbon monoxide) )?(detector|alarm)s?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorAfterRx();

    /// <summary>What sets a smoke detector off without a fire: its battery, cooking, shower steam, nothing at all.</summary>
    [GeneratedRegex(@"\b(chirp\w*|low batter\w*|batter(y|ies) (is |are )?(low|dying|dead)|(changed|replaced) the batter\w*|cooking|burnt (the )?(toast|food|popcorn|dinner|bacon)|burned (the )?(toast|food|popcorn|dinner|bacon)|shower steam|steam from the shower|for no reason|false alarm|nuisance)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorNuisanceRx();

    /// <summary>Right after a detector: it is silent ("is quiet", "hasn't gone off", "reads 0").</summary>
    [GeneratedRegex(@"^s?\s*((detector|alarm|monitor|sensor)s?\s*)?(is|are|was|'s|has been|have been)?\s*(still |totally |completely )?(quiet|silent|not (going off|beeping|sounding|alarming)|(hasn'?t|has not|didn'?t|did not|never) (gone off|went off|go off|beep\w*|sound\w*|alarm\w*)|(reads?|reading|says|shows|showing) (0|zero|nothing)|fine|ok|okay|normal)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorQuietRx();

    /// <summary>A detector asking for a battery: chirping, "low battery", "changed the battery", "end of life".</summary>
    [GeneratedRegex(@"\b(chirp(s|ing|ed)?|low batter(y|ies)|(changed|replaced|swapped|new) (the |its |a )?batter(y|ies)|batter(y|ies) (is |was )?(low|dying|dead)|end of life|expired|(turned out|turns out) (to be |it was )?(just )?(the |a )?(low |dead |old )?batter(y|ies)|it was (just )?(the |a )?(low |dead |old )?batter(y|ies))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DetectorBatteryRx();

    /// <summary>Signs a CO alarm is real whatever else is said: it is going off or reading, or people feel ill.</summary>
    [GeneratedRegex(@"\b(going off|went off|goes off|alarm(ing)? (won'?t|will not) stop|reading|ppm|headaches?|dizz(y|iness)|nause(a|ous)|vomit(ing)?|throwing up|sick|passed out|faint|sleepy|drowsy)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CoSymptomRx();

    /// <summary>Right before a sign, its denial: "no alarm going off", "nobody's sick", "it isn't reading anything".</summary>
    [GeneratedRegex(@"\b(no|not|nothing|nothing'?s|isn'?t|isnt|hasn'?t|hasnt|never|nobody|nobody'?s|no one|no one'?s|none of us)\s+((alarm|detector|it|one|is|the|us|anyone|feeling|feels|felt)\s+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex NoSignBeforeRx();

    /// <summary>The danger is back or ongoing: a past mention does not make it over.</summary>
    [GeneratedRegex(@"\b(still(?!,)(?! (want|wants|wanted|would like|'d like|like|wanna|could (you|someone|somebody)|need (you|someone|somebody) to (look|check|come)) )|(?<!happens? |happening |got (it|her|him|the car|the truck) (going|running|started|to start) )again|right now|currently|keeps? (on )?(happening|coming back|doing (it|that|this)|smelling|sparking|smoking|leaking|flooding|burning|getting (worse|stronger|bigger)|spreading|going off|beeping|popping|tripping)|getting worse|is (smelling|sparking|flooding|leaking|smoking)|are (sparking|smoking)|came back|is back|started up again|happening now)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StillRx();

    [GeneratedRegex(@"\b(ayer|anoche|yesterday|earlier|this morning|earlier today|last (night|week|month|year|spring|summer|fall|autumn|winter|time|weekend|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?|(days?|weeks?|months?|years?) ago|a while (back|ago)|in the past|previously|back in|over the (weekend|summer))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PastTimeRx();

    /// <summary>Long enough ago that a danger told then is history, not the reason for the call.</summary>
    [GeneratedRegex(@"\b(last (month|year|spring|summer|fall|autumn|winter|january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)|(weeks|months|years) ago|a while (back|ago)|back in (\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|the))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DistantPastRx();

    /// <summary>A past event told as such: "we had a flood", "there was a fire".</summary>
    [GeneratedRegex(@"\b(we had|i had|had an?|there was|there were|(you|u|you guys|y'?all) (fixed|repaired|did|handled|took care of) (a|an|the|our|my)|(flooded|sparked|burst|leaked|caught fire) (back|last|in)|so (it|that) (doesn'?t|does not|won'?t|will not|never) happen again|to prevent)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PastOnlyRx();

    [GeneratedRegex(@"\b(arreglaron|arreglad[ao]|reparad[ao]|ya revisaron|fixed|repaired|resolved|taken care of|took care of|(is|it'?s|its|all|been|everything'?s|everything is) (fine|ok|okay|good|safe) (now|since)|fine since|no problems? since|(hasn'?t|hasnt|has not) (done (it|that)|happened)( again)? since|went away|gone now|cleaned up|cleaned (it|everything) (all )?up|mopped (it )?(all )?up|dried out|all clear|replaced (it|them)\b[^.!?]{0,20}\b(works|working|fine|good|great)|(it|they|everything) (works|work|has worked|'?s worked|'?s been working|has been working) (great|fine|perfect(ly)?|good)|(fire|gas) (dept|department|company) (came|checked|said)|it was the (detector|alarm|battery)( itself)?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ResolvedRx();

    /// <summary>The caller and the car are safe now: home, parked, towed, off the road.</summary>
    [GeneratedRegex(@"\b(got (it|the car|the truck|her|him) (back )?home|made it (back )?home|drove it (back )?home|limped it (back )?home|got home|it'?s (parked )?(in|at) (the|my|our) (driveway|garage|house|home|work|office)|(in|at) (my|the|our) (own )?driveway|(?<!\b(almost|nearly|never|didn'?t|did not|couldn'?t) )made it (in)?to (my|our|the) (own )?(driveway|garage|house|place)|had it towed|got it towed|towed it|i'?m (safe|home)|we'?re (safe|home)|(i'?m|im|we'?re|were) (ok|okay|fine|safe)\b(?!\s+(with|if|to|but|just|physically))|inside the (store|restaurant|building|shop|mall|gas station)|safely|(it'?s|its|it is|car'?s|truck'?s|car is|truck is) (back home|home now|at home now)|(can|could|will|'ll) (get|grab|catch) a ride|getting a ride|(someone|somebody|my \w+)('s| is) (picking me up|coming to get me)|(in front of|outside|by|at) (my|our) (house|home|place|apartment|building))\b", RegexOptions.CultureInvariant)]
    private static partial Regex SafeNowRx();


    /// <summary>Keeping warm meanwhile: "we have space heaters", "we're fine for now".</summary>
    [GeneratedRegex(@"\b(space heaters?(?![^.!?;]{0,30}?\b(can'?t|cant|cannot|isn'?t|isnt|is not|aren'?t|are not|not|doesn'?t|don'?t|won'?t|wont)\s+(keep|help|enough|cut|do|working|make a dent|touch))|fireplace|wood ?stove|(we'?re|i'?m|we are|i am|everyone'?s|everyone is) (fine|ok|okay|good|warm|managing|staying warm) (for now|for the moment|tonight|meanwhile)|staying with (family|friends|my)|(staying|sleeping|going to stay) (at|with) (my|our|a|the|his|her) \w+|(i'?m|we'?re|i am|we are|she'?s|he'?s|she is|he is) (honestly |really |totally |actually |doing )?(fine|ok|okay|good|alright|all right)(?! (but|except|until))(?=\s*([,.!;]|$|for now|tho|though|honestly|really)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex CopingRx();

    /// <summary>Mild weather said in so many words: the calendar's cold months are not an emergency then.</summary>
    [GeneratedRegex(@"\b(not (that |too |very |so |really )?(cold|chilly)|hindi (naman |pa )?malamig|(it'?s|its) (warm|mild|nice) (out|outside|today)|mild (out|outside|weather|today)|warm (out|outside|weather|today)|(?<![:\d])(4\d|5[6-9]|[6-9]\d) ?(°|degrees|deg)? ?(out|outside|today|out there)\b|(5[6-9]|[6-9]\d) (°|degrees|deg) |(6\d|7\d) (in the house|inside|in here)|(like |about |around )?(sixty|seventy|eighty)([- ]\w+)? (degrees )?(out|outside|today|out there|here)|(?<!\b(minus|negative|he'?s|she'?s|they'?re|he is|she is|they are|tech'?s|tech is|guy'?s|i'?m|we'?re|i am|we are|eta|eta is)\s+((like|about|around|maybe)\s+)?)(like |about |around )?(forty|fifty)([- ](one|two|three|four|five|six|seven|eight|nine))? (degrees )?(out|outside|today|out there)\b(?!\s+(min|mins|minutes|away))\b)", RegexOptions.CultureInvariant)]
    private static partial Regex MildRx();

    [GeneratedRegex(@"\b(stranded|stuck on the \d{1,3}\b(?![^.!?]{0,40}\b(in traffic|for (an?|\d+|two|three|hours?) (hours?|min\w*)|hours?)\b)(?=[^.!?]{0,60}\b(died|quit|shut off|dead|won'?t start|broke down|stalled|overheated|smoking|flat)\b)|(i'?m|we'?re|i am|we are) on (the )?(i-? ?\d+|interstate|freeway|highway|hwy \d+|route \d+|the \d{1,3}\b)(?:(?!\b(every|daily|each|commute)\b)[^.!?]){0,60}?\b(died|quit|shut off|shut down|dead|won'?t start|broke down|stalled|overheated)|(slid|went|ran|spun|skidded) (off )?(the road )?into (a|the) ditch|(stuck|sitting) in (a|the) ditch|(slid|spun|skidded|veered|ran|went) (right |clean )?off the (road|highway|hwy|interstate|freeway|pavement)(?! (race|racing|trail|tires?|vehicles?|driving)\b)|(car|truck|van|suv|jeep|it)('?s| is)? (half |partly |partway |halfway )?in (a|the) ditch|(pulled over|stalled( out)?|died|quit|conked out|dead)( right| just)? (on|at|in) [^.,!?]{0,25}?(railroad|train tracks|tracks|rail crossing|highway|hwy|interstate|freeway|turnpike|expressway|i-? ?\d+|route \d+|rte \d+|us-? ?\d+|bridge|(left|right|middle|center|fast|passing|turning|turn) lane|traffic|the tracks|the intersection|an intersection|the middle of the road|on ?ramp|off ?ramp)|stuck (on|at|in) [^.,!?]{0,25}?(highway|hwy|interstate|freeway|turnpike|expressway|route \d+|rte \d+|side of the road|shoulder|exit|off ?ramp|on ?ramp|rest stop|parking lot|parking garage|gas station|i-?\d+|middle of nowhere)|(?<!\b(only|when|while|driving|cruising|going|fine|ok|okay|cold|warm|hot|shakes|shaking|vibrates|vibrating|pulls|pulling|slips|slipping|shifts|shifting|jerks|jerking|clunks|hesitates|hesitating|surges|surging|wobbles|wobbling|drifts|drifting|noisy|loud|whines|whining|rattles|hums|humming|speed|mph|braking|brake|brakes|stopping|accelerating|merging|turning|passing|\d) )on the (side of the )?(highway|interstate|freeway|shoulder)|(side|shoulder) of (the )?(road|highway|hwy|interstate|freeway|turnpike|expressway|route|rte|rt|i-? ?\d+|us-? ?\d+|sr-? ?\d+|state route|county road|[a-z]+ (road|rd|highway|hwy|pkwy|parkway))|broke down (on|at|in)|broken down (on|at|in)|won'?t start and i'?m stuck(?! (at|in|with) (work|the office|my job|a meeting|meetings|traffic|class|school|home))|(i'?m|im|we'?re) stuck(?! (at|in|with) (work|the office|my job|a meeting|meetings|traffic|class|school|home))|stuck out here|no shoulder|(trucks|cars|traffic|semis)( are| is)? (flying|whizzing|zooming|speeding|rushing|blowing) (past|by))\b", RegexOptions.CultureInvariant)]
    private static partial Regex StrandedRx();

    [GeneratedRegex(@"\b(no heat|(heat|heating|furnace|boiler|heat pump|(?<!(water|pool|tank|tankless) )heater)('s| has| have)? been (out|off|dead|down|broken|not working|not heating|not coming on|stone cold)|heat('?s| is)? (completely |totally |just )?(not working|isn'?t working|out|went out|went off|stopped|quit|died|is off|won'?t (come|turn|kick) on|(isn'?t|isnt|is not|not) (coming|turning|kicking) on|(isn'?t|isnt|is not|not) coming(?=\s*([,.!;]|$|and\b|at all\b|out of the (vents?|registers?)\b)))|(?<!(water|pool|tank|tankless) )heater (is )?(not working|isn'?t working|out|quit|died|stopped|broken|broke)|(furnace|boiler|heat pump|(?<!\b(water|pool|tank|tankless|floor|radiant|seat|window|garage|spa|tub|pump|truck'?s|car'?s|van'?s|jeep'?s|vehicle'?s|cabin|aux|auxiliary|rear|engine|block) )heating(?![^.!?]{0,30}\b(truck|car|van|suv|vehicle|jeep|seat|garage|floor|tub|spa|defrost\w*|windshield)\b)|(?<!(water|pool|tank|tankless) )heater)('?s| is| just|'?s just)? (completely |totally )?(conked out|gave out|crapped out|out|dead|not working|isn'?t working|not heating|isn'?t heating|won'?t heat|stopped heating|stopped|quit|died|went out|broken|broke|won'?t (turn on|start|kick on|come on|light|stay on))|heat won'?t (come|turn|kick) on|(furnace|boiler|heat pump|heat|heating|heater)\b[^.!?]{0,12}?\b(is |'s )?(not|isn'?t|can'?t|cannot|won'?t|unable to) keep(ing)? up|(furnace|boiler|heat pump|heat|(?<!(water|pool|tank|tankless) )heater|heating) keeps (shutting|turning|cutting|going) (off|out)|no heating|freezing in (here|the house|my house)|(furnace|boiler|heat pump)\b[^.!?]{0,25}?\b(not doing anything|(isn'?t|is not|wont|won'?t) (doing|do) anything|doing nothing|does nothing|(not|isn'?t|isnt|is not|aren'?t) (firing|kicking|coming|turning) on|won'?t (fire|kick|come|turn) (up|on)|not putting out (any )?heat|stone cold)|(?<!(stopped|not|n'?t|no longer|quit|stop)\s+)blowing cold air|(furnace|heat pump|heat|heater|boiler)\b[^.!?,]{0,25}?(?<!(stopped|not|n'?t|no longer|quit|stop)\s+)\bblowing cold\b(?! air)(?!\s+(now|again))(?![^.!?]{0,40}\b(fine|summer mode|cool(ing)? mode|ac mode|supposed to)\b)|radiators? (are |is )?(stone |ice |completely )?cold|(?<!\b(water|pool|tank|tankless|space|garage|car|truck) )(heat|heating|heater|furnace|boiler)\b(?:(?!\b(ac|a/c|air|but|and|works|working fine)\b)[^.!?,]){0,25}?\b(is not|isn'?t|not|stopped) working|(?<!\b(water|pool|tank|tankless|space|garage|car|truck) )(heat|heating|heater|furnace|boiler) (doesn'?t|does not|won'?t|wont|don'?t) work\b|calefacci[oó]n (no (funciona|sirve|prende|calienta|enciende|jala)|se (apag[oó]|descompuso|muri[oó]))|no (hay|tengo|tenemos) calefacci[oó]n|sira (na )?(po )?(ang |yung |ung )?(heater|heating|furnace)(?!\s+(ng|sa) (tubig|kotse|sasakyan|pool|banyo))|(heater|heating|furnace)( (namin|ko|natin))? (ay )?(sira|patay|ayaw gumana)|(house|home|inside|it)('?s| is)? (down to|only|dropping to|dropped to|already down to) (3\d|4\d|5[0-5])\b(?!\s*(%|percent|dollars|bucks|minutes|mins)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex NoHeatRx();

    [GeneratedRegex(@"\b(ac|a/c|a\.c|air ?conditioner|air ?conditioning|central air|mini ?splits?|cooling)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AcContextRx();

    [GeneratedRegex(@"\b(furnace|heat|heater|heating|boiler|radiator|baseboard)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeatingWordRx();

    /// <summary>The AC (or the cooling) is not working: "ac quit", "AC not cooling", "stopped blowing cold air", "no ac".</summary>
    [GeneratedRegex(@"\b(ac|a/c|a\.c|ac unit|air ?conditioner|air ?conditioning|air ?condition|air ?con|central air|mini ?split|(the|our|my|her|his|their) air|cooling)\b[^.!?]{0,30}?\b(quit|quits|broke|broken|out|dead|died|down|stopped|toast|shot|kaput|busted|fried|crapped out|conked out|gave out|gave up|on the fritz|pa mache|pa travay|sira(ng| na)?|not (working|cooling|running|cold|blowing cold)|isn'?t (working|cooling|running|cold)|is not (working|cooling|running|cold)|won'?t (turn on|cool|work|run|come on)|went out|(blowing|blows?|blew) (only )?(warm|hot))\b|\b(no|not) (ac|a/c|air conditioning|cooling|cold air)\b|\b(stopped|not|isn'?t|no longer) (blowing cold|cooling)\b|\b(el |mi |nuestro )?(aire|a/c|clima|minisplit)( acondicionado)?( ya)? no (funciona|sirve|enfr[íi]a|prende|jala|est[áa] enfriando|echa (aire )?fr[íi]o)|\b(el |mi )?(aire|clima)( acondicionado)? se (descompuso|muri[óo]|apag[óo]|da[ñn][óo])|\bwala (na )?(talagang |nang )?lamig\b", RegexOptions.CultureInvariant)]
    private static partial Regex NoCoolingRx();

    [GeneratedRegex(@"\b(elderly|senior(?! (dog|cat|pet|discount))|grand(mother|father|ma|pa|parents?)|nana(?!'?s (birthday|party|house))|granny|abuel[ao]|av[óô]|(my|ni|ng|si|ang|yung|our|kay|mga|her|his) (lola|lolo)\b|(lola|lolo)('?s| ko| namin| natin)\b|newborn|infant|baby(?! (sister|brother|shower|monitor|gate|carrots?|food|wipes))|tibebe|beb[eé]|not making sense|(is|he'?s|she'?s|seems?|getting|acting|gets) (confused|disoriented|dizzy|lethargic)(?! (why|about|by|as to|on|how|with))|(passed|passing) out|fainted|heat exhaustion|((we have|we'?ve got|we got|i have|i'?ve got|i got|with|my|our|and a|plus a) (a |an )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple( of)?)[- ](day|week|month)s?[- ]old)|heart (problems?|condition|issues)|oxygen|disabled|medical condition|surgery|recovering|pregnant|chemo(therapy)?|cancer|asthma(tic)?|copd|dialysis|bedridden|bed ?bound|hospice|wheelchair|dementia|alzheimer'?s|special needs|respiratory|lung (condition|disease|problems?)|immunocompromised|very sick|medically fragile|paralyzed|paralysed|quadriplegic|paraplegic|spinal cord|can'?t sweat|cannot sweat|(has|have|with) ms\b|multiple sclerosis|parkinson'?s|lupus|heat (makes|aggravates|worsens) (his|her|my|their) (symptoms|condition)|heat[- ]sensitive|(i'?m|i am|he'?s|she'?s|he is|she is|who'?s|who is|(?<!\b(house|home|inside|it|temp|temperature|thermostat|place|upstairs|downstairs|room|apartment|apt|condo|unit|nursery|bedroom|trailer|outside|weather|heat index|index) )(is|are)|aged?) (7\d|8\d|9\d|10\d)\b(?!\s*(°|degrees|deg|in|inside|outside|out))|(6[5-9]|7\d|8\d|9\d|10\d)[- ]?(years?[- ]old|yrs? old|yo)\b|((sixty[- ](five|six|seven|eight|nine))|((seventy|eighty|ninety)([- ](one|two|three|four|five|six|seven|eight|nine))?))[- ](years?[- ]old|yrs? old)\b|((i'?m|i am|he'?s|she'?s|he is|she is|who'?s|who is|aged?|(mom|mother|dad|father|grandma|grandpa|grandmother|grandfather|husband|wife)('s| is))|(?<!\b(house|home|inside|it|temp|temperature|thermostat|place|upstairs|downstairs|room|apartment|apt|condo|unit|nursery|bedroom|trailer|outside|weather|heat index|index|it'?s|its) )(is|are)) (seventy|eighty|ninety)([- ](one|two|three|four|five|six|seven|eight|nine))?\b(?!\s*(°|degrees|deg|in|inside|outside|out))|in (his|her|their|my|our) (late )?(seventies|eighties|nineties))", RegexOptions.CultureInvariant)]
    private static partial Regex VulnerableRx();

    [GeneratedRegex(@"\b((nursery|bedroom|(the |her |his |my |our |their |baby'?s |kids'? )room|living room|apartment|condo|trailer|mobile home)('?s| is| was) (already |like |about |almost |over )?(9\d|1[0-2]\d)(?=\s*(°|degrees?\b|deg\b|f\b|[,.!?;]|$|and\b|in here|inside|now\b|already|today|right now))|(house|inside|home|upstairs|downstairs|the place|it)('?s| is| was) (already |like |about |almost |over )?(9\d|1[0-2]\d)(?!\s*(%|percent|years|yrs|min|minutes|dollars|bucks))\b|(9\d|1[0-2]\d)\s*(°|degrees?\b|degre\b|degr[ée]s\b|grados\b|deg\b|f\b)(?!\s*(elbow|fitting|bend|angle|turn|corner|joint|ell|connector|adapter|street|pipe))|(9\d|1[0-2]\d) (in|inside|outside|out|afuera|adentro|(daw |po |na )?sa (labas|loob))(?=[\s,.!?;]|$)|hace (9\d|1[0-2]\d)\b(?! (a[ñn]os|d[íi]as|minutos|horas|d[óo]lares))|noventa( y (uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))? grados|cien(to)?( y \w+)? grados|(9\d|1[0-2]\d) in (here|the house|her house|his house|their house|(his|her|my|our|their|the) (apartment|apt|place|condo|unit|room|building|office|center|church|store|shop))|(gotta be|must be|has to be|probably|easily) (9\d|1[0-2]\d|ninety|a hundred)\b|(a )?hundred degrees|over (a )?(100|hundred)|(9\d|1[0-2]\d) (today|this week|out there|all week)|thermostat (reads|says|shows|is at|is|at|on) (9\d|1[0-2]\d|ninety|a hundred)\b|(it'?s|its|it is|house is|inside is) (like |about |almost |over |already )?(ninety|a hundred)([- ]and)?([- ](one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty))?\b(?!\s*(and\b|dollars|bucks|percent|%|years|days|weeks|months|for\b|thirty|forty|fifty|sixty|seventy|eighty|ninety))|triple digits|extreme heat|heat ?wave|heat stroke|heatstroke|(ninety|(a |one )?hundred)([- ]and)?([- ](one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty))? (degrees?|out|outside|inside|in here|in the house|today|out here|out there|here|in the (building|office|center|church|store|shop|apartment))|(so|really|very|extremely|unbearably|dangerously|brutally|way too) hot (in|inside)|(apartment|house|place|home|room|condo|unit)('?s| is) (so |really |very |extremely |unbearably |dangerously )hot\b|sweltering|like an oven)", RegexOptions.CultureInvariant)]
    private static partial Regex ExtremeHeatRx();

    // The source is stopped or someone is safe for now: a valve closed, water or gas off, heaters or fans going.
    [GeneratedRegex(@"((^|\b(i|we|he|she|they|ok|okay|finally|just|managed to|was able to)\s+)(found|turned|shut|closed)( off)? (the|a|our|my)\b ?([\w-]+ ){0,3}(valve|shut ?off|main|stop ?cock|breaker|supply|water|gas)\b|\b(it'?s|its|it is|water'?s|water is|the water is|gas'?s|gas is|leak'?s|leak is|it has|it'?s been) (off|stopped|shut off|turned off)( now)?\b|(it )?stopped (now|for now)|(we|i|she|he|they|mom|dad)( a|'?)re? (ok|okay|fine|good|safe|alright|all right) (for now|now|for the night|for tonight)|(we|i)( have|'?ve got| got) (a |some |two |2 )?(space heaters?|fans?|portable (ac|heaters?|air))|(space heaters?|fans?|portable (ac|heaters?)|the fireplace) (going|on|running|for now)|under control|crisis averted|no longer (an emergency|urgent)|it'?s contained|(the )?(gas company|gas utility|utility company|fire department|fire dept|firefighters|fire ?fighters|fd|gas (guy|man|tech))( already)? (came|was here|checked|came out|came by|said)\b[^.!?]{0,40}?\b(all good|all clear|no leak|(it'?s|its|it is|we'?re|we are|everything'?s?|everything is) (safe|fine|ok|okay|good)|nothing (wrong|there|found))\b|(it was|it'?s|its|turned out (it was|to be)) (just |only )?(the |a |my |our )?((garbage|trash|skunk|onions?)\b|(low |dead )?battery(?=[\s.!]*(lol|haha|lmao|oops)?[\s.!]*$)))", RegexOptions.CultureInvariant)]
    private static partial Regex UnderControlRx();

    // "the shut off valve wont turn!!": words about the valve, but nothing is under control.
    [GeneratedRegex(@"\b(won'?t|wont|can'?t|cant|cannot|couldn'?t|doesn'?t|didn'?t|not working|stuck|still (leaking|spraying|pouring|coming|running|going|sparking|smoking|smells?)|getting worse|help)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StillBadRx();

    [GeneratedRegex(@"\b(not (an |a )?emergency|no emergency|not a crisis|no crisis|no es (una )?emergencia|isn'?t an emergency|not urgent any ?more|(?<!\b(not|isn'?t|wasn'?t|no)\s+(a\s+)?)false alarm(?![^.!?]*\?)|not that urgent|not so urgent)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotEmergencyRx();

    [GeneratedRegex(@"(?<![\w-])-\d{1,2} ?(°|degrees|deg|out|outside|today|tonight|this morning)\b|\b([0-9]|[12]\d|3[0-2]) ?(°|degrees|deg)? ?(out|outside|out there)\b(?! of)|\b(freezing|cold(?!\s+air)(?!\s+(night|snap|front|spell|weather)s?\s+(is |are )?(coming|expected|ahead|on the way|tonight|this week))|\d{1,2} below\b|frigid|below zero|degrees in (here|the house)|\d\d? degrees inside|(-?\d|[1-3]\d|(4\d|5[0-5])(?! ?(°|degrees|deg) ?(out|outside|out there|today)\b)) ?(°|degrees|deg)|below freezing|single digits|-\d{1,2} ?(out|outside|today|tonight)|baby|newborn|elderly|(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty)([- ](one|two|three|four|five|six|seven|eight|nine))? (degrees?|below)|(minus|negative) \w+ (degrees|out|outside))\b", RegexOptions.CultureInvariant)]
    private static partial Regex ColdRx();

    [GeneratedRegex(@"\b(no hay prisa|sin prisa|no es urgente|no es (una )?emergencia|no (huge|great|real big) rush|nxt week|not that soon|(any ?time |sometime )?(with)?in the next (\d|two|three|few|couple( of)?) weeks|no hay apuro|no corre prisa|whenever|no rush|not urgent|no (big |real |huge |great )?hurry|no biggie|not a biggie|no big thing|not a big thing|nbd|not in a (rush|hurry)|not in any (rush|hurry)|in no (rush|hurry)|not a (rush|big rush|hurry)|flexible|next week|can wait(?!,? but not (too|that|very|real|super) long)|isn'?t urgent|nothing urgent|no big rush|in a week or two|next month|not super urgent|not that urgent|not (really|real|so|too|very) urgent|not (in )?hurry|any time is fine|anytime is fine|when you can|when you get a chance|at your convenience|in the next couple weeks|(a )?few days is (fine|ok|okay)|(a )?couple (of )?days is (fine|ok|okay)|can wait (a few|a couple( of)?) days|not a (big|huge) deal|no (big|huge) deal|low priority|take your time|no pressure|can live with it|not (pressing|time sensitive)|at your leisure|no real rush|whenever (it'?s |is )?convenient|(sometime |some time )?(in the|next|this coming) (spring|summer|fall|autumn)|sometime (this|next) (spring|summer|fall|autumn))\b", RegexOptions.CultureInvariant)]
    private static partial Regex FlexibleRx();

    [GeneratedRegex(@"\b(emergency|urgent|urgently|asap|a\.s\.a\.p|as soon as (possible|you can)|right away|immediately|today|tonight|this morning|this afternoon|this evening|tomorrow|tmrw|this week|soon|quickly|hurry|need (it|someone|somebody|help)? ?(out )?(here )?(right )?now|(come|get here|be here|out) (right )?now|couple (of )?days|next few days|(can wait|wait),? but not (too|that|very|real|super) long|(within |in )?(a )?few days|day or two|before the weekend|by friday|can'?t wait|cannot wait|(getting|gets|got) worse|worse (every|each) day|before (the )?(holidays?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|thanksgiving|christmas)|by (monday|tuesday|wednesday|thursday|saturday|sunday|the weekend|this weekend|end of (the )?week|tomorrow)|first available|earliest (possible|available|you can|you have|you'?ve got|you got|opening|slot|appointment)|(what'?s|whats|what is) (the )?(earliest|soonest)|earliest is (fine|good|best|ok|okay)|as early as (possible|you can)|this weekend|soonish|(the )?sooner the better|sooner('?s| is) better|esta semana|hoy mismo|lo antes posible|lo m[aá]s pronto posible)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SoonRx();

    [GeneratedRegex(@"\b(yes|yeah|yep|yup|very|pretty|kinda|kind of|sort of|fairly|super|definitely|for sure|it is|ya|yea)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerSoonRx();

    [GeneratedRegex(@"\b(not really|nah|no|nope|it can wait|few days is fine|not too bad|not bad)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerFlexibleRx();

    /// <summary>"idc when", "whichever day", "doesn't matter" as the whole answer to "how soon?" (not "whichever day is soonest", "either way its broken").</summary>
    [GeneratedRegex(@"^\W*(ok(ay)?,? |honestly,? |lol,? )?(idc|i don'?t care|dont care|it doesn'?t matter|doesn'?t matter|does not matter|whichever|any day|either way|whenever you can)( (when|day|which day|what day|really|tbh|lol))?( (works|is fine|is good|works for me))?\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTimeAnswerRx();

    [GeneratedRegex(@"^(yes|yeah|yep|yup|ya|yea|sure|ok|okay|correct|that'?s (right|correct)|sounds good|absolutely|definitely|y)$", RegexOptions.CultureInvariant)]
    private static partial Regex YesRx();

    [GeneratedRegex(@"^(no|nope|nah|not really|n|no sir|no ma'?am)$", RegexOptions.CultureInvariant)]
    private static partial Regex NoRx();

    [GeneratedRegex(@"\b(how much|price|prices|pricing|cost|costs|charge|rate|rates|fee|ballpark|estimate|quote)\b[^.!]*\?|\bhow much\b|\bwhat (do|would) (you|it) (charge|cost)", RegexOptions.CultureInvariant)]
    private static partial Regex PriceRx();

    [GeneratedRegex(@"\b(are you|is this|r u|you) (a |an )?(bot|robot|ai|real person|human|automated|computer|machine)\b|\bam i (talking|texting) (to|with) (a )?(bot|robot|real person|human|person|computer)", RegexOptions.CultureInvariant)]
    private static partial Regex BotRx();

    [GeneratedRegex(@"\b((speak|talk|chat) (to|with) (a |an |the |your )?(real |actual |live )?(person|human|someone|somebody|manager|owner|supervisor|tech|technician|guy|mechanic|plumber|electrician|boss)|(can|could|may) i (just |please )?(speak|talk) (to|with) (?!(you|u|y'?all|ya|her|him|them|it|that|this|there|mom|mum|dad|mother|father|wife|husband|son|daughter|kids|tomorrow|today|tonight|later|soon|myself|anyone|anybody|my|your|the|a|an)\b)[a-z]+(?=\s*(please|pls|plz)?\s*\?)|real person|actual person|live person|(real|actual|live) human|(put|get|patch|transfer) me (through )?to (a |an |the |your )?(human|person|owner|boss|manager|someone|somebody|mechanic|plumber|electrician)|put (a|an|the) (real )?(human|person|manager|owner) on|(just|please|pls|plz) call( me)?(?! (back )?(if|when|after|before))(?=\s*([,.!;]|$|instead|asap|i'?m|im|thanks|thx))|call me instead|(?<!property )manager(?! here(?:[.,!;]|\s*$))|supervisor|complaint|complain|ridiculous|unacceptable|terrible|horrible|worst|lawyer|lawsuit|sue you|scam|refund|(want|need|give me|i'?d like) (my )?money back|(?<!\b(before|than|unlike|other) )(you|u|y'?all|your (tech|guy|guys|company|man)) charged me [^.!?]{0,30}\b(and|but) (didn'?t|didnt|did not|never) (fix|do)|(text|send|get) me (a|an) (human|real person|person)(?!-)|on hold with (your|ur|you guys'?|the) (office|company|line|team|people)|on hold for (ages|forever|an hour|over an hour|\d+ (min|mins|minutes|hours?))|pode me ligar|podem me ligar|me lig(a|ue|uem)|prefiro falar|falar por telefone|позвоните мне|позвони мне|перезвоните|можно мне позвонить|tawagan (mo |niyo |nyo )?(na lang )?ako|zadzwońcie|proszę zadzwonić|gọi (lại )?cho (tôi|em|mình)|warranty|insurance|wtf|pissed|furious|fed up|upset|angry|not happy|unhappy|disappointed|can (someone|somebody|you|u) (just )?call|telephone me|(get|have) a (phone )?call instead|(rather|prefer to) (explain|talk|discuss|go over)( it| this| that)? (on|over) the phone|have (someone|somebody) (call|phone|ring)|(phone|ring) me\b(?! (if|when|after|before))|(need|want|would like|wanna|have) to (speak|talk) (to|with) (?!(you|u|ya|y'?all|the ai|a bot|my|our|his|her|their|the|them|him|it|me|us|wife|husband|hubby|landlord|family)\b)[a-z]+\b(?! (about|regarding|re|first|before)\b)|give me a call|gimme a call|give me a ring|ring me( back)?|(someone|somebody) (to )?pick up the phone|(have|get) (the|your) (mechanic|tech|technician|plumber|electrician|owner|guy|boss) (to )?call me|(speak|talk) (to|with) whoever|gimme a ring|(get|have) (someone|somebody|a person|a human|a real person) on the phone|whoever('?s| is) in charge|(talk|speak) (to|with) (someone|somebody) in charge|can i (talk|speak) (to|with) (someone|somebody|a person)|(hablar|habla|hable) (por tel[eé]fono )?con (una persona|alguien|un humano)|prefiero hablar|hay alguien que hable|rather talk|prefer to talk|prefer a call|rather (have|get) a call|(himself|herself|personally) (to )?(call|phone|ring|reach)|(want|like|need|have|get|ask) (him|her|the owner|the boss|\w+ (himself|herself)) to (call|phone|ring|reach out|give me a call))\b", RegexOptions.CultureInvariant)]
    private static partial Regex HumanRx();

    [GeneratedRegex(@"(?<!\b(don'?t|dont|do not|never|not|will|'ll|gonna|going to|to)\s+)\b(call|phone|ring) (her|him|my (mom|dad|mother|father|wife|husband|grandma|grandpa|grandmother|grandfather|aunt|uncle))( back)? (at|on) (this|the same|that) (number|phone|cell)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CallThemRx();


    [GeneratedRegex(@"\bcall me\b(\s+(back|asap|please|pls|plz|instead|now|today|tomorrow|later|at|when|on|before|after|around|if|first|this|it'?s|its|\d))?\s*(?:[.!?,]|$|\s+(back|asap|please|at|when|\d))", RegexOptions.CultureInvariant)]
    private static partial Regex CallMeBackRx();

    [GeneratedRegex(@"(?<!(?i:last|family)\s)(?i:\b(?:my name is|my name'?s|my name(?=(?-i:\s+\p{Lu}))|mwen (?:se|rele)|non mwen se|(?:my |the )?(?:first|full) name(?: is|'s)?|name is|name'?s|names|name\s*:|me llamo|mi nombre es|meu nome [ée]|me chamo|je m'appelle|mon nom est|меня зовут|nazywam się|mam na imię|(?:ang )?pangalan ko(?: po)?(?: ay)?|(?:em |con |anh |chị )?tên (?:tôi|em|của tôi|anh|chị|con)? ?là(?!\s+gì)|(?:aqui |alô,? )?é (?:o|a)(?=\s+(?-i:\p{Lu})\p{L}+(?:\s+\p{L}+)?\s*(?:[,.!]|$))|(?<=^|[.,!]\s*)tu(?: jest)?(?=\s+(?-i:\p{Lu}\p{Ll}+\s+\p{Lu}))|dis (?:is|a)|(?:le )?habla(?![,\s]+(?:espa|ingl|english|spanish))|put it under|put (?:it|this|that) under the name(?: of)?|under the name(?: of)?|(?:the )?account is under)[,\s]+)" + Honorific + @"(?<n>\p{L}[\p{L}'\-]+(?:" + NameLink + @"\s+\p{L}[\p{L}'\-]+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex MyNameIsRx();

    [GeneratedRegex(@"^\s*(?<n>\p{L}[\p{L}'\-]+(?:\s+\p{L}[\p{L}'\-]+){0,2})\s+is\s+(?:her|his|my|their|the)\s+name\b|\b(?i:(?:the |my |our )?(?:tenant|renter|resident|occupant)(?:'s name)?\s+is|(?:the )?contact(?: person)? is|(?:the )?owner(?:'s name)? is|make (?:that|it))\s+(?<n>\p{Lu}[\p{L}'\-]+(?:\s+\p{Lu}[\p{L}'\-]+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex NameTheirsRx();

    /// <summary>
    /// "this is", or "it's" where a greeting would stand: opening the text or a sentence, after a dash, after hi/hey/ok/sorry
    /// and the like, or after a comma when the name ends the text or "here/from/at/btw" follows ("its chill", "when its
    /// hottest" name no one).
    /// </summary>
    private const string ThisIsIntro = @"(?i:\b(?:this is|(?<=(?:^|[.!?]\s*|[-–—]\s*|\b(?:hi|hey|hello|yo|oh|ok|okay|k|kk|sorry|yes|yeah|yea|ya|yep|yup|thx|thanks|lol|morning|afternoon|evening|there|again|bonjou|hola|buenas|typo|my bad|actually|oops|whoops|correction|wait|no|autocorrect)[,!.]?\s+))(?:it'?s|its)|(?<=\b(?:bonjou|bonjour|alo|allo|oi|olá|ola|ciao|hallo|salut|hola|buenas|hi|hello|hey|dzień dobry|dzien dobry|bom dia|boa tarde)[,!.]?\s+)(?:c'est|cest|(?-i:[Ss]e)|(?:aqui\s+)?[ée]\s+(?:o|a)|sono|ich bin|hier ist|jestem|ako si)|(?<=,\s*)(?:it'?s|its)(?=[,\s]+\p{L}[\p{L}'\-]+(?:\s+\p{L}[\p{L}'\-]+)?(?:\s+(?:here|from|at|calling|texting|btw)\b|[\s.!]*$)))[,\s]+)";

    [GeneratedRegex(ThisIsIntro + Relation + Honorific + @"(?!(?i:this is|it'?s|its)\b)(?<n>\p{L}[\p{L}'\-]+(?:" + NameLink + @"\s+\p{L}[\p{L}'\-]+){0,2})(?=\s*(?:[,.!]|\-(?!\p{L})|$|\s+(?:here|from|and|at|i|I|my|calling|texting|again|back|if)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex ThisIsRx();

    /// <summary>An introduction in English ("this is", "it's"): in another language only a capitalized name is read after it.</summary>
    [GeneratedRegex(@"(?i)\b(this is|it'?s|its)\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishIntroRx();

    [GeneratedRegex(@"^\s+(?i:lol|lmao|haha|btw)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LolAfterRx();

    [GeneratedRegex(@"(?i)\b(lol|lmao|haha|btw)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LolWordRx();

    [GeneratedRegex(@"\b(?:sorry|no|i mean|actually|wait|oops|correction)[,.!\s]+(?:(?:no|sorry|i mean|actually|wait)[,.!\s]+)*(?=(?:this is|it'?s|its|i'?m|im|my name is)\b)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SelfCorrectedIntroRx();

    [GeneratedRegex(ThisIsIntro + @"(?<n>\p{Lu}[\p{Ll}'\-]+(?:\s+\p{Lu}[\p{Ll}'\-]+)?)(?=\s+\p{Ll})", RegexOptions.CultureInvariant)]
    private static partial Regex ThisIsCapitalRx();

    /// <summary>An initial or a particle between the words of a name: "Leonard J. Pfeiffer", "Lorraine St. Clair", "Ana de la Rosa".</summary>
    private const string NameLink = @"(?:\s+(?:\p{Lu}\.|\p{Lu}(?=\s)|(?i:st\.|de|del|della|la|le|van|von|der|den|di|da|du|dos|bin|ibn))(?=\s+\p{Lu}))*";

    /// <summary>A courtesy title before a name, written or said: "Mr.", "Mrs", "Dr", "Doctor", "Missus", "Mister".</summary>
    private const string Honorific = @"(?:(?i:mr|mrs|ms|miss|dr|mister|missus|misses|doctor|pastor|deacon|deaconess|father|fr|reverend|rev|sister|brother|bishop|elder|rabbi|imam|minister|" + Rank + @")\.?\s+)?";

    /// <summary>
    /// A rank said before the name ("Staff Sergeant Devonte Harris", "SSG Anthony Pham", "TSgt Rachel Ocampo", "Cpl Jaylen
    /// Frazier"): military (Army, Air Force, Marines, Navy) and a few civil ones; no part of the name to put down.
    /// </summary>
    private const string Rank = @"(?:(?:staff|master|first|1st|second|2nd|technical|tech|senior|lance|gunnery|petty|chief|command|chief petty|senior chief petty|master chief petty|chief warrant|command sergeant)\s+)?(?:sergeant(?:\s+major)?|sgt|corporal|airman|officer|lieutenant|warrant officer)"
        + @"|pvt|pv2|pfc|spc|cpl|lcpl|ssg|ssgt|sfc|msg|msgt|1sg|sgm|csm|tsgt|smsgt|cmsgt|gysgt|sra|a1c|amn|po[123]|cpo|scpo|mcpo|ltjg|1lt|2lt|capt|cpt|maj|ltc|lcdr|cdr|ens|wo1|cw[2-5]|captain|colonel|seaman|ensign|admiral|detective|trooper|professor|prof";

    /// <summary>Who the caller is to the person the work is for, before their name: "I'm her daughter Carmen Ortiz", "this is his wife, Ana".</summary>
    /// <summary>"..., I'm his granddaughter", "... im the tenant": who the texter is to the customer, after their name.</summary>
    [GeneratedRegex(@"[,\s]+(?i:i'?m|im|i am)\s+(?i:his|her|their|the|your)\s+(?i:daughter|son|husband|wife|partner|grandson|granddaughter|niece|nephew|neighbou?r|caregiver|caretaker|brother|sister|mom|mother|dad|father|roommate|girlfriend|boyfriend|tenant|landlord|property manager|owner)\b.*$", RegexOptions.CultureInvariant)]
    private static partial Regex RelationTailRx();

    private const string Relation = @"(?:(?:(?i:her|his|their|the|your)|\p{Lu}\p{Ll}+'s)\s+(?i:daughter|son|husband|wife|partner|grandson|granddaughter|niece|nephew|neighbou?r|caregiver|caretaker|brother|sister|mom|mother|dad|father|roommate|girlfriend|boyfriend)\s*,?\s+)?";

    [GeneratedRegex(@"(?<a>\b\p{L}[\p{Ll}'\-]+)\s+(?:and|&)\s+(?<b>\p{L}[\p{Ll}'\-]+\s+\p{L}[\p{L}'\-]+)(?=\s*(?:[,.!\-]|$|\s+(?:here|from|at|calling|again)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex CoupleRx();

    [GeneratedRegex(@"(?i:\b(this is|it'?s|its|we'?re|we are|names are|name is|names|name'?s|this|from)[,\s]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NameCueRx();

    [GeneratedRegex(@"(?:^|[.!?,]\s*)(?<n>\p{Lu}[\p{Ll}'\-]+(?:" + NameLink + @"\s+\p{Lu}[\p{Ll}'\-]+)?)(?:\s+(?:at|@|from)\s+|,\s*)\d", RegexOptions.CultureInvariant)]
    private static partial Regex NameAtAddressRx();

    [GeneratedRegex(@"(?i:\b(?:call me|you can call me|ask for|just ask for)\s+)" + Honorific + @"(?<n>\p{L}[\p{L}'\-]+(?:\s+\p{Lu}[\p{L}'\-]+)?)(?=\s*(?:[,.!]|$|\s+(?i:when|at the door|if|at)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex CallMeRx();

    [GeneratedRegex(@"(?:^|[,.!]\s*|(?i:\b(?:hi|hey|hello|yo)\b),?\s+)(?<n>\p{L}[\p{L}'\-]+(?:\s+\p{L}[\p{L}'\-]+)?)\s+(?i:here|aqu[ií])\b", RegexOptions.CultureInvariant)]
    private static partial Regex NameHereRx();

    [GeneratedRegex(@"(?:^|[,.!]\s*|(?i:\b(?:hi|hey|hello|yo|yeah|yes)\b),?\s+)(?<n>\p{Lu}[\p{Ll}'\-]+(?:\s+\p{Lu}[\p{L}'\-]+)?)\s+(?:calling|speaking)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NameCallingRx();

    /// <summary>The first name spelled out, then the surname: "Kathleen, K A T H L E E N, Brody".</summary>
    [GeneratedRegex(@"\G\s*,?\s*(?<sp>(?:[A-Za-z][\s.\-]+){2,}[A-Za-z])\s*,\s*(?<s>\p{Lu}[\p{Ll}'\-]+)(?=\s*(?:[,.!\-]|$|\s+(?:here|from|and|at|i|my|calling|again|the|our|we)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledThenSurnameRx();

    /// <summary>The surname given on its own after the first name: ", last name Ostrowski", "and my surname is Kim".</summary>
    [GeneratedRegex(@"\G\s*[,.]?\s*(?:(?i:i spell it|i'?ll spell it|spelled|spelt|that'?s)[,:\s]+)?(?:(?:[A-Za-z][\s.\-]+){2,}[A-Za-z]\s*[,.]\s*)?(?i:and\s+)?(?i:my\s+|the\s+)?(?i:last name|surname|family name)(?:\s+is|'s|\s*:)?[,\s]+(?<s>\p{L}[\p{L}'\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex LastNameRx();

    /// <summary>A capitalized full name (two or three words) anywhere in a stretch of text.</summary>
    [GeneratedRegex(@"(?<![\p{L}'])(?<n>\p{Lu}[\p{Ll}'\-]+(?<!'s)(?:\s+\p{Lu}[\p{L}'\-]*\p{Ll}[\p{L}'\-]*(?<!'s)){1,2})(?![\p{L}'])", RegexOptions.CultureInvariant)]
    private static partial Regex LaterFullNameRx();

    /// <summary>The caller talks about their name ("does it matter what my name is", "the name? Ray"): what follows may be it.</summary>
    [GeneratedRegex(@"(?i)\b(my|the|your) name\b|\bname\s*\?", RegexOptions.CultureInvariant)]
    private static partial Regex NameTalkRx();

    /// <summary>A run of words between punctuation or what was already read (blanked out as two spaces or more).</summary>
    [GeneratedRegex(@"[^\s,.;:!?()\n""]+(?: [^\s,.;:!?()\n""]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex NameSegmentRx();

    /// <summary>Courtesies and corrections around a name standing on its own: "sorry, Jessica Varga", "Jolene Pruitt sorry", "ok fine Ray".</summary>
    [GeneratedRegex(@"^(?:(?i:sorry|actually|ok|okay|fine|lol|lmao|haha|oops|yes|yeah|sure|so|oh|its|it's|it is|this is|thanks|thank you|thx|my bad|and)[,.!\s]+)+|(?:\s+(?i:sorry|actually|lol|lmao|haha|here|thanks|thx|please|pls|again|too))+$", RegexOptions.CultureInvariant)]
    private static partial Regex StandingFillerRx();

    /// <summary>A word written as a name is: "Lyle", "O'Brien", "McDonald", "Amberson-Cole", "Ng" (not "URGENT", not "lol").</summary>
    [GeneratedRegex(@"^(?:\p{Lu}\p{Ll}+(?:['\-]\p{Lu}?\p{Ll}+)*|O'\p{Lu}\p{Ll}+|(?:Mc|Mac)\p{Lu}\p{Ll}+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TitleWordRx();

    [GeneratedRegex(@"(?i:\b(?:i'?m|i am|im|soy)\s+)" + Relation + @"(?<n>\p{L}[\p{L}'\-]+(?:\s+Two(?=\s+\p{Lu}))?(?:\s+\p{L}[\p{L}'\-]+)?)(?=\s*(?:[,.!\-]|$|\s+(?:and|my|at|the|i|we|our|from|lol|lmao|haha|btw)\b|\s+\d))", RegexOptions.CultureInvariant)]
    private static partial Regex ImRx();

    [GeneratedRegex(@"(?:(?i:\b(?:thanks|thank you|thx|(?<!^\s*)ty|regards|cheers))[,!.]?\s+|\s-\s*|\n-?\s*)(?<n>\p{L}[\p{L}'\-]+(?:\s+\p{L}[\p{L}'\-]+)?)\s*[.!]*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureRx();

    [GeneratedRegex(@"^(?:(?:it'?s|its|this is|my name is|name is|name'?s|i'?m|im|i am|sure|ok|okay|yes|yeah|hi|hey|oh|sorry|the name is|hola|soy|me llamo|buenos d[ií]as|buenas tardes|buenas noches|buenas)\b[,\s]*)+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingFillerRx();

    /// <summary>Capitalized single words people send that are not names.</summary>
    [GeneratedRegex(@"^(?i:hello|hola|thanks|thank|great|perfect|cool|nice|awesome|sure|yes|yeah|nope|okay|alright|whatever|tomorrow|today|tonight|morning|afternoon|evening|weekend|weekdays?|asap|urgent|emergency|help|stop|cancel|unsubscribe|quit|end|info|start|why|what|who|where|when|how|huh|seriously|wow|lol|lmao|ugh|done|fine|good|bad|soon|later|never|maybe|please|sorry|ok|hvac|plumber|plumbing|electrician|mechanic|furnace|heater|toilet|sink|drain|brakes|battery|outlet|ac|bye|goodbye|understood|noted|gotcha|deal|agreed|exactly|correct|right|true|welcome|np|ty|yw|no|yep|yup|nah)$")]
    private static partial Regex NotANameWordRx();

    [GeneratedRegex(@"^\p{L}[\p{L}'\-]*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NameWordRx();

    [GeneratedRegex(@"\b((?:the )?(?:end|middle|beginning|start|first part|back half) of (?:the |this |next )?week|(?:later|early|earlier|late|mid) (?:this|next) week|(?:sometime |some time )?(?:in )?(?:the )?next (?:few|couple(?: of)?|2|two|3|three) (?:days|weeks)|(?:in )?(?:a|the next) (?:few|couple(?: of)?) weeks|(?:next|this) month|in (?:2|two|3|three) weeks|(?:on )?the (?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?!\s+(?:floor|story|street|st|ave|avenue|grade|time|gen|generation|party|gear|row|place|attempt|try|call|text|one))|today|tonight|tomorrow's|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|this weekend|next weekend|the weekend|weekends|weekend|next week|this week|(?:next |this |on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|weekdays?|week days?|(?:mon|tues|tue|weds|wed|thurs|thur|fri|sat|sun)(?=\.?\s+(?:morning|afternoon|evening|am|pm|after|before|around|at|\d))|(?:tues|thurs|weds)|(?:mon|tue|wed|thu|thur|fri|sat|sun)(?=\s*(?:or|/|,|&|and)\s*(?:mon|tue|wed|thu|fri|sat|sun))|(?<=\b(?:or|and)\s|\b(?:mon|tue|wed|thu|thur|fri|sat|sun)/)(?:mon|tue|wed|thu|thur|fri|sat|sun)(?!\w)|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2}/\d{1,2}(?!/?\d{3}))\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayRx();

    [GeneratedRegex(@"\b(asap|a\.s\.a\.p|(as )?soon as (possible|you can|u can|(you|u) guys can|y'?all can|(any|some)(one|body)('s| is)? (can|could|is free|free|available))|right away|immediately|within (the|an) hour|in the next (hour|hour or two|couple (of )?hours)|in an hour or (so|two)|(what'?s|whats|what is) (the )?(earliest|soonest)( (you|u) (have|got|can)| (opening|slot|appointment|availability|time))?|earliest is (fine|good|best|ok|okay))\b", RegexOptions.CultureInvariant)]
    private static partial Regex AsapSaidRx();

    [GeneratedRegex(@"\bor\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrWordRx();

    [GeneratedRegex(@"^(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortDayOnlyRx();

    /// <summary>Between two days: they are offered as choices or together ("monday or tuesday", "sat and sun", "mon/wed").</summary>
    [GeneratedRegex(@"\b(or|and|nor|either)\b|[/&]", RegexOptions.CultureInvariant)]
    private static partial Regex ChoiceLinkRx();

    /// <summary>Just after a day: the caller says it suits ("would be ideal", "works", "is best", "if possible").</summary>
    [GeneratedRegex(@"^[\s,]*(?:(?:morning|afternoon|evening|night|early|late)\s+)?(?:(?:would|will|should|could)\s+(?:be\s+|work\b)|is\s+|'s\s+|are\s+)?(?:ideal|best|perfect|great|good|better|works?|fine|preferred|okay|ok)\b|^[\s,]*if (?:possible|you can|u can)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SuitsAfterRx();

    /// <summary>"Early" said with a day: "tomorrow early", "early monday" (not "early next week", a day phrase of its own).</summary>
    [GeneratedRegex(@"(?<=\b(?:tomorrow|tmrw|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s)early\b(?!\s+(?:next|this|in|on)\b)|\bearly\s+(?=(?:tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex EarlyDayRx();

    [GeneratedRegex(@"(?<!\bgood\s)\b(before (?:noon|lunch|lunchtime|midday)|after ?noon|this morning|this afternoon|this evening|first thing in the morning|first thing|early morning|(?<!^\W*)mornings?|^\W*mornings|^\W*morning(?!,?\s+(this is|it'?s|its|my name|i'?m|im|hi|hey|folks|guys|y'?all)\b)|afternoons?|evenings?|after work|after lunch|lunchtime|lunch|noon|midday|in the (?:am|a\.m|pm|p\.m)(?!\w)|(?<=\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|tmrw|weekends?|weekdays?)\.?\s)(?:am|pm))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PartOfDayRx();

    private static Regex ClockRx() => ClockRxFiltered;

    // A bare number is a time only with a preposition or am/pm ("after 3", "10am"), never "3 bedrooms".
    private static readonly Regex ClockRxFiltered = new(
        @"(?<!\b(?:don'?t|do not|dont|never|no) (?:text|txt|call|message|msg)(?: me)?\s+(?:(?:after|before|past)\s*)?)(?:(?<prep>\b(?:after|before|around|arround|aroud|round|about|by|at|@|till|until|from|between)\s*)\b(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\d))?\s*(?<ap>am|pm|a\.m\.?|p\.m\.?)?|\b(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\d))?\s*(?<ap>am|pm|a\.m\.?|p\.m\.?)|(?<![\d/-])\b(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\d))?(?=\s*-\s*(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:am|pm|a\.m|p\.m))|(?<![\d/-])(?<!\b(?:shift|work|works|working|job|class|classes|school|hours|busy|off)(?:\s+(?:is|are|from))?\s+)\b(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\d))?(?=\s*(?:-|to)\s*(?:1[0-2]|0?[1-9])(?!\d)(?::[0-5]\d)?\s+(?:tomorrow|tmrw|today|tonight|on\s+\w+day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)|(?<=\b(?:tomorrow|tmrw|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\s+)(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\d))?(?=\s*(?:-|to)\s*(?:1[0-2]|0?[1-9])(?!\d)(?::[0-5]\d)?(?!\s*(?:am|pm|a\.m|p\.m|years?|yrs?|days?|weeks?|wks?|months?|hours?|hrs?|mins?|minutes?|ago|degrees?|miles?|times?|\w+\s+ago)\b)))(?:\s*(?:-|to|and)\s*(?<h2>1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?<ap2>am|pm|a\.m\.?|p\.m\.?)?)?(?![\d:/]|\s*(?:years?|yrs?|yo|days?\b|weeks?\b|months?|hours?|hrs?|mins?|minutes?|degrees?|miles?|%|percent|bed|bath|story|stories|kids|people|tons?|units?|cars?|times?|k\b|x\b|th\b|st\b|nd\b|rd\b|o'?clock))",
        RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^(?:(?:any|whenever|anytime|today|tonight|tomorrow|tmrw|morning|mornings|afternoon|afternoons|evening|evenings|noon|lunch|monday|tuesday|wednesday|thursday|friday|saturday|sunday|sat|sun|weekend|weekends|weekday|weekdays|only|this|next|after|before|around|in|the|please|pls|plz|if|possible|works|work|is|fine|good|ok|okay|or|and|/|am|pm|mon|tue|tues|wed|thu|thur|thurs|fri|sorry|oops|actually|wait|i mean|i meant|make (?:it|that)|instead|\d{1,2}(?::\d\d)?\s*(?:am|pm)?)[\s,!.?]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DayOrPartOnlyRx();

    [GeneratedRegex(@"\b(any ?time|whenever|any day|flexible|anything works|whatever works|all day)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AnytimeRx();

    [GeneratedRegex(@"\b(asap|a\.s\.a\.p|(as )?soon as (possible|you can|u can|(you|u) guys can|y'?all can|(any|some)(one|body)('s| is)? (can|could|is free|free|available))|right away|within (the|an) hour|in the next (hour|hour or two|couple (of )?hours)|in an hour or (so|two)|now|soonest|earliest|first available|soonest available)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AsapRx();

    [GeneratedRegex(@"\b((today|tonight|tomorrow|tmrw|(mon|tues|wednes|thurs|fri|satur|sun)day|weekend)s? (pls|plz|please)|any (mon|tues|wednes|thurs|fri|satur|sun)day|looked at|if at all possible|(today|tonight|tomorrow|tmrw|day|morning|afternoon|evening) (is|are) (ok|okay)|drop(ping)? (it |her |him |the car |the truck )?off|drop ?off|bring (it|her|him|the car|the truck) (in|by|over)|pueden|puede|venir|come|coming|come out|come by|stop by|stop (at|over)|come over|swing by|send someone|available|free|work|works|working|good|fine|best|prefer|schedule|appointment|appt|book|slot|time|be here|be there|be home|i'?m home|im home|home|around|after|before|anytime|any time|sometime|open|if (you|u) can|can (you|u|someone|somebody)|could (you|u|someone|somebody)|out here|out there|get here|make it|if possible|any (morning|afternoon|evening|day|weekday)|maybe|hopefully|ideally|preferably|preferred|some ?time|how about|what about|would be (great|ideal|best|good|nice|perfect|better)|(is|are|works|work) better|could do|can do|make (it|that)|(change|move|switch|push) (it|that)( to)?|instead|i meant|i'?m free|we'?re free|bring it( in)?|drop it off|look at it|take a look|check it( out)?|see it|need [a-z/-]+( [a-z/-]+)? (done|fixed|looked at|checked|serviced|replaced|installed|repaired),? (on )?(today|tonight|tomorrow|tmrw|(mon|tues|wednes|thurs|fri|satur|sun)day|this week|next week|this weekend|next weekend|the weekend)(?!\s+(was|were|has|had|got|is|went))|need (it|someone|somebody|you|u|a tech|this|maintenance|service|servicing|(a|an|the|my|our) [a-z/-]+( [a-z/-]+){0,2})( (done|fixed|looked at|out|here|seen))?,? (today|tonight|tomorrow|tmrw|(mon|tues|wednes|thurs|fri|satur|sun)day|this week|next week|this weekend|next weekend|the weekend)(?!\s+(was|were|has|had|got|is|went))|quiero|queremos|necesito|necesitamos|para el)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeCueRx();

    private static readonly HashSet<string> NotNames =
    [
        "nobody", "somebody", "someone", "anyone", "anybody", "everyone", "everybody", "noone", "moi", "toi", "lui", "eux", "instead",
        "cabinet", "cabinets", "floor", "floors", "soaked", "update", "updated", "spam", "harassment", "overdue",
        "a", "an", "the", "and", "or", "but", "so", "if", "my", "your", "our", "their", "his", "her", "its", "it", "this", "that", "these", "those",
        "i", "im", "i'm", "i'd", "i'll", "i've", "me", "we", "you", "u", "he", "she", "they", "them", "us", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
        "have", "has", "had", "not", "no", "yes", "yeah", "yep", "yup", "nope", "nah", "ok", "okay", "sure", "thanks", "thank", "thx", "ty", "please", "pls", "plz",
        "hi", "hey", "hello", "yo", "sorry", "just", "still", "also", "too", "very", "really", "so", "pretty", "kinda", "actually", "here", "there", "home",
        "out", "outside", "inside", "in", "on", "at", "by", "for", "from", "with", "about", "to", "of", "up", "down", "over", "back", "again", "now", "then",
        "today", "tonight", "tomorrow", "tmrw", "morning", "afternoon", "evening", "night", "week", "weekend", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "asap", "urgent", "emergency", "soon", "later", "whenever", "anytime", "flexible", "available", "free", "busy", "working",
        "work", "calling", "texting", "looking", "trying", "wondering", "having", "getting", "going", "gonna", "need", "needing", "want", "wanting", "got",
        "good", "fine", "great", "bad", "not", "sure", "sick", "tired", "stuck", "stranded", "locked", "new", "old", "the", "owner", "renter", "tenant",
        "landlord", "homeowner", "customer", "calling", "texting", "ac", "heat", "furnace", "car", "truck", "water", "sink", "toilet", "leak", "leaking",
        "broken", "broke", "down", "done", "ready", "interested", "glad", "happy", "upset", "confused", "afraid", "worried", "concerned", "call", "text",
        "hoping", "planning", "thinking", "off", "away", "gone", "moving", "renting", "retired", "disabled", "pregnant", "alone", "sir", "maam", "ma'am",
        "we're", "were", "they're", "theyre", "he's", "she's", "we've", "we'll", "we'd",
        "mr", "mrs", "ms", "dr", "mister", "missus", "doctor", "while", "whilst", "you're", "youre", "last", "surname", "whats", "what's", "wats", "wuts", "hows", "how's", "wheres", "where's", "whos", "who's", "whens", "when's", "whys", "why's", "what", "who", "where", "when", "why", "how", "which", "can", "could", "would", "should", "will", "wont", "won't", "cant",
        "can't", "dont", "don't", "didnt", "didn't", "isnt", "isn't", "it's", "thats", "that's", "theres", "there's", "let", "lets", "let's", "gas", "smoke",
        "fire", "flood", "flooding", "brakes", "battery", "engine", "oil", "system", "unit", "house", "apartment", "apt", "condo", "office", "shop", "store",
        "number", "phone", "address", "name", "service", "help", "anything", "nothing", "something", "everything", "all", "any", "some", "one", "two",
        "guy", "guys", "lady", "folks", "team", "people", "hvac", "plumber", "mechanic", "electrician", "tech", "technician", "someone", "somebody",
        "noon", "lunch", "early", "late", "after", "before", "around", "between", "until", "till", "ish", "like", "around", "maybe", "probably",
        "next", "coming",
        "definitely", "absolutely", "correct", "right", "wrong", "same", "better", "worse", "cold", "hot", "warm", "freezing", "burning", "dead",
        "btw", "lol", "fyi", "tho", "though", "haha", "ok", "k", "asap", "again", "too", "anyway", "anyways", "regardless",
        "works", "sounds", "perfect", "cool", "awesome", "alright", "great", "ideal", "nice", "thanks", "would", "be",
        "c'est",
        // Goodbyes ("thanks bye" was read as the name Bye).
        "bye", "goodbye", "byebye", "bye-bye", "cya", "goodnight", "gnight", "ttyl",
        // Spanish greetings and courtesies texted before or instead of English ("Buenos dias", "Hola, gracias").
        "hola", "buenos", "buenas", "dias", "días", "tardes", "noches", "gracias", "senor", "señor", "senora", "señora", "si", "sí", "bueno", "claro", "soy",
        // "ok false alarm, the breaker had tripped": what a caller calls the trouble, not who they are.
        "false", "alarm", "update", "nvm", "whoops",
        // "scratch that", "property manager here", "its barely dripping now": words of the trouble or a role, no one's name.
        "scratch", "forget", "property", "manager", "pouring", "barely", "mostly", "basis", "only",
        // "breaker had tripped", "it's San Diego so we're not dying": the trouble and the city, no one's name.
        "breaker", "san", "santa", "los", "las", "oops", "never", "mind", "nevermind", "daytime", "nighttime", "soonish", "roots", "trucks",
        // "im DYING lol", "its Tasha hurry please", "whichever day": how the caller feels or what they ask, no one's name.
        "dying", "sweating", "sweaty", "melting", "roasting", "suffering", "desperate", "miserable", "begging", "hurry", "quick", "quickly",
        "whichever", "whatever", "either",
        // "ALL CAPS BC IM MAD", "it's Easter Sunday so not today": a mood and a holiday, no one's name.
        "mad", "angry", "pissed", "furious", "livid", "annoyed", "frustrated", "easter", "christmas", "xmas", "thanksgiving", "halloween", "hanukkah", "passover",
        // "Contact me, Denise Farrow", "sin prisa", "it's gross": an ask, a courtesy in Spanish, a complaint.
        "contact", "sin", "prisa", "gross", "nasty", "disgusting", "annoying", "awful", "terrible",
    ];

    // The parts of a text a standing name is looked for in: between punctuation, "and" and a spaced dash.
    [GeneratedRegex(@"[,.;!()\n]|\band\b|\s-\s", RegexOptions.CultureInvariant)]
    private static partial Regex StandingNameSplitRx();

    [GeneratedRegex("[^A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex NonLetterRx();

    // Patterns the reading uses in passing, generated like the rest: Regex's static cache (15 entries) would overflow on every text.
    [GeneratedRegex(@"[.!?\n]+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreakRx();

    [GeneratedRegex(@"\b(few|couple)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FewOrCoupleRx();

    [GeneratedRegex(@"[^\p{L}' -]", RegexOptions.CultureInvariant)]
    private static partial Regex NotNameCharRx();

    [GeneratedRegex(@"(\s*,)+", RegexOptions.CultureInvariant)]
    private static partial Regex CommaRunRx();

    [GeneratedRegex(@",\s*(?=[.!?]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex CommaBeforeEndRx();

    [GeneratedRegex(@"^\s*,", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingCommaRx();

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex SpacesRx();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRx();

    [GeneratedRegex(@"\b[a-z]{6,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongWordRx();

    [GeneratedRegex(@"\b(asap|today|tonight|tomorrow|this week|this afternoon|this evening)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SoonTimeRx();

    [GeneratedRegex(@"\b(few|couple( of)?|2|two|3|three) days\b", RegexOptions.CultureInvariant)]
    private static partial Regex FewDaysTimeRx();

    [GeneratedRegex(@"\b(next week|anytime|next month|this month|weeks)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FlexibleTimeRx();

    [GeneratedRegex(@"^\s*(or|/)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OrOnlyRx();

    [GeneratedRegex(@"\b(few|couple|weeks|month)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FewWeeksMonthRx();

    [GeneratedRegex(@"^(sometime |some time )?(in )?(the )?", RegexOptions.CultureInvariant)]
    private static partial Regex SometimeInTheRx();

    [GeneratedRegex(@"^the ", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTheRx();

    [GeneratedRegex(@"\d(st|nd|rd|th)$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsInOrdinalRx();

    [GeneratedRegex(@"^(on )?(the )?", RegexOptions.CultureInvariant)]
    private static partial Regex OnTheRx();

    private const string NumberWordsAlt = "zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred";

    [GeneratedRegex(@"\b(?<k>(?i:apt\.?|apartment|unit|suite|ste\.?|lot|trailer))\s+(?<w>(?i:(?:" + NumberWordsAlt + @")(?:[\s-]+(?:" + NumberWordsAlt + @")){0,3}))(?<l>(?:\s+|-)?[A-H](?![\w']))?(?![\w'-])(?!\s+(?i:years?|yrs|months?|weeks?|days?|hours?|of|is|was|degrees|tons?)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledUnitRx();

    [GeneratedRegex(@"^(apt|apartment|unit|suite|ste|#|lot|bldg|building|trailer)\.?\s*#?\s*(\w[\w-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPartsRx();

    [GeneratedRegex(@"^\d+(st|nd|rd|th)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalNumberRx();
}
