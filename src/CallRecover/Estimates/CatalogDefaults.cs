namespace CallRecover.Estimates;

/// <summary>The catalog a new business starts from, per vertical (ESTIMATES.md).</summary>
public static class CatalogDefaults
{
    public static IReadOnlyList<CatalogEntryInput> For(string vertical) => vertical switch
    {
        "auto" => Auto,
        "hvac" => Hvac,
        _ => [],
    };

    public static readonly IReadOnlyList<CatalogEntryInput> Auto =
    [
        new("Oil change", 0.5m, 45m, ["oil change", "change the oil", "change my oil", "oil service", "synthetic", "oil changed"], "low"),
        new("Brake pads", 1.5m, 120m, ["brakes", "brake", "brake pads", "squealing brakes", "squeaking when i stop", "grinding when i stop", "grinding noise when i brake"], "medium"),
        new("Battery replacement", 0.5m, 180m, ["battery", "won't hold a charge", "wont hold a charge", "jump start", "jumpstart", "dead battery"], "low"),
        new("Alternator replacement", 2.0m, 260m, ["alternator", "battery light", "charging system"], "medium"),
        new("Starter replacement", 2.3m, 220m, ["starter", "clicking when i turn the key", "clicks when i turn the key", "won't crank", "wont crank"], "medium"),
        new("Timing belt", 4.5m, 350m, ["timing belt", "timing chain"], "high"),
        new("AC recharge", 1.0m, 60m, ["ac recharge", "a/c recharge", "ac blowing warm", "ac is blowing warm", "blowing warm air", "freon", "refrigerant", "ac not cold", "ac isn't cold", "air conditioning"], "low"),
        new("Engine diagnostic", 1.0m, 0m, ["check engine light", "diagnostic", "diagnose", "diagnosis", "code", "runs rough", "running rough", "misfire", "misfiring"], "medium", Diagnostic: true),
        new("Transmission service", 2.5m, 150m, ["transmission fluid", "transmission service", "slipping", "transmission"], "medium"),
        new("Spark plugs", 1.5m, 80m, ["spark plugs", "spark plug", "tune up", "tune-up", "plugs"], "low"),
    ];

    // ESTIMATES.md lists the HVAC services without hours or parts; these are conservative starting points the
    // owner is expected to edit (HVAC businesses usually keep price quotes disabled).
    public static readonly IReadOnlyList<CatalogEntryInput> Hvac =
    [
        new("AC repair", 2.0m, 150m, ["ac repair", "not cooling", "ac not cooling", "ac isn't cooling", "ac is not cooling", "air conditioner", "ac stopped", "blowing warm", "ac unit"], "medium"),
        new("Heating repair", 2.0m, 120m, ["heating repair", "no heat", "not heating", "heater", "heat isn't working", "heat is not working"], "medium"),
        new("Furnace repair", 2.0m, 180m, ["furnace"], "medium"),
        new("Heat pump", 2.5m, 200m, ["heat pump"], "high"),
        new("Maintenance / tune-up", 1.0m, 25m, ["maintenance", "tune-up", "tune up", "tuneup", "check up", "checkup", "inspection"], "low"),
        new("New system / replacement quote", 1.0m, 0m, ["new system", "replacement", "replace the unit", "replace my unit", "new unit", "new ac"], "high"),
        new("Thermostat", 1.0m, 90m, ["thermostat"], "low"),
        new("Ductwork / airflow", 3.0m, 150m, ["ductwork", "duct", "ducts", "airflow", "air flow", "vents"], "medium"),
        new("Indoor air quality", 1.5m, 120m, ["air quality", "indoor air", "air purifier", "humidifier", "dehumidifier", "filter"], "low"),
        new("Water heater", 3.0m, 600m, ["water heater", "hot water"], "high"),
    ];
}
