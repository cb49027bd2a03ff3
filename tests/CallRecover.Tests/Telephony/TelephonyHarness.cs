using System.Xml.Linq;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Telephony;

/// <summary>
/// The real app (Twilio provider by default) pointed at a <see cref="FakeCarrier"/> on loopback, plus helpers that
/// send carrier webhooks signed exactly as the carrier signs them.
/// </summary>
public sealed class TelephonyHarness : IAsyncDisposable
{
    public const string PublicBaseUrl = "http://localhost";

    private TelephonyHarness(TestDatabase db, FakeCarrier carrier, AppFactory app, string token, bool kestrel, IDictionary<string, string?> settings,
        FakeClock? clock)
    {
        _settings = settings;
        _clock = clock;
        Database = db;
        Carrier = carrier;
        App = app;
        Token = token;
        // Kestrel: real HTTP on loopback, with the server's own request limits (body size, bad framing).
        Client = kestrel ? new HttpClient { BaseAddress = new Uri(app.StartKestrel()) } : app.CreateClient();
    }

    private readonly IDictionary<string, string?> _settings;
    private readonly FakeClock? _clock;

    /// <summary>Another node of the same deployment: the same database, carrier and clock, its own workers. Dispose it yourself.</summary>
    public AppFactory SecondNode(string name, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(_settings) { ["Queue:NodeName"] = name };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        return new(Database, _clock, settings);
    }

    public TestDatabase Database { get; }
    public FakeCarrier Carrier { get; }
    public AppFactory App { get; }
    public HttpClient Client { get; }
    public string Token { get; }
    public Db Db => Database.Db;

    public static async Task<TelephonyHarness> StartAsync(string provider, IDictionary<string, string?>? settings = null, FakeClock? clock = null,
        string carrierProvider = CarrierOptions.Twilio, bool kestrel = false)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var carrier = await FakeCarrier.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Carrier:Provider"] = carrierProvider,
            ["Carrier:BaseUrl"] = carrier.BaseUrl,
            ["Carrier:AccountSid"] = FakeCarrier.AccountSid,
            ["Carrier:AuthToken"] = FakeCarrier.AuthToken,
            ["Carrier:SigningKey"] = "signalwire-signing-key",
            ["Queue:BaseBackoff"] = "00:00:00.050",
            ["Queue:MaxBackoff"] = "00:00:00.200",
            ["Queue:PollInterval"] = "00:00:00.050",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var app = new AppFactory(db, clock, all);
        var token = carrierProvider == CarrierOptions.SignalWire ? "signalwire-signing-key" : FakeCarrier.AuthToken;
        return new TelephonyHarness(db, carrier, app, token, kestrel, all, clock);
    }

    /// <summary>A business whose owner is never in quiet hours (so owner texts are deterministic).</summary>
    public Task<Business> BusinessAsync(Func<BusinessInput, BusinessInput>? customize = null) =>
        App.CreateBusinessAsync(b =>
        {
            b = b with { NotificationPrefs = new NotificationPrefs { QuietStart = "00:00", QuietEnd = "00:00" } };
            return customize is null ? b : customize(b);
        });

    /// <summary>POSTs a form webhook signed for <see cref="PublicBaseUrl"/> + <paramref name="pathAndQuery"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string pathAndQuery, IEnumerable<(string Key, string Value)> form, string? key = null,
        string header = CarrierWebhook.TwilioHeader, string? signedUrl = null)
    {
        var pairs = form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(pairs) };
        request.Headers.TryAddWithoutValidation(header, WebhookSignature.Compute(signedUrl ?? PublicBaseUrl + pathAndQuery, pairs, key ?? Token));
        return await Client.SendAsync(request);
    }

    public static (string, string)[] CallForm(Business b, string from, string callSid, params (string, string)[] extra) =>
    [
        ("CallSid", callSid), ("AccountSid", FakeCarrier.AccountSid), ("From", from), ("To", b.CarrierNumber!), ("CallStatus", "ringing"),
        ("Direction", "inbound"), ("ApiVersion", "2010-04-01"), .. extra,
    ];

    public async Task<string> IncomingAsync(Business b, string from, string callSid)
    {
        var r = await PostAsync("/webhook/voice/incoming", CallForm(b, from, callSid));
        r.EnsureSuccessStatusCode();
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>The path + query of an attribute in a TwiML answer (URLs there are absolute on <see cref="PublicBaseUrl"/>).</summary>
    public static string? UrlIn(string twiml, string element, string attribute) =>
        XDocument.Parse(twiml).Descendants(element).FirstOrDefault()?.Attribute(attribute)?.Value is { } url ? url[PublicBaseUrl.Length..] : null;

    public async Task<HttpResponseMessage> CompletedAsync(Business b, string from, string callSid, string incomingTwiml, string dialStatus, params (string, string)[] extra) =>
        await PostAsync(UrlIn(incomingTwiml, "Dial", "action")!, CallForm(b, from, callSid, [("DialCallStatus", dialStatus), ("DialCallSid", "CAleg" + callSid), .. extra]));

    /// <summary>A missed call end to end: incoming, then the dial result no-answer. Returns the caller's TwiML.</summary>
    public async Task<string> MissedCallAsync(Business b, string from, string? callSid = null)
    {
        callSid ??= "CA" + Guid.NewGuid().ToString("N");
        var twiml = await IncomingAsync(b, from, callSid);
        var r = await CompletedAsync(b, from, callSid, twiml, "no-answer");
        r.EnsureSuccessStatusCode();
        return await r.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> TextAsync(Business b, string from, string body, string? sid = null) =>
        await PostAsync("/webhook/sms/incoming",
        [
            ("MessageSid", sid ?? "SM" + Guid.NewGuid().ToString("N")), ("AccountSid", FakeCarrier.AccountSid), ("From", from), ("To", b.CarrierNumber!),
            ("Body", body), ("NumMedia", "0"), ("NumSegments", "1"), ("ApiVersion", "2010-04-01"),
        ]);

    public async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var conn = await Db.OpenAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, param))!;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null)
    {
        await using var conn = await Db.OpenAsync();
        return [.. await conn.QueryAsync<T>(sql, param)];
    }

    public Task<int> CountAsync(string table, string businessId) =>
        ScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE business_id = @businessId", new { businessId });

    /// <summary>Waits until the fake carrier holds <paramref name="count"/> texts to <paramref name="phone"/>.</summary>
    public Task<IReadOnlyList<FakeSms>> TextsToAsync(string phone, int count = 1) =>
        Eventually.WaitAsync(() => Task.FromResult(Carrier.To(phone)), l => l.Count >= count, $"{count} text(s) to {phone} at the carrier");

    /// <summary>
    /// Lets the queue drain: nothing running, nothing due and nothing waiting for a retry. Work scheduled for later
    /// and never tried yet (a follow-up, a reminder, tomorrow's digest) does not count: it is supposed to wait.
    /// </summary>
    public Task IdleAsync() => Eventually.WaitAsync(async () =>
        await ScalarAsync<int>("""
            SELECT COUNT(*) FROM work_items
            WHERE status = 'running' OR (status = 'pending' AND (due_at <= @now OR attempts > 0))
            """, new { now = App.Service<TimeProvider>().GetUtcNow() }) == 0, "the work queue to drain");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Carrier.DisposeAsync();
        await Database.DisposeAsync();
    }
}
