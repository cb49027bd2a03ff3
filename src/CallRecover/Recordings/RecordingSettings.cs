using CallRecover.Data;
using Dapper;

namespace CallRecover.Recordings;

/// <summary>A business's recording choices. Recording forwarded calls itself is <c>businesses.recording_enabled</c>.</summary>
public sealed record RecordingSettings
{
    public bool VoicemailEnabled { get; init; } = true;
    public int VoicemailMaxSeconds { get; init; } = 120;
    public int RetentionDays { get; init; } = 90;
    /// <summary>Played to the caller before a recorded call is connected (two-party consent states). Null: the business's recording consent message, if any.</summary>
    public string? ConsentAnnouncement { get; init; }
    public string? VoicemailPrompt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Per-business recording settings; a business without a row has the defaults.</summary>
public sealed class RecordingSettingsStore(Db db, TimeProvider clock)
{
    public async Task<RecordingSettings> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RecordingSettings>(
            "SELECT voicemail_enabled, voicemail_max_seconds, retention_days, consent_announcement, voicemail_prompt, updated_at FROM recording_settings WHERE business_id = @businessId",
            new { businessId }) ?? new RecordingSettings();
    }

    public async Task<RecordingSettings> GetAsync(DbTx tx, string businessId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<RecordingSettings>(
            "SELECT voicemail_enabled, voicemail_max_seconds, retention_days, consent_announcement, voicemail_prompt, updated_at FROM recording_settings WHERE business_id = @businessId",
            new { businessId }, tx.Transaction) ?? new RecordingSettings();

    /// <summary>Saves the settings (the caller re-dates the audio kept: <see cref="RecordingStore.ApplyRetentionAsync"/>).</summary>
    public async Task SaveAsync(DbTx tx, string businessId, RecordingSettings s)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO recording_settings (business_id, voicemail_enabled, voicemail_max_seconds, retention_days, consent_announcement, voicemail_prompt, updated_at)
            VALUES (@businessId, @VoicemailEnabled, @VoicemailMaxSeconds, @RetentionDays, @ConsentAnnouncement, @VoicemailPrompt, @now)
            ON CONFLICT (business_id) DO UPDATE SET voicemail_enabled = excluded.voicemail_enabled, voicemail_max_seconds = excluded.voicemail_max_seconds,
                retention_days = excluded.retention_days, consent_announcement = excluded.consent_announcement, voicemail_prompt = excluded.voicemail_prompt,
                updated_at = excluded.updated_at
            """, new { businessId, s.VoicemailEnabled, s.VoicemailMaxSeconds, s.RetentionDays, s.ConsentAnnouncement, s.VoicemailPrompt, now }, tx.Transaction);
    }
}
