using System.Globalization;
using NodaTime;
using System.Reflection;
using System.Text;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

/// <summary>
/// A block another capability adds to the /simulator page (e.g. the email outbox). <see cref="Html"/> is inserted as
/// is (it may carry its own &lt;script&gt;); give elements stable ids / data-testid for browser tests.
/// </summary>
public interface ISimulatorSection
{
    int Order { get; }
    string Html { get; }
}

/// <summary>The carrier simulator's page and API (/simulator), on only when Carrier__Provider=simulator.</summary>
public static class SimulatorEndpoints
{
    public sealed record CallRequest(string? CarrierNumber, string? From, string? Outcome);
    public sealed record TextRequest(string? CarrierNumber, string? From, string? Body);
    public sealed record PhoneMessage
    {
        public string Id { get; init; } = "";
        public string BusinessName { get; init; } = "";
        public string Direction { get; init; } = "";
        public string FromPhone { get; init; } = "";
        public string ToPhone { get; init; } = "";
        public string Body { get; init; } = "";
        public string Status { get; init; } = "";
        public string? ErrorCode { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        /// <summary>The business's IANA time zone, so the page shows times as the business reads them, not in UTC.</summary>
        public string TimeZone { get; init; } = "";
        /// <summary><see cref="CreatedAt"/> in the business's time zone, preformatted ("2:05 PM").</summary>
        public string LocalTime => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is { } zone
            ? Instant.FromDateTimeOffset(CreatedAt).InZone(zone).ToString("h:mm tt", CultureInfo.InvariantCulture)
            : CreatedAt.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }

    public const string PathPrefix = "/simulator";

    /// <summary>
    /// Nothing under /simulator is served unless the simulator is the carrier: 404 for every path and method, whoever
    /// maps it (the page, its API, the voicemail form, the email outbox with everyone's sign-in links). A gate on the
    /// path rather than on each route, so a route added later cannot forget it.
    /// </summary>
    public static IApplicationBuilder UseSimulatorGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(PathPrefix)
            && !context.RequestServices.GetRequiredService<IOptions<CarrierOptions>>().Value.IsSimulator)
        {
            await Off().ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static IResult Off() =>
        TypedResults.Problem(statusCode: 404, title: "Simulator off", detail: "The simulator runs only with Carrier__Provider=simulator.");

    public static void MapSimulator(this IEndpointRouteBuilder app)
    {
        // The gate above already answers 404 with a real carrier; the filter keeps these routes closed on their own too.
        var sim = app.MapGroup(PathPrefix).ExcludeFromDescription().InlineScripts().AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptions<CarrierOptions>>().Value.IsSimulator
                ? await next(context)
                : Off());
        sim.MapGet("", (IEnumerable<ISimulatorSection> sections) => TypedResults.Content(Page(sections), "text/html; charset=utf-8"));
        sim.MapGet("/api/businesses", async (BusinessStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Where(b => b.CarrierNumber is not null).Select(b => new SimulatedBusiness(b.Id, b.Name, b.CarrierNumber!, b.BusinessPhone, b.OwnerPhone))));
        sim.MapPost("/api/calls", PlaceCall);
        sim.MapPost("/api/texts", SendText);
        sim.MapGet("/api/phones/{phone}/messages", PhoneMessages);
        ReceptionistSimulator.MapReceptionistSimulator(sim);
    }

    private static async Task<IResult> PlaceCall(CallRequest body, BusinessDirectory directory, SimulatorCalls calls, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var business = await directory.ByCarrierNumberAsync(body.CarrierNumber ?? "", ct);
        if (business is null) errors["carrierNumber"] = ["carrierNumber must be the carrier number of a business."];
        var from = body.From?.Trim() ?? "";
        if (!Phone.IsWithheld(from) && !Phone.TryNormalize(from, out _)) errors["from"] = ["from must be a phone number (or 'anonymous')."];
        var outcome = (body.Outcome ?? SimulatedOutcomes.Missed).Trim().ToLowerInvariant();
        if (!SimulatedOutcomes.All.Contains(outcome)) errors["outcome"] = [$"outcome must be one of {string.Join(", ", SimulatedOutcomes.All)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await calls.PlaceAsync(business!, Phone.NormalizeOrNull(from) ?? from, outcome, ct));
    }

    private static async Task<IResult> SendText(TextRequest body, BusinessDirectory directory, SimulatorCalls calls, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var business = await directory.ByCarrierNumberAsync(body.CarrierNumber ?? "", ct);
        if (business is null) errors["carrierNumber"] = ["carrierNumber must be the carrier number of a business."];
        if (!Phone.TryNormalize(body.From, out var from)) errors["from"] = ["from must be a phone number."];
        if (string.IsNullOrWhiteSpace(body.Body)) errors["body"] = ["body is required."];
        else if (body.Body.Length > 1600) errors["body"] = ["body must be at most 1600 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await calls.TextAsync(business!, from!, body.Body!, ct));
    }

    /// <summary>Everything a simulated phone sent or received, across businesses (the simulator has no tenants to hide).</summary>
    private static async Task<IResult> PhoneMessages(string phone, Db db, CancellationToken ct)
    {
        if (!Phone.TryNormalize(phone, out var e164))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phone"] = ["phone must be a phone number."] });
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<PhoneMessage>("""
            SELECT m.id, b.name AS business_name, m.direction, m.from_phone, m.to_phone, m.body, m.status, m.error_code, m.created_at, b.time_zone
            FROM messages m JOIN businesses b ON b.id = m.business_id
            WHERE ((m.direction = 'outbound' AND m.to_phone = @e164 AND m.status NOT IN ('queued','blocked','failed','canceled'))
                OR (m.direction = 'inbound' AND m.from_phone = @e164))
            ORDER BY m.created_at DESC, m.id DESC LIMIT 200
            """, new { e164 });
        return TypedResults.Ok(rows.Reverse());
    }

    private static string? _template;

    private static string Page(IEnumerable<ISimulatorSection> sections)
    {
        _template ??= ReadTemplate();
        var extra = new StringBuilder();
        foreach (var s in sections.OrderBy(s => s.Order)) extra.AppendLine(s.Html);
        return _template.Replace("<!--SIMULATOR-SECTIONS-->", extra.ToString(), StringComparison.Ordinal);
    }

    private static string ReadTemplate()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Simulator.simulator.html", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A business as the simulator panel lists it (its numbers to call and text).</summary>
public sealed record SimulatedBusiness(string Id, string Name, string CarrierNumber, string BusinessPhone, string OwnerPhone);
