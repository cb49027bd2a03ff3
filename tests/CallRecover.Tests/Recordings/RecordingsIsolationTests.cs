using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Recordings;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Recordings;

public sealed class RecordingsIsolationTests
{
    [Theory, DatabaseData]
    public async Task AnotherTenant_CannotReachRecordingsQuotesExtractionsOrCustomers_ThroughItsOwnRoutes(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var a = await kit.MechanicAsync();
        var b = await kit.MechanicAsync();
        await kit.InsertCallAsync(a.Id, "CA-iso", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-iso.mp3"] = (FakeRecordingHost.Mp3(10), "audio/mpeg");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Al. My brakes are squealing.");
        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(a.Id, "answered_call", "CA-iso", "RE-iso", duration: 10));
        var quote = await kit.WaitForQuoteAsync(a.Id, q => q.Status == QuoteStatuses.Sent, "A's quote");
        var client = kit.App.OperatorClient();
        var recordingId = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{a.Id}/recordings"))[0].GetProperty("id").GetString();

        foreach (var path in new[]
        {
            $"recordings/{recordingId}", $"recordings/{recordingId}/audio", $"quotes/{quote.Id}", $"extractions/{quote.ExtractionId}", $"customers/{quote.CustomerId}",
        })
            (await client.GetAsync($"/api/admin/businesses/{b.Id}/{path}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        (await client.PostAsync($"/api/admin/businesses/{b.Id}/quotes/{quote.Id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync($"/api/admin/businesses/{b.Id}/recordings/{recordingId}/link", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync($"/api/admin/businesses/{b.Id}/extractions/{quote.ExtractionId}/corrections", new { by = "x", fields = new { name = "Mallory" } }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/recordings")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/quotes")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/customers")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/extractions")).GetArrayLength().ShouldBe(0);
        (await kit.App.Service<QuoteStore>().GetAsync(a.Id, quote.Id))!.Quote.Status.ShouldBe("sent");
    }

    [Theory, DatabaseData]
    public async Task RecordingAudio_IsServedOnlyWithTheOperatorKeyOrAnUnexpiredSignedLink(string provider)
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow.AddSeconds(0));
        await using var kit = await RecordingsTestKit.StartAsync(provider, clock);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-audio", TestBusinesses.UniquePhone(), "answered");
        var audio = FakeRecordingHost.Mp3(10);
        kit.Carrier.Media["RE-audio.mp3"] = (audio, "audio/mpeg");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Al. Oil change please.");
        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-audio", "RE-audio", duration: 10));
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var client = kit.App.OperatorClient();
        var id = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings"))[0].GetProperty("id").GetString();

        (await kit.App.CreateClient().GetAsync($"/api/admin/businesses/{business.Id}/recordings/{id}/audio")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var operatorAudio = await client.GetAsync($"/api/admin/businesses/{business.Id}/recordings/{id}/audio");
        operatorAudio.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        (await operatorAudio.Content.ReadAsByteArrayAsync()).ShouldBe(audio);

        var link = await (await client.PostAsync($"/api/admin/businesses/{business.Id}/recordings/{id}/link", null)).Content.ReadFromJsonAsync<JsonElement>();
        var url = link.GetProperty("url").GetString()!;
        var anonymous = kit.App.CreateClient();
        (await anonymous.GetByteArrayAsync(url)).ShouldBe(audio);
        (await anonymous.GetAsync(url[..^4] + "AAAA")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync("/recordings/audio")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        clock.Advance(TimeSpan.FromMinutes(31));
        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task CallsLog_PlaysTheRecordingAndShowsTheTranscript_ForItsOwnBusinessOnly(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        var other = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-log", TestBusinesses.UniquePhone(), "answered");
        var audio = FakeRecordingHost.Mp3(10);
        kit.Carrier.Media["RE-log.mp3"] = (audio, "audio/mpeg");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Al. My brakes are squealing.");
        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-log", "RE-log", duration: 10));
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var recordingId = (await kit.App.Service<RecordingStore>().ListAsync(business.Id)).Single().Id;

        var owner = await kit.App.SignedInClientAsync(business.OwnerEmail);
        var log = await owner.GetStringAsync("/calls");
        log.ShouldContain($"<audio controls preload=\"none\" src=\"/api/dashboard/recordings/{recordingId}/audio\">");
        log.ShouldContain("My brakes are squealing.");
        var played = await owner.GetAsync($"/api/dashboard/recordings/{recordingId}/audio");
        played.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        (await played.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        // The player seeks with range requests.
        var part = new HttpRequestMessage(HttpMethod.Get, $"/api/dashboard/recordings/{recordingId}/audio");
        part.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);
        var partial = await owner.SendAsync(part);
        partial.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Length.ShouldBe(100);

        var stranger = await kit.App.SignedInClientAsync(other.OwnerEmail);
        (await stranger.GetStringAsync("/calls")).ShouldNotContain("squealing");
        (await stranger.GetAsync($"/api/dashboard/recordings/{recordingId}/audio")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await kit.App.CreateClient().GetAsync($"/api/dashboard/recordings/{recordingId}/audio")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task Retention_DeletesAudioAfterTheBusinessesDays_AndKeepsTheTranscript(string provider)
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        // The test runs retention by hand; the scheduled run would race it once the clock moves.
        await using var kit = await RecordingsTestKit.StartAsync(provider, clock, new() { ["Queue:RunScheduledTasks"] = "false" });
        var business = await kit.MechanicAsync();
        var client = kit.App.OperatorClient();
        (await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/recording-settings", new { retentionDays = 30, consentAnnouncement = "This call is recorded." }, CallRecover.Common.Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await kit.InsertCallAsync(business.Id, "CA-ret", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-ret.mp3"] = (FakeRecordingHost.Mp3(10), "audio/mpeg");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Al. Oil change please.");
        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-ret", "RE-ret", duration: 10));
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var file = Path.Combine(kit.RecordingsPath, business.Id, "RE-ret.mp3");
        var worker = kit.App.Service<RecordingRetentionWorker>();

        clock.Advance(TimeSpan.FromDays(29));
        (await worker.RunOnceAsync()).ShouldBe(0);
        File.Exists(file).ShouldBeTrue();

        clock.Advance(TimeSpan.FromDays(2));
        (await worker.RunOnceAsync()).ShouldBe(1);
        File.Exists(file).ShouldBeFalse();
        var id = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings"))[0].GetProperty("id").GetString();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings/{id}");
        detail.GetProperty("recording").GetProperty("status").GetString().ShouldBe("deleted");
        detail.GetProperty("transcription").GetProperty("text").GetString()!.ShouldContain("Oil change");
        (await client.GetAsync($"/api/admin/businesses/{business.Id}/recordings/{id}/audio")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await kit.ScalarAsync<string?>("SELECT recording_path FROM calls WHERE call_sid = 'CA-ret'", new { })).ShouldBeNull();
        (await worker.RunOnceAsync()).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task RecordingSettings_RejectOutOfRangeValues_NamingTheField(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = app.OperatorClient();

        var response = await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/recording-settings", new { voicemailMaxSeconds = 5, retentionDays = 0 }, CallRecover.Common.Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("voicemailMaxSeconds", out _).ShouldBeTrue();
        errors.TryGetProperty("retentionDays", out _).ShouldBeTrue();
        var current = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recording-settings");
        current.GetProperty("retentionDays").GetInt32().ShouldBe(90);
    }
}
