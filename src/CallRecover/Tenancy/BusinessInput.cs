using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CallRecover.Common;
using NodaTime;

namespace CallRecover.Tenancy;

/// <summary>The business fields a client may send. Unknown fields are rejected so typos do not pass silently.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BusinessInput
{
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? OwnerName { get; init; }
    public string? OwnerEmail { get; init; }
    public string? OwnerPhone { get; init; }
    public string? BusinessPhone { get; init; }
    public string? CarrierNumber { get; init; }
    public string? TimeZone { get; init; }
    public WeeklyHours? BusinessHours { get; init; }
    public List<string>? Services { get; init; }
    public string? Vertical { get; init; }
    public decimal? AverageJobValue { get; init; }
    public string? Greeting { get; init; }
    public string? AiInstructions { get; init; }
    public NotificationPrefs? NotificationPrefs { get; init; }
    public string? GooglePlaceId { get; init; }
    public string? ReviewUrl { get; init; }
    public decimal? LaborRate { get; init; }
    public bool? EstimatesEnabled { get; init; }
    public bool? RecordingEnabled { get; init; }
    public string? RecordingConsentMessage { get; init; }
    public string? SubscriptionStatus { get; init; }
    public string? VoiceReceptionist { get; init; }

    public static BusinessInput From(Business b) => new()
    {
        Name = b.Name, Slug = b.Slug, OwnerName = b.OwnerName, OwnerEmail = b.OwnerEmail, OwnerPhone = b.OwnerPhone,
        BusinessPhone = b.BusinessPhone, CarrierNumber = b.CarrierNumber, TimeZone = b.TimeZone,
        BusinessHours = b.BusinessHours, Services = [.. b.Services], Vertical = b.Vertical,
        AverageJobValue = b.AverageJobValue, Greeting = b.Greeting, AiInstructions = b.AiInstructions,
        NotificationPrefs = b.NotificationPrefs, GooglePlaceId = b.GooglePlaceId, ReviewUrl = b.ReviewUrl,
        LaborRate = b.LaborRate, EstimatesEnabled = b.EstimatesEnabled, RecordingEnabled = b.RecordingEnabled,
        RecordingConsentMessage = b.RecordingConsentMessage, SubscriptionStatus = b.SubscriptionStatus,
        VoiceReceptionist = b.VoiceReceptionist,
    };

    /// <summary>Parses a JSON body; a malformed body or a wrong type yields an error naming the field.</summary>
    public static BusinessInput? Parse(JsonNode? body, Dictionary<string, string[]> errors)
    {
        if (body is not JsonObject)
        {
            errors["body"] = ["The body must be a JSON object."];
            return null;
        }
        try
        {
            return body.Deserialize<BusinessInput>(Json.Options);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            errors[field] = [ex.Message.Split(" Path:")[0]];
            return null;
        }
    }

    /// <summary>Overlays the fields present in <paramref name="patch"/> on <paramref name="current"/> (JSON merge).</summary>
    public static JsonObject Merge(BusinessInput current, JsonObject patch)
    {
        var merged = JsonSerializer.SerializeToNode(current, Json.Options)!.AsObject();
        foreach (var (key, value) in patch) merged[key] = value?.DeepClone();
        return merged;
    }

    /// <summary>
    /// Validates and normalizes into a business (phones to E.164, defaults filled in). Returns null and fills
    /// <paramref name="errors"/> (field → reasons) when anything is wrong.
    /// </summary>
    public Business? Validate(string id, DateTimeOffset now, DateTimeOffset? createdAt, Dictionary<string, string[]> errors)
    {
        void Bad(string field, string reason) => errors[field] = errors.TryGetValue(field, out var r) ? [.. r, reason] : [reason];
        string Required(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) { Bad(field, $"Enter {Label(field)}."); return ""; }
            if (value.Trim().Length > max) Bad(field, $"Keep {Label(field)} to {max} characters or fewer.");
            return value.Trim();
        }
        string PhoneField(string field, string? value, string region)
        {
            if (string.IsNullOrWhiteSpace(value)) { Bad(field, $"Enter {Label(field)}."); return ""; }
            if (!Phone.TryNormalize(value, region, out var e164)) { Bad(field, $"'{value}' is not a phone number we can use for {Label(field)}: enter it like (904) 555-0134, or +44 20 7946 0958 for another country."); return ""; }
            return e164;
        }
        string? Optional(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (value.Trim().Length > max) Bad(field, $"Keep {Label(field)} to {max} characters or fewer.");
            return value.Trim();
        }

        var name = Required("name", Name, 100);
        var slug = Optional("slug", Slug, Slugs.MaxLength)?.ToLowerInvariant();
        if (slug is not null && !Slugs.IsValid(slug)) Bad("slug", Slugs.Rule);
        var ownerName = Required("ownerName", OwnerName, 100);
        var ownerEmail = Required("ownerEmail", OwnerEmail, 200).ToLowerInvariant();
        if (ownerEmail.Length > 0 && (!MailAddress.TryCreate(ownerEmail, out var mail) || mail.Address != ownerEmail || !ownerEmail.Contains('.', StringComparison.Ordinal)))
            Bad("ownerEmail", $"'{OwnerEmail}' is not an email address; enter one like owner@example.com.");
        // No carrier number yet is allowed: a signed-up business buys one in onboarding (null, never a placeholder).
        string? carrierNumber = string.IsNullOrWhiteSpace(CarrierNumber) ? null : PhoneField("carrierNumber", CarrierNumber, Phone.DefaultRegion);
        // The owner's and the business's phones typed without a country code are read in the carrier number's country.
        var region = string.IsNullOrEmpty(carrierNumber) ? Phone.DefaultRegion : Phone.RegionOf(carrierNumber);
        var ownerPhone = PhoneField("ownerPhone", OwnerPhone, region);
        var businessPhone = PhoneField("businessPhone", BusinessPhone, region);

        var timeZone = string.IsNullOrWhiteSpace(TimeZone) ? "America/New_York" : TimeZone.Trim();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is null)
            Bad("timeZone", $"'{TimeZone}' is not a time zone we know. Enter a time zone like America/Chicago.");

        var hours = BusinessHours ?? WeeklyHours.WeekdaysNineToFive();
        foreach (var (day, h) in hours)
        {
            if (!WeeklyHours.DayNames.Contains(day.ToLowerInvariant())) { Bad("businessHours", $"'{day}' is not a day of the week (monday … sunday)."); continue; }
            if (h is null) continue;
            var open = TryTime(h.Open);
            var close = TryTime(h.Close);
            if (open is null || close is null) Bad("businessHours", $"{Day(day)}: enter opening and closing times like 08:00 and 17:00.");
            else if (open >= close) Bad("businessHours", $"{Day(day)}: the opening time ({h.Open}) must be before the closing time ({h.Close}).");
        }
        var normalizedHours = new WeeklyHours();
        foreach (var d in WeeklyHours.DayNames) normalizedHours[d] = hours.TryGetValue(d, out var v) ? v : null;

        var vertical = string.IsNullOrWhiteSpace(Vertical) ? "other" : Vertical.Trim().ToLowerInvariant();
        if (!Verticals.All.Contains(vertical)) Bad("vertical", $"Choose the kind of business: one of {string.Join(", ", Verticals.All)}.");

        var services = (Services ?? [.. DefaultServices.For(vertical)]).Select(s => s?.Trim() ?? "").ToList();
        if (services.Any(s => s.Length == 0 || s.Length > 80)) Bad("services", "Keep each service to 80 characters or fewer, one per line.");
        if (services.Count > 50) Bad("services", "List at most 50 services.");
        services = [.. services.Distinct(StringComparer.OrdinalIgnoreCase)];

        var averageJobValue = AverageJobValue ?? 350.00m;
        if (averageJobValue is < 0 or > 1_000_000) Bad("averageJobValue", "Enter an average job value from $0 to $1,000,000, like 350.");
        var laborRate = LaborRate ?? 100.00m;
        if (laborRate is < 0 or > 10_000) Bad("laborRate", "Enter a labor rate from $0 to $10,000 an hour, like 125.");

        var greeting = Optional("greeting", Greeting, 480);
        var aiInstructions = Optional("aiInstructions", AiInstructions, 4000);
        var prefs = NotificationPrefs ?? new NotificationPrefs();
        if (TryTime(prefs.QuietStart) is null) Bad("notificationPrefs.quietStart", "Enter the start of quiet hours as a time like 21:00.");
        if (TryTime(prefs.QuietEnd) is null) Bad("notificationPrefs.quietEnd", "Enter the end of quiet hours as a time like 07:00.");

        var reviewUrl = Optional("reviewUrl", ReviewUrl, 500);
        if (reviewUrl is not null && (!Uri.TryCreate(reviewUrl, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http")))
            Bad("reviewUrl", "Enter the full review link, starting with https:// (like https://g.page/r/...).");
        var placeId = Optional("googlePlaceId", GooglePlaceId, 200);
        if (reviewUrl is null && placeId is not null)
            reviewUrl = $"https://search.google.com/local/writereview?placeid={Uri.EscapeDataString(placeId)}";

        var subscription = string.IsNullOrWhiteSpace(SubscriptionStatus) ? "trial" : SubscriptionStatus.Trim().ToLowerInvariant();
        if (!SubscriptionStatuses.All.Contains(subscription)) Bad("subscriptionStatus", $"Choose a subscription status: one of {string.Join(", ", SubscriptionStatuses.All)}.");

        var receptionist = string.IsNullOrWhiteSpace(VoiceReceptionist) ? VoiceReceptionistModes.Off : VoiceReceptionist.Trim().ToLowerInvariant();
        if (!VoiceReceptionistModes.All.Contains(receptionist))
            Bad("voiceReceptionist", $"Choose when the voice receptionist answers: one of {string.Join(", ", VoiceReceptionistModes.All)}.");

        if (errors.Count > 0) return null;
        return new Business
        {
            Id = id, Name = name, Slug = slug ?? (name.Length > 0 ? Slugs.From(name) : null), OwnerName = ownerName, OwnerEmail = ownerEmail, OwnerPhone = ownerPhone,
            BusinessPhone = businessPhone, CarrierNumber = carrierNumber, TimeZone = timeZone, BusinessHours = normalizedHours,
            Services = services, Vertical = vertical, AverageJobValue = decimal.Round(averageJobValue, 2),
            Greeting = greeting, AiInstructions = aiInstructions, NotificationPrefs = prefs, GooglePlaceId = placeId,
            ReviewUrl = reviewUrl, LaborRate = decimal.Round(laborRate, 2), EstimatesEnabled = EstimatesEnabled ?? false,
            RecordingEnabled = RecordingEnabled ?? false, RecordingConsentMessage = Optional("recordingConsentMessage", RecordingConsentMessage, 300),
            SubscriptionStatus = subscription, VoiceReceptionist = receptionist, CreatedAt = createdAt ?? now, UpdatedAt = now,
        };
    }

    /// <summary>How a field is named to the person reading the message.</summary>
    private static string Label(string field) => field switch
    {
        "name" => "the business name",
        "ownerName" => "the owner's name",
        "ownerEmail" => "the owner's email",
        "ownerPhone" => "the owner's phone",
        "businessPhone" => "the business phone",
        "carrierNumber" => "the texting number",
        "greeting" => "the greeting",
        "aiInstructions" => "the instructions for the AI",
        "reviewUrl" => "the review link",
        "googlePlaceId" => "the Google place id",
        "recordingConsentMessage" => "the recording consent message",
        _ => field,
    };

    private static string Day(string day) => day.Length == 0 ? day : char.ToUpperInvariant(day[0]) + day[1..].ToLowerInvariant();

    private static LocalTime? TryTime(string? s)
    {
        if (s is null) return null;
        var r = LocalTimes.HourMinute.Parse(s);
        return r.Success ? r.Value : null;
    }
}

/// <summary>The services a new business of a vertical starts with (ESTIMATES.md).</summary>
public static class DefaultServices
{
    public static IReadOnlyList<string> For(string vertical) => vertical switch
    {
        "hvac" => ["AC repair", "Heating repair", "Furnace repair", "Heat pump", "Maintenance / tune-up", "New system / replacement", "Thermostat", "Ductwork / airflow", "Indoor air quality", "Water heater"],
        "auto" => ["Oil change", "Brake pads", "Battery replacement", "Alternator replacement", "Starter replacement", "Timing belt", "AC recharge", "Engine diagnostic", "Transmission service", "Spark plugs"],
        "plumbing" => ["Leak repair", "Drain cleaning", "Water heater", "Toilet repair", "Faucet / fixture", "Burst pipe", "Sewer line", "Garbage disposal"],
        "electrical" => ["Outlet / switch", "Panel upgrade", "Lighting", "Wiring repair", "EV charger", "Generator"],
        _ => [],
    };
}
