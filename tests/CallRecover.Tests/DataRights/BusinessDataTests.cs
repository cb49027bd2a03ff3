using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.DataRights;
using CallRecover.Tests.Api;
using CallRecover.Tests.Customers;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.DataRights;

/// <summary>A business's own data: the whole export (theirs only, no secrets), and retention per kind run by its scheduled task.</summary>
public sealed class BusinessDataTests
{
    private static async Task<List<T>> QueryAsync<T>(TestDatabase db, string sql, object args)
    {
        await using var conn = await db.Db.OpenAsync();
        return [.. await conn.QueryAsync<T>(sql, args)];
    }

    [Theory, DatabaseData]
    public async Task Export_HoldsTheWholeBusiness_NothingOfAnotherOne_AndNoSecrets(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var dana = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-3));
        await db.Db.WriteAsync(tx => app.Service<CustomerStore>().UpsertAsync(tx, business.Id, dana.Phone, "Dana Reyes", "dana@example.com", "12 Oak St", CustomerSources.MissedCall));
        var recording = await RecordingSeed.VoicemailAsync(app, business.Id, dana.CallId, dana.Phone, now.AddHours(-1));
        var elsewhere = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, other.Id, now.AddHours(-2));
        var (_, _, tokenSecret) = await ApiScenario.TokenClientAsync(app, business.Id, "read");
        try
        {
            var owner = await app.SignedInClientAsync(business.OwnerEmail);
            var response = await owner.GetAsync("/api/dashboard/export");

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var zip = new ZipArchive(new MemoryStream(bytes));
            string Read(string entry) => new StreamReader(zip.GetEntry(entry)!.Open()).ReadToEnd();
            Read("csv/calls.csv").ShouldContain(dana.CallId);
            Read("csv/messages.csv").ShouldContain("My AC is broken");
            Read("csv/customers.csv").ShouldContain("Dana Reyes");
            Read("csv/leads.csv").ShouldContain(dana.LeadId);
            using (var audio = new MemoryStream())
            {
                zip.GetEntry($"recordings/{recording.Id}.mp3")!.Open().CopyTo(audio);
                audio.ToArray().ShouldBe(await File.ReadAllBytesAsync(recording.StoragePath!));
            }
            var profile = JsonDocument.Parse(Read("business.json")).RootElement;
            profile.GetProperty("business").GetProperty("name").GetString().ShouldBe(business.Name);
            profile.GetProperty("rows").GetProperty("calls").GetInt32().ShouldBe(1);
            // Nothing of the other business, no server paths, no secrets (the token, sign-in links, keys are not tables it exports).
            var everything = string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".csv") || e.FullName.EndsWith(".json")).Select(e => Read(e.FullName)));
            everything.ShouldNotContain(elsewhere.CallId);
            everything.ShouldNotContain(elsewhere.Phone);
            everything.ShouldNotContain(other.Id);
            everything.ShouldNotContain(recording.StoragePath!);
            everything.ShouldNotContain(tokenSecret);
            everything.ShouldNotContain("token_hash");
            Read("csv/calls.csv").Split('\n')[0].ShouldNotContain("business_id");

            var audit = await AuditLog.SearchAsync(db.Db, business.Id, new AuditFilter(null, "business", null, null), null, 10);
            audit.ShouldContain(e => e.Action == "exported");
            // The operator gets the other business's own export; staff, another owner's session and nobody get none of this one.
            var operatorZip = new ZipArchive(new MemoryStream(await (await app.OperatorClient().GetAsync($"/api/admin/businesses/{other.Id}/export")).Content.ReadAsByteArrayAsync()));
            new StreamReader(operatorZip.GetEntry("csv/calls.csv")!.Open()).ReadToEnd().ShouldContain(elsewhere.CallId);
            (await (await app.SignedInStaffAsync(business)).GetAsync("/api/dashboard/export")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
            var otherOwner = await (await app.SignedInClientAsync(other.OwnerEmail)).GetByteArrayAsync("/api/dashboard/export");
            using var otherZip = new ZipArchive(new MemoryStream(otherOwner));
            new StreamReader(otherZip.GetEntry("csv/calls.csv")!.Open()).ReadToEnd().ShouldNotContain(dana.CallId);
            var anonymous = await app.Browser().GetAsync("/api/dashboard/export");
            anonymous.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(recording.StoragePath!);
        }
    }

    [Theory, DatabaseData]
    public async Task Retention_ExpiresOldTextsAndTranscripts_DeletesOldAuditEntries_OnlyForTheBusinessThatAsked(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var old = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddDays(-40));
        var recent = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddDays(-2));
        var otherOld = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, other.Id, now.AddDays(-40));
        var oldRecording = await RecordingSeed.VoicemailAsync(app, business.Id, old.CallId, old.Phone, now.AddDays(-40));
        var newRecording = await RecordingSeed.VoicemailAsync(app, business.Id, recent.CallId, recent.Phone, now.AddDays(-2));
        foreach (var (r, at) in new[] { (oldRecording, now.AddDays(-40)), (newRecording, now.AddDays(-2)) })
            await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
                INSERT INTO transcriptions (id, business_id, recording_id, status, text, segments, engine, created_at, updated_at)
                VALUES (@id, @businessId, @recordingId, 'done', 'Hi this is Dana my furnace is out', '[{"text":"Hi"}]', 'test', @at, @at)
                """, new { id = Ids.New(), businessId = business.Id, recordingId = r.Id, at }, tx.Transaction));
        clock.Set(now.AddDays(-100));
        await db.Db.WriteAsync(tx => app.Service<AuditLog>().WriteAsync(tx, business.Id, "operator", "lead", old.LeadId, "old_entry"));
        await db.Db.WriteAsync(tx => app.Service<AuditLog>().WriteAsync(tx, other.Id, "operator", "lead", otherOld.LeadId, "old_entry"));
        clock.Set(now);
        try
        {
            var client = app.OperatorClient();
            // Bad values are refused, naming the field, and change nothing.
            var bad = await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/retention", new { messageDays = 0, auditDays = 5 });
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await bad.Content.ReadAsStringAsync();
            problem.ShouldContain("messageDays");
            problem.ShouldContain("auditDays");
            (await app.Service<RetentionStore>().GetAsync(business.Id)).MessageDays.ShouldBeNull();
            (await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/retention", new { messageDays = 0, extra = 1 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

            // The owner sets it on the page.
            var owner = await app.SignedInClientAsync(business.OwnerEmail);
            var refused = await owner.PostFormAsync("/settings/data", "/settings/data", ("_handler", "retention"), ("messageDays", "a year"), ("transcriptDays", ""), ("auditDays", ""));
            (await refused.Content.ReadAsStringAsync()).ShouldContain("Enter a whole number of days");
            var saved = await owner.PostFormAsync("/settings/data", "/settings/data", ("_handler", "retention"), ("messageDays", "30"), ("transcriptDays", "30"), ("auditDays", "90"));
            saved.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);
            (await app.Service<RetentionStore>().GetAsync(business.Id)).ShouldSatisfyAllConditions(
                s => s.MessageDays.ShouldBe(30), s => s.TranscriptDays.ShouldBe(30), s => s.AuditDays.ShouldBe(90));

            var result = await app.Service<RetentionSweep>().RunOnceAsync();

            result.ShouldBe(new RetentionSweep.Result(2, 1, 1));
            Task<List<string>> Bodies(string businessId, string conversationId) =>
                QueryAsync<string>(db, "SELECT body FROM messages WHERE business_id = @businessId AND conversation_id = @conversationId", new { businessId, conversationId });
            (await Bodies(business.Id, old.ConversationId)).ShouldAllBe(b => b == "[expired]");
            (await Bodies(business.Id, recent.ConversationId)).ShouldContain("My AC is broken");
            (await Bodies(other.Id, otherOld.ConversationId)).ShouldContain("My AC is broken");
            var transcripts = (await QueryAsync<(string, string?)>(db, "SELECT recording_id, text FROM transcriptions WHERE business_id = @b", new { b = business.Id }))
                .ToDictionary(t => t.Item1, t => t.Item2);
            transcripts[oldRecording.Id].ShouldBeNull();
            transcripts[newRecording.Id].ShouldNotBeNull();
            (await AuditLog.SearchAsync(db.Db, business.Id, new AuditFilter(null, null, null, null), null, 100)).ShouldNotContain(e => e.Action == "old_entry");
            (await AuditLog.SearchAsync(db.Db, other.Id, new AuditFilter(null, null, null, null), null, 100)).ShouldContain(e => e.Action == "old_entry");
            // The rows stay (reports count them); a second run finds nothing more to do.
            (await QueryAsync<long>(db, "SELECT COUNT(*) FROM messages WHERE business_id = @b", new { b = business.Id })).Single().ShouldBe(4);
            (await app.Service<RetentionSweep>().RunOnceAsync()).ShouldBe(new RetentionSweep.Result(0, 0, 0));
        }
        finally
        {
            File.Delete(oldRecording.StoragePath!);
            File.Delete(newRecording.StoragePath!);
        }
    }
}
