using System.Text.Json;
using CallRecover.Common;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallRecover.Telephony;

/// <summary>A number the carrier offers (WIRE.md <c>available_phone_numbers</c>).</summary>
public sealed record AvailableNumber(string PhoneNumber, string FriendlyName, string? Locality, string? Region, string? PostalCode);

/// <summary>A number the carrier sold us or re-pointed: its <c>PN…</c> SID and the URLs it now calls.</summary>
public sealed record CarrierNumber(string Sid, string PhoneNumber, string VoiceUrl, string SmsUrl);

/// <summary>The webhook URLs a number of ours is pointed at: the very routes the app serves for calls and texts.</summary>
public sealed record NumberWebhooks(string VoiceUrl, string StatusCallback, string SmsUrl)
{
    public static NumberWebhooks For(AppOptions app) =>
        new(app.BaseUrl + "/webhook/voice/incoming", app.BaseUrl + "/webhook/voice/status", app.BaseUrl + "/webhook/sms/incoming");
}

/// <summary>Why the carrier did not do what we asked, in a kind the API maps to a status and a sentence a person reads.</summary>
public enum NumberFailureKind
{
    /// <summary>21452: nothing to offer in that area code.</summary>
    NoNumbers,
    /// <summary>21422: the number is not (or no longer) for sale.</summary>
    Unavailable,
    /// <summary>20003 / 401: our account credentials were refused.</summary>
    Credentials,
    /// <summary>The carrier account cannot pay for a number.</summary>
    Funds,
    /// <summary>20404: the carrier has no such number on our account.</summary>
    NotFound,
    /// <summary>Any other refusal of the request (4xx).</summary>
    Refused,
    /// <summary>5xx, timeout, connection refused, circuit open: the carrier did not answer properly (a buy may or may not have happened).</summary>
    Down,
}

/// <summary>A carrier failure: the kind, the carrier's own code and message, and a plain sentence for the user.</summary>
public sealed record NumberFailure(NumberFailureKind Kind, string? Code, string? CarrierMessage, string Sentence);

/// <summary>The carrier's answer: a value or a failure (never both).</summary>
public sealed record NumberResult<T>(T? Value, NumberFailure? Failure)
{
    public bool Ok => Failure is null;
    public static implicit operator NumberResult<T>(NumberFailure failure) => new(default, failure);
}

/// <summary>
/// Phone numbers at the carrier: search, buy, re-point and release (WIRE.md "Phone numbers through the carrier's REST
/// API"). Two implementations: the Twilio-compatible REST API (Twilio, SignalWire) and the built-in simulator.
/// </summary>
public interface ICarrierNumbers
{
    /// <summary><c>twilio</c>, <c>signalwire</c> or <c>simulator</c>: stored with each number bought.</summary>
    string Provider { get; }

    Task<NumberResult<IReadOnlyList<AvailableNumber>>> SearchAsync(string areaCode, CancellationToken ct);

    Task<NumberResult<CarrierNumber>> BuyAsync(string phoneNumber, string friendlyName, NumberWebhooks hooks, CancellationToken ct);

    Task<NumberResult<CarrierNumber>> RepointAsync(string sid, NumberWebhooks hooks, CancellationToken ct);

    /// <summary>Gives the number back. A number the carrier no longer has on our account counts as released.</summary>
    Task<NumberResult<bool>> ReleaseAsync(string sid, CancellationToken ct);

    /// <summary>
    /// The SID under which our account holds this number, or null when it does not: whether a buy whose answer we never
    /// got (5xx, timeout) went through after all.
    /// </summary>
    Task<NumberResult<string?>> FindOwnedAsync(string phoneNumber, CancellationToken ct);

    /// <summary>
    /// Places an outbound call (<c>Calls.json</c>) from one of our numbers to <paramref name="to"/>, running
    /// <paramref name="twiml"/> if it is answered; returns the call's SID. The forwarding test calls the owner's line with it.
    /// </summary>
    Task<NumberResult<string>> CallAsync(string from, string to, string twiml, CancellationToken ct);
}

/// <summary>Plain sentences for carrier failures: what happened and what to do, never a stack trace or a bare code.</summary>
public static class NumberFailures
{
    public const string NoNumbersCode = "21452", UnavailableCode = "21422", AuthCode = "20003", NotFoundCode = "20404";

    public static NumberFailure From(int status, string? code, string? message, string? areaCode = null, string? phoneNumber = null)
    {
        var shown = phoneNumber is null ? "That number" : Phone.Display(phoneNumber);
        if (code == NoNumbersCode)
            return new(NumberFailureKind.NoNumbers, code, message, areaCode is null
                ? "No numbers are available in that area code — try a nearby one."
                : $"No numbers are available in area code {areaCode} — try a nearby one.");
        if (code == UnavailableCode)
            return new(NumberFailureKind.Unavailable, code, message, $"{shown} is no longer available — search again and pick another.");
        if (code == AuthCode || status is 401 or 403 && code is null)
            return new(NumberFailureKind.Credentials, code, message, "The carrier refused our credentials (check Carrier__AccountSid/AuthToken).");
        if (code is "20005" or "21606" || message?.Contains("fund", StringComparison.OrdinalIgnoreCase) == true
            || message?.Contains("balance", StringComparison.OrdinalIgnoreCase) == true)
            return new(NumberFailureKind.Funds, code, message, "The carrier account has insufficient funds to buy a number — add funds at the carrier and try again.");
        if (code == NotFoundCode || status == 404)
            return new(NumberFailureKind.NotFound, code, message, $"{shown} is not on our carrier account (it may have been released already).");
        if (status >= 500)
            return Down($"The carrier answered with an error ({status}); nothing was changed — try again in a minute.", code, message);
        return new(NumberFailureKind.Refused, code, message,
            $"The carrier refused the request{(code is null ? "" : $" (error {code})")}: {(string.IsNullOrWhiteSpace(message) ? "no reason given" : message.TrimEnd('.'))}.");
    }

    public static NumberFailure Down(string sentence, string? code = null, string? message = null) => new(NumberFailureKind.Down, code, message, sentence);
}

/// <summary>
/// Numbers through Twilio's 2010-04-01 REST API (SignalWire's compatibility API speaks the same): the same
/// <see cref="CarrierOptions.AccountUrl"/>, Basic auth and named HTTP client as the messaging client, so the same
/// resilience handler applies — the search GET is retried, a buy, re-point or release (POST / DELETE) never is.
/// </summary>
public sealed class TwilioCompatibleNumbers(IHttpClientFactory httpFactory, IOptions<CarrierOptions> options) : ICarrierNumbers
{
    private readonly CarrierOptions _o = options.Value;

    public string Provider => _o.Provider;

    public async Task<NumberResult<IReadOnlyList<AvailableNumber>>> SearchAsync(string areaCode, CancellationToken ct)
    {
        var url = $"{_o.AccountUrl}/AvailablePhoneNumbers/US/Local.json?AreaCode={Uri.EscapeDataString(areaCode)}&SmsEnabled=true&VoiceEnabled=true";
        var (json, failure) = await SendAsync(HttpMethod.Get, url, null, TwilioCompatibleClient.TotalTimeout(_o.RequestTimeout), areaCode, null, ct);
        if (failure is not null) return failure;
        if (json is not { } root || !root.TryGetProperty("available_phone_numbers", out var list) || list.ValueKind != JsonValueKind.Array)
            return NumberFailures.Down("The carrier's answer to the search could not be read; try again.");
        var rows = new List<AvailableNumber>();
        foreach (var n in list.EnumerateArray())
            if (Str(n, "phone_number") is { } phone)
                rows.Add(new AvailableNumber(phone, Str(n, "friendly_name") ?? Phone.Display(phone), Str(n, "locality"), Str(n, "region"), Str(n, "postal_code")));
        // Twilio answers an area code with nothing to offer with an empty list; SignalWire and the simulator with 21452.
        if (rows.Count == 0) return NumberFailures.From(400, NumberFailures.NoNumbersCode, null, areaCode);
        return new NumberResult<IReadOnlyList<AvailableNumber>>(rows, null);
    }

    public async Task<NumberResult<CarrierNumber>> BuyAsync(string phoneNumber, string friendlyName, NumberWebhooks hooks, CancellationToken ct)
    {
        using var form = Form(hooks, ("PhoneNumber", phoneNumber), ("FriendlyName", friendlyName));
        return Number(await SendAsync(HttpMethod.Post, $"{_o.AccountUrl}/IncomingPhoneNumbers.json", form, _o.RequestTimeout, null, phoneNumber, ct), phoneNumber);
    }

    public async Task<NumberResult<CarrierNumber>> RepointAsync(string sid, NumberWebhooks hooks, CancellationToken ct)
    {
        using var form = Form(hooks);
        return Number(await SendAsync(HttpMethod.Post, $"{_o.AccountUrl}/IncomingPhoneNumbers/{Uri.EscapeDataString(sid)}.json", form, _o.RequestTimeout, null, null, ct), null);
    }

    public async Task<NumberResult<bool>> ReleaseAsync(string sid, CancellationToken ct)
    {
        var (_, failure) = await SendAsync(HttpMethod.Delete, $"{_o.AccountUrl}/IncomingPhoneNumbers/{Uri.EscapeDataString(sid)}.json", null, _o.RequestTimeout, null, null, ct);
        return failure is null || failure.Kind == NumberFailureKind.NotFound ? new NumberResult<bool>(true, null) : failure;
    }

    public async Task<NumberResult<string?>> FindOwnedAsync(string phoneNumber, CancellationToken ct)
    {
        var url = $"{_o.AccountUrl}/IncomingPhoneNumbers.json?PhoneNumber={Uri.EscapeDataString(phoneNumber)}";
        var (json, failure) = await SendAsync(HttpMethod.Get, url, null, TwilioCompatibleClient.TotalTimeout(_o.RequestTimeout), null, phoneNumber, ct);
        if (failure is not null) return failure;
        if (json is not { } root || !root.TryGetProperty("incoming_phone_numbers", out var list) || list.ValueKind != JsonValueKind.Array)
            return NumberFailures.Down("The carrier's list of our numbers could not be read; try again.");
        var sid = list.EnumerateArray().Where(n => Str(n, "phone_number") == phoneNumber).Select(n => Str(n, "sid")).FirstOrDefault(s => s is not null);
        return new NumberResult<string?>(sid, null);
    }

    /// <summary>
    /// <c>POST Calls.json</c> with To, From and the TwiML inline (<c>Twiml</c>), never retried (a retry could ring twice).
    /// The carrier rings for its default 60 s, long enough for a line's no-answer forwarding to take the call.
    /// </summary>
    public async Task<NumberResult<string>> CallAsync(string from, string to, string twiml, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent([new("To", to), new("From", from), new("Twiml", twiml)]);
        var (json, failure) = await SendAsync(HttpMethod.Post, $"{_o.AccountUrl}/Calls.json", form, _o.RequestTimeout, null, null, ct);
        if (failure is not null) return failure;
        return json is { } j && Str(j, "sid") is { } sid
            ? new NumberResult<string>(sid, null)
            : NumberFailures.Down("The carrier's answer to the call could not be read (no call SID).");
    }

    private static FormUrlEncodedContent Form(NumberWebhooks hooks, params (string Key, string Value)[] first) => new(
    [
        .. first.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)),
        new("VoiceUrl", hooks.VoiceUrl), new("VoiceMethod", "POST"),
        new("StatusCallback", hooks.StatusCallback), new("StatusCallbackMethod", "POST"),
        new("SmsUrl", hooks.SmsUrl), new("SmsMethod", "POST"),
    ]);

    private static NumberResult<CarrierNumber> Number((JsonElement? Json, NumberFailure? Failure) answer, string? phoneNumber)
    {
        if (answer.Failure is not null) return answer.Failure;
        if (answer.Json is not { } n || Str(n, "sid") is not { } sid)
            return NumberFailures.Down("The carrier's answer could not be read (no number SID); check the number in the carrier's console.");
        return new NumberResult<CarrierNumber>(new CarrierNumber(sid, Str(n, "phone_number") ?? phoneNumber ?? "", Str(n, "voice_url") ?? "", Str(n, "sms_url") ?? ""), null);
    }

    private async Task<(JsonElement? Json, NumberFailure? Failure)> SendAsync(HttpMethod method, string url, HttpContent? content, TimeSpan timeoutAfter,
        string? areaCode, string? phoneNumber, CancellationToken ct)
    {
        using var request = TwilioCompatibleClient.NewRequest(_o, method, url, content);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(timeoutAfter);
        try
        {
            using var response = await httpFactory.CreateClient(TwilioCompatibleClient.HttpClientName).SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var json = TryParse(text);
            if (response.IsSuccessStatusCode) return (json, null);
            var code = json is { } j && j.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.Number or JsonValueKind.String ? c.ToString() : null;
            var message = json is { } m ? Str(m, "message") : null;
            return (null, NumberFailures.From((int)response.StatusCode, code, message, areaCode, phoneNumber));
        }
        catch (BrokenCircuitException)
        {
            return (null, NumberFailures.Down("The carrier failed repeatedly; we stopped calling it for a few seconds — try again shortly."));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            return (null, NumberFailures.Down("The carrier did not answer in time; try again."));
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return (null, NumberFailures.Down("Could not reach the carrier; check Carrier__BaseUrl and the network, then try again."));
        }
        catch (HttpRequestException ex)
        {
            return (null, NumberFailures.Down($"The carrier request failed ({ex.HttpRequestError}); try again."));
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? TryParse(string text)
    {
        try { return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }
}
