using CallRecover.Data;
using Dapper;

namespace CallRecover.Telephony;

public static class PhoneNumberStatuses
{
    public const string Bought = "bought", Released = "released";
}

/// <summary>A number bought through the carrier's API for a business.</summary>
public sealed record PhoneNumberRow
{
    public string Id { get; init; } = "";
    public string BusinessId { get; init; } = "";
    public string PhoneNumber { get; init; } = "";
    public string CarrierSid { get; init; } = "";
    public string Provider { get; init; } = "";
    public string Status { get; init; } = "";
    public string VoiceUrl { get; init; } = "";
    public string SmsUrl { get; init; } = "";
    public DateTimeOffset BoughtAt { get; init; }
    public DateTimeOffset? ReleasedAt { get; init; }
}

/// <summary>The numbers we bought at the carrier (<c>phone_numbers</c>): the only writer of that table.</summary>
public sealed class PhoneNumberStore(Db db)
{
    private const string Columns = "id, business_id, phone_number, carrier_sid, provider, status, voice_url, sms_url, bought_at, released_at";

    /// <summary>The number the business holds through us, if any.</summary>
    public async Task<PhoneNumberRow?> HeldAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<PhoneNumberRow>(
            $"SELECT {Columns} FROM phone_numbers WHERE business_id = @businessId AND status = 'bought' ORDER BY bought_at DESC, id LIMIT 1", new { businessId });
    }

    public async Task<PhoneNumberRow?> HeldAsync(DbTx tx, string businessId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<PhoneNumberRow>(
            $"SELECT {Columns} FROM phone_numbers WHERE business_id = @businessId AND status = 'bought' ORDER BY bought_at DESC, id LIMIT 1",
            new { businessId }, tx.Transaction);

    /// <summary>Which business holds this number through us (any business: the operator's view across tenants).</summary>
    public async Task<PhoneNumberRow?> HolderAsync(DbTx tx, string phoneNumber) =>
        await tx.Connection.QueryFirstOrDefaultAsync<PhoneNumberRow>(
            $"SELECT {Columns} FROM phone_numbers WHERE phone_number = @phoneNumber AND status = 'bought'", new { phoneNumber }, tx.Transaction);

    /// <summary>Every number we hold, across businesses (re-pointing them all).</summary>
    public async Task<IReadOnlyList<PhoneNumberRow>> AllHeldAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<PhoneNumberRow>($"SELECT {Columns} FROM phone_numbers WHERE status = 'bought' ORDER BY bought_at, id")];
    }

    /// <summary>Numbers held by anyone or set as any business's carrier number: the simulator does not offer them.</summary>
    public async Task<IReadOnlySet<string>> InUseAsync(IReadOnlyCollection<string> candidates, CancellationToken ct = default)
    {
        if (candidates.Count == 0) return new HashSet<string>();
        await using var conn = await db.OpenAsync(ct);
        var inList = db.Dialect.InList(nameof(candidates));
        var used = await conn.QueryAsync<string>($"""
            SELECT phone_number FROM phone_numbers WHERE status = 'bought' AND phone_number {inList}
            UNION SELECT carrier_number FROM businesses WHERE carrier_number {inList}
            """, new { candidates = candidates.ToArray() });
        return used.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The number we hold with this carrier SID, whichever business holds it.</summary>
    public async Task<PhoneNumberRow?> HeldBySidAsync(string carrierSid, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<PhoneNumberRow>(
            $"SELECT {Columns} FROM phone_numbers WHERE carrier_sid = @carrierSid AND status = 'bought'", new { carrierSid });
    }

    public async Task InsertAsync(DbTx tx, PhoneNumberRow n) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO phone_numbers ({Columns})
            VALUES (@Id, @BusinessId, @PhoneNumber, @CarrierSid, @Provider, @Status, @VoiceUrl, @SmsUrl, @BoughtAt, @ReleasedAt)
            """, n, tx.Transaction);

    public async Task<bool> MarkReleasedAsync(DbTx tx, string businessId, string id, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE phone_numbers SET status = 'released', released_at = @at WHERE business_id = @businessId AND id = @id AND status = 'bought'
            """, new { businessId, id, at }, tx.Transaction) == 1;

    public async Task SetUrlsAsync(DbTx tx, string businessId, string id, string voiceUrl, string smsUrl) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE phone_numbers SET voice_url = @voiceUrl, sms_url = @smsUrl WHERE business_id = @businessId AND id = @id
            """, new { businessId, id, voiceUrl, smsUrl }, tx.Transaction);
}
