using System.Globalization;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Extraction;

/// <summary>
/// The built-in extractor. Name, address, email, service, urgency and preferred time are read by the one shared
/// understanding of a caller's words (<see cref="SmsUnderstanding"/>, also behind the SMS engine and the web form),
/// so a voicemail and a text saying the same words give the same fields; what only a call has (a callback number
/// read aloud, the vehicle, a price heard, the problem in the caller's words) is read here. A field that is not
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

        // Name, address, email, service, urgency and time: the same reading the SMS engine and the web form use.
        var understood = Understand(text, context);
        string? Said(string field) => understood.Fields.TryGetValue(field, out var f) ? f.Value : null;
        double Sure(string field) => understood.Fields.TryGetValue(field, out var f) ? f.Confidence : 0;
        Set(FieldNames.Name, Said(LeadFields.Name), Sure(LeadFields.Name));
        Set(FieldNames.Email, Said(LeadFields.Email), Sure(LeadFields.Email));
        Set(FieldNames.Address, Said(LeadFields.Address), Sure(LeadFields.Address));
        Set(FieldNames.Service, Said(LeadFields.Service), Sure(LeadFields.Service));

        var phone = CallbackPhone(text);
        if (phone is not null) Set(FieldNames.Phone, phone.Value.Value, phone.Value.Confidence);
        else if (Common.Phone.CallerIdOrNull(context.CallerPhone) is { } callerId)
        {
            // Not said aloud: the number they called from is the best callback number, but we did not hear it.
            Set(FieldNames.Phone, callerId, 0.6);
            notes.Add("phone from caller id");
        }

        Vehicle(text, context.CurrentYear, Set);

        var problem = Problem(text);
        Set(FieldNames.Problem, problem?.Value, problem?.Confidence ?? 0);

        // "Monday or Wednesday morning": several times are kept, with low confidence, for a person (or the caller) to pick one.
        var time = Said(LeadFields.PreferredTime);
        List<string> times = time is null ? [] : [.. time.Split(" or ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        if (times.Count == 1) Set(FieldNames.PreferredTime, times[0], Sure(LeadFields.PreferredTime));
        else if (times.Count > 1)
        {
            Set(FieldNames.PreferredTime, string.Join("; ", times), 0.4);
            notes.Add("several preferred times mentioned");
        }

        if (understood.Emergency) Set(FieldNames.Urgency, Urgencies.Emergency, 0.9);
        else if (Said(LeadFields.Urgency) is { } urgency) Set(FieldNames.Urgency, urgency, Sure(LeadFields.Urgency));
        else Set(FieldNames.Urgency, Urgencies.Unknown, 0.3);

        var price = Price(text);
        Set(FieldNames.Price, price?.Value, price?.Confidence ?? 0);

        return new ExtractionResult
        {
            Fields = fields, PreferredTimes = times, Engine = "rules", Notes = notes,
        };
    }

    /// <summary>The shared understanding of the transcript, against the business's catalog (the trade's defaults when none is given).</summary>
    public static Understanding Understand(string transcript, ExtractionContext context) =>
        SmsUnderstanding.Read(transcript, new UnderstandingContext(context.Services.Count > 0 ? context.Services : DefaultServices.For(context.Vertical),
            context.Vertical, context.Now?.Month), asked: null);

    private sealed record Found(string Value, double Confidence);

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
            set(FieldNames.Vin, vin, Vin.CheckDigitValid(vin) ? 0.97 : 0.6);
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
    [GeneratedRegex(@"(call me|call back|reach me|my number|number is|phone is|cell is|text me|at)\W*$")] private static partial Regex PhoneCue();
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
    [GeneratedRegex(@"\$\s?(?<a>\d{1,3}(?:,\d{3})*(?:\.\d\d)?|\d+(?:\.\d\d)?)")] private static partial Regex DollarPattern();
    [GeneratedRegex(@"(?i)\b(?<a>\d+|(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)[\s-]+)*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand))\s+(?:dollars|bucks)\b")] private static partial Regex DollarWords();
}
