using System.Text.RegularExpressions;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// The words callers use for each default catalog service (ESTIMATES.md, extended with what people actually
/// text). A business's own service names are matched too, so a custom catalog still works.
/// </summary>
public static class ServiceCatalogWords
{
    private static readonly Dictionary<string, string[]> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        // HVAC
        ["AC repair"] = ["frozen solid", "ice on the lines", "ice on the line", "ice on the pipes", "freezing up", "frozen up", "~iced over", "ice buildup", "outside unit", "outdoor unit", "condensing unit", "ac is making", "ac making", "ac smells", "ac smell", "ac stinks", "ac is leaking", "ac leaking", "ac unit is leaking", "ac", "a/c", "a.c.", "air conditioner", "air conditioning", "air con", "aircon", "central air", "not cooling", "won't cool", "wont cool",
            "isn't cooling", "isnt cooling", "stopped cooling", "blowing warm", "blowing hot", "blowing warm air", "blowing hot air", "ac unit", "condenser",
            "ac is out", "ac went out", "ac quit", "compressor", "stopped blowing cold", "stopped blowing cold air", "quit blowing cold", "quit blowing cold air", "not blowing cold",
            "not blowing cold air", "isn't blowing cold air", "no cold air", "not cold air", "air won't turn on", "air wont turn on", "air isn't working", "air isnt working", "air not working", "air is out", "air's out", "air went out", "air quit", "blowing room temp", "room temp air", "room temperature air", "frozen coil", "coil is frozen", "iced up", "freon", "~cooling"],
        ["Heating repair"] = ["no heat", "heater", "heating", "heat isn't working", "heat isnt working", "heat not working", "heat went out", "heat is out",
            "heat won't come on", "heat wont come on", "heat stopped", "heat's out", "heats out", "heat is not working", "heat's not working", "heat is not on", "heat isn't coming on", "heat isnt coming on", "heat not coming on", "heat is not coming on", "heat won't turn on", "heat wont turn on", "not heating", "blowing cold air", "blowing cold", "baseboard", "boiler", "radiator"],
        ["Furnace repair"] = ["furnace is making", "furnace making", "furnace smells", "furnace smell", "furnace short cycling", "short cycling", "furnace", "pilot light", "igniter", "ignitor", "flame sensor"],
        ["Heat pump"] = ["heat pump", "heatpump", "emergency heat", "aux heat"],
        ["Maintenance / tune-up"] = ["furnace tune up", "furnace tune-up", "furnace tuneup", "furnace tuned up", "furnace tuned", "furnace serviced", "furnace servicing", "furnace maintenance", "furnace cleaned", "furnace cleaning", "furnace check up", "furnace checkup", "furnace check-up", "furnace inspection", "ac tune up", "ac tune-up", "ac tuneup", "ac tuned up", "ac tuned", "ac serviced", "ac servicing", "ac maintenance", "ac cleaned", "ac cleaning", "ac check up", "ac checkup", "ac check-up", "ac inspection", "a/c tune up", "a/c tune-up", "a/c tuneup", "a/c tuned up", "a/c tuned", "a/c serviced", "a/c servicing", "a/c maintenance", "a/c cleaned", "a/c cleaning", "a/c check up", "a/c checkup", "a/c check-up", "a/c inspection", "air conditioner tune up", "air conditioner tune-up", "air conditioner tuneup", "air conditioner tuned up", "air conditioner tuned", "air conditioner serviced", "air conditioner servicing", "air conditioner maintenance", "air conditioner cleaned", "air conditioner cleaning", "air conditioner check up", "air conditioner checkup", "air conditioner check-up", "air conditioner inspection", "heat pump tune up", "heat pump tune-up", "heat pump tuneup", "heat pump tuned up", "heat pump tuned", "heat pump serviced", "heat pump servicing", "heat pump maintenance", "heat pump cleaned", "heat pump cleaning", "heat pump check up", "heat pump checkup", "heat pump check-up", "heat pump inspection", "boiler tune up", "boiler tune-up", "boiler tuneup", "boiler tuned up", "boiler tuned", "boiler serviced", "boiler servicing", "boiler maintenance", "boiler cleaned", "boiler cleaning", "boiler check up", "boiler checkup", "boiler check-up", "boiler inspection", "system tune up", "system tune-up", "system tuneup", "system tuned up", "system tuned", "system serviced", "system servicing", "system maintenance", "system cleaned", "system cleaning", "system check up", "system checkup", "system check-up", "system inspection", "hvac tune up", "hvac tune-up", "hvac tuneup", "hvac tuned up", "hvac tuned", "hvac serviced", "hvac servicing", "hvac maintenance", "hvac cleaned", "hvac cleaning", "hvac check up", "hvac checkup", "hvac check-up", "hvac inspection", "unit tune up", "unit tune-up", "unit tuneup", "unit tuned up", "unit tuned", "unit serviced", "unit servicing", "unit maintenance", "unit cleaned", "unit cleaning", "unit check up", "unit checkup", "unit check-up", "unit inspection", "heater tune up", "heater tune-up", "heater tuneup", "heater tuned up", "heater tuned", "heater serviced", "heater servicing", "heater maintenance", "heater cleaned", "heater cleaning", "heater check up", "heater checkup", "heater check-up", "heater inspection", "heating tune up", "heating tune-up", "heating tuneup", "heating tuned up", "heating tuned", "heating serviced", "heating servicing", "heating maintenance", "heating cleaned", "heating cleaning", "heating check up", "heating checkup", "heating check-up", "heating inspection", "cooling tune up", "cooling tune-up", "cooling tuneup", "cooling tuned up", "cooling tuned", "cooling serviced", "cooling servicing", "cooling maintenance", "cooling cleaned", "cooling cleaning", "cooling check up", "cooling checkup", "cooling check-up", "cooling inspection", "tune up on the furnace", "tune-up on the furnace", "maintenance on the furnace", "inspection on the furnace", "tune up on the ac", "tune-up on the ac", "maintenance on the ac", "inspection on the ac", "tune up on the heat pump", "tune-up on the heat pump", "maintenance on the heat pump", "inspection on the heat pump", "tune up on the boiler", "tune-up on the boiler", "maintenance on the boiler", "inspection on the boiler", "tune up on the system", "tune-up on the system", "maintenance on the system", "inspection on the system", "service the furnace", "tune up the furnace", "clean the furnace", "inspect the furnace", "service the ac", "tune up the ac", "clean the ac", "inspect the ac", "service the heat pump", "tune up the heat pump", "clean the heat pump", "inspect the heat pump", "service the boiler", "tune up the boiler", "clean the boiler", "inspect the boiler", "service the system", "tune up the system", "clean the system", "inspect the system", "service my furnace", "tune up my furnace", "clean my furnace", "inspect my furnace", "service my ac", "tune up my ac", "clean my ac", "inspect my ac", "service my heat pump", "tune up my heat pump", "clean my heat pump", "inspect my heat pump", "service my boiler", "tune up my boiler", "clean my boiler", "inspect my boiler", "service my system", "tune up my system", "clean my system", "inspect my system", "hasn't been serviced", "hasnt been serviced", "been serviced", "get it serviced", "needs servicing", "tuned up", "servicing", "tune up", "tune-up", "tuneup", "maintenance", "check up", "checkup", "check-up", "inspection", "annual service",
            "service my system", "yearly service", "seasonal service", "clean and check", "precision tune"],
        ["New system / replacement"] = ["~replace our", "~replace a", "~replace it", "~replace this", "~replacing a", "~replacing it", "~replacing this", "~getting quotes", "~get quotes", "~get a quote", "~quotes on", "new air conditioner", "new central air", "new system", "new unit", "replace my", "replace the", "replacement", "new ac", "new furnace", "whole new", "upgrade my system",
            "quote on a new", "estimate on a new", "install a new", "new hvac", "system is old", "replacing my", "replacing our", "replacing the"],
        ["Thermostat"] = ["thermostat", "nest", "ecobee", "t-stat", "tstat"],
        ["Ductwork / airflow"] = ["hotter than", "colder than", "uneven temperatures", "uneven temps", "uneven temperature", "hot spots", "cold spots", "~one room", "~some rooms", "~certain rooms", "upstairs is hot", "upstairs is hotter", "upstairs is always hot", "upstairs is way hotter", "rooms are hot", "room is hot", "room is always hot", "duct", "ducts", "ductwork", "airflow", "air flow", "vents", "vent", "registers", "no air coming out", "weak air"],
        ["Indoor air quality"] = ["air quality", "air purifier", "purifier", "humidifier", "dehumidifier", "allergies", "dusty", "uv light", "air scrubber", "musty"],
        ["Water heater"] = ["water heater", "hot water heater", "no hot water", "hot water", "tankless", "water tank", "heater tank", "hot water tank"],
        // Auto
        ["Oil change"] = ["oil change", "change the oil", "change my oil", "oil service", "synthetic", "oil changed", "oil light", "due for oil"],
        ["Brake pads"] = ["brakes", "brake pads", "~brake", "squealing", "squeaking when i stop", "grinding when i stop", "grinding noise when i brake", "rotors", "pads"],
        ["Battery replacement"] = ["battery", "won't hold a charge", "wont hold a charge", "jump start", "jumpstart", "dead battery", "needs a jump", "keeps dying"],
        ["Alternator replacement"] = ["alternator", "battery light", "charging system", "battery light came on", "lights dimming"],
        ["Starter replacement"] = ["starter", "clicking when i turn the key", "just clicks", "clicking noise", "won't crank", "wont crank", "doesn't crank", "click click"],
        ["Timing belt"] = ["timing belt", "timing chain"],
        ["AC recharge"] = ["ac", "a/c", "a.c.", "air conditioning", "air conditioner", "car's ac", "truck's ac", "car's a/c", "ac quit", "ac blowing hot", "ac stopped working", "ac isn't working", "ac not working", "ac went out", "ac recharge", "recharge the ac", "ac blowing warm", "ac is blowing warm", "freon", "refrigerant", "ac isn't cold", "ac isnt cold", "ac not cold", "air isn't cold", "ac in my car", "car ac", "ac in the car", "ac in my truck"],
        ["Engine diagnostic"] = ["check engine light", "check engine", "engine light", "diagnostic", "diagnose", "code", "codes", "~runs rough", "~running rough", "~misfire", "~misfiring", "~stalling", "~stalls", "sputtering", "~overheat", "~overheated", "~overheating", "~steam", "~won't start", "~wont start", "~weird noise", "knocking"],
        ["Transmission service"] = ["transmission fluid", "transmission service", "transmission", "slipping", "hard shifting", "shifting hard", "won't shift", "tranny"],
        ["Spark plugs"] = ["spark plugs", "spark plug", "plugs", "tune up", "tune-up"],
        // Plumbing
        ["Leak repair"] = ["leak", "~leaking", "~leaky", "~drip", "~dripping", "~drips", "water stain", "wet spot", "~puddle", "water coming through"],
        ["Drain cleaning"] = ["draining slowly", "draining slow", "drains slowly", "drains slow", "slow draining", "slow to drain", "not draining", "isn't draining", "isnt draining", "won't go down", "wont go down", "~drano", "draining really slowly", "draining really slow", "draining very slowly", "draining so slowly", "draining so slow", "drain", "drains", "~clog", "~clogged", "~clogs", "~backed up", "~backing up", "~backs up", "slow drain", "won't drain", "wont drain", "standing water in the", "~snake"],
        ["Toilet repair"] = ["toilet", "toliet", "running toilet", "won't flush", "wont flush", "keeps running", "commode"],
        ["Faucet / fixture"] = ["faucet", "fixture", "shower head", "showerhead", "tap", "spigot", "sink sprayer", "shower valve"],
        ["Burst pipe"] = ["burst pipe", "pipe burst", "busted pipe", "pipe busted", "broken pipe", "pipe broke", "frozen pipe", "frozen pipes", "pipe exploded", "split open", "ruptured", "water main break", "pipe cracked open", "burst"],
        ["Sewer line"] = ["sewage backing up", "backing up with sewage", "backed up with sewage", "sewage coming up", "sewage backup", "sewer backup", "sewer backing up", "raw sewage", "sewage in", "sewage everywhere", "smells like sewage", "smells like sewer", "sewer", "sewage", "septic", "main line", "sewer line", "sewer smell", "gurgling", "gurgle", "gurgles"],
        ["Garbage disposal"] = ["~jammed", "disposal jammed", "disposal is jammed", "disposal humming", "garbage disposal", "disposal", "disposer", "insinkerator"],
        // Electrical
        ["Outlet / switch"] = ["outlet", "outlets", "~switch", "~plug", "gfci", "receptacle", "light switch"],
        ["Panel upgrade"] = ["panel", "breaker", "breakers", "fuse box", "service upgrade", "200 amp", "tripping"],
        ["Lighting"] = ["lighting", "light fixture", "lights", "ceiling fan", "recessed", "can lights", "chandelier"],
        ["Wiring repair"] = ["wiring", "wires", "rewire", "flickering", "~short"],
        ["EV charger"] = ["ev charger", "car charger", "tesla charger", "level 2", "charger"],
        ["Generator"] = ["generator", "generac", "standby power"],
    };

    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock CacheLock = new();

    /// <summary>The phrases that name a service: the catalog words for a known service, else the service name and its main words.</summary>
    public static IEnumerable<string> PhrasesFor(string service)
    {
        if (Words.TryGetValue(service, out var known)) return known.Append(service);
        var parts = service.ToLowerInvariant().Split(['/', ',', '(', ')', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Append(service.ToLowerInvariant())
            .Concat(parts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 5 && !GenericWords.Contains(w)));
    }

    private static readonly HashSet<string> GenericWords = ["repair", "service", "replacement", "install", "installation", "cleaning", "system", "upgrade"];

    /// <summary>Phrases marked "~" are vague symptoms: they count for half when several services match.</summary>
    public static bool IsWeak(string matched)
    {
        var n = Normalize(matched);
        return WeakPhrases.Contains(n) || !StrongPhrases.Contains(n) && n.EndsWith('s') && (WeakPhrases.Contains(n[..^1]) || n.EndsWith("es", StringComparison.Ordinal) && WeakPhrases.Contains(n[..^2]));
    }

    private static readonly HashSet<string> StrongPhrases = [.. Words.Values.SelectMany(w => w).Where(w => !w.StartsWith('~')).Select(Normalize)];

    private static readonly HashSet<string> WeakPhrases = [.. Words.Values.SelectMany(w => w).Where(w => w.StartsWith('~')).Select(w => Normalize(w[1..]))];

    private static string Normalize(string s) => Regex.Replace(s.ToLowerInvariant(), @"\s+", " ").Trim();

    /// <summary>A regex matching any phrase of a service on word boundaries.</summary>
    public static Regex RegexFor(string service)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(service, out var r)) return r;
            var alternation = string.Join("|", PhrasesFor(service).Select(p => p.TrimStart('~')).Distinct().OrderByDescending(p => p.Length).Select(p => Regex.Escape(p).Replace(@"\ ", @"\s+", StringComparison.Ordinal)));
            // A plural counts as the word ("do u fix toilets", "faucets", "outlets").
            r = new Regex($@"(?<![\w/]){"("}{alternation}{")"}(?:s|es)?(?![\w/])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            Cache[service] = r;
            return r;
        }
    }
}
