using System.Net;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Queue;
using CallRecover.Recordings;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Recordings;

/// <summary>Shared set-up for the recorded-call tests: fake carrier media + fake Whisper on loopback, and the app wired to them.</summary>
public sealed class RecordingsTestKit : IAsyncDisposable
{
    public required TestDatabase Db { get; init; }
    public required FakeWhisperServer Whisper { get; init; }
    public required FakeRecordingHost Carrier { get; init; }
    /// <summary>Issue 3's fake carrier REST API: the texts we send arrive here.</summary>
    public required CallRecover.Tests.Telephony.FakeCarrier Sms { get; init; }
    public required AppFactory App { get; init; }
    public required string RecordingsPath { get; init; }

    public static async Task<RecordingsTestKit> StartAsync(string provider, FakeClock? clock = null, Dictionary<string, string?>? extra = null)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var whisper = await FakeWhisperServer.StartAsync();
        var carrier = await FakeRecordingHost.StartAsync();
        var sms = await CallRecover.Tests.Telephony.FakeCarrier.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), "callrecover-recordings", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Transcription:Provider"] = "openai",
            ["Transcription:BaseUrl"] = whisper.BaseUrl,
            ["Transcription:ApiKey"] = "sk-test",
            ["Transcription:MaxAttempts"] = "4",
            ["Carrier:Provider"] = "twilio",
            ["Carrier:BaseUrl"] = sms.BaseUrl,
            ["Carrier:AccountSid"] = FakeRecordingHost.AccountSid,
            ["Carrier:AuthToken"] = FakeRecordingHost.AuthToken,
            ["Recordings:Path"] = path,
            ["Queue:BaseBackoff"] = "00:00:00.050",
            ["Queue:MaxBackoff"] = "00:00:00.200",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new RecordingsTestKit { Db = db, Whisper = whisper, Carrier = carrier, Sms = sms, App = new AppFactory(db, clock, settings), RecordingsPath = path };
    }

    public Task<Business> MechanicAsync(bool estimates = true) =>
        App.CreateBusinessAsync(i => i with { Name = "Joe's Mobile Mechanic", Vertical = "auto", EstimatesEnabled = estimates, RecordingEnabled = true, LaborRate = 100m });

    public async Task<string> InsertCallAsync(string businessId, string callSid, string phone, string status)
    {
        var id = Ids.New();
        var now = App.Service<TimeProvider>().GetUtcNow();
        await App.Service<Db>().WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @callSid, @phone, @status, FALSE, @now, @now)
            """, new { id, businessId, callSid, phone, status, now }, tx.Transaction));
        return id;
    }

    /// <summary>Posts a recording status callback signed the way the carrier signs it.</summary>
    public async Task<HttpResponseMessage> PostRecordingCallbackAsync(string businessId, string kind, string callSid, string recordingSid, string? recordingUrl = null,
        int duration = 20, string status = "completed", string? token = null)
    {
        var pathAndQuery = $"{RecordingWebhook.Path}?business={businessId}&kind={kind}";
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = FakeRecordingHost.AccountSid, ["CallSid"] = callSid, ["RecordingSid"] = recordingSid,
            ["RecordingUrl"] = recordingUrl ?? Carrier.RecordingUrl(recordingSid), ["RecordingStatus"] = status,
            ["RecordingDuration"] = duration.ToString(System.Globalization.CultureInfo.InvariantCulture), ["RecordingChannels"] = "1", ["RecordingSource"] = "DialVerb",
        };
        var signature = CallRecover.Telephony.WebhookSignature.Compute("http://localhost" + pathAndQuery, form, token ?? FakeRecordingHost.AuthToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await App.CreateClient().SendAsync(request);
    }

    /// <summary>A caller's text arriving through the carrier's signed SMS webhook (Telephony), as in production.</summary>
    public async Task CallerTextsAsync(string businessId, string phone, string body)
    {
        var carrierNumber = await ScalarAsync<string>("SELECT carrier_number FROM businesses WHERE id = @businessId", new { businessId });
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = FakeRecordingHost.AccountSid, ["From"] = phone, ["To"] = carrierNumber,
            ["Body"] = body, ["NumMedia"] = "0", ["NumSegments"] = "1", ["ApiVersion"] = "2010-04-01",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/sms/incoming") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", CallRecover.Telephony.WebhookSignature.Compute("http://localhost/webhook/sms/incoming", form, FakeRecordingHost.AuthToken));
        var response = await App.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task<Quote> WaitForQuoteAsync(string businessId, Func<Quote, bool> done, string what)
    {
        try
        {
            return (await Eventually.WaitAsync(async () => (await App.Service<QuoteStore>().ListAsync(businessId)).FirstOrDefault(done), q => q is not null, what))!;
        }
        catch (TimeoutException ex)
        {
            // Say where the pipeline stopped: the work items and their errors.
            var work = await App.Service<WorkQueue>().ListAsync(businessId: businessId);
            throw new TimeoutException(ex.Message + " Work: " + string.Join(" | ", work.Select(w => $"{w.Kind} {w.Status} #{w.Attempts} {w.LastError}")), ex);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await App.Service<Db>().OpenAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object args)
    {
        await using var conn = await App.Service<Db>().OpenAsync();
        return [.. await conn.QueryAsync<T>(sql, args)];
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Whisper.DisposeAsync();
        await Sms.DisposeAsync();
        await Carrier.DisposeAsync();
        await Db.DisposeAsync();
        try { if (Directory.Exists(RecordingsPath)) Directory.Delete(RecordingsPath, recursive: true); } catch (IOException) { }
    }

    public static void ShouldBeNoContent(HttpResponseMessage r) => r.StatusCode.ShouldBe(HttpStatusCode.NoContent);
}
