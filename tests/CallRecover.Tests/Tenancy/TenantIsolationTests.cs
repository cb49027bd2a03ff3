using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Tenancy;

public sealed class TenantIsolationTests
{
    /// <summary>Gives a business one call, lead, conversation with a message, and notification.</summary>
    private static async Task<(string LeadId, string ConversationId)> SeedActivityAsync(AppFactory app, Business b, string callerPhone)
    {
        var leads = app.Service<LeadStore>();
        var db = app.Database.Db;
        return await db.WriteAsync(async tx =>
        {
            var now = DateTimeOffset.Parse("2026-03-03T15:00:00Z");
            await tx.Connection.ExecuteAsync("""
                INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
                VALUES (@id, @bid, @sid, @phone, 'missed', FALSE, @now, @now)
                """, new { id = Guid.NewGuid().ToString("N"), bid = b.Id, sid = "CA" + Guid.NewGuid().ToString("N"), phone = callerPhone, now }, tx.Transaction);
            var (lead, _) = await leads.GetOrCreateAsync(tx, b.Id, callerPhone, LeadSources.MissedCall);
            var conversationId = Guid.NewGuid().ToString("N");
            await tx.Connection.ExecuteAsync("""
                INSERT INTO conversations (id, business_id, lead_id, phone, status, created_at, updated_at)
                VALUES (@conversationId, @bid, @leadId, @phone, 'active', @now, @now)
                """, new { conversationId, bid = b.Id, leadId = lead.Id, phone = callerPhone, now }, tx.Transaction);
            await app.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, callerPhone, $"Hello from {b.Name}. Reply STOP to opt out.", Senders.System, SmsPurposes.Greeting, conversationId));
            await app.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("missed_call", $"Missed call for {b.Name}", "body"));
            return (lead.Id, conversationId);
        });
    }

    [Theory, DatabaseData]
    public async Task OperatorReadsOfBusinessA_NeverShowBusinessBsRows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        const string samePhone = "+19045550177"; // the same caller phoned both businesses
        var (aLead, aConversation) = await SeedActivityAsync(app, a, samePhone);
        var (bLead, bConversation) = await SeedActivityAsync(app, b, samePhone);
        var client = app.OperatorClient();

        foreach (var path in new[] { "calls", "leads", "conversations", "notifications" })
        {
            var text = await client.GetStringAsync($"/api/admin/businesses/{a.Id}/{path}");
            JsonDocument.Parse(text).RootElement.GetArrayLength().ShouldBe(1, path);
            text.ShouldNotContain(bLead);
            text.ShouldNotContain(bConversation);
            text.ShouldNotContain(b.Name);
        }
        var thread = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{a.Id}/conversations/{aConversation}");
        thread.GetProperty("messages").EnumerateArray().Single().GetProperty("body").GetString().ShouldBe($"Hello from {a.Name}. Reply STOP to opt out.");

        // B's ids through A's path are simply not there.
        (await client.GetAsync($"/api/admin/businesses/{a.Id}/leads/{bLead}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/admin/businesses/{a.Id}/conversations/{bConversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/admin/businesses/{a.Id}/leads/{aLead}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
