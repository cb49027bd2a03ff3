using CallRecover.Data;
using Dapper;

namespace CallRecover.Requests;

/// <summary>One request sent through the public form, with the consent box as the customer left it and its wording.</summary>
public sealed record WebRequest
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string Reference { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public string? QuoteId { get; init; }
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Email { get; init; }
    public string? Address { get; init; }
    public int? VehicleYear { get; init; }
    public string? VehicleMake { get; init; }
    public string? VehicleModel { get; init; }
    public string Problem { get; init; } = "";
    public bool SmsConsent { get; init; }
    /// <summary>The exact consent wording shown next to the ticked box (null when it was left unticked).</summary>
    public string? ConsentText { get; init; }
    public string? ClientIp { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Owner of <c>web_requests</c>.</summary>
public sealed class WebRequestStore(Db db) : CallRecover.Customers.ICustomerMergeParticipant, CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the requests stay (reference, consent given and its wording, time) without who sent them, from where, or what they wrote.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s) =>
        [new("web_requests", await s.PerPhoneAsync(tx, $"""
            UPDATE web_requests SET phone = @pseudonym, name = '{CallRecover.Customers.ErasureSubject.ErasedText}', email = NULL, address = NULL,
                vehicle_year = NULL, vehicle_make = NULL, vehicle_model = NULL, problem = '{CallRecover.Customers.ErasureSubject.ErasedText}', client_ip = NULL
            WHERE business_id = @b AND phone = @phone
            """))];

    /// <summary>A merge moves the merged customer's requests to the kept one (the request's own name and phone stay as sent).</summary>
    public Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId) =>
        tx.Connection.ExecuteAsync("UPDATE web_requests SET customer_id = @toCustomerId WHERE business_id = @businessId AND customer_id = @fromCustomerId",
            new { businessId, fromCustomerId, toCustomerId }, tx.Transaction);

    private const string Columns = """
        id, business_id, reference, lead_id, customer_id, quote_id, name, phone, email, address, vehicle_year, vehicle_make,
        vehicle_model, problem, sms_consent, consent_text, client_ip, created_at
        """;

    public Task InsertAsync(DbTx tx, WebRequest r) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO web_requests ({Columns}) VALUES (@Id, @BusinessId, @Reference, @LeadId, @CustomerId, @QuoteId, @Name, @Phone, @Email,
                @Address, @VehicleYear, @VehicleMake, @VehicleModel, @Problem, @SmsConsent, @ConsentText, @ClientIp, @CreatedAt)
            """, r, tx.Transaction);

    public async Task<bool> ReferenceTakenAsync(DbTx tx, string businessId, string reference) =>
        await tx.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM web_requests WHERE business_id = @businessId AND reference = @reference",
            new { businessId, reference }, tx.Transaction) > 0;

    public async Task<IReadOnlyList<WebRequest>> ListAsync(string businessId, int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<WebRequest>($"SELECT {Columns} FROM web_requests WHERE business_id = @businessId ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { businessId, limit })];
    }
}
