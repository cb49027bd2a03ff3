using System.Text.RegularExpressions;
using CallRecover.Common;
using NodaTime;

namespace CallRecover.Booking;

public enum DayPart { Morning, Afternoon, Evening }

/// <summary>What a caller's text says about booking: a pick, a day or time, or an intent (confirm, reschedule, cancel, decline).</summary>
public sealed record ParsedReply
{
    /// <summary>1-based pick ("2", "option 2", "the second one").</summary>
    public int? Index { get; init; }
    public bool Last { get; init; }
    public LocalDate? Date { get; init; }
    public IsoDayOfWeek? Weekday { get; init; }
    public LocalTime? Time { get; init; }
    public DayPart? Part { get; init; }
    /// <summary>"wknd works", "the weekend", "sat or sun": a Saturday or a Sunday. A day or date said too wins ("saturday", "this weekend, the 7th").</summary>
    public bool Weekend { get; init; }
    /// <summary>"the 4th": a day of the month, or the fourth option when no offered slot is on that day.</summary>
    public int? BareOrdinal { get; init; }
    public bool Yes { get; init; }
    public bool Decline { get; init; }
    public bool Confirm { get; init; }
    public bool Reschedule { get; init; }
    public bool Cancel { get; init; }
    public bool Any { get; init; }
    /// <summary>"can i rebook", "book again", "i'd like to schedule", "a new appointment": asks for a visit.</summary>
    public bool Book { get; init; }
    /// <summary>Just an acknowledgement ("thanks", "ok", "👍"): nothing to do, nothing to answer.</summary>
    public bool Ack { get; init; }

    public bool HasWhen => Date is not null || Weekday is not null || Time is not null || Part is not null || Weekend;
    public bool HasPick => Index is not null || Last || BareOrdinal is not null;
}

/// <summary>
/// Reads the short, informal replies people send to a list of times: "2", "the tuesday one", "tomorrow at 2",
/// "Thu 3/5 9am", "first one", "none of those work", "can we do Thursday instead", "C", "R", "cancel my appointment".
/// Dates are understood relative to <c>today</c> in the business's time zone.
/// </summary>
public static partial class ReplyParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, IsoDayOfWeek> Weekdays = new()
    {
        ["monday"] = IsoDayOfWeek.Monday, ["mon"] = IsoDayOfWeek.Monday,
        ["tuesday"] = IsoDayOfWeek.Tuesday, ["tue"] = IsoDayOfWeek.Tuesday, ["tues"] = IsoDayOfWeek.Tuesday,
        ["wednesday"] = IsoDayOfWeek.Wednesday, ["wed"] = IsoDayOfWeek.Wednesday, ["weds"] = IsoDayOfWeek.Wednesday,
        ["thursday"] = IsoDayOfWeek.Thursday, ["thu"] = IsoDayOfWeek.Thursday, ["thur"] = IsoDayOfWeek.Thursday, ["thurs"] = IsoDayOfWeek.Thursday,
        ["friday"] = IsoDayOfWeek.Friday, ["fri"] = IsoDayOfWeek.Friday,
        ["saturday"] = IsoDayOfWeek.Saturday, ["sat"] = IsoDayOfWeek.Saturday,
        ["sunday"] = IsoDayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> OrdinalWords = new()
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["1st"] = 1, ["2nd"] = 2, ["3rd"] = 3, ["4th"] = 4,
    };

    private static readonly HashSet<string> Filler =
    [
        "option", "options", "number", "no", "#", "please", "pls", "plz", "works", "work", "is", "good", "fine", "great", "thanks", "thank", "you",
        "thx", "ty", "let's", "lets", "do", "go", "with", "i'll", "ill", "i", "take", "the", "one", "choose", "pick", "want", "want's", "id",
        "i'd", "like", "would", "be", "perfect", "ok", "okay", "sounds", "that", "for", "me", "yes", "yeah", "yep", "sure", "book", "it",
    ];

    public static ParsedReply Parse(string text, LocalDate today)
    {
        var t = text.Trim().ToLowerInvariant().Replace('’', '\'');
        var bare = NonWord().Replace(t, " ").Trim();
        var tokens = bare.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var r = new ParsedReply();

        // Single-letter answers to the reminder text.
        if (bare is "c" or "confirm" or "confirmed" or "c confirm") return r with { Confirm = true };
        if (bare is "r" or "reschedule") return r with { Reschedule = true };

        if (Contains(bare, "cancel", "cancell", "call it off")) r = r with { Cancel = true };
        if (Contains(bare, "reschedule", "re schedule", "change", "move", "push", "different time", "different day", "another time",
                "another day", "other time", "instead", "can't make it", "cant make it", "won't make it", "wont make it", "later time"))
            r = r with { Reschedule = true };
        if (BookWords().IsMatch(bare)) r = r with { Book = true };
        if (NoneOf().IsMatch(bare)) r = r with { Decline = true };
        if (YesStart().IsMatch(bare)) r = r with { Yes = true };
        if (AnyOf().IsMatch(bare)) r = r with { Any = true };
        if (bare.Length == 0 || Acknowledgement().IsMatch(bare)) r = r with { Ack = true };

        // Ordinals: "first one", "the last one", "second".
        foreach (var tok in tokens)
        {
            if (tok == "last" && !bare.Contains("last week", StringComparison.Ordinal)) r = r with { Last = true };
            if (OrdinalWords.TryGetValue(tok, out var n) && tok.Length > 3) r = r with { Index = n };
        }
        var ordinalDay = OrdinalDay().Match(bare);
        if (ordinalDay.Success)
        {
            var n = Int(ordinalDay.Groups[1].Value);
            var followedByOne = ordinalDay.Groups[2].Success;
            if (followedByOne) r = r with { Index = n };
            else if (!MonthName().IsMatch(bare) && n is >= 1 and <= 31) r = r with { BareOrdinal = n };
        }

        // A lone digit among filler words is a pick: "2", "#2", "option 2 please", "2 works".
        var meaningful = tokens.Select(tok => tok.TrimStart('#')).Where(tok => tok.Length > 0 && !Filler.Contains(tok)).ToList();
        if (meaningful.Count == 1 && meaningful[0].Length == 1 && char.IsAsciiDigit(meaningful[0][0]) && meaningful[0][0] != '0'
            && !Regex.IsMatch(t, @"\d\s*(am|pm|a\.m|p\.m|:)", RegexOptions.None, TimeSpan.FromMilliseconds(100)) && !t.Contains(" at ", StringComparison.Ordinal))
            r = r with { Index = meaningful[0][0] - '0' };

        // Days.
        if (Contains(bare, "day after tomorrow")) r = r with { Date = today.PlusDays(2) };
        else if (Contains(bare, "tomorrow", "tmrw", "tmr", "tomorow", "tommorow")) r = r with { Date = today.PlusDays(1) };
        else if (Contains(bare, "today", "this afternoon", "this morning", "tonight")) r = r with { Date = today };
        foreach (var tok in tokens)
            if (Weekdays.TryGetValue(tok, out var wd)) r = r with { Weekday = wd };
        var md = MonthDay().Match(t);
        if (md.Success)
        {
            var month = Array.IndexOf(Months, md.Groups[1].Value[..3]) + 1;
            r = r with { Date = NextDate(today, month, Int(md.Groups[2].Value)) ?? r.Date, BareOrdinal = null };
        }
        var slash = SlashDate().Match(t);
        if (slash.Success)
            r = r with { Date = NextDate(today, Int(slash.Groups[1].Value), Int(slash.Groups[2].Value)) ?? r.Date };
        // "sat or sun" is the weekend, not the last day named; one day or a date said with the weekend is the choice.
        if (EitherWeekendDay().IsMatch(t)) r = r with { Weekend = true, Weekday = null };
        else if (r.Weekday is null && r.Date is null && WeekendWord().IsMatch(t)) r = r with { Weekend = true };

        // Times: "9am", "2:30 pm", "at 2", "noon"; a bare "at 2" means business hours (1–6 → afternoon).
        if (Contains(bare, "noon", "midday", "lunch time", "lunchtime")) r = r with { Time = new LocalTime(12, 0) };
        if (MeridiemTime().Match(t) is { Success: true } mt)
        {
            var hour = Int(mt.Groups[1].Value);
            var minute = mt.Groups[2].Success ? Int(mt.Groups[2].Value) : 0;
            if (hour is >= 1 and <= 12 && minute < 60)
                r = r with { Time = new LocalTime(mt.Groups[3].Value == "p" ? hour % 12 + 12 : hour % 12, minute) };
        }
        else if (ColonTime().Match(t) is { Success: true } ct)
        {
            var hour = Int(ct.Groups[1].Value);
            var minute = Int(ct.Groups[2].Value);
            if (hour <= 23 && minute < 60) r = r with { Time = new LocalTime(hour is >= 1 and <= 6 ? hour + 12 : hour, minute) };
        }
        else if (AtHour().Match(t) is { Success: true } at)
        {
            var hour = Int(at.Groups[1].Value);
            if (hour is >= 1 and <= 12) r = r with { Time = new LocalTime(hour is >= 1 and <= 6 || hour == 12 ? hour % 12 + 12 : hour, 0) };
        }
        // Texting shorthand too ("fri aft", "tues eve", "mon morn"), read as the conversation engine reads it.
        if (Contains(bare, ["morning", "early", " am ", "before noon", .. MorningShorthand])) r = r with { Part = DayPart.Morning };
        else if (Contains(bare, ["afternoon", "after lunch", .. AfternoonShorthand])) r = r with { Part = DayPart.Afternoon };
        else if (Contains(bare, ["evening", "after work", "tonight", .. EveningShorthand])) r = r with { Part = DayPart.Evening };
        return r;
    }

    private static readonly string[] MorningShorthand = DayPartShorthand.Words(DayPartShorthand.Morning),
        AfternoonShorthand = DayPartShorthand.Words(DayPartShorthand.Afternoon), EveningShorthand = DayPartShorthand.Words(DayPartShorthand.Evening);

    private static int Int(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next occurrence of month/day on or after today (this year or next).</summary>
    private static LocalDate? NextDate(LocalDate today, int month, int day)
    {
        if (month is < 1 or > 12 || day < 1) return null;
        for (var year = today.Year; year <= today.Year + 1; year++)
        {
            if (day > CalendarSystem.Iso.GetDaysInMonth(year, month)) continue;
            var d = new LocalDate(year, month, day);
            if (d >= today) return d;
        }
        return null;
    }

    public static bool IsIn(DayPart part, LocalTime t) => part switch
    {
        DayPart.Morning => t.Hour < 12,
        DayPart.Afternoon => t.Hour is >= 12 and < 17,
        _ => t.Hour >= 17,
    };

    private static bool Contains(string text, params string[] words) =>
        words.Any(w => (" " + text + " ").Contains(" " + w + " ", StringComparison.Ordinal) || (w.Contains(' ', StringComparison.Ordinal) && text.Contains(w, StringComparison.Ordinal)));

    [GeneratedRegex(@"[^a-z0-9#'/:]+")] private static partial Regex NonWord();
    [GeneratedRegex(@"\b(none|neither|nope|no thanks|not those|doesn t work|doesn't work|don't work|dont work|can't do any|cant do any|none of (those|these|them|the above)|not available|busy then)\b|^no\b")] private static partial Regex NoneOf();
    // "reschedule" is no "schedule" (no word boundary inside it); "book it" is a yes to an offer as well.
    [GeneratedRegex(@"\b(re ?book\w*|book\w*|schedul(e|ing)|set up (a|an|another) (visit|appointment|appt)|(new|another) (appointment|appt|visit|time)|come (out|by))\b")] private static partial Regex BookWords();
    [GeneratedRegex(@"^(yes|yeah|yep|yup|ya|y|ok|okay|sure|sounds good|that works|perfect|great|works for me|book it|confirm|let's do it|lets do it|do it)\b")] private static partial Regex YesStart();
    [GeneratedRegex(@"^((thanks|thank you|thank u|thx|ty|tysm|ok|okay|k|kk|great|perfect|cool|sounds good|got it|will do|awesome|appreciate it|see you|see ya|nice|sweet)( (so much|again|you|then|there|a lot|guys))*\s?)+$")] private static partial Regex Acknowledgement();
    [GeneratedRegex(@"\b(any|anytime|any time|whenever|either|all good|any of them|any works)\b")] private static partial Regex AnyOf();
    [GeneratedRegex(@"\b(?:the\s+)?([1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)\b(\s+(one|option))?")] private static partial Regex OrdinalDay();
    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")] private static partial Regex MonthName();
    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")] private static partial Regex MonthDay();
    [GeneratedRegex(@"\b(\d{1,2})/(\d{1,2})\b")] private static partial Regex SlashDate();
    // Whole words only ("weekender", "midweek end" are no weekend); "last weekend" is the past, no time to come.
    [GeneratedRegex(@"(?<![a-z0-9-])(?<!\blast )(?:weekend|wknd|wkend|week-end)s?(?![a-z0-9-])")] private static partial Regex WeekendWord();
    [GeneratedRegex(@"\b(?:sat|saturday)\s*(?:/|or|&|and|,|-)\s*(?:sun|sunday)\b|\b(?:sun|sunday)\s*(?:/|or|&|and|,|-)\s*(?:sat|saturday)\b")] private static partial Regex EitherWeekendDay();
    [GeneratedRegex(@"\b(\d{1,2})(?::(\d{2}))?\s*(a|p)\.?\s?m\b\.?")] private static partial Regex MeridiemTime();
    [GeneratedRegex(@"\b(\d{1,2}):(\d{2})\b")] private static partial Regex ColonTime();
    [GeneratedRegex(@"\b(?:at|@|around|by|about)\s+(\d{1,2})\b(?!\s*(?:st|nd|rd|th|/))")] private static partial Regex AtHour();
}
