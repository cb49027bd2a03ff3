using CallRecover.Compliance;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Sets up what the missed-call path (issue 3) produces — a lead, an open conversation and the greeting through
/// the real send path — and delivers caller texts the way the SMS webhook does: the stored inbound message plus
/// a conversation.turn work item ordered per conversation.
/// </summary>
public static class ConversationTestKit
{
    public sealed record Started(Business Business, Lead Lead, Conversation Conversation);

    public static async Task<Started> MissedCallAsync(AppFactory app, Business business, string? phone = null, bool greet = true)
    {
        phone ??= TestBusinesses.UniquePhone();
        var clock = app.Service<TimeProvider>();
        var (lead, conversation) = await app.Service<Db>().WriteAsync(async tx =>
        {
            var (lead, _) = await app.Service<LeadStore>().GetOrCreateAsync(tx, business.Id, phone, LeadSources.MissedCall, LeadStatuses.Contacted);
            var now = clock.GetUtcNow();
            var id = Ids.New();
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO conversations ({ConversationStore.Columns})
                VALUES (@id, @BusinessId, @leadId, NULL, @phone, 'active', 0, NULL, '{"{}"}', FALSE, FALSE, NULL, NULL, @now, @now)
                """, new { id, BusinessId = business.Id, leadId = lead.Id, phone, now }, tx.Transaction);
            if (greet)
                await app.Service<SmsSender>().QueueAsync(tx, new OutboundSms(business.Id, phone,
                    $"Hey! Sorry we missed your call. This is {business.Name}. How can we help you today? Reply STOP to opt out.", Senders.System, SmsPurposes.Greeting, id));
            return (lead, (await app.Service<ConversationStore>().GetAsync(tx, business.Id, id))!);
        });
        return new Started(business, lead, conversation);
    }

    /// <summary>Stores a caller's text and enqueues its turn, as the SMS webhook does.</summary>
    public static async Task<Message> CallerTextsAsync(AppFactory app, Started s, string body)
    {
        var clock = app.Service<TimeProvider>();
        return await app.Service<Db>().WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            var m = new Message
            {
                Id = Ids.New(), BusinessId = s.Business.Id, ConversationId = s.Conversation.Id, Direction = "inbound", Sender = Senders.Caller,
                ToPhone = s.Business.CarrierNumber!, FromPhone = s.Conversation.Phone, Body = body, CarrierSid = "SM" + Guid.NewGuid().ToString("N"),
                Status = MessageStatuses.Received, CreatedAt = now, UpdatedAt = now,
            };
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO messages ({ConversationStore.MessageColumns})
                VALUES (@Id, @BusinessId, @ConversationId, @Direction, @Sender, NULL, @ToPhone, @FromPhone, @Body, @CarrierSid, @Status, NULL, NULL, NULL, NULL, NULL, @CreatedAt, @UpdatedAt)
                """, m, tx.Transaction);
            await tx.Connection.ExecuteAsync("UPDATE conversations SET last_inbound_at = @now, updated_at = @now WHERE business_id = @b AND id = @c",
                new { now, b = s.Business.Id, c = s.Conversation.Id }, tx.Transaction);
            await app.Service<WorkQueue>().EnqueueAsync(tx, new NewWork(ConversationTurn.Kind,
                new ConversationTurn.Payload(s.Business.Id, s.Conversation.Id, m.Id), s.Business.Id,
                OrderingKey: ConversationTurn.OrderingKey(s.Conversation.Id), DedupeKey: ConversationTurn.DedupeKey(m.Id)));
            return m;
        });
    }

    public static Task<IReadOnlyList<Message>> MessagesAsync(AppFactory app, Started s) =>
        app.Service<ConversationStore>().MessagesAsync(s.Business.Id, s.Conversation.Id);

    public static async Task<IReadOnlyList<Message>> AiRepliesAsync(AppFactory app, Started s) =>
        [.. (await MessagesAsync(app, s)).Where(m => m.Direction == "outbound" && m.Sender == Senders.Ai)];

    /// <summary>Waits until the turn of <paramref name="inbound"/> has been handled (answered or deliberately not).</summary>
    public static Task WaitForTurnAsync(AppFactory app, Message inbound) =>
        Eventually.WaitAsync(async () =>
        {
            await using var conn = await app.Service<Db>().OpenAsync();
            return await conn.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM work_items WHERE dedupe_key = @k AND status IN ('done','dead')", new { k = ConversationTurn.DedupeKey(inbound.Id) }) > 0;
        }, $"turn of message {inbound.Id}");

    /// <summary>Texts and waits for the reply; returns the AI's reply to this text (null when none was sent).</summary>
    public static async Task<Message?> SayAsync(AppFactory app, Started s, string body, FakeClock? clock = null)
    {
        clock?.Advance(TimeSpan.FromMinutes(1));
        var inbound = await CallerTextsAsync(app, s, body);
        await WaitForTurnAsync(app, inbound);
        clock?.Advance(TimeSpan.FromSeconds(30));
        await using var conn = await app.Service<Db>().OpenAsync();
        var replyId = await conn.ExecuteScalarAsync<string?>("SELECT reply_message_id FROM conversation_turns WHERE message_id = @id", new { id = inbound.Id });
        return replyId is null ? null : (await MessagesAsync(app, s)).Single(m => m.Id == replyId);
    }

    public static Task<Lead?> LeadAsync(AppFactory app, Started s) => app.Service<LeadStore>().GetAsync(s.Business.Id, s.Lead.Id);

    public static Task<Conversation?> ConversationAsync(AppFactory app, Started s) => app.Service<ConversationStore>().GetAsync(s.Business.Id, s.Conversation.Id);

    public static async Task<IReadOnlyList<Notification>> NotificationsAsync(AppFactory app, Business b)
    {
        await using var conn = await app.Service<Db>().OpenAsync();
        return [.. await conn.QueryAsync<Notification>($"SELECT {NotificationStore.Columns} FROM notifications WHERE business_id = @Id ORDER BY created_at, id", new { b.Id })];
    }
}
