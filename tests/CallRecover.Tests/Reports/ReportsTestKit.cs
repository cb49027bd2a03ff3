using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Reports;

/// <summary>Seeds source rows (calls, texts, leads, visits, jobs, opt-outs, review requests) at chosen times, as the owning stores would write them.</summary>
public sealed class ReportsTestKit(Db db, string businessId)
{
    public const string Ours = "+15550009999";

    public async Task<string> CallAsync(DateTimeOffset at, string status, string? phone = null, DateTimeOffset? updatedAt = null)
    {
        var id = Ids.New();
        phone ??= TestBusinesses.UniquePhone();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @sid, @phone, @status, FALSE, @at, @updatedAt)
            """, new { id, businessId, sid = "CA" + Ids.New(), phone, status, at, updatedAt = updatedAt ?? at }, tx.Transaction));
        return phone;
    }

    public Task CallStatusAsync(string phone, string status, DateTimeOffset now) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE calls SET status = @status, updated_at = @now WHERE business_id = @businessId AND caller_phone = @phone",
            new { businessId, phone, status, now }, tx.Transaction));

    public async Task<string> LeadAsync(string phone, DateTimeOffset at, string status = "contacted", string source = "missed_call")
    {
        var id = Ids.New();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
            VALUES (@id, @businessId, @phone, 'unknown', @status, @source, '{}', FALSE, @at, @at)
            """, new { id, businessId, phone, status, source, at }, tx.Transaction));
        return id;
    }

    public Task LeadStatusAsync(string leadId, string status, DateTimeOffset now) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE leads SET status = @status, updated_at = @now WHERE business_id = @businessId AND id = @leadId",
            new { businessId, leadId, status, now }, tx.Transaction));

    /// <summary>A text in a conversation (a conversation is created for the phone's lead on first use).</summary>
    public async Task TextAsync(string leadId, string phone, string direction, DateTimeOffset at, string status = "delivered")
    {
        await db.WriteAsync(async tx =>
        {
            var conversationId = await tx.Connection.ExecuteScalarAsync<string?>(
                "SELECT id FROM conversations WHERE business_id = @businessId AND lead_id = @leadId", new { businessId, leadId }, tx.Transaction);
            if (conversationId is null)
            {
                conversationId = Ids.New();
                await tx.Connection.ExecuteAsync("""
                    INSERT INTO conversations (id, business_id, lead_id, phone, status, follow_up_count, qualification, needs_human, emergency, created_at, updated_at)
                    VALUES (@conversationId, @businessId, @leadId, @phone, 'active', 0, '{}', FALSE, FALSE, @at, @at)
                    """, new { conversationId, businessId, leadId, phone, at }, tx.Transaction);
            }
            var inbound = direction == "inbound";
            await tx.Connection.ExecuteAsync("""
                INSERT INTO messages (id, business_id, conversation_id, direction, sender, to_phone, from_phone, body, status, created_at, updated_at)
                VALUES (@id, @businessId, @conversationId, @direction, @sender, @to, @from, 'x', @status, @at, @at)
                """, new
            {
                id = Ids.New(), businessId, conversationId, direction, sender = inbound ? "caller" : "ai",
                to = inbound ? Ours : phone, from = inbound ? phone : Ours, status = inbound ? "received" : status, at,
            }, tx.Transaction);
        });
    }

    private static int _slot;

    public async Task<string> VisitAsync(string leadId, DateTimeOffset createdAt)
    {
        var id = Ids.New();
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Interlocked.Increment(ref _slot));
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO appointments (id, business_id, lead_id, start_at, end_at, duration_minutes, status, ics_uid, ics_token, ics_sequence, source, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, @start, @end, 60, 'scheduled', @uid, @token, 0, 'manual', @createdAt, @createdAt)
            """, new { id, businessId, leadId, start, end = start.AddHours(1), uid = Ids.New(), token = Ids.New(), createdAt }, tx.Transaction));
        return id;
    }

    public Task CancelVisitAsync(string visitId, DateTimeOffset now) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE appointments SET status = 'cancelled', updated_at = @now WHERE business_id = @businessId AND id = @visitId",
            new { businessId, visitId, now }, tx.Transaction));

    public async Task<string> CompletedJobAsync(string leadId, DateTimeOffset completedAt, string? technicianId = null, decimal? quoteTotal = null)
    {
        var id = Ids.New();
        await db.WriteAsync(async tx =>
        {
            string? quoteId = null;
            if (quoteTotal is { } total)
            {
                quoteId = Ids.New();
                await tx.Connection.ExecuteAsync("""
                    INSERT INTO quotes (id, business_id, lead_id, status, total, approved_at, created_at, updated_at)
                    VALUES (@quoteId, @businessId, @leadId, 'approved', @total, @completedAt, @completedAt, @completedAt)
                    """, new { quoteId, businessId, leadId, total, completedAt }, tx.Transaction);
            }
            await tx.Connection.ExecuteAsync("""
                INSERT INTO jobs (id, business_id, lead_id, quote_id, source, title, stage, stage_changed_at, completed_at, created_at, updated_at)
                VALUES (@id, @businessId, @leadId, @quoteId, 'manual', 'Fix', 'completed', @completedAt, @completedAt, @completedAt, @completedAt)
                """, new { id, businessId, leadId, quoteId, completedAt }, tx.Transaction);
            if (technicianId is not null)
            {
                var start = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Interlocked.Increment(ref _slot));
                await tx.Connection.ExecuteAsync("""
                    INSERT INTO appointments (id, business_id, lead_id, job_id, technician_id, start_at, end_at, duration_minutes, status, ics_uid, ics_token, ics_sequence, source, created_at, updated_at)
                    VALUES (@aid, @businessId, @leadId, @id, @technicianId, @start, @end, 60, 'completed', @uid, @token, 0, 'manual', @completedAt, @completedAt)
                    """, new { aid = Ids.New(), businessId, leadId, id, technicianId, start, end = start.AddHours(1), uid = Ids.New(), token = Ids.New(), completedAt }, tx.Transaction);
            }
        });
        return id;
    }

    public async Task<string> TechnicianAsync(string name, decimal? rating, DateTimeOffset at)
    {
        var id = Ids.New();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO technicians (id, business_id, name, phone, email, rating, created_at, updated_at)
            VALUES (@id, @businessId, @name, @phone, @email, @rating, @at, @at)
            """, new { id, businessId, name, phone = TestBusinesses.UniquePhone(), email = $"{id}@example.com", rating, at }, tx.Transaction));
        return id;
    }

    public Task OptOutAsync(string phone, DateTimeOffset at) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("INSERT INTO opt_outs (id, phone, business_id, reason, created_at) VALUES (@id, @phone, @businessId, 'keyword', @at)",
            new { id = Ids.New(), phone, businessId, at }, tx.Transaction));

    public async Task<string> ReviewSentAsync(string leadId, string phone, DateTimeOffset sentAt)
    {
        var id = Ids.New();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO review_requests (id, business_id, lead_id, source, source_id, phone, code, review_url, status, due_at, sent_at, clicks, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, 'job', @sourceId, @phone, @code, 'https://g.page/r/x/review', 'sent', @sentAt, @sentAt, 0, @sentAt, @sentAt)
            """, new { id, businessId, leadId, sourceId = Ids.New(), phone, code = Ids.New()[..12], sentAt }, tx.Transaction));
        return id;
    }

    public Task ReviewClickedAsync(string requestId, DateTimeOffset at) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "UPDATE review_requests SET status = 'clicked', clicked_at = @at, clicks = clicks + 1, updated_at = @at WHERE business_id = @businessId AND id = @requestId",
            new { businessId, requestId, at }, tx.Transaction));
}

/// <summary>
/// Three local days of one New York business (Mon Mar 2 – Wed Mar 4 2026, UTC−5), with changes that land after the
/// day they count on (a late reply, a cancellation, a lead qualified later, a call resolved as missed) and a missed
/// call at 23:30 local (the next day in UTC). <c>fold</c> runs between the steps, at the clock's time.
/// </summary>
public static class ReportScenario
{
    public static DateTimeOffset L(int day, int hour, int minute = 0, int second = 0) => new(2026, 3, day, hour, minute, second, TimeSpan.FromHours(-5));

    public sealed record Seeded(string LeadA, string LeadB, string LeadC, string LeadD, string TechnicianId);

    /// <summary>
    /// The scenario for one business (its cost $300 a month, folded after each step) and another business with one
    /// missed call on Mar 2 (to prove nothing crosses over).
    /// </summary>
    public static async Task<(CallRecover.Tenancy.Business Business, CallRecover.Tenancy.Business Other)> SeedWithNeighbourAsync(AppFactory app, FakeClock clock)
    {
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        await new ReportsTestKit(app.Database.Db, other.Id).CallAsync(L(2, 9, 30), "missed");
        var builder = app.Service<CallRecover.Reports.DailyMetricsBuilder>();
        await SeedAsync(new ReportsTestKit(app.Database.Db, business.Id), clock, () => builder.FoldAsync(business));
        (await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(app.OperatorClient(), $"/api/admin/businesses/{business.Id}/report-settings", new { monthlyCostCents = 30000 }))
            .EnsureSuccessStatusCode();
        return (business, other);
    }

    public static async Task<Seeded> SeedAsync(ReportsTestKit kit, FakeClock clock, Func<Task> fold)
    {
        clock.Set(L(2, 8));
        await kit.CallAsync(L(2, 10), "answered");
        var a = await kit.CallAsync(L(2, 9), "missed");
        var leadA = await kit.LeadAsync(a, L(2, 9), "qualified");
        await kit.TextAsync(leadA, a, "outbound", L(2, 9, 0, 30));
        await kit.TextAsync(leadA, a, "inbound", L(2, 9, 2));
        var b = await kit.CallAsync(L(2, 14), "voicemail");
        var leadB = await kit.LeadAsync(b, L(2, 14));
        await kit.TextAsync(leadB, b, "outbound", L(2, 14, 1, 30));
        var c = await kit.CallAsync(L(2, 23, 30), "missed");
        var leadC = await kit.LeadAsync(c, L(2, 23, 30));
        await kit.TextAsync(leadC, c, "outbound", L(2, 23, 30, 10));
        await kit.TextAsync(leadC, c, "inbound", L(2, 23, 35));
        var blocked = await kit.CallAsync(L(2, 15), "answered");
        var leadBlocked = await kit.LeadAsync(blocked, L(2, 15), source: "answered_call");
        await kit.TextAsync(leadBlocked, blocked, "outbound", L(2, 15, 5), status: "blocked");
        clock.Set(L(3, 1));
        await fold();

        clock.Set(L(3, 9));
        await kit.TextAsync(leadB, b, "inbound", L(3, 9));
        var visitA = await kit.VisitAsync(leadA, L(3, 10));
        var visitB = await kit.VisitAsync(leadB, L(3, 11));
        var d = await kit.CallAsync(L(3, 12), "ringing");
        var leadD = await kit.LeadAsync(d, L(3, 12), source: "voicemail");
        clock.Set(L(3, 12, 1));
        await kit.CallStatusAsync(d, "voicemail", L(3, 12, 1));
        await kit.TextAsync(leadD, d, "outbound", L(3, 12, 5));
        var tech = await kit.TechnicianAsync("Tina Tech", 4.8m, L(3, 13));
        await kit.CompletedJobAsync(leadA, L(3, 15), tech, quoteTotal: 500m);
        await kit.OptOutAsync(c, L(3, 16));
        var review = await kit.ReviewSentAsync(leadA, a, L(3, 17));
        clock.Set(L(4, 1));
        await fold();

        clock.Set(L(4, 9));
        await kit.CancelVisitAsync(visitB, L(4, 9));
        await kit.ReviewClickedAsync(review, L(4, 9));
        await kit.LeadStatusAsync(leadB, "qualified", L(4, 9));
        clock.Set(L(4, 12));
        await fold();
        _ = visitA;
        return new Seeded(leadA, leadB, leadC, leadD, tech);
    }
}
