using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Telephony;

/// <summary>One scripted answer of the fake carrier to a send.</summary>
/// <remarks>A 201 with a <paramref name="Delay"/> accepts the text and answers late (the sender may time out first).</remarks>
public sealed record FakeReply(int Status, int? Code = null, string? Message = null, TimeSpan? Delay = null, string? RetryAfter = null);

/// <summary>A request to the fake carrier's phone-number API, as it arrived.</summary>
public sealed record FakeNumberRequest(string Method, string Path, string Query, bool Authorized, IReadOnlyDictionary<string, string> Form);

/// <summary>A text the fake carrier accepted.</summary>
public sealed record FakeSms(string Sid, string To, string From, string Body, string StatusCallback, DateTimeOffset CreatedAt);

/// <summary>
/// A carrier on loopback speaking WIRE.md's Twilio-compatible REST: POST and GET
/// /2010-04-01/Accounts/{sid}/Messages.json with Basic auth, 201 JSON on success, Twilio error JSON on failure.
/// Failures are scripted per attempt (<see cref="Script"/>) or per recipient (<see cref="Rule"/>).
/// </summary>
public sealed class FakeCarrier : IAsyncDisposable
{
    public const string AccountSid = "ACtest0000000000000000000000000000";
    public const string AuthToken = "fake-carrier-auth-token";

    private readonly WebApplication _app;
    private readonly List<FakeSms> _accepted = [];
    private int _posts;

    private FakeCarrier(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Answers for the next POSTs, in order; when empty, sends succeed.</summary>
    public ConcurrentQueue<FakeReply> Script { get; } = new();

    /// <summary>Answers for the next GETs (message listings), in order; when empty, the listing answers.</summary>
    public ConcurrentQueue<FakeReply> ListScript { get; } = new();

    /// <summary>When each listing arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamps).</summary>
    public ConcurrentQueue<long> ListTimes { get; } = new();

    /// <summary>An answer by recipient (e.g. a landline), checked before <see cref="Script"/>.</summary>
    public Func<string, FakeReply?>? Rule { get; set; }

    public int Posts => Volatile.Read(ref _posts);

    /// <summary>The SID the next accepted text gets (to deliver its status callback before the send returns).</summary>
    public string? NextSid { get; set; }
    public int Lists { get; private set; }

    public IReadOnlyList<FakeSms> Accepted { get { lock (_accepted) return [.. _accepted]; } }

    public IReadOnlyList<FakeSms> To(string phone) => [.. Accepted.Where(m => m.To == phone)];

    /// <summary>Records a message as if an earlier attempt had reached the carrier (crash after accept).</summary>
    public FakeSms Preload(string to, string from, string body, DateTimeOffset at)
    {
        var sms = new FakeSms("SM" + Guid.NewGuid().ToString("N"), to, from, body, "", at);
        lock (_accepted) _accepted.Add(sms);
        return sms;
    }

    public static async Task<FakeCarrier> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var carrier = new FakeCarrier(app);
        var path = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";
        app.MapPost(path, carrier.SendAsync);
        app.MapGet(path, carrier.List);
        var numbers = $"/2010-04-01/Accounts/{AccountSid}";
        app.MapGet(numbers + "/AvailablePhoneNumbers/US/Local.json", carrier.SearchNumbersAsync);
        app.MapPost(numbers + "/IncomingPhoneNumbers.json", carrier.BuyNumberAsync);
        app.MapGet(numbers + "/IncomingPhoneNumbers.json", carrier.ListNumbersAsync);
        app.MapPost(numbers + "/IncomingPhoneNumbers/{sid}.json", carrier.UpdateNumberAsync);
        app.MapDelete(numbers + "/IncomingPhoneNumbers/{sid}.json", carrier.ReleaseNumberAsync);
        await app.StartAsync();
        carrier.BaseUrl = app.Urls.First();
        return carrier;
    }

    private static bool Authorized(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth) && auth.Scheme == "Basic"
        && Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter ?? "")) == $"{AccountSid}:{AuthToken}";

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);

    private async Task<IResult> SendAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _posts);
        if (!Authorized(request)) return Error(401, 20003, "Authenticate");
        var form = await request.ReadFormAsync();
        string to = form["To"].ToString(), from = form["From"].ToString(), body = form["Body"].ToString();
        if (to.Length == 0 || from.Length == 0 || body.Length == 0) return Error(400, 21604, "A 'To', 'From' and 'Body' are required.");
        var reply = Rule?.Invoke(to) ?? (Script.TryDequeue(out var r) ? r : null);
        if (reply is not null && reply.Status != 201)
        {
            if (reply.RetryAfter is not null) request.HttpContext.Response.Headers.RetryAfter = reply.RetryAfter;
            return reply.Code is { } code ? Error(reply.Status, code, reply.Message ?? "Scripted failure") : Results.StatusCode(reply.Status);
        }
        var sid = NextSid ?? "SM" + Guid.NewGuid().ToString("N");
        NextSid = null;
        var sms = new FakeSms(sid, to, from, body, form["StatusCallback"].ToString(), DateTimeOffset.UtcNow);
        lock (_accepted) _accepted.Add(sms);
        if (reply?.Delay is { } delay) await Task.Delay(delay);
        return Results.Json(Json(sms, "queued"), statusCode: 201);
    }

    private IResult List(HttpRequest request)
    {
        Lists++;
        ListTimes.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        if (!Authorized(request)) return Error(401, 20003, "Authenticate");
        if (ListScript.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfter is not null) request.HttpContext.Response.Headers.RetryAfter = scripted.RetryAfter;
            return scripted.Code is { } code ? Error(scripted.Status, code, scripted.Message ?? "Scripted failure") : Results.StatusCode(scripted.Status);
        }
        var to = request.Query["To"].ToString();
        var from = request.Query["From"].ToString();
        var since = DateTime.TryParse(request.Query["DateSent>"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : DateTime.MinValue;
        var list = Accepted.Where(m => (to.Length == 0 || m.To == to) && (from.Length == 0 || m.From == from) && m.CreatedAt.UtcDateTime.Date >= since.Date)
            .OrderByDescending(m => m.CreatedAt).Select(m => Json(m, "sent")).ToList();
        return Results.Json(new { messages = list, page = 0, page_size = 50, next_page_uri = (string?)null });
    }

    private static object Json(FakeSms m, string status) => new
    {
        sid = m.Sid, account_sid = AccountSid, to = m.To, from = m.From, body = m.Body, status, direction = "outbound-api",
        num_segments = "1", error_code = (int?)null, error_message = (string?)null,
        date_created = m.CreatedAt.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture),
        date_sent = m.CreatedAt.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture),
    };

    // --- Phone numbers (WIRE.md "Phone numbers through the carrier's REST API") ---

    private readonly List<FakeNumberRequest> _numberRequests = [];
    private readonly ConcurrentDictionary<string, string> _owned = new();

    /// <summary>Every phone-number request, in order.</summary>
    public IReadOnlyList<FakeNumberRequest> NumberRequests { get { lock (_numberRequests) return [.. _numberRequests]; } }

    /// <summary>Answers for the next phone-number requests (any of them), in order; when empty they succeed.</summary>
    public ConcurrentQueue<FakeReply> NumberScript { get; } = new();

    /// <summary>A scripted failure of a buy still sells the number (the carrier failed after the sale: an answer we never got).</summary>
    public bool SellEvenWhenFailing { get; set; }

    /// <summary>Runs when a buy arrives, before it is answered (to change the world while the carrier is selling).</summary>
    public Func<Task>? OnBuy { get; set; }

    /// <summary>The numbers we hold here, by SID.</summary>
    public IReadOnlyDictionary<string, string> Owned => _owned;

    /// <summary>Area code 999 answers 21452 (as SignalWire does), 998 an empty list (as Twilio does); any other offers +1{area}555-0110..0112.</summary>
    public static IReadOnlyList<string> Offered(string areaCode) =>
        areaCode is "999" or "998" ? [] : [$"+1{areaCode}5550110", $"+1{areaCode}5550111", $"+1{areaCode}5550112"];

    private async Task<(bool Authorized, FakeReply? Scripted, IReadOnlyDictionary<string, string> Form)> RecordAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? (await request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString()) : [];
        var authorized = Authorized(request);
        lock (_numberRequests) _numberRequests.Add(new FakeNumberRequest(request.Method, request.Path, request.QueryString.Value ?? "", authorized, form));
        return (authorized, NumberScript.TryDequeue(out var r) ? r : null, form);
    }

    private static IResult Scripted(FakeReply reply) =>
        reply.Code is { } code ? Error(reply.Status, code, reply.Message ?? "Scripted failure") : Results.StatusCode(reply.Status);

    private async Task<IResult> SearchNumbersAsync(HttpRequest request)
    {
        var (ok, scripted, _) = await RecordAsync(request);
        if (!ok) return Error(401, 20003, "Authenticate");
        if (scripted is not null && scripted.Status != 200) return Scripted(scripted);
        var area = request.Query["AreaCode"].ToString();
        if (area == "999") return Error(400, 21452, $"No phone numbers found in area code {area}");
        var rows = Offered(area).Where(n => !_owned.Values.Contains(n)).Select(n => new
        {
            phone_number = n, friendly_name = $"({n[2..5]}) {n[5..8]}-{n[8..]}", locality = "Jacksonville", region = "FL", postal_code = "32099",
            capabilities = new Dictionary<string, bool> { ["voice"] = true, ["SMS"] = true, ["MMS"] = true },
        });
        return Results.Json(new { available_phone_numbers = rows, uri = request.Path.Value });
    }

    private async Task<IResult> BuyNumberAsync(HttpRequest request)
    {
        var (ok, scripted, form) = await RecordAsync(request);
        if (!ok) return Error(401, 20003, "Authenticate");
        if (OnBuy is { } hook) await hook();
        var phone = form.GetValueOrDefault("PhoneNumber") ?? "";
        var failing = scripted is not null && scripted.Status != 201;
        if (failing && !SellEvenWhenFailing) return Scripted(scripted!);
        if (!Offered(phone.Length == 12 ? phone[2..5] : "").Contains(phone) || _owned.Values.Contains(phone))
            return Error(400, 21422, "PhoneNumber requested is not available");
        var sid = "PN" + Guid.NewGuid().ToString("N");
        _owned[sid] = phone;
        if (failing) return Scripted(scripted!);
        return Results.Json(NumberJson(sid, phone, form), statusCode: 201);
    }

    private async Task<IResult> ListNumbersAsync(HttpRequest request)
    {
        var (ok, scripted, _) = await RecordAsync(request);
        if (!ok) return Error(401, 20003, "Authenticate");
        if (scripted is not null && scripted.Status != 200) return Scripted(scripted);
        var phone = request.Query["PhoneNumber"].ToString();
        var rows = _owned.Where(p => phone.Length == 0 || p.Value == phone).Select(p => new { sid = p.Key, account_sid = AccountSid, phone_number = p.Value });
        return Results.Json(new { incoming_phone_numbers = rows });
    }

    private async Task<IResult> UpdateNumberAsync(HttpRequest request, string sid)
    {
        var (ok, scripted, form) = await RecordAsync(request);
        if (!ok) return Error(401, 20003, "Authenticate");
        if (scripted is not null && scripted.Status != 200) return Scripted(scripted);
        if (!_owned.TryGetValue(sid, out var phone)) return Error(404, 20404, "The requested resource was not found");
        return Results.Json(NumberJson(sid, phone, form));
    }

    private async Task<IResult> ReleaseNumberAsync(HttpRequest request, string sid)
    {
        var (ok, scripted, _) = await RecordAsync(request);
        if (!ok) return Error(401, 20003, "Authenticate");
        if (scripted is not null && scripted.Status != 204) return Scripted(scripted);
        return _owned.TryRemove(sid, out _) ? Results.NoContent() : Error(404, 20404, "The requested resource was not found");
    }

    private static object NumberJson(string sid, string phone, IReadOnlyDictionary<string, string> form) => new
    {
        sid, account_sid = AccountSid, phone_number = phone, friendly_name = form.GetValueOrDefault("FriendlyName"),
        voice_url = form.GetValueOrDefault("VoiceUrl"), voice_method = form.GetValueOrDefault("VoiceMethod"),
        status_callback = form.GetValueOrDefault("StatusCallback"), sms_url = form.GetValueOrDefault("SmsUrl"), sms_method = form.GetValueOrDefault("SmsMethod"),
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
