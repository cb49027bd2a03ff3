using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using Dapper;

namespace CallRecover.BrowserTests;

/// <summary>
/// Writes what the webhooks would write (a missed call that became a conversation, a caller's text) and
/// publishes the same live events, for the flows that do not need the carrier simulator.
/// </summary>
public static class Seed
{
    public sealed record Thread(string CallId, string LeadId, string ConversationId, string Phone);

    public static async Task<Thread> MissedCallAsync(KestrelApp app, string businessId, string phone)
    {
        var db = app.Service<Db>();
        var now = app.Service<TimeProvider>().GetUtcNow();
        var t = new Thread(Ids.New(), Ids.New(), Ids.New(), phone);
        await db.WriteAsync(async tx =>
        {
            var c = tx.Connection;
            var carrier = await c.QuerySingleAsync<string>("SELECT carrier_number FROM businesses WHERE id = @businessId", new { businessId }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO calls (id, business_id, call_sid, caller_phone, status, dial_status, after_hours, created_at, updated_at)
                VALUES (@CallId, @businessId, @sid, @Phone, 'missed', 'no-answer', FALSE, @now, @now)
                """, new { t.CallId, businessId, sid = "CA" + Ids.New(), t.Phone, now }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
                VALUES (@LeadId, @businessId, @Phone, 'unknown', 'contacted', 'missed_call', '{}', FALSE, @now, @now)
                """, new { t.LeadId, businessId, t.Phone, now }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO conversations (id, business_id, lead_id, call_id, phone, status, follow_up_count, qualification, needs_human, emergency, created_at, updated_at)
                VALUES (@ConversationId, @businessId, @LeadId, @CallId, @Phone, 'active', 0, '{}', FALSE, FALSE, @now, @now)
                """, new { t.ConversationId, businessId, t.LeadId, t.CallId, t.Phone, now }, tx.Transaction);
            await Message(tx, businessId, t.ConversationId, "outbound", "ai", carrier, t.Phone, "Sorry we missed your call at Browser HVAC! How can we help? Reply STOP to opt out.", "delivered", now);
        });
        var live = app.Service<LiveEvents>();
        live.Publish(businessId, "call", t.CallId);
        live.Publish(businessId, "lead", t.LeadId);
        live.Publish(businessId, "conversation", t.ConversationId);
        return t;
    }

    public static async Task CallerTextsAsync(KestrelApp app, string businessId, Thread t, string body)
    {
        var now = app.Service<TimeProvider>().GetUtcNow();
        await app.Service<Db>().WriteAsync(async tx =>
        {
            var carrier = await tx.Connection.QuerySingleAsync<string>("SELECT carrier_number FROM businesses WHERE id = @businessId", new { businessId }, tx.Transaction);
            await Message(tx, businessId, t.ConversationId, "inbound", "caller", t.Phone, carrier, body, "received", now);
        });
        app.Service<LiveEvents>().Publish(businessId, "message", t.ConversationId);
    }

    private static Task Message(DbTx tx, string businessId, string conversationId, string direction, string sender, string from, string to, string body, string status, DateTimeOffset at) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO messages (id, business_id, conversation_id, direction, sender, to_phone, from_phone, body, status, created_at, updated_at)
            VALUES (@id, @businessId, @conversationId, @direction, @sender, @to, @from, @body, @status, @at, @at)
            """, new { id = Ids.New(), businessId, conversationId, direction, sender, to, from, body, status, at }, tx.Transaction);
}
