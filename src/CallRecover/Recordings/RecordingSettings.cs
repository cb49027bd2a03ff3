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

/// <summary>What a client may send for recording settings; every field optional (missing = unchanged, blank text = none).</summary>
public sealed record RecordingSettingsInput(bool? VoicemailEnabled, int? VoicemailMaxSeconds, int? RetentionDays, string? ConsentAnnouncement, string? VoicemailPrompt)
{
    /// <summary>The settings with this input applied, or null with <paramref name="errors"/> filled.</summary>
    public RecordingSettings? Apply(RecordingSettings current, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        if (VoicemailMaxSeconds is < 10 or > 600) errors["voicemailMaxSeconds"] = ["Enter a voicemail length from 10 to 600 seconds."];
        if (RetentionDays is < 1 or > 3650) errors["retentionDays"] = ["Enter how long to keep recordings, from 1 to 3650 days (ten years)."];
        if (ConsentAnnouncement is { Length: > 500 }) errors["consentAnnouncement"] = ["Keep the announcement to 500 characters or fewer."];
        if (VoicemailPrompt is { Length: > 500 }) errors["voicemailPrompt"] = ["Keep the voicemail greeting to 500 characters or fewer."];
        if (errors.Count > before) return null;
        return current with
        {
            VoicemailEnabled = VoicemailEnabled ?? current.VoicemailEnabled, VoicemailMaxSeconds = VoicemailMaxSeconds ?? current.VoicemailMaxSeconds,
            RetentionDays = RetentionDays ?? current.RetentionDays,
            ConsentAnnouncement = ConsentAnnouncement is null ? current.ConsentAnnouncement : ConsentAnnouncement.Trim() is { Length: > 0 } c ? c : null,
            VoicemailPrompt = VoicemailPrompt is null ? current.VoicemailPrompt : VoicemailPrompt.Trim() is { Length: > 0 } v ? v : null,
        };
    }
}

/// <summary>Saves recording settings with one set of rules for the operator API and the owner's settings page.</summary>
public sealed class RecordingSettingsService(Db db, RecordingSettingsStore settings, RecordingStore recordings)
{
    /// <summary>The saved settings, or null with <paramref name="errors"/> filled (nothing saved).</summary>
    public async Task<RecordingSettings?> SaveAsync(string businessId, RecordingSettingsInput input, Dictionary<string, string[]> errors, CancellationToken ct = default)
    {
        var current = await settings.GetAsync(businessId, ct);
        if (input.Apply(current, errors) is not { } updated || errors.Count > 0) return null;
        await db.WriteAsync(async tx =>
        {
            await settings.SaveAsync(tx, businessId, updated);
            // Audio not yet deleted gets the new retention, counted from its download.
            await recordings.ApplyRetentionAsync(tx, businessId, updated.RetentionDays);
        }, ct);
        return await settings.GetAsync(businessId, ct);
    }
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
