using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Booking;

/// <summary>
/// A business and its callers on the real app: qualified leads with open conversations, inbound texts run through
/// the real conversation-turn handler (so every registered step sees them in order), and readers for what was sent.
/// </summary>
public sealed class BookingScenario(AppFactory app, Business business)
{
    /// <summary>Tue Mar 3 2026, 10:00 in New York.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    public AppFactory App { get; } = app;
    public Business Business { get; } = business;
    public Db Db => App.Service<Db>();

    public static async Task<BookingScenario> CreateAsync(AppFactory app, Func<BusinessInput, BusinessInput>? customize = null) =>
        new(app, await app.CreateBusinessAsync(customize));

    public sealed record Caller(Lead Lead, Conversation Conversation);

    public async Task<Caller> QualifiedCallerAsync(string name = "Jane Doe", string address = "12 Oak St", string service = "AC repair", string? preferredTime = null)
    {
        var phone = TestBusinesses.UniquePhone();
        var now = App.Service<TimeProvider>().GetUtcNow();
        return await Db.WriteAsync(async tx =>
        {
            var (lead, _) = await App.Service<LeadStore>().GetOrCreateAsync(tx, Business.Id, phone, LeadSources.MissedCall);
            await tx.Connection.ExecuteAsync("""
                UPDATE leads SET name = @name, address = @address, service_needed = @service, preferred_time = @preferredTime, urgency = 'soon', status = 'qualified'
                WHERE business_id = @b AND id = @id
                """, new { name, address, service, preferredTime, b = Business.Id, id = lead.Id }, tx.Transaction);
            var conversationId = Ids.New();
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO conversations ({ConversationStore.Columns})
                VALUES (@conversationId, @b, @leadId, NULL, @phone, 'active', 0, NULL, '{"{}"}', FALSE, FALSE, NULL, NULL, @now, @now)
                """, new { conversationId, b = Business.Id, leadId = lead.Id, phone, now }, tx.Transaction);
            // A qualified caller came in through a missed call, so the business has texted them before (the greeting,
            // which names the business and the opt-out): later texts carry neither again (TextingPolicy.FirstTextBody).
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO messages ({ConversationStore.MessageColumns})
                VALUES (@id, @b, @conversationId, 'outbound', 'system', 'greeting', @phone, @from, @body, NULL, 'sent', NULL, NULL, NULL, NULL, NULL, @at, @at)
                """, new { id = Ids.New(), b = Business.Id, conversationId, phone, from = Business.CarrierNumber,
                    body = $"Hey! Sorry we missed your call. This is {Business.Name}. How can we help you today? Reply STOP to opt out.", at = now.AddMinutes(-30) }, tx.Transaction);
            return new Caller((await App.Service<LeadStore>().GetAsync(tx, Business.Id, lead.Id))!,
                (await App.Service<ConversationStore>().GetAsync(tx, Business.Id, conversationId))!);
        });
    }

    /// <summary>What the conversation engine does when a lead qualifies: every registered hook, in its transaction.</summary>
    public async Task QualifyAsync(Caller caller) =>
        await Db.WriteAsync(async tx =>
        {
            foreach (var hook in App.Services.GetServices<ILeadQualifiedHook>())
                await hook.OnQualifiedAsync(tx, Business, caller.Conversation, caller.Lead);
        });

    /// <summary>Stores the caller's text and runs the conversation turn for it, as the inbound webhook's work item would.</summary>
    public async Task<Turn> ReplyAsync(Caller caller, string body)
    {
        var now = App.Service<TimeProvider>().GetUtcNow();
        var messageId = Ids.New();
        var conversationId = await Db.WriteAsync(async tx =>
        {
            // A closed thread stays closed: a new text then goes to the caller's latest conversation.
            var id = await tx.Connection.ExecuteScalarAsync<string>(
                "SELECT id FROM conversations WHERE business_id = @b AND lead_id = @l ORDER BY created_at DESC, id DESC LIMIT 1",
                new { b = Business.Id, l = caller.Lead.Id }, tx.Transaction);
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO messages ({ConversationStore.MessageColumns})
                VALUES (@messageId, @b, @id, 'inbound', 'caller', NULL, @to, @from, @body, NULL, 'received', NULL, NULL, NULL, NULL, NULL, @now, @now)
                """, new { messageId, b = Business.Id, id, to = Business.CarrierNumber, from = caller.Lead.Phone, body, now }, tx.Transaction);
            return id;
        });
        var turn = new Turn(conversationId!, messageId);
        await RunTurnAsync(turn);
        return turn;
    }

    /// <summary>
    /// As the SMS webhook stores a text: in the caller's open conversation, or a new one when the last has closed (after
    /// a booking or a cancellation); then runs its turn. Returns the conversation the text went to.
    /// </summary>
    public async Task<string> TextAsync(Caller caller, string body)
    {
        var now = App.Service<TimeProvider>().GetUtcNow();
        var messageId = Ids.New();
        var conversationId = await Db.WriteAsync(async tx =>
        {
            var (id, _) = await App.Service<ConversationStore>().OpenAsync(tx, Business.Id, caller.Lead.Id, null, caller.Lead.Phone);
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO messages ({ConversationStore.MessageColumns})
                VALUES (@messageId, @b, @id, 'inbound', 'caller', NULL, @to, @from, @body, NULL, 'received', NULL, NULL, NULL, NULL, NULL, @now, @now)
                """, new { messageId, b = Business.Id, id, to = Business.CarrierNumber, from = caller.Lead.Phone, body, now }, tx.Transaction);
            await App.Service<ConversationStore>().RecordInboundAsync(tx, Business.Id, id, now);
            return id;
        });
        await RunTurnAsync(new Turn(conversationId, messageId));
        return conversationId;
    }

    /// <summary>A caller's text as stored: the conversation it went to and its message id.</summary>
    public sealed record Turn(string ConversationId, string MessageId);

    /// <summary>
    /// Runs the conversation turn of a stored text through the real handler, as its work item does; run again, it is the
    /// item's second run after a lease ran out (a stalled or crashed node).
    /// </summary>
    public async Task RunTurnAsync(Turn turn)
    {
        var handler = App.Services.GetServices<IWorkHandler>().Single(h => h.Kind == ConversationTurn.Kind);
        await handler.HandleAsync(new WorkItem
        {
            Id = 0, Kind = ConversationTurn.Kind, BusinessId = Business.Id,
            Payload = Json.Serialize(new ConversationTurn.Payload(Business.Id, turn.ConversationId, turn.MessageId)), Attempts = 1, MaxAttempts = 8,
        }, CancellationToken.None);
    }

    public async Task<IReadOnlyList<Message>> OutboundAsync(Caller caller)
    {
        await using var conn = await Db.OpenAsync();
        return [.. await conn.QueryAsync<Message>(
            $"SELECT {ConversationStore.MessageColumns} FROM messages WHERE business_id = @b AND to_phone = @p AND direction = 'outbound' AND purpose <> 'greeting' ORDER BY created_at, id",
            new { b = Business.Id, p = caller.Lead.Phone })];
    }

    public async Task<string> LastTextAsync(Caller caller) => (await OutboundAsync(caller))[^1].Body;

    public async Task<IReadOnlyList<Appointment>> AppointmentsAsync(Caller caller) =>
        await App.Service<AppointmentStore>().ForLeadAsync(Business.Id, caller.Lead.Id);

    public async Task<Lead> LeadAsync(Caller caller) => (await App.Service<LeadStore>().GetAsync(Business.Id, caller.Lead.Id))!;

    public async Task<Conversation> ConversationAsync(Caller caller) => (await App.Service<ConversationStore>().GetAsync(Business.Id, caller.Conversation.Id))!;

    public async Task<IReadOnlyList<Notification>> NotificationsAsync() => await App.Service<NotificationStore>().ListAsync(Business.Id);

    public async Task<IReadOnlyList<BookingOffer>> OffersAsync(Caller caller) =>
        await App.Service<BookingOfferStore>().ForLeadAsync(Db, Business.Id, caller.Lead.Id);

    public async Task<StoredEmail> WaitForOwnerEmailAsync(string subjectStart) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var conn = await Db.OpenAsync();
            return await conn.QueryFirstOrDefaultAsync<StoredEmail>(
                $"SELECT {EmailOutbox.Columns} FROM emails WHERE business_id = @b AND purpose = 'notification' AND subject LIKE @s AND status IN ('outbox','sent') ORDER BY created_at DESC",
                new { b = Business.Id, s = subjectStart + "%" });
        }, e => e is not null, $"owner email '{subjectStart}'") ?? throw new InvalidOperationException();
}
