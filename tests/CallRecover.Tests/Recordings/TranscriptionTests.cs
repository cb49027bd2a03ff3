using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Recordings;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Recordings;

public sealed class TranscriptionTests
{
    private static async Task<(string RecordingId, JsonElement Transcription)> WaitForTranscriptionAsync(RecordingsTestKit kit, string businessId, Func<JsonElement, bool> done, string what)
    {
        var client = kit.App.OperatorClient();
        JsonElement last = default;
        var id = "";
        await Eventually.WaitAsync(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{businessId}/recordings");
            if (list.GetArrayLength() == 0) return false;
            id = list[0].GetProperty("id").GetString()!;
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{businessId}/recordings/{id}");
            last = detail.GetProperty("transcription");
            return last.ValueKind == JsonValueKind.Object && done(last);
        }, what);
        return (id, last);
    }

    [Theory, DatabaseData]
    public async Task Transcription_RetriesWithBackoff_On503And429_ThenSucceeds(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-r", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-r.mp3"] = (FakeRecordingHost.Mp3(10), "audio/mpeg");
        kit.Whisper.Failures.Enqueue((503, FakeWhisperServer.Error("overloaded", "server_error", null), []));
        kit.Whisper.Failures.Enqueue((429, FakeWhisperServer.Error("Rate limit reached", "requests", "rate_limit_exceeded"), new() { ["Retry-After"] = "0" }));
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Lee. I need an oil change.");

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-r", "RE-r", duration: 10));

        var (_, t) = await WaitForTranscriptionAsync(kit, business.Id, t => t.GetProperty("status").GetString() == "done", "the transcription after retries");
        t.GetProperty("attempts").GetInt32().ShouldBe(3);
        kit.Whisper.Requests.Count.ShouldBe(3);
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote after retries");
    }

    [Theory, DatabaseData]
    public async Task Transcription_GivesUpAfterTheLimit_WithTheErrorVisible_AndAsksTheOwnerToListen(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:MaxAttempts"] = "2" });
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-f", TestBusinesses.UniquePhone(), "missed");
        kit.Carrier.Media["RE-f.mp3"] = (FakeRecordingHost.Mp3(10), "audio/mpeg");
        for (var i = 0; i < 5; i++) kit.Whisper.Failures.Enqueue((500, FakeWhisperServer.Error("boom", "server_error", null), []));

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "voicemail", "CA-f", "RE-f", duration: 10));

        var (_, t) = await WaitForTranscriptionAsync(kit, business.Id, t => t.GetProperty("status").GetString() == "failed", "the transcription to fail");
        t.GetProperty("error").GetString()!.ShouldContain("HTTP 500");
        t.GetProperty("needsReview").GetBoolean().ShouldBeTrue();
        kit.Whisper.Requests.Count.ShouldBe(2);
        await Eventually.WaitAsync(async () => await kit.ScalarAsync<string>("SELECT status FROM work_items WHERE kind = 'recording.transcribe' AND business_id = @Id", new { business.Id }) == "dead",
            "the work item to be dead (not retried forever)");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'recording_needs_review'", new { business.Id })).ShouldBe(1);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND purpose <> 'owner_notification'", new { business.Id })).ShouldBe(0, "nothing is texted to the caller");
    }

    [Theory, DatabaseData]
    public async Task InsufficientQuota_IsNotRetried(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-q", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-q.mp3"] = (FakeRecordingHost.Mp3(10), "audio/mpeg");
        kit.Whisper.Failures.Enqueue((429, FakeWhisperServer.Error("You exceeded your current quota", "insufficient_quota", "insufficient_quota"), []));

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-q", "RE-q", duration: 10));

        var (_, t) = await WaitForTranscriptionAsync(kit, business.Id, t => t.GetProperty("status").GetString() == "failed", "the transcription to fail at once");
        t.GetProperty("error").GetString()!.ShouldContain("quota");
        kit.Whisper.Requests.Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task SilentVoicemail_IsMarkedSilent_LeadKeptWithPhoneOnly_NoGuessedFieldsOrQuote_OwnerAskedToListen(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        await kit.InsertCallAsync(business.Id, "CA-s", caller, "missed");
        kit.Carrier.Media["RE-s.mp3"] = (FakeRecordingHost.Mp3(8), "audio/mpeg");
        // Whisper "hears" words in silence; the segment numbers give it away.
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("Thank you for watching.", avgLogprob: -1.6, noSpeechProb: 0.92);

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "voicemail", "CA-s", "RE-s", duration: 8));

        var (_, t) = await WaitForTranscriptionAsync(kit, business.Id, t => t.GetProperty("status").GetString() == "done", "the transcription");
        t.GetProperty("quality").GetString().ShouldBe("silent");
        t.GetProperty("text").GetString().ShouldBe("");
        t.GetProperty("segments")[0].GetProperty("silence").GetBoolean().ShouldBeTrue();
        await Eventually.WaitAsync(async () => await kit.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'recording_needs_review'", new { business.Id }) == 1, "the owner to be asked to listen");
        var lead = (await kit.App.Service<LeadStore>().ListAsync(business.Id)).Single();
        lead.Phone.ShouldBe(caller);
        lead.Name.ShouldBeNull();
        lead.ServiceNeeded.ShouldBeNull();
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM quotes WHERE business_id = @Id", new { business.Id })).ShouldBe(0);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND purpose <> 'owner_notification'", new { business.Id })).ShouldBe(0, "nothing is texted to the caller");
    }

    [Theory, DatabaseData]
    public async Task WavRecording_IsStoredAsWav_AndSentToWhisperAsWav(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-w", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-w.wav"] = (FakeRecordingHost.Wav(5), "audio/x-wav");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Kim. My battery is dead.");

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-w", "RE-w", kit.Carrier.RecordingUrl("RE-w") + ".wav", duration: 5));

        await WaitForTranscriptionAsync(kit, business.Id, t => t.GetProperty("status").GetString() == "done", "the wav transcription");
        kit.Whisper.Requests.Single().FileName.ShouldBe("RE-w.wav");
        // Whisper tells the format by the file name; the OpenAI package sends the part without a Content-Type of its own.
        kit.Whisper.Requests.Single().FileBytes.ShouldBe(FakeRecordingHost.Wav(5).Length);
        File.Exists(Path.Combine(kit.RecordingsPath, business.Id, "RE-w.wav")).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task DownloadThatIsNotAudio_FailsWithTheReason_AndIsNotTranscribed(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-h", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-h.mp3"] = ("<html><body>Please log in</body></html>"u8.ToArray().Concat(new byte[2000]).ToArray(), "text/html");

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-h", "RE-h", duration: 1));

        var client = kit.App.OperatorClient();
        var recording = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings"))[0],
            r => r.GetProperty("status").GetString() == "failed", "the download to fail");
        recording.GetProperty("error").GetString()!.ShouldContain("not mp3 or wav");
        kit.Whisper.Requests.ShouldBeEmpty();
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'recording_needs_review'", new { business.Id })).ShouldBe(1);
        Directory.Exists(Path.Combine(kit.RecordingsPath, business.Id)) .ShouldBeTrue();
        Directory.GetFiles(Path.Combine(kit.RecordingsPath, business.Id)).ShouldBeEmpty();
    }

    [Fact]
    public void SegmentConfidence_FollowsAvgLogprobAndNoSpeechProb()
    {
        var json = """
            {"text":"Hi there. mumble","language":"english","duration":6,"segments":[
              {"start":0,"end":3,"text":" Hi there.","avg_logprob":-0.1,"no_speech_prob":0.01},
              {"start":3,"end":6,"text":" mumble","avg_logprob":-1.4,"no_speech_prob":0.2}]}
            """;
        var r = WhisperTranscriber.Parse(json, 0.37);
        r.Segments[0].Confidence.ShouldBeGreaterThan(0.89);
        r.Segments[0].LowConfidence.ShouldBeFalse();
        r.Segments[1].LowConfidence.ShouldBeTrue();
        r.Segments[1].Silence.ShouldBeFalse();
        r.MeanConfidence.ShouldBeInRange(0.5, 0.7);
        r.Quality.ShouldBe(TranscriptQualities.Ok);

        WhisperTranscriber.Parse(json.Replace("-0.1", "-1.3", StringComparison.Ordinal), 0.37).Quality.ShouldBe(TranscriptQualities.LowConfidence);
    }

    [Theory]
    [InlineData("6m0s", 360)]
    [InlineData("1s", 1)]
    [InlineData("250ms", 0.25)]
    public void RateLimitResetHeaders_AreRead(string header, double seconds) =>
        WhisperTranscriber.ParseDuration(header)!.Value.TotalSeconds.ShouldBe(seconds);
}
