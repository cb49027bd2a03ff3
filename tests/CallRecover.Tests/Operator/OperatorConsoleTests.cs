using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Operator;

/// <summary>The operator console's API: health and usage across businesses, and the audited actions on the work queue.</summary>
public sealed class OperatorConsoleTests
{
    private static readonly Dictionary<string, string?> NoWorkers = new() { ["Queue:Enabled"] = "false" };

    [Theory, DatabaseData]
    public async Task Health_CountsEachBusinessAndTheTotals_WithOneRowPerBusiness(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(); // 15:00 UTC, 10:00 in New York (the businesses' zone)
        await using var app = new AppFactory(db, clock, NoWorkers);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var (p1, p2, p3, p4) = (TestBusinesses.UniquePhone(), TestBusinesses.UniquePhone(), TestBusinesses.UniquePhone(), TestBusinesses.UniquePhone());

        await Seed.CallAsync(db.Db, a.Id, p1, now.AddMinutes(-10), 0);
        // Today's greetings went out in 4 s and 10 s (p50 7 s); yesterday's 100 s does not count today.
        await Seed.MessageAsync(db.Db, a, "outbound", p1, "Sorry we missed you", "delivered", now.AddMinutes(-10), purpose: "greeting", acceptedAfter: TimeSpan.FromSeconds(4));
        await Seed.MessageAsync(db.Db, a, "outbound", p2, "Sorry we missed you", "sent", now.AddHours(-2), purpose: "greeting", acceptedAfter: TimeSpan.FromSeconds(10));
        await Seed.MessageAsync(db.Db, a, "outbound", p3, "Sorry we missed you", "delivered", now.AddHours(-20), purpose: "greeting", acceptedAfter: TimeSpan.FromSeconds(100));
        // Carrier errors: one in the last 24 h, one older; the refused text never reached the carrier (no sid).
        await Seed.MessageAsync(db.Db, a, "outbound", p4, "Your visit", "failed", now.AddHours(-1), errorCode: "30007", sent: false);
        await Seed.MessageAsync(db.Db, a, "outbound", p1, "Your visit", "undelivered", now.AddHours(-30), errorCode: "30003");
        await Seed.OptOutAsync(db.Db, a.Id, p1, now.AddHours(-1));
        await Seed.WorkAsync(db.Db, a.Id, "dead", now, attempts: 8, error: "carrier 500");
        await Seed.WorkAsync(db.Db, a.Id, "pending", now.AddDays(1), attempts: 2, error: "timeout");
        await Seed.WorkAsync(db.Db, a.Id, "pending", now.AddDays(1));
        await Seed.WorkAsync(db.Db, a.Id, "done", now, attempts: 1);

        await Seed.MessageAsync(db.Db, b, "inbound", p2, "Hello?", "received", now.AddHours(-3));
        await Seed.OptOutAsync(db.Db, null, p2, now.AddHours(-1)); // everywhere: not one business's rate
        await Seed.WorkAsync(db.Db, b.Id, "dead", now, attempts: 8, error: "bad payload");
        await Seed.WorkAsync(db.Db, null, "dead", now, attempts: 8, error: "platform");

        var health = await app.OperatorClient().GetFromJsonAsync<JsonElement>("/api/admin/health");

        var rows = health.GetProperty("businesses").EnumerateArray().ToDictionary(r => r.GetProperty("businessId").GetString()!);
        rows.Keys.ShouldBe([a.Id, b.Id], ignoreOrder: true);
        var ra = rows[a.Id];
        ra.GetProperty("name").GetString().ShouldBe(a.Name);
        ra.GetProperty("carrierNumber").GetString().ShouldBe(a.CarrierNumber);
        ra.GetProperty("subscriptionStatus").GetString().ShouldBe("trial");
        ra.GetProperty("lastInboundAt").GetDateTimeOffset().ShouldBe(now.AddMinutes(-10));
        ra.GetProperty("textBackP50Seconds").GetDouble().ShouldBe(7);
        ra.GetProperty("textBacksToday").GetInt32().ShouldBe(2);
        ra.GetProperty("deadWork").GetInt32().ShouldBe(1);
        ra.GetProperty("failedWork").GetInt32().ShouldBe(1);
        ra.GetProperty("optOuts30d").GetInt32().ShouldBe(1);
        ra.GetProperty("textedNumbers30d").GetInt32().ShouldBe(3);
        ra.GetProperty("optOutRate").GetDouble().ShouldBe(0.3333);
        ra.GetProperty("carrierErrors24h").GetInt32().ShouldBe(1);
        ra.GetProperty("carrierErrorCodes").GetProperty("30007").GetInt32().ShouldBe(1);

        var rb = rows[b.Id];
        rb.GetProperty("lastInboundAt").GetDateTimeOffset().ShouldBe(now.AddHours(-3));
        rb.GetProperty("textBackP50Seconds").ValueKind.ShouldBe(JsonValueKind.Null);
        rb.GetProperty("deadWork").GetInt32().ShouldBe(1);
        rb.GetProperty("failedWork").GetInt32().ShouldBe(0);
        rb.GetProperty("optOutRate").ValueKind.ShouldBe(JsonValueKind.Null, "B texted nobody");
        rb.GetProperty("carrierErrors24h").GetInt32().ShouldBe(0);

        var t = health.GetProperty("totals");
        t.GetProperty("businesses").GetInt32().ShouldBe(2);
        t.GetProperty("lastInboundAt").GetDateTimeOffset().ShouldBe(now.AddMinutes(-10));
        t.GetProperty("textBackP50Seconds").GetDouble().ShouldBe(7);
        t.GetProperty("deadWork").GetInt32().ShouldBe(2);
        t.GetProperty("failedWork").GetInt32().ShouldBe(1);
        t.GetProperty("platformDeadWork").GetInt32().ShouldBe(1);
        t.GetProperty("optOuts30d").GetInt32().ShouldBe(1);
        t.GetProperty("textedNumbers30d").GetInt32().ShouldBe(3);
        t.GetProperty("carrierErrors24h").GetInt32().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Usage_CountsAMonthsTextsSegmentsInboundCallAndTranscriptionMinutes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(); // 2026-03-03
        await using var app = new AppFactory(db, clock, NoWorkers);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var feb = new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);
        var phone = TestBusinesses.UniquePhone();

        await Seed.MessageAsync(db.Db, a, "outbound", phone, new string('a', 160), "delivered", feb);           // 1 segment (GSM-7)
        await Seed.MessageAsync(db.Db, a, "outbound", phone, new string('a', 161), "delivered", feb);           // 2 (153 each)
        await Seed.MessageAsync(db.Db, a, "outbound", phone, "☺" + new string('b', 70), "sent", feb);          // 2 (UCS-2: 67 each)
        await Seed.MessageAsync(db.Db, a, "outbound", phone, "held", "blocked", feb, sent: false);               // never sent
        await Seed.MessageAsync(db.Db, a, "outbound", phone, "March", "delivered", clock.GetUtcNow().AddHours(-1)); // another month
        await Seed.MessageAsync(db.Db, a, "inbound", phone, "hi", "received", feb);
        await Seed.MessageAsync(db.Db, a, "inbound", phone, "hi again", "received", feb.AddDays(1));
        await Seed.MessageAsync(db.Db, b, "inbound", phone, "hello", "received", feb);
        await Seed.CallAsync(db.Db, a.Id, phone, feb, 61);   // 2 minutes
        await Seed.CallAsync(db.Db, a.Id, phone, feb, 60);   // 1
        await Seed.CallAsync(db.Db, a.Id, phone, feb, null); // missed, none
        await Seed.CallAsync(db.Db, b.Id, phone, feb, 1);    // 1
        await Seed.TranscribedAsync(db.Db, a.Id, phone, feb, recordingSeconds: 90, transcriptSeconds: 30.5, "done");  // 1 minute
        await Seed.TranscribedAsync(db.Db, a.Id, phone, feb, recordingSeconds: 125, transcriptSeconds: null, "done"); // 3
        await Seed.TranscribedAsync(db.Db, a.Id, phone, feb, recordingSeconds: 600, transcriptSeconds: null, "failed");

        var client = app.OperatorClient();
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/admin/usage?month=2026-02");

        usage.GetProperty("month").GetString().ShouldBe("2026-02");
        var rows = usage.GetProperty("businesses").EnumerateArray().ToDictionary(r => r.GetProperty("businessId").GetString()!);
        var ua = rows[a.Id];
        ua.GetProperty("textsSent").GetInt32().ShouldBe(3);
        ua.GetProperty("segments").GetInt32().ShouldBe(5);
        ua.GetProperty("inboundTexts").GetInt32().ShouldBe(2);
        ua.GetProperty("callMinutes").GetInt32().ShouldBe(3);
        ua.GetProperty("transcriptionMinutes").GetInt32().ShouldBe(4);
        var ub = rows[b.Id];
        ub.GetProperty("textsSent").GetInt32().ShouldBe(0);
        ub.GetProperty("inboundTexts").GetInt32().ShouldBe(1);
        ub.GetProperty("callMinutes").GetInt32().ShouldBe(1);
        var totals = usage.GetProperty("totals");
        totals.GetProperty("inboundTexts").GetInt32().ShouldBe(3);
        totals.GetProperty("callMinutes").GetInt32().ShouldBe(4);

        // Without a month: the current one (March), where only the one text was sent.
        var current = await client.GetFromJsonAsync<JsonElement>("/api/admin/usage");
        current.GetProperty("month").GetString().ShouldBe("2026-03");
        current.GetProperty("businesses").EnumerateArray().Single(r => r.GetProperty("businessId").GetString() == a.Id)
            .GetProperty("textsSent").GetInt32().ShouldBe(1);

        // "9999-12" overflowed adding a month (found by probing).
        foreach (var bad in new[] { "2026-13", "march", "2026-2-01", "9999-12", "0001-01" })
        {
            var response = await client.GetAsync($"/api/admin/usage?month={bad}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain("month");
        }
    }

    [Theory, DatabaseData]
    public async Task TheConsoleApi_RefusesWithoutTheOperatorKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, NoWorkers);
        var business = await app.CreateBusinessAsync();
        var id = await Seed.WorkAsync(db.Db, business.Id, "dead", clock.GetUtcNow(), attempts: 8, error: "x");
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/admin/health")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/admin/usage")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync($"/api/admin/work/{id}/discard", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync($"/api/admin/work/{id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Seed.StatusAsync(db.Db, id)).ShouldBe("dead");
    }

    [Theory, DatabaseData]
    public async Task DiscardAndRetry_ChangeOnlyWorkInTrouble_AndAreAudited(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, NoWorkers);
        var business = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var dead = await Seed.WorkAsync(db.Db, business.Id, "dead", now, attempts: 8, error: "carrier 500");
        var failing = await Seed.WorkAsync(db.Db, business.Id, "pending", now.AddHours(1), attempts: 2, error: "timeout");
        var fresh = await Seed.WorkAsync(db.Db, business.Id, "pending", now.AddHours(1));
        var platform = await Seed.WorkAsync(db.Db, null, "dead", now, attempts: 3, error: "platform");
        var client = app.OperatorClient();

        (await client.PostAsync($"/api/admin/work/{dead}/discard", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Seed.StatusAsync(db.Db, dead)).ShouldBe("cancelled");
        var again = await client.PostAsync($"/api/admin/work/{dead}/discard", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a discarded item is no longer dead");
        (await client.PostAsync($"/api/admin/work/{fresh}/discard", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsync($"/api/admin/work/{fresh}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Seed.StatusAsync(db.Db, fresh)).ShouldBe("pending");
        (await client.PostAsync("/api/admin/work/999999/discard", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await client.PostAsync($"/api/admin/work/{failing}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var conn = await db.Db.OpenAsync())
        {
            (await conn.QuerySingleAsync<string>("SELECT status FROM work_items WHERE id = @failing", new { failing })).ShouldBe("pending");
            (await conn.QuerySingleAsync<DateTimeOffset>("SELECT due_at FROM work_items WHERE id = @failing", new { failing }))
                .ShouldBe(now, "a failing item is due at once instead of after its backoff");
        }
        (await client.PostAsync($"/api/admin/work/{platform}/retry?by=ops@example.com", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var conn = await db.Db.OpenAsync())
            (await conn.QuerySingleAsync<int>("SELECT attempts FROM work_items WHERE id = @platform", new { platform })).ShouldBe(0);

        var run = await client.PostAsync("/api/admin/scheduled-tasks/quotes.expiry/run", null);
        run.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await using var c = await db.Db.OpenAsync();
        var audit = (await c.QueryAsync<(string? BusinessId, string Actor, string EntityType, string EntityId, string Action)>(
            "SELECT business_id, actor, entity_type, entity_id, action FROM audit_log WHERE entity_type IN ('work_item', 'scheduled_task') ORDER BY created_at, id")).ToList();
        audit.ShouldContain((business.Id, "operator", "work_item", dead.ToString(System.Globalization.CultureInfo.InvariantCulture), "discarded"));
        audit.ShouldContain((business.Id, "operator", "work_item", failing.ToString(System.Globalization.CultureInfo.InvariantCulture), "retried"));
        audit.ShouldContain((null, "operator:ops@example.com", "work_item", platform.ToString(System.Globalization.CultureInfo.InvariantCulture), "retried"));
        audit.ShouldContain((null, "operator", "scheduled_task", "quotes.expiry", "run_requested"));
        audit.Count.ShouldBe(4, "refused actions are not audited");
    }
}

/// <summary>Rows other capabilities would write, put straight into the tables for the console to read.</summary>
internal static class Seed
{
    public static Task CallAsync(Db db, string businessId, string phone, DateTimeOffset at, int? seconds) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, duration_seconds, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @sid, @phone, @status, @seconds, FALSE, @at, @at)
            """, new { id = Ids.New(), businessId, sid = "CA" + Ids.New(), phone, status = seconds is > 0 ? "answered" : "missed", seconds, at }, tx.Transaction));

    public static Task MessageAsync(Db db, Business business, string direction, string phone, string body, string status, DateTimeOffset at,
        string? purpose = null, TimeSpan? acceptedAfter = null, string? errorCode = null, bool sent = true) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO messages (id, business_id, conversation_id, direction, sender, purpose, to_phone, from_phone, body, carrier_sid, status, error_code,
                                  accepted_at, created_at, updated_at)
            VALUES (@id, @businessId, NULL, @direction, @sender, @purpose, @to, @from, @body, @sid, @status, @errorCode, @acceptedAt, @at, @at)
            """, new
        {
            id = Ids.New(), businessId = business.Id, direction, sender = direction == "inbound" ? "caller" : "ai", purpose,
            to = direction == "inbound" ? business.CarrierNumber : phone, from = direction == "inbound" ? phone : business.CarrierNumber,
            body, sid = direction == "outbound" && sent ? "SM" + Ids.New() : direction == "inbound" ? "SM" + Ids.New() : null, status, errorCode,
            acceptedAt = acceptedAfter is { } after ? at + after : direction == "outbound" && sent ? at : (DateTimeOffset?)null, at,
        }, tx.Transaction));

    public static Task OptOutAsync(Db db, string? businessId, string phone, DateTimeOffset at) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO opt_outs (id, phone, business_id, reason, created_at) VALUES (@id, @phone, @businessId, 'stop', @at)",
            new { id = Ids.New(), phone, businessId, at }, tx.Transaction));

    public static Task<long> WorkAsync(Db db, string? businessId, string status, DateTimeOffset dueAt, int attempts = 0, string? error = null) =>
        db.WriteAsync(tx => tx.Connection.QuerySingleAsync<long>("""
            INSERT INTO work_items (kind, business_id, payload, status, due_at, attempts, max_attempts, last_error, created_at, updated_at)
            VALUES ('test.kind', @businessId, '{}', @status, @dueAt, @attempts, 8, @error, @dueAt, @dueAt) RETURNING id
            """, new { businessId, status, dueAt, attempts, error }, tx.Transaction));

    public static async Task<string> StatusAsync(Db db, long id)
    {
        await using var conn = await db.OpenAsync();
        return await conn.QuerySingleAsync<string>("SELECT status FROM work_items WHERE id = @id", new { id });
    }

    public static Task TranscribedAsync(Db db, string businessId, string phone, DateTimeOffset at, int recordingSeconds, double? transcriptSeconds, string status) =>
        db.WriteAsync(async tx =>
        {
            var recordingId = Ids.New();
            await tx.Connection.ExecuteAsync("""
                INSERT INTO recordings (id, business_id, caller_phone, kind, origin, recording_sid, status, duration_seconds, created_at, updated_at)
                VALUES (@recordingId, @businessId, @phone, 'answered_call', 'carrier', @sid, 'downloaded', @recordingSeconds, @at, @at)
                """, new { recordingId, businessId, phone, sid = "RE" + Ids.New(), recordingSeconds, at }, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO transcriptions (id, business_id, recording_id, status, duration_seconds, engine, created_at, updated_at)
                VALUES (@id, @businessId, @recordingId, @status, @transcriptSeconds, 'test', @at, @at)
                """, new { id = Ids.New(), businessId, recordingId, status, transcriptSeconds, at }, tx.Transaction);
        });
}

public sealed class OperatorConsoleScaleTests
{
    /// <summary>100 businesses with a month of texts each: the health and usage reports stay a handful of queries.</summary>
    [Theory, DatabaseData]
    public async Task Health_AndUsage_For100Businesses_AnswerQuickly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var now = clock.GetUtcNow();
        var businesses = new List<Business>();
        for (var i = 0; i < 100; i++) businesses.Add(await app.CreateBusinessAsync());
        await db.Db.WriteAsync(async tx =>
        {
            foreach (var b in businesses)
                for (var j = 0; j < 40; j++)
                {
                    var at = now.AddHours(-j * 12);
                    await tx.Connection.ExecuteAsync("""
                        INSERT INTO messages (id, business_id, direction, sender, purpose, to_phone, from_phone, body, carrier_sid, status, accepted_at, created_at, updated_at)
                        VALUES (@id, @businessId, 'outbound', 'ai', 'greeting', @to, @from, 'Sorry we missed your call', @sid, 'delivered', @accepted, @at, @at)
                        """, new { id = Ids.New(), businessId = b.Id, to = $"+1904555{j:D4}", from = b.CarrierNumber, sid = "SM" + Ids.New(), accepted = at.AddSeconds(3), at }, tx.Transaction);
                }
        });
        var client = app.OperatorClient();
        await client.GetAsync("/api/admin/health"); // warm up

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var health = await client.GetFromJsonAsync<JsonElement>("/api/admin/health");
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/admin/usage");
        watch.Stop();

        health.GetProperty("businesses").GetArrayLength().ShouldBe(100);
        health.GetProperty("totals").GetProperty("textedNumbers30d").GetInt32().ShouldBe(100 * 40);
        usage.GetProperty("businesses").GetArrayLength().ShouldBe(100);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "both reports over 100 businesses and 4,000 texts (a loaded 2-core machine)");
    }
}
