using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Recordings;
using Dapper;

namespace CallRecover.Customers.Pages;

public static class HistoryKinds
{
    public const string Call = "call", Message = "message", Quote = "quote", Appointment = "appointment", Recording = "recording", Job = "job";
}

/// <summary>One thing that happened with a customer; exactly one of the payloads is set, matching <see cref="Kind"/>.</summary>
public sealed record HistoryEntry(string Kind, string Id, DateTimeOffset At)
{
    public HistoryCall? Call { get; init; }
    public HistoryMessage? Message { get; init; }
    public Quote? Quote { get; init; }
    public HistoryAppointment? Appointment { get; init; }
    public RecordingDetail? Recording { get; init; }
    public HistoryJob? Job { get; init; }
}

public sealed record HistoryJob
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Stage { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record HistoryCall
{
    public string Id { get; init; } = "";
    public string Status { get; init; } = "";
    public int? DurationSeconds { get; init; }
    public bool AfterHours { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record HistoryMessage
{
    public string Id { get; init; } = "";
    public string? ConversationId { get; init; }
    public string Direction { get; init; } = "";
    public string Sender { get; init; } = "";
    public string Body { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record HistoryAppointment
{
    public string Id { get; init; } = "";
    public DateTimeOffset StartAt { get; init; }
    public string Status { get; init; } = "";
    public string? ServiceType { get; init; }
}

/// <summary>
/// A customer's whole history in one newest-first list: calls from their phones, texts both ways, quotes, jobs,
/// appointments (visits) and recordings. Everything is matched by (business, phone) — the key customers, leads and calls
/// share; a merged customer's phone counts as the kept customer's — or by the customer's id, and every query filters
/// on the signed-in business. Reads only; each table's writes stay with its owning store.
/// </summary>
public static class CustomerHistory
{
    public const int PerKind = 200;

    public static async Task<IReadOnlyList<HistoryEntry>> LoadAsync(Db db, QuoteStore quotes, RecordingStore recordings, string businessId, CustomerWithVehicles found,
        CancellationToken ct = default)
    {
        var customer = found.Customer;
        var phones = found.Phones.ToArray();
        var entries = new List<HistoryEntry>();
        await using (var conn = await db.OpenAsync(ct))
        {
            var args = new { businessId, phones, customerId = customer.Id, limit = PerKind };
            // Npgsql takes the array as one parameter (Dapper does not expand it there); SQLite gets Dapper's list expansion.
            var inPhones = db.Dialect.IsPostgres ? "= ANY(@phones)" : "IN @phones";
            foreach (var c in await conn.QueryAsync<HistoryCall>($"""
                SELECT id, status, duration_seconds, after_hours, created_at FROM calls
                WHERE business_id = @businessId AND caller_phone {inPhones} ORDER BY created_at DESC LIMIT @limit
                """, args))
                entries.Add(new HistoryEntry(HistoryKinds.Call, c.Id, c.CreatedAt) { Call = c });
            foreach (var m in await conn.QueryAsync<HistoryMessage>($"""
                SELECT id, conversation_id, direction, sender, body, status, created_at FROM messages
                WHERE business_id = @businessId AND ((direction = 'inbound' AND from_phone {inPhones}) OR (direction = 'outbound' AND to_phone {inPhones}))
                ORDER BY created_at DESC LIMIT @limit
                """, args))
                entries.Add(new HistoryEntry(HistoryKinds.Message, m.Id, m.CreatedAt) { Message = m });
            foreach (var a in await conn.QueryAsync<HistoryAppointment>($"""
                SELECT a.id, a.start_at, a.status, a.service_type FROM appointments a
                JOIN leads l ON l.business_id = a.business_id AND l.id = a.lead_id
                WHERE a.business_id = @businessId AND l.phone {inPhones} ORDER BY a.start_at DESC LIMIT @limit
                """, args))
                entries.Add(new HistoryEntry(HistoryKinds.Appointment, a.Id, a.StartAt) { Appointment = a });
            foreach (var j in await conn.QueryAsync<HistoryJob>($"""
                SELECT j.id, j.title, j.stage, j.created_at FROM jobs j
                JOIN leads l ON l.business_id = j.business_id AND l.id = j.lead_id
                WHERE j.business_id = @businessId AND (j.customer_id = @customerId OR l.phone {inPhones}) ORDER BY j.created_at DESC LIMIT @limit
                """, args))
                entries.Add(new HistoryEntry(HistoryKinds.Job, j.Id, j.CreatedAt) { Job = j });
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phone in phones)
        {
            foreach (var q in await quotes.ForCustomerAsync(businessId, customer.Id, phone, ct))
                if (seen.Add(q.Id)) entries.Add(new HistoryEntry(HistoryKinds.Quote, q.Id, q.SentAt ?? q.CreatedAt) { Quote = q });
            foreach (var r in await recordings.ForPhoneAsync(businessId, phone, PerKind, ct))
                if (seen.Add(r.Recording.Id)) entries.Add(new HistoryEntry(HistoryKinds.Recording, r.Recording.Id, r.Recording.CreatedAt) { Recording = r });
        }
        return [.. entries.OrderByDescending(e => e.At).ThenBy(e => e.Kind, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }
}
