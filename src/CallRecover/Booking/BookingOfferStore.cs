using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Booking;

/// <summary>Slot offers sent to callers.</summary>
public sealed class BookingOfferStore(TimeProvider clock)
{
    private const string Columns = "id, business_id, conversation_id, lead_id, appointment_id, kind, slots, status, message_id, created_at, updated_at";

    public async Task<BookingOffer?> PendingForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<BookingOffer>(
            $"SELECT {Columns} FROM booking_offers WHERE business_id = @businessId AND lead_id = @leadId AND status = 'pending'",
            new { businessId, leadId }, tx.Transaction);

    public async Task<IReadOnlyList<BookingOffer>> ForLeadAsync(Db db, string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<BookingOffer>(
            $"SELECT {Columns} FROM booking_offers WHERE business_id = @businessId AND lead_id = @leadId ORDER BY created_at, id", new { businessId, leadId })];
    }

    /// <summary>Records a new pending offer, superseding any earlier one for the lead.</summary>
    public async Task<BookingOffer> CreateAsync(DbTx tx, string businessId, string conversationId, string leadId, string kind, string? appointmentId, IReadOnlyList<Slot> slots, string? messageId)
    {
        await CloseAsync(tx, businessId, leadId, OfferStatuses.Superseded);
        var now = clock.GetUtcNow();
        var offer = new BookingOffer
        {
            Id = Ids.New(), BusinessId = businessId, ConversationId = conversationId, LeadId = leadId, AppointmentId = appointmentId, Kind = kind,
            Slots = Json.Serialize(slots), Status = OfferStatuses.Pending, MessageId = messageId, CreatedAt = now, UpdatedAt = now,
        };
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO booking_offers ({Columns}) VALUES (@Id, @BusinessId, @ConversationId, @LeadId, @AppointmentId, @Kind, @Slots, @Status, @MessageId, @CreatedAt, @UpdatedAt)
            """, offer, tx.Transaction);
        return offer;
    }

    /// <summary>Closes the lead's pending offer (accepted, declined, handed_off, superseded).</summary>
    public async Task CloseAsync(DbTx tx, string businessId, string leadId, string status) =>
        await tx.Connection.ExecuteAsync(
            "UPDATE booking_offers SET status = @status, updated_at = @now WHERE business_id = @businessId AND lead_id = @leadId AND status = 'pending'",
            new { businessId, leadId, status, now = clock.GetUtcNow() }, tx.Transaction);
}
