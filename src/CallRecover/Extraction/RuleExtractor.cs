using System.Globalization;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Leads;

namespace CallRecover.Extraction;

/// <summary>
/// The built-in extractor: focused patterns for what callers say on the phone. Each field gets a confidence
/// that reflects how it was found (an explicit "my name is" beats a bare "Mike here"); a field that is not
/// clearly there is left out rather than guessed.
/// </summary>
public sealed partial class RuleExtractor : ITranscriptExtractor
{
    public Task<ExtractionResult> ExtractAsync(string transcript, ExtractionContext context, CancellationToken ct) =>
        Task.FromResult(Extract(transcript, context));

    public static ExtractionResult Extract(string transcript, ExtractionContext context)
    {
        var text = Whitespace().Replace(transcript.Replace('’', '\''), " ").Trim();
        var fields = new Dictionary<string, ExtractedField>();
        var notes = new List<string>();
        void Set(string field, string? value, double confidence)
        {
            if (!string.IsNullOrWhiteSpace(value)) fields[field] = new ExtractedField(value.Trim(), Math.Round(confidence, 2));
        }

        var name = Name(text);
        Set(FieldNames.Name, name?.Value, name?.Confidence ?? 0);

        var phone = CallbackPhone(text);
        if (phone is not null) Set(FieldNames.Phone, phone.Value.Value, phone.Value.Confidence);
        else if (Common.Phone.CallerIdOrNull(context.CallerPhone) is { } callerId)
        {
            // Not said aloud: the number they called from is the best callback number, but we did not hear it.
            Set(FieldNames.Phone, callerId, 0.6);
            notes.Add("phone from caller id");
        }

        if (EmailPattern().Match(text) is { Success: true } email) Set(FieldNames.Email, email.Value.TrimEnd('.').ToLowerInvariant(), 0.85);

        var address = Address(text);
        Set(FieldNames.Address, address?.Value, address?.Confidence ?? 0);

        Vehicle(text, context.CurrentYear, Set);

        var problem = Problem(text);
        Set(FieldNames.Problem, problem?.Value, problem?.Confidence ?? 0);

        var times = PreferredTimes(text);
        if (times.Count == 1) Set(FieldNames.PreferredTime, times[0].Value, times[0].Confidence);
        else if (times.Count > 1)
        {
            // Several times: keep them all, with low confidence, for a person (or the caller) to pick one.
            Set(FieldNames.PreferredTime, string.Join("; ", times.Select(t => t.Value)), 0.4);
            notes.Add("several preferred times mentioned");
        }

        var urgency = Urgency(text);
        Set(FieldNames.Urgency, urgency.Value, urgency.Confidence);

        var price = Price(text);
        Set(FieldNames.Price, price?.Value, price?.Confidence ?? 0);

        return new ExtractionResult
        {
            Fields = fields, PreferredTimes = [.. times.Select(t => t.Value)], Engine = "rules", Notes = notes,
        };
    }

    private sealed record Found(string Value, double Confidence);

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "calling", "just", "hi", "hello", "hey", "i", "the", "my", "your", "a", "an", "about", "regarding", "going", "trying", "looking",
        "so", "um", "uh", "yeah", "yes", "no", "it", "this", "that", "sorry", "not", "very", "really", "in", "at", "on", "for", "here", "still",
        "having", "getting", "wondering", "interested", "available", "ready", "home", "out", "stuck", "stranded", "calling,", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "honda", "toyota", "ford", "chevy",
    };

    private static Found? Name(string text)
    {
        foreach (var (regex, confidence) in new[] { (MyNameIs(), 0.92), (ThisIs(), 0.78), (NameHere(), 0.65) })
        {
            foreach (Match m in regex.Matches(text))
            {
                var words = m.Groups["name"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .TakeWhile(w => !NotNames.Contains(w.Trim(',', '.')))
                    .Select(w => w.Trim(',', '.'))
                    .ToList();
                if (words.Count == 0) continue;
                return new Found(string.Join(' ', words), confidence);
            }
        }
        return null;
    }

    private static (string Value, double Confidence)? CallbackPhone(string text)
    {
        (string Value, double Confidence)? best = null;
        foreach (var (digits, index, spoken) in SpokenNumbers.DigitRuns(text))
        {
            var d = digits.Length == 11 && digits[0] == '1' ? digits[1..] : digits;
            if (d.Length != 10 || !Common.Phone.TryNormalize(d, out var e164)) continue;
            var before = text[Math.Max(0, index - 40)..index].ToLowerInvariant();
            var cued = PhoneCue().IsMatch(before);
            var confidence = (cued ? 0.92 : 0.75) - (spoken ? 0.04 : 0);
            if (best is null || confidence > best.Value.Confidence) best = (e164, confidence);
        }
        return best;
    }

    private static Found? Address(string text)
    {
        var m = StreetAddress().Match(text);
        if (!m.Success) return null;
        var value = m.Value.Trim().TrimEnd('.', ',');
        var before = text[Math.Max(0, m.Index - 30)..m.Index].ToLowerInvariant();
        return new Found(value, AddressCue().IsMatch(before) ? 0.88 : 0.75);
    }

    public static readonly Dictionary<string, string> Makes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["toyota"] = "Toyota", ["honda"] = "Honda", ["ford"] = "Ford", ["chevy"] = "Chevrolet", ["chevrolet"] = "Chevrolet", ["nissan"] = "Nissan",
        ["bmw"] = "BMW", ["mercedes"] = "Mercedes-Benz", ["mercedes-benz"] = "Mercedes-Benz", ["benz"] = "Mercedes-Benz", ["audi"] = "Audi",
        ["lexus"] = "Lexus", ["hyundai"] = "Hyundai", ["kia"] = "Kia", ["subaru"] = "Subaru", ["mazda"] = "Mazda", ["volkswagen"] = "Volkswagen",
        ["vw"] = "Volkswagen", ["jeep"] = "Jeep", ["dodge"] = "Dodge", ["ram"] = "Ram", ["gmc"] = "GMC", ["cadillac"] = "Cadillac",
        ["buick"] = "Buick", ["chrysler"] = "Chrysler", ["tesla"] = "Tesla", ["volvo"] = "Volvo", ["acura"] = "Acura", ["infiniti"] = "Infiniti",
        ["lincoln"] = "Lincoln", ["porsche"] = "Porsche", ["jaguar"] = "Jaguar", ["land rover"] = "Land Rover", ["mitsubishi"] = "Mitsubishi",
        ["genesis"] = "Genesis", ["mini"] = "Mini", ["fiat"] = "Fiat",
    };

    public static readonly Dictionary<string, (string Make, string Model)> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["civic"] = ("Honda", "Civic"), ["accord"] = ("Honda", "Accord"), ["cr-v"] = ("Honda", "CR-V"), ["crv"] = ("Honda", "CR-V"), ["odyssey"] = ("Honda", "Odyssey"), ["pilot"] = ("Honda", "Pilot"),
        ["camry"] = ("Toyota", "Camry"), ["corolla"] = ("Toyota", "Corolla"), ["rav4"] = ("Toyota", "RAV4"), ["tacoma"] = ("Toyota", "Tacoma"),
        ["tundra"] = ("Toyota", "Tundra"), ["4runner"] = ("Toyota", "4Runner"), ["highlander"] = ("Toyota", "Highlander"), ["prius"] = ("Toyota", "Prius"), ["sienna"] = ("Toyota", "Sienna"),
        ["f-150"] = ("Ford", "F-150"), ["f150"] = ("Ford", "F-150"), ["f-250"] = ("Ford", "F-250"), ["explorer"] = ("Ford", "Explorer"), ["escape"] = ("Ford", "Escape"),
        ["mustang"] = ("Ford", "Mustang"), ["fusion"] = ("Ford", "Fusion"), ["silverado"] = ("Chevrolet", "Silverado"), ["tahoe"] = ("Chevrolet", "Tahoe"),
        ["suburban"] = ("Chevrolet", "Suburban"), ["malibu"] = ("Chevrolet", "Malibu"), ["equinox"] = ("Chevrolet", "Equinox"), ["altima"] = ("Nissan", "Altima"),
        ["sentra"] = ("Nissan", "Sentra"), ["rogue"] = ("Nissan", "Rogue"), ["wrangler"] = ("Jeep", "Wrangler"), ["grand cherokee"] = ("Jeep", "Grand Cherokee"),
        ["cherokee"] = ("Jeep", "Cherokee"), ["outback"] = ("Subaru", "Outback"), ["forester"] = ("Subaru", "Forester"), ["elantra"] = ("Hyundai", "Elantra"),
        ["sonata"] = ("Hyundai", "Sonata"), ["jetta"] = ("Volkswagen", "Jetta"), ["model 3"] = ("Tesla", "Model 3"), ["model y"] = ("Tesla", "Model Y"),
    };

    private static readonly HashSet<string> ModelStop = new(StringComparer.OrdinalIgnoreCase)
    {
        "with", "that", "and", "it", "its", "it's", "is", "has", "was", "which", "but", "the", "my", "i", "needs", "need", "making", "won't", "wont",
        "doesn't", "keeps", "broke", "started", "truck", "car", "suv", "van", "pickup", "sedan", "engine", "v6", "v8", "hybrid", "diesel", "turbo",
        "so", "because", "when", "if", "just", "please", "again", "for", "to", "at", "in", "on", "of", "from", "about", "uh", "um",
    };

    private static void Vehicle(string text, int currentYear, Action<string, string?, double> set)
    {
        // Make (and the model words right after it), or a known model on its own ("my F-150").
        Match? makeMatch = null;
        foreach (Match m in MakePattern().Matches(text)) { makeMatch = m; break; }
        string? make = null, model = null;
        int vehicleIndex = -1;
        double makeConfidence = 0, modelConfidence = 0;
        if (makeMatch is not null)
        {
            make = Makes[makeMatch.Value.ToLowerInvariant()];
            makeConfidence = 0.9;
            vehicleIndex = makeMatch.Index;
            var after = text[(makeMatch.Index + makeMatch.Length)..];
            var modelWords = new List<string>();
            foreach (var raw in after.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var w = raw.TrimEnd(',', '.', '?', '!');
                if (ModelStop.Contains(w) || w.Length == 0 || modelWords.Count == 2) break;
                if (!(char.IsUpper(w[0]) || char.IsDigit(w[0]) || Models.ContainsKey(w))) break;
                modelWords.Add(w);
                if (raw.Length != w.Length) break; // punctuation ends the model
            }
            if (modelWords.Count > 0)
            {
                var joined = string.Join(' ', modelWords);
                model = Models.TryGetValue(joined, out var known) ? known.Model : Models.TryGetValue(modelWords[0], out var k1) ? k1.Model : joined;
                modelConfidence = Models.ContainsKey(modelWords[0]) || Models.ContainsKey(joined) ? 0.88 : 0.7;
            }
        }
        if (model is null)
        {
            foreach (Match m in ModelPattern().Matches(text))
            {
                var known = Models[m.Value.ToLowerInvariant()];
                model = known.Model;
                modelConfidence = 0.85;
                if (make is null) { make = known.Make; makeConfidence = 0.75; }
                if (vehicleIndex < 0) vehicleIndex = m.Index;
                break;
            }
        }
        set(FieldNames.VehicleMake, make, makeConfidence);
        set(FieldNames.VehicleModel, model, modelConfidence);

        // Year: written ("2015", "'08") or spoken ("oh eight", "twenty fifteen") — closest to the make/model.
        int? year = null;
        double yearConfidence = 0;
        foreach (Match m in YearPattern().Matches(text))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (y > currentYear + 1) continue;
            var near = vehicleIndex >= 0 && Math.Abs(m.Index - vehicleIndex) < 25;
            if (year is null || near) { year = y; yearConfidence = near ? 0.9 : 0.6; }
            if (near) break;
        }
        foreach (Match m in ShortYear().Matches(text))
        {
            if (year is not null) break;
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            year = y + (y <= (currentYear + 1) % 100 ? 2000 : 1900);
            yearConfidence = 0.8;
        }
        if (year is null && vehicleIndex > 0)
        {
            // Spoken years sit right before the make: "an oh eight Honda", "my twenty fifteen F-150".
            var before = text[Math.Max(0, vehicleIndex - 30)..vehicleIndex].ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var take = Math.Min(3, before.Length); take >= 2 && year is null; take--)
                if (SpokenNumbers.ParseYear(string.Join(' ', before[^take..]), currentYear) is { } spokenYear && spokenYear <= currentYear + 1)
                {
                    year = spokenYear;
                    yearConfidence = 0.75;
                }
        }
        if (year is not null && (make is not null || model is not null || VehicleWords().IsMatch(text)))
            set(FieldNames.VehicleYear, year.Value.ToString(CultureInfo.InvariantCulture), yearConfidence);

        if (EnginePattern().Match(text) is { Success: true } engine) set(FieldNames.VehicleEngine, NormalizeEngine(engine.Value), 0.85);
        if (BodyPattern().Match(text) is { Success: true } body) set(FieldNames.VehicleBody, body.Groups["b"].Value.ToLowerInvariant() switch
        {
            "pickup" or "pick-up" or "truck" => "pickup",
            "suv" => "SUV",
            "van" or "minivan" => "van",
            var other => other,
        }, 0.8);

        foreach (Match m in VinPattern().Matches(text))
        {
            var vin = m.Value.ToUpperInvariant();
            if (!vin.Any(char.IsAsciiDigit) || !vin.Any(char.IsAsciiLetter)) continue;
            set(FieldNames.Vin, vin, VinCheckDigitValid(vin) ? 0.97 : 0.6);
            break;
        }
    }

    private static string NormalizeEngine(string raw)
    {
        var s = raw.Trim();
        var liters = LitersPattern().Match(s);
        if (liters.Success) return liters.Groups["l"].Value + "L" + (s.Contains("turbo", StringComparison.OrdinalIgnoreCase) ? " turbo" : "");
        return s.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
        {
            "V6" => "V6",
            "V8" => "V8",
            var other => s.ToLowerInvariant() is "four cylinder" or "4 cylinder" or "4-cylinder" ? "4-cylinder"
                : s.ToLowerInvariant() is "six cylinder" or "6 cylinder" or "6-cylinder" ? "6-cylinder" : s.ToLowerInvariant(),
        };
    }

    /// <summary>ISO 3779 / North American check digit (position 9).</summary>
    public static bool VinCheckDigitValid(string vin)
    {
        if (vin.Length != 17) return false;
        int[] weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            int? value = vin[i] switch
            {
                >= '0' and <= '9' => vin[i] - '0',
                'A' or 'J' => 1, 'B' or 'K' or 'S' => 2, 'C' or 'L' or 'T' => 3, 'D' or 'M' or 'U' => 4, 'E' or 'N' or 'V' => 5,
                'F' or 'W' => 6, 'G' or 'P' or 'X' => 7, 'H' or 'Y' => 8, 'R' or 'Z' => 9,
                _ => null, // I, O and Q never appear in a VIN
            };
            if (value is not { } v) return false;
            sum += v * weights[i];
        }
        var check = sum % 11;
        return vin[8] == (check == 10 ? 'X' : (char)('0' + check));
    }

    private static Found? Problem(string text)
    {
        var sentences = SentenceSplit().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var problem = sentences.Where(s => ProblemCue().IsMatch(s) && !MyNameIs().IsMatch(s) && !PhoneCue().IsMatch(s.ToLowerInvariant()) && !GreetingOnly().IsMatch(s))
            .Take(2).ToList();
        if (problem.Count == 0) return null;
        var value = string.Join(" ", problem);
        if (value.Length > 300) value = value[..300].TrimEnd() + "…";
        return new Found(value, 0.72);
    }

    private static List<Found> PreferredTimes(string text)
    {
        var found = new List<Found>();
        foreach (var sentence in SentenceSplit().Split(text))
        {
            var s = sentence.Trim();
            var cued = TimeCue().IsMatch(s);
            foreach (Match m in TimeExpression().Matches(s))
            {
                var before = s[Math.Max(0, m.Index - 12)..m.Index].ToLowerInvariant();
                // "since Monday", "last Tuesday", "yesterday": when the problem started, not when they want us.
                if (PastCue().IsMatch(before)) continue;
                var value = Whitespace().Replace(m.Value.Trim().TrimEnd(',', '.'), " ");
                if (found.Any(f => f.Value.Contains(value, StringComparison.OrdinalIgnoreCase) || value.Contains(f.Value, StringComparison.OrdinalIgnoreCase))) continue;
                found.Add(new Found(value, cued ? 0.85 : 0.6));
            }
        }
        return found;
    }

    private static Found Urgency(string text)
    {
        var t = text.ToLowerInvariant();
        var emergencyCondition = EmergencyCondition().IsMatch(t);
        if (emergencyCondition) return new Found(Urgencies.Emergency, 0.9);
        if (SoonWords().IsMatch(t)) return new Found(Urgencies.Soon, 0.8);
        if (FlexibleWords().IsMatch(t)) return new Found(Urgencies.Flexible, 0.8);
        return new Found(Urgencies.Unknown, 0.3);
    }

    private static Found? Price(string text)
    {
        if (DollarPattern().Match(text) is { Success: true } d)
            return new Found(FieldValues.Price(decimal.Parse(d.Groups["a"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)), 0.85);
        if (DollarWords().Match(text) is { Success: true } w)
        {
            var digits = w.Groups["a"].Value;
            int? amount = digits.All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : SpokenNumbers.ParseAmount(digits);
            if (amount is > 0) return new Found(FieldValues.Price(amount.Value), 0.75);
        }
        return null;
    }

    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
    [GeneratedRegex(@"(?i:\bmy name is|\bname's|\bmy name's)\s+(?<name>[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?)")] private static partial Regex MyNameIs();
    [GeneratedRegex(@"(?i:\bthis is|\bit's|\bit is)\s+(?<name>[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?)(?=\s*(?:,|\.|\s+(?i:calling|here|from|and|with|I)\b|$))")] private static partial Regex ThisIs();
    [GeneratedRegex(@"(?:^|[.!?]\s+)(?:(?i:hi|hey|hello|yeah)[,\s]+)?(?<name>[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?)\s+(?i:here|calling)\b")] private static partial Regex NameHere();
    [GeneratedRegex(@"(call me|call back|reach me|my number|number is|phone is|cell is|text me|at)\W*$")] private static partial Regex PhoneCue();
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")] private static partial Regex EmailPattern();
    [GeneratedRegex(@"\b\d{1,6}\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:[A-Z0-9][\w'.\-]*\s+){0,3}?(?i:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Circle|Cir|Parkway|Pkwy|Terrace|Ter|Highway|Hwy|Trail|Trl)\b\.?(?:,?\s+(?i:apt|apartment|unit|suite|#)\s*\w+)?(?:,\s+[A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)?)?")] private static partial Regex StreetAddress();
    [GeneratedRegex(@"(i'm at|i am at|address is|located at|live at|come to|come out to|over at|we're at|the address|at)\W*$")] private static partial Regex AddressCue();
    [GeneratedRegex(@"(?i)\b(?:land rover|mercedes-benz|toyota|honda|ford|chevy|chevrolet|nissan|bmw|mercedes|benz|audi|lexus|hyundai|kia|subaru|mazda|volkswagen|vw|jeep|dodge|ram(?= \d| truck| pickup| [A-Z])|gmc|cadillac|buick|chrysler|tesla|volvo|acura|infiniti|lincoln|porsche|jaguar|mitsubishi|genesis|mini(?= cooper)|fiat)\b")] private static partial Regex MakePattern();
    [GeneratedRegex(@"(?i)\b(?:civic|accord|cr-v|crv|odyssey|camry|corolla|rav4|tacoma|tundra|4runner|highlander|prius|sienna|f-150|f150|f-250|explorer|escape|mustang|fusion|silverado|tahoe|suburban|malibu|equinox|altima|sentra|rogue|wrangler|grand cherokee|outback|forester|elantra|sonata|jetta|model 3|model y)\b")] private static partial Regex ModelPattern();
    [GeneratedRegex(@"\b(?<y>(?:19[5-9]\d|20[0-4]\d))\b")] private static partial Regex YearPattern();
    [GeneratedRegex(@"(?<![\w$])'(?<y>\d\d)\b")] private static partial Regex ShortYear();
    [GeneratedRegex(@"(?i)\b(car|truck|vehicle|suv|van|pickup|sedan|coupe|wagon)\b")] private static partial Regex VehicleWords();
    [GeneratedRegex(@"(?i)\b(?:v-?6|v-?8|v-?10|(?:four|six|eight|4|6|8)[- ]cylinder|\d\.\d\s?(?:liter|litre|l)\b(?:\s+turbo)?|hybrid|diesel|ecoboost|hemi)\b")] private static partial Regex EnginePattern();
    [GeneratedRegex(@"(?i)(?<l>\d\.\d)")] private static partial Regex LitersPattern();
    [GeneratedRegex(@"(?i)\b(?<b>pickup|pick-up|truck|suv|minivan|van)\b")] private static partial Regex BodyPattern();
    [GeneratedRegex(@"(?i)\b[A-HJ-NPR-Z0-9]{17}\b")] private static partial Regex VinPattern();
    [GeneratedRegex(@"(?<=[.!?])\s+")] private static partial Regex SentenceSplit();
    [GeneratedRegex(@"(?i)\b(won't|wont|doesn't|does not|isn't|is not|not working|stopped|noise|noisy|making a|light|leak|leaking|broke|broken|problem|issue|need|needs|squeal|squeak|grind|grinding|dead|stuck|smell|check|replace|repair|fix|cooling|heating|blowing|warm|hot|cold|clicking|crank|start|overheat|overheating|shaking|vibrat|brake|battery|oil|ac\b|a/c|furnace|heat|pipe|drain|clog|outlet|breaker|quote|estimate)")] private static partial Regex ProblemCue();
    [GeneratedRegex(@"(?i)^(hi|hello|hey)[,.!]?\s*(there)?[,.!]?$")] private static partial Regex GreetingOnly();
    [GeneratedRegex(@"(?i)\b(come|come out|available|works|work for me|prefer|sometime|appointment|schedule|free|good for me|could you|can you|would like|want|best)\b")] private static partial Regex TimeCue();
    [GeneratedRegex(@"(?i)(?:\b(?:next|this|on|by)\s+)?\b(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this week|next week|weekend)\b(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:at|around|after|before|by)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?)?|\b(?:at|around|after|before)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:in the )?(?:morning|afternoon|evening)\b(?=.{0,20}\b(?:works|is best|is good|preferred)\b)")] private static partial Regex TimeExpression();
    [GeneratedRegex(@"(?i)\b(since|last|ago|yesterday|started|began|was)\s*(on\s+)?$")] private static partial Regex PastCue();
    [GeneratedRegex(@"\b(gas smell|smell gas|smell of gas|carbon monoxide|co alarm|co detector|flooding|water everywhere|burst pipe|sparks|sparking|burning smell|smell burning|smoke|stranded|on the highway|side of the road|i'm stuck|i am stuck|we're stuck)\b")] private static partial Regex EmergencyCondition();
    [GeneratedRegex(@"\b(emergency|asap|as soon as possible|right away|today|tonight|now|this week|tomorrow|soon|urgent|quickly)\b")] private static partial Regex SoonWords();
    [GeneratedRegex(@"\b(whenever|no rush|flexible|next week|next month|later|any time|anytime|not urgent)\b")] private static partial Regex FlexibleWords();
    [GeneratedRegex(@"\$\s?(?<a>\d{1,3}(?:,\d{3})*(?:\.\d\d)?|\d+(?:\.\d\d)?)")] private static partial Regex DollarPattern();
    [GeneratedRegex(@"(?i)\b(?<a>\d+|(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)[\s-]+)*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand))\s+(?:dollars|bucks)\b")] private static partial Regex DollarWords();
}
