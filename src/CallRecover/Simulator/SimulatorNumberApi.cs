using System.Net.Http.Headers;
using System.Text;
using CallRecover.Telephony;

namespace CallRecover.Simulator;

/// <summary>
/// The simulator's phone-number inventory (<see cref="SimulatorNumbers"/>) served as the carrier's REST API, in WIRE.md's
/// exact shape, under <c>/simulator/2010-04-01/Accounts/{sid}/…</c>: so <c>Carrier__BaseUrl={app}/simulator</c> points the
/// REST client at it (its own tests do). Basic auth: any account SID, the simulator's key (<c>Carrier__AuthToken</c>) as password.
/// Behind the /simulator gate: 404 unless the simulator is the carrier.
/// </summary>
public static class SimulatorNumberApi
{
    public static void MapSimulatorNumbers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(SimulatorEndpoints.PathPrefix + "/2010-04-01/Accounts/{accountSid}").ExcludeFromDescription().DisableAntiforgery();
        api.MapGet("/AvailablePhoneNumbers/US/Local.json", Search);
        api.MapPost("/IncomingPhoneNumbers.json", Buy);
        api.MapGet("/IncomingPhoneNumbers.json", async (string accountSid, string? phoneNumber, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers,
            CancellationToken ct) =>
        {
            if (!Authorized(request, accountSid, key)) return Unauthorized();
            var found = phoneNumber is null ? null : (await numbers.FindOwnedAsync(phoneNumber, ct)).Value;
            return Results.Json(new Dictionary<string, object?>
            {
                ["incoming_phone_numbers"] = found is null ? [] : new[] { new Dictionary<string, object?> { ["sid"] = found, ["account_sid"] = accountSid, ["phone_number"] = phoneNumber } },
            });
        });
        api.MapPost("/IncomingPhoneNumbers/{sid}.json", Update);
        api.MapDelete("/IncomingPhoneNumbers/{sid}.json", Release);
        api.MapPost("/Calls.json", PlaceCall);
    }

    /// <summary><c>POST Calls.json</c>: To, From (one of ours) and Url or Twiml, as the carrier takes them; 201 with the call.</summary>
    private static async Task<IResult> PlaceCall(string accountSid, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers, BusinessDirectory directory,
        CancellationToken ct)
    {
        if (!Authorized(request, accountSid, key)) return Unauthorized();
        if (!request.HasFormContentType) return Error(400, "21201", "A form body is required.");
        var form = await request.ReadFormAsync(ct);
        var (to, from, twiml, url) = (form["To"].ToString(), form["From"].ToString(), form["Twiml"].ToString(), form["Url"].ToString());
        if (to.Length == 0) return Error(400, "21201", "No 'To' number is specified.");
        if (from.Length == 0) return Error(400, "21213", "No 'From' number is specified.");
        if (twiml.Length == 0 && url.Length == 0) return Error(400, "21205", "A 'Url' or 'Twiml' is required.");
        if (await directory.ByCarrierNumberAsync(from, ct) is null) return Error(400, "21210", $"'From' {from} is not a number on this account.");
        var placed = await numbers.CallAsync(from, to, twiml, ct);
        return placed.Ok
            ? Results.Json(new Dictionary<string, object?>
            {
                ["sid"] = placed.Value, ["account_sid"] = accountSid, ["to"] = to, ["from"] = from, ["status"] = "queued", ["direction"] = "outbound-api",
                ["api_version"] = "2010-04-01",
            }, statusCode: 201)
            : Failure(placed.Failure!);
    }

    private static bool Authorized(HttpRequest request, string accountSid, SimulatorKey key) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth) && auth.Scheme == "Basic" && auth.Parameter is { } p
        && TryBase64(p) == $"{accountSid}:{key.Token}";

    private static string? TryBase64(string s)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(s)); }
        catch (FormatException) { return null; }
    }

    /// <summary>The carrier's error body: <c>{"code", "message", "more_info", "status"}</c>.</summary>
    private static IResult Error(int status, string code, string message) =>
        Results.Json(new Dictionary<string, object> { ["code"] = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status }, statusCode: status);

    private static IResult Unauthorized() => Error(401, NumberFailures.AuthCode, "Authenticate");

    private static IResult Failure(NumberFailure f) => f.Kind switch
    {
        NumberFailureKind.NotFound => Error(404, NumberFailures.NotFoundCode, f.CarrierMessage ?? "The requested resource was not found."),
        _ => Error(400, f.Code ?? "21422", f.CarrierMessage ?? f.Sentence),
    };

    private static Dictionary<string, object?> Number(string accountSid, CarrierNumber n, string? friendlyName, NumberWebhooks hooks) => new()
    {
        ["sid"] = n.Sid, ["account_sid"] = accountSid, ["phone_number"] = n.PhoneNumber, ["friendly_name"] = friendlyName,
        ["voice_url"] = hooks.VoiceUrl, ["voice_method"] = "POST", ["status_callback"] = hooks.StatusCallback, ["status_callback_method"] = "POST",
        ["sms_url"] = hooks.SmsUrl, ["sms_method"] = "POST", ["capabilities"] = new Dictionary<string, bool> { ["voice"] = true, ["SMS"] = true, ["MMS"] = true },
    };

    private static NumberWebhooks Hooks(IFormCollection form) => new(form["VoiceUrl"].ToString(), form["StatusCallback"].ToString(), form["SmsUrl"].ToString());

    private static async Task<IResult> Search(string accountSid, string? areaCode, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers, CancellationToken ct)
    {
        if (!Authorized(request, accountSid, key)) return Unauthorized();
        var found = await numbers.SearchAsync(areaCode ?? "", ct);
        if (!found.Ok) return Failure(found.Failure!);
        return Results.Json(new Dictionary<string, object?>
        {
            ["available_phone_numbers"] = found.Value!.Select(n => new Dictionary<string, object?>
            {
                ["phone_number"] = n.PhoneNumber, ["friendly_name"] = n.FriendlyName, ["locality"] = n.Locality, ["region"] = n.Region,
                ["postal_code"] = n.PostalCode, ["iso_country"] = "US",
                ["capabilities"] = new Dictionary<string, bool> { ["voice"] = true, ["SMS"] = true, ["MMS"] = true },
            }).ToList(),
            ["uri"] = request.Path.Value + request.QueryString.Value,
        });
    }

    private static async Task<IResult> Buy(string accountSid, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers, CancellationToken ct)
    {
        if (!Authorized(request, accountSid, key)) return Unauthorized();
        if (!request.HasFormContentType) return Error(400, "21604", "A form body is required.");
        var form = await request.ReadFormAsync(ct);
        var phone = form["PhoneNumber"].ToString();
        if (phone.Length == 0) return Error(400, "21604", "A 'PhoneNumber' is required.");
        var hooks = Hooks(form);
        var bought = await numbers.BuyAsync(phone, form["FriendlyName"].ToString(), hooks, ct);
        return bought.Ok ? Results.Json(Number(accountSid, bought.Value!, form["FriendlyName"].ToString(), hooks), statusCode: 201) : Failure(bought.Failure!);
    }

    private static async Task<IResult> Update(string accountSid, string sid, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers, CancellationToken ct)
    {
        if (!Authorized(request, accountSid, key)) return Unauthorized();
        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : FormCollection.Empty;
        var hooks = Hooks(form);
        var updated = await numbers.RepointAsync(sid, hooks, ct);
        return updated.Ok ? Results.Json(Number(accountSid, updated.Value!, null, hooks)) : Failure(updated.Failure!);
    }

    private static async Task<IResult> Release(string accountSid, string sid, HttpRequest request, SimulatorKey key, SimulatorNumbers numbers, CancellationToken ct)
    {
        if (!Authorized(request, accountSid, key)) return Unauthorized();
        return await numbers.ReleaseKnownAsync(sid, ct) ? Results.NoContent() : Error(404, NumberFailures.NotFoundCode, "The requested resource was not found.");
    }
}
