using CallRecover.Data;
using Dapper;

namespace CallRecover.Telephony;

/// <summary>
/// Per-business call handling. A voicemail that picks up the business phone must not count as an answered call:
/// <see cref="ScreenCalls"/> asks whoever answers to press 1; <see cref="MachineDetection"/> lets the carrier hang up
/// on an answering machine. Either (or both) makes a voicemail pickup a missed call that gets the text-back.
/// </summary>
public sealed record TelephonySettings
{
    public bool ScreenCalls { get; init; }
    public bool MachineDetection { get; init; } = true;
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>What the call records as its screening (null: nothing runs on the answering side).</summary>
    public string? ScreeningMode => (ScreenCalls, MachineDetection) switch
    {
        (true, true) => "press1+amd",
        (true, false) => "press1",
        (false, true) => "amd",
        _ => null,
    };
}

public sealed class TelephonySettingsStore(Db db, TimeProvider clock)
{
    private const string Select = "SELECT screen_calls, machine_detection, updated_at FROM telephony_settings WHERE business_id = @businessId";

    public async Task<TelephonySettings> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<TelephonySettings>(Select, new { businessId }) ?? new TelephonySettings();
    }

    public async Task<TelephonySettings> GetAsync(DbTx tx, string businessId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<TelephonySettings>(Select, new { businessId }, tx.Transaction) ?? new TelephonySettings();

    public async Task<TelephonySettings> SaveAsync(string businessId, bool screenCalls, bool machineDetection, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO telephony_settings (business_id, screen_calls, machine_detection, updated_at) VALUES (@businessId, @screenCalls, @machineDetection, @now)
            ON CONFLICT (business_id) DO UPDATE SET screen_calls = @screenCalls, machine_detection = @machineDetection, updated_at = @now
            """, new { businessId, screenCalls, machineDetection, now }, tx.Transaction), ct);
        return new TelephonySettings { ScreenCalls = screenCalls, MachineDetection = machineDetection, UpdatedAt = now };
    }
}
