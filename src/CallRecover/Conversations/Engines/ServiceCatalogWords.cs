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
        ["AC repair"] = ["air condition", "a sea unit", "a sea system", "ac is dripping", "ac dripping", "ac is leaking water", "mini split", "mini-split", "minisplit", "aire caliente", "sale aire caliente", "frozen solid", "ice on the lines", "ice on the line", "ice on the pipes", "freezing up", "frozen up", "~iced over", "ice buildup", "outside unit", "outdoor unit", "condensing unit", "ac is making", "ac making", "ac smells", "ac smell", "ac stinks", "ac is leaking", "ac leaking", "ac unit is leaking", "ac", "a/c", "a.c.", "air conditioner", "air conditioning", "air con", "aircon", "central air", "not cooling", "won't cool", "wont cool",
            "isn't cooling", "isnt cooling", "stopped cooling", "blowing warm", "blowing hot", "blowing warm air", "blowing hot air", "ac unit", "condenser",
            "ac is out", "ac went out", "ac quit", "compressor", "stopped blowing cold", "stopped blowing cold air", "stoped blowing cold", "stoped cooling", "stoped working", "quit blowing cold", "quit blowing cold air", "not blowing cold",
            "not blowing cold air", "isn't blowing cold air", "no cold air", "not cold air", "air won't turn on", "air wont turn on", "air isn't working", "air isnt working", "air not working", "air is out", "air's out", "air went out", "air quit", "blowing room temp", "room temp air", "room temperature air", "aire acondicionado", "aire no enfría", "aire no enfria", "el aire no sirve", "aire no sirve", "blows caliente", "sale caliente", "el aire no funciona", "el aire no prende", "frozen coil", "coil is frozen", "ductless", "head unit", "iced up", "freon", "~cooling"],
        ["Heating repair"] = ["only gets the house to", "won't get above", "wont get above", "calefacción", "calefaccion", "no calienta", "calentón", "calenton", "no heat", "heater", "heating", "heat's been out", "heats been out", "heat has been out", "heat's been off", "heat has been off", "heat's been down", "heat isn't working", "heat isnt working", "heat not working", "heat went out", "heat is out",
            "heat won't come on", "heat wont come on", "heat stopped", "heat's out", "heats out", "heat's completely out", "heat is completely out", "heat's totally out", "heat is totally out", "heat conked out", "heat is not working", "heat's not working", "heat is not on", "heat isn't coming on", "heat isnt coming on", "heat not coming on", "heat is not coming on", "heat won't turn on", "heat wont turn on", "heat doesn't seem to come on", "heat doesnt seem to come on", "heat doesn't come on", "heat doesnt come on", "heat does not come on", "heat doesn't work", "heat doesnt work", "heat doesn't turn on", "heat doesnt turn on", "heat won't kick on", "heat wont kick on", "heat isn't kicking on", "heat isnt kicking on", "heat not kicking on", "heat is not kicking on", "not heating", "blowing cold air", "blowing cold", "baseboard", "boiler", "radiator", "heat quit", "~blower"],
        ["Furnace repair"] = ["never lights", "won't light", "wont light", "doesn't light", "doesnt light", "won't ignite", "wont ignite", "furnace is making", "furnace making", "furnace smells", "furnace smell", "furnace short cycling", "short cycling", "furnace", "pilot light", "igniter", "ignitor", "flame sensor"],
        ["Heat pump"] = ["heat pump", "heatpump", "heat pomp", "heat-pump", "emergency heat", "aux heat"],
        ["Maintenance / tune-up"] = ["yearly cleaning", "annual cleaning", "checked and cleaned", "cleaned and checked", .. MaintenanceOfEquipment(), "hasn't been serviced", "hasnt been serviced", "been serviced", "get it serviced", "needs servicing", "tuned up", "servicing", "tune up", "tune-up", "tuneup", "maintenance", "check up", "checkup", "check-up", "inspection", "annual service", "yearly service", "ac checked", "a/c checked", "system checked", "furnace checked", "heat checked", "checked before summer", "checked before winter", "seasonal service", "clean and check", "precision tune", "mantenimiento"],
        ["New system / replacement"] = ["said it should be replaced", "unit should be replaced", "system should be replaced", "system needs to be replaced", "mini split put in", "mini-split put in", "put in a mini split", "install a mini split", "installing a mini split", "add a mini split", "new mini split", "mini split installed", "~replace our", "~replace a", "~replace it", "~replace this", "~replacing a", "~replacing it", "~replacing this", "~new one", "~a new one", "~getting quotes", "~get quotes", "~get a quote", "~quotes on", "new air conditioner", "new central air", "new system", "new unit", "replace my", "replace the", "replacement", "new ac", "new furnace", "whole new", "upgrade my system",
            "quote on a new", "estimate on a new", "install a new", "new hvac", "system is old", "replacing my", "replacing our", "replacing the"],
        ["Thermostat"] = ["thermostat", "nest", "ecobee", "t-stat", "tstat"],
        ["Ductwork / airflow"] = ["hotter than", "colder than", "uneven temperatures", "uneven temps", "uneven temperature", "hot spots", "cold spots", "~one room", "~some rooms", "~certain rooms", "upstairs is hot", "upstairs is hotter", "upstairs is always hot", "upstairs is way hotter", "rooms are hot", "room is hot", "room is always hot", "ducts cleaned", "duct cleaning", "clean the ducts", "clean our ducts", "clean my ducts", "duct", "ducts", "ductwork", "airflow", "air flow", "vents", "vent", "registers", "no air coming out", "weak air"],
        ["Indoor air quality"] = ["air quality", "air purifier", "purifier", "humidifier", "dehumidifier", "allergies", "dusty", "uv light", "air scrubber", "musty"],
        ["Water heater"] = ["water heater", "hot water heater", "no hot water", "hot water", "agua caliente", "calentador de agua", "tankless", "water tank", "heater tank", "hot water tank"],
        // Auto
        ["Oil change"] = ["oil chnage", "oil chage", "oil change", "oil chnge", "oil chng", "oil chg", "oil chang", "oil and filter", "lube", "change the oil", "change my oil", "oil service", "synthetic", "oil changed", "oil light", "due for oil", "cambio de aceite", "cambiar el aceite", "cambio del aceite"],
        ["Brake pads"] = ["brake is making noise", "brake is making", "brakes making", "brake noise", "brake is squeaking", "when braking", "when i brake", "squeak when i stop", "squeaks when i stop", "squeak squeak when i stop", "~when i stop", "brakes", "brake pads", "~brake", "squealing", "squeaking when i stop", "breaks squeaking", "breaks squeeking", "breaks squealing", "breaks grinding", "breaks are squeaking", "breaks are squealing", "breaks are grinding", "squeaky brakes", "squeaky breaks", "my breaks", "the breaks", "grinding when i stop", "grinding noise when i brake", "rotors", "pads"],
        ["Battery replacement"] = ["no lights", "completely dead", "totally dead", "dead dead", "won't even unlock", "wont even unlock", "won't unlock", "wont unlock", "battery", "batteries", "won't hold a charge", "wont hold a charge", "jump start", "jumpstart", "dead battery", "needs a jump", "keeps dying"],
        ["Alternator replacement"] = ["alternator", "battery light", "charging system", "battery light came on", "lights dimming"],
        ["Starter replacement"] = ["goes click", "just goes click", "click, click", "starter", "grinding when i turn the key", "grinding noise when i turn the key", "grinds when i turn the key", "just clicking", "only clicking", "wont start, just clicking", "one click", "just one click", "single click", "clicks once", "clicking when i turn the key", "just clicks", "just a click", "only a click", "clicking noise", "won't crank", "wont crank", "doesn't crank", "click click"],
        ["Timing belt"] = ["timing belt", "timing chain"],
        ["AC recharge"] = ["aire del carro", "aire de mi carro", "aire del coche", "aire de la troca", "aire de la camioneta", "aire no enfría", "aire no enfria", "ac", "a/c", "a.c.", "air conditioning", "air conditioner", "car's ac", "truck's ac", "car's a/c", "ac quit", "ac blowing hot", "ac stopped working", "ac isn't working", "ac not working", "ac went out", "ac recharge", "recharge the ac", "ac blowing warm", "ac is blowing warm", "freon", "refrigerant", "ac isn't cold", "ac isnt cold", "ac not cold", "air isn't cold", "ac in my car", "car ac", "ac in the car", "ac in my truck", "air in my car", "air in the car", "air in my truck", "needs a recharge", "needs recharging"],
        ["Engine diagnostic"] = ["temp needle", "temperature needle", "temp gauge", "temperature gauge", "sweet smell", "syrup smell", "syrupy smell", "~coolant", "check engine light", "chek engine", "check engine lite", "engine lite", "shaking at idle", "shakin at idle", "rough idle", "idles rough", "blue smoke", "white smoke", "smoke from the tailpipe", "smoke from the exhaust", "burning oil", "check engine", "engine light", "diagnostic", "diagnose", "code", "codes", "~runs rough", "~running rough", "~misfire", "~misfiring", "~stalling", "~stalls", "dies at red lights", "dies at stop lights", "dies at stoplights", "dies at lights", "dies at idle", "dies when i stop", "stalls at lights", "stalls at red lights", "sputtering", "~overheat", "~overheated", "~overheating", "~steam", "~won't start", "~wont start", "~weird noise", "knocking", "temp gauge", "temperature gauge", "running hot", "runs hot", "~into the red", "coolant"],
        ["Transmission service"] = ["won't go into gear", "wont go into gear", "won't go in gear", "wont go in gear", "just revs", "revs but", "won't go into drive", "wont go into drive", "won't go into reverse", "wont go into reverse", "transmisión", "transmision", "transmission fluid", "trans slips", "trans slipping", "trans is slipping", "rpms jump", "rpm jumps", "transmission service", "transmission", "slipping", "hard shifting", "shifting hard", "won't shift", "tranny", "fluid flush", "when it shifts", "jerks going into", "jerks into", "slams into gear", "shifts hard", "shifts very hard", "shifts really hard", "shifting very hard", "gearbox", "gear box", "shifts late", "shudders when shifting", "shudders when it shifts", "shudder when shifting", "jerks when shifting", "jerks when it shifts", "when shifting from"],
        ["Spark plugs"] = ["spark plugs", "spark plug", "plugs", "plug or coil", "coil or plug", "coil pack", "coil packs", "plugs and coils", "tune up", "tune-up"],
        // Plumbing
        ["Leak repair"] = ["slow leak", "leak under the", "leak", "~leaking", "~leaky", "~drip", "~dripping", "~drips", "water stain", "wet spot", "~puddle", "water coming through", "water bubbling up", "bubbling up in the yard", "bubbling up in the front yard", "soggy spot in the yard", "stain on the ceiling", "stain on my ceiling", "stain on our ceiling", "ceiling stain", "brown stain", "water spot", "water damage"],
        ["Drain cleaning"] = ["sink is slow", "sink's slow", "sink is really slow", "tub is slow", "shower is slow", "drain is slow", "not going down", "isn't going down", "isnt going down", "draining super slow", "draining super slowly", "draining real slow", "draining crazy slow", "draining extremely slow", "snake the line", "snake the drain", "snake the main", "snake it out", "snake out the line", "snaked out", "draining slowly", "draining slow", "drains slowly", "drains slow", "slow draining", "slow to drain", "not draining", "isn't draining", "isnt draining", "won't go down", "wont go down", "~drano", "draining really slowly", "draining really slow", "draining very slowly", "draining so slowly", "draining so slow", "drain", "drains", "~clog", "~clogged", "~clogs", "~backed up", "~backing up", "~backs up", "slow drain", "won't drain", "wont drain", "standing water in the", "~snake", "drenaje", "está tapado", "esta tapado", "tapado", "tapada"],
        ["Toilet repair"] = ["toilet", "toliet", "running toilet", "won't flush", "wont flush", "keeps running", "commode"],
        ["Faucet / fixture"] = ["hose bib", "hose bibb", "hose bibs", "outdoor faucet", "outside faucet", "only runs cold", "runs only cold", "faucet", "fixture", "shower head", "showerhead", "tap", "spigot", "sink sprayer", "shower valve", "tub spout", "shower keeps dripping", "shower won't stop dripping", "shower wont stop dripping", "tub keeps dripping"],
        ["Burst pipe"] = ["water spraying", "water is spraying", "water's spraying", "spraying water", "burst pipe", "busted line", "burst line", "busted water line", "busted supply line", "hose bib burst", "hose bibb burst", "spigot burst", "spraying out of the pipe", "spraying out of a pipe", "spraying from the pipe", "pipe is spraying", "pipe spraying", "se reventó un tubo", "se revento un tubo", "se reventó la tubería", "se revento la tuberia", "tubo reventado", "tubería rota", "tuberia rota", "se rompió un tubo", "se rompio un tubo", "water shooting out", "shooting out of the wall", "spraying out of the wall", "pipe burst", "pipe popped", "pipe just popped", "pipe just split", "pipe split", "busted pipe", "pipe busted", "broken pipe", "pipe broke", "frozen pipe", "frozen pipes", "pipe exploded", "split open", "ruptured", "water main break", "pipe cracked open", "burst", "water main burst", "water main broke", "water main busted", "main water line burst", "main water line broke", "main line burst", "main line busted", "main line cracked open", "main line split open"],
        ["Sewer line"] = ["sewer backs up", "roots again", "roots in the line", "roots in the pipe", "like sewer", "smell like sewer", "sewage backing up", "backing up with sewage", "backed up with sewage", "sewage coming up", "sewage backup", "sewer backup", "sewer backing up", "raw sewage", "sewage in", "sewage everywhere", "smells like sewage", "smells like sewer", "sewer", "sewage", "septic", "main line", "sewer line", "sewer smell", "toilets bubble", "toilets gurgle", "all the drains are backing up", "all the drains in the house are backing up", "all my drains are backing up", "all our drains are backing up", "every drain is backing up", "every drain in the house is backing up", "drains are all backing up", "toilets all gurgle", "all the toilets gurgle", "backs up when we do laundry", "backs up when the washer drains", "backs up when i do laundry", "gurgling", "gurgle", "gurgles"],
        ["Garbage disposal"] = ["~jammed", "disposal jammed", "disposal is jammed", "disposal humming", "garbage disposal", "disposal", "disposer", "insinkerator"],
        // Electrical
        ["Outlet / switch"] = ["outlet", "outlets", "~switch", "~plug", "gfci", "receptacle", "light switch", "wall switch", "switch feels loose", "loose switch", "tripping the gfci", "trips the gfci", "trip the gfci", "tripping the outlet", "tripping the outdoor outlet", "trips the outlet", "dimmer", "dimmers", "dimmer switch", "dimmer switches", "gfci keeps tripping", "gfci won't stop tripping", "gfci wont stop tripping", "gfci is tripping", "gfci tripping", "gfci trips", "gfci keeps popping", "gfci outlet keeps tripping"],
        // A breaker that keeps tripping or a dead circuit is a wiring fault to find; the panel itself is the job when it is
        // to be upgraded or replaced ("need a bigger panel", "old fuse box", "200 amp service").
        ["Panel upgrade"] = ["~panel", "~breaker", "~breakers", "~breaker box", "~breaker panel", "fuse box", "service upgrade", "200 amp", "100 amp", "400 amp", "amp service", "subpanel", "sub panel",
            "original panel", "still the original panel", "old panel", "ancient panel", "upgrade the panel", "upgrade my panel", "upgrade our panel", "new panel", "bigger panel", "replace the panel", "replace my panel", "panel replacement", "panel upgraded", "upgrade the service"],
        ["Lighting"] = ["floodlight", "flood light", "motion light", "motion sensor light", "porch light", "security light", "lighting", "light fixture", "lights", "~light", "~fixture", "led cans", "led lights", "led lighting", "ceiling fan", "ventilador de techo", "abanico de techo", "lámpara", "lampara", "lámparas", "lamparas", "recessed", "can lights", "chandelier"],
        ["Wiring repair"] = ["lights are blinking", "lights blinking", "lights blink", "lights keep blinking", "knob and tube", "knob & tube", "knob-and-tube", "lights flicker", "lights dim", "lights are flicking", "lights flicking", "house are flicking", "flicking and dimming", "dim all over the house", "flicker all over", "wiring", "wires", "rewire", "flickering", "lights all over the house flicker", "lights all over the house dim", "every light in the house flickers", "every light in the house dims",
            "all the lights in the house flicker", "lights through the whole house flicker", "lights in the whole house flicker", "whole house flickers", "whole house flicker",
            "flicker all over the house", "flickers all over the house", "flickering all over the house", "flicker when the", "flickers when the", "dim when the", "dims when the",
            "flicker whenever", "flickers whenever", "dim whenever", "dims whenever", "dim every time", "dims every time", "flicker every time", "flickers every time", "dim and flicker", "dims and flickers", "flicker and dim", "flickers and dims", "~short", "tripping", "keeps tripping", "keep tripping", "trips the breaker", "tripped the breaker",
            "no power", "lost power", "power's been out", "power has been out", "half the house", "half of the house", "half of our lights", "half the lights",
            "side of the house", "went dead", "circuit", "circuits", "~dead"],
        ["EV charger"] = ["an ev", "getting an ev", "bought an ev", "new ev", "ev charger", "wall connector", "wallbox", "juicebox", "chargepoint", "cargador ev", "cargador de ev", "cargador para ev", "cargador para mi carro", "cargador para el carro", "cargador de carro", "cargador para mi auto", "carro eléctrico", "carro electrico", "car charger", "tesla charger", "level 2", "level two", "level-2", "level two charger", "level 2 charger", "electric car", "electric truck", "electric vehicle", "charger"],
        ["Generator"] = ["whole home generator", "whole house generator", "standby kind", "generator", "generac", "standby power", "standby generator", "generator won't start", "generator wont start"],
    };

    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock CacheLock = new();

    /// <summary>The phrases that name a service: the catalog words for a known service, else the service name and its main words.</summary>
    /// <summary>
    /// Maintenance of named equipment ("furnace tune up", "ac serviced", "tune-up on the boiler", "service my heat pump"):
    /// a tune-up, not a repair of that equipment.
    /// </summary>
    private static IEnumerable<string> MaintenanceOfEquipment()
    {
        string[] equipment = ["furnace", "ac", "a/c", "air conditioner", "heat pump", "boiler", "system", "hvac", "unit", "heater", "heating", "cooling"];
        string[] done = ["tune up", "tune-up", "tuneup", "tuned up", "tuned", "serviced", "servicing", "maintenance", "cleaned", "cleaning", "check up", "checkup", "check-up", "inspection"];
        string[] main = ["furnace", "ac", "heat pump", "boiler", "system"];
        return equipment.SelectMany(e => done.Select(d => $"{e} {d}"))
            .Concat(main.SelectMany(e => new[] { "tune up", "tune-up", "maintenance", "inspection" }.Select(x => $"{x} on the {e}")))
            .Concat(from owner in new[] { "the", "my" } from e in main from v in new[] { "service", "tune up", "clean", "inspect" } select $"{v} {owner} {e}");
    }

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
