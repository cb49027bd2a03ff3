using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Tenancy;

/// <summary>Businesses (tenants). Platform-level: the only store whose reads are not scoped by a business.</summary>
public sealed class BusinessStore(Db db)
{
    private const string Columns = """
        id, name, slug, owner_name, owner_email, owner_phone, business_phone, carrier_number, time_zone, business_hours,
        services, vertical, average_job_value, greeting, ai_instructions, notification_prefs, google_place_id, review_url,
        labor_rate, estimates_enabled, recording_enabled, recording_consent_message, subscription_status, voice_receptionist, created_at, updated_at
        """;

    public async Task<Business?> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM businesses WHERE id = @businessId", new { businessId });
        return row?.ToBusiness();
    }

    /// <summary>The business as the transaction sees it.</summary>
    public async Task<Business?> GetAsync(DbTx tx, string businessId) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM businesses WHERE id = @businessId", new { businessId }, tx.Transaction))?.ToBusiness();

    /// <summary>The tenant a carrier webhook is for, found by the number that was dialed or texted.</summary>
    public async Task<Business?> GetByCarrierNumberAsync(string carrierNumber, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM businesses WHERE carrier_number = @carrierNumber", new { carrierNumber });
        return row?.ToBusiness();
    }

    public async Task<IReadOnlyList<Business>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. (await conn.QueryAsync<Row>($"SELECT {Columns} FROM businesses ORDER BY name, id")).Select(r => r.ToBusiness())];
    }

    /// <summary>The business a public page names by its slug (the request form).</summary>
    public async Task<Business?> GetBySlugAsync(string slug, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM businesses WHERE slug = @slug", new { slug });
        return row?.ToBusiness();
    }

    /// <summary>Whether another business already uses this slug.</summary>
    public async Task<bool> SlugTakenAsync(DbTx tx, string slug, string? exceptBusinessId) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM businesses WHERE slug = @slug AND (@exceptBusinessId IS NULL OR id <> @exceptBusinessId)",
            new { slug, exceptBusinessId }, tx.Transaction) > 0;

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM businesses") > 0;
    }

    /// <summary>Whether another business already uses this carrier number.</summary>
    public async Task<bool> CarrierNumberTakenAsync(DbTx tx, string carrierNumber, string? exceptBusinessId) =>
        await tx.Connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM businesses WHERE carrier_number = @carrierNumber AND (@exceptBusinessId IS NULL OR id <> @exceptBusinessId)",
            new { carrierNumber, exceptBusinessId }, tx.Transaction) > 0;

    /// <summary>Moves the business to a new carrier number (one bought through the carrier's API); the caller checked it is free.</summary>
    public async Task<bool> SetCarrierNumberAsync(DbTx tx, string businessId, string carrierNumber, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("UPDATE businesses SET carrier_number = @carrierNumber, updated_at = @at WHERE id = @businessId",
            new { businessId, carrierNumber, at }, tx.Transaction) == 1;

    /// <summary>
    /// The business no longer has this carrier number (it was given back to the carrier): it has none until it buys
    /// another, so no webhook for the number (which the carrier may sell to someone else) finds it and nothing is texted from it.
    /// </summary>
    public async Task<bool> ClearCarrierNumberAsync(DbTx tx, string businessId, string carrierNumber, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("UPDATE businesses SET carrier_number = NULL, updated_at = @at WHERE id = @businessId AND carrier_number = @carrierNumber",
            new { businessId, carrierNumber, at }, tx.Transaction) == 1;

    /// <summary>Mirrors the subscription's state (Subscriptions owns the state machine; the texting policy reads this column).</summary>
    public async Task<bool> SetSubscriptionStatusAsync(DbTx tx, string businessId, string status, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("UPDATE businesses SET subscription_status = @status, updated_at = @at WHERE id = @businessId",
            new { businessId, status, at }, tx.Transaction) > 0;

    public async Task InsertAsync(DbTx tx, Business b) =>
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO businesses ({Columns}) VALUES (
                @Id, @Name, @Slug, @OwnerName, @OwnerEmail, @OwnerPhone, @BusinessPhone, @CarrierNumber, @TimeZone, @BusinessHours,
                @Services, @Vertical, @AverageJobValue, @Greeting, @AiInstructions, @NotificationPrefs, @GooglePlaceId, @ReviewUrl,
                @LaborRate, @EstimatesEnabled, @RecordingEnabled, @RecordingConsentMessage, @SubscriptionStatus, @VoiceReceptionist, @CreatedAt, @UpdatedAt)
            """, Row.From(b), tx.Transaction);

    public async Task UpdateAsync(DbTx tx, Business b) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE businesses SET name = @Name, slug = @Slug, owner_name = @OwnerName, owner_email = @OwnerEmail, owner_phone = @OwnerPhone,
                business_phone = @BusinessPhone, carrier_number = @CarrierNumber, time_zone = @TimeZone, business_hours = @BusinessHours,
                services = @Services, vertical = @Vertical, average_job_value = @AverageJobValue, greeting = @Greeting,
                ai_instructions = @AiInstructions, notification_prefs = @NotificationPrefs, google_place_id = @GooglePlaceId,
                review_url = @ReviewUrl, labor_rate = @LaborRate, estimates_enabled = @EstimatesEnabled, recording_enabled = @RecordingEnabled,
                recording_consent_message = @RecordingConsentMessage, subscription_status = @SubscriptionStatus, voice_receptionist = @VoiceReceptionist, updated_at = @UpdatedAt
            WHERE id = @Id
            """, Row.From(b), tx.Transaction);

    /// <summary>Column-shaped row: JSON columns as text.</summary>
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Slug { get; set; }
        public string OwnerName { get; set; } = "";
        public string OwnerEmail { get; set; } = "";
        public string OwnerPhone { get; set; } = "";
        public string BusinessPhone { get; set; } = "";
        public string? CarrierNumber { get; set; }
        public string TimeZone { get; set; } = "";
        public string BusinessHours { get; set; } = "{}";
        public string Services { get; set; } = "[]";
        public string Vertical { get; set; } = "";
        public decimal AverageJobValue { get; set; }
        public string? Greeting { get; set; }
        public string? AiInstructions { get; set; }
        public string NotificationPrefs { get; set; } = "{}";
        public string? GooglePlaceId { get; set; }
        public string? ReviewUrl { get; set; }
        public decimal LaborRate { get; set; }
        public bool EstimatesEnabled { get; set; }
        public bool RecordingEnabled { get; set; }
        public string? RecordingConsentMessage { get; set; }
        public string SubscriptionStatus { get; set; } = "";
        public string VoiceReceptionist { get; set; } = VoiceReceptionistModes.Off;
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        public Business ToBusiness() => new()
        {
            Id = Id, Name = Name, Slug = Slug, OwnerName = OwnerName, OwnerEmail = OwnerEmail, OwnerPhone = OwnerPhone,
            BusinessPhone = BusinessPhone, CarrierNumber = CarrierNumber, TimeZone = TimeZone,
            BusinessHours = Json.Deserialize<WeeklyHours>(BusinessHours), Services = Json.Deserialize<List<string>>(Services),
            Vertical = Vertical, AverageJobValue = AverageJobValue, Greeting = Greeting, AiInstructions = AiInstructions,
            NotificationPrefs = Json.Deserialize<NotificationPrefs>(NotificationPrefs), GooglePlaceId = GooglePlaceId,
            ReviewUrl = ReviewUrl, LaborRate = LaborRate, EstimatesEnabled = EstimatesEnabled, RecordingEnabled = RecordingEnabled,
            RecordingConsentMessage = RecordingConsentMessage, SubscriptionStatus = SubscriptionStatus, VoiceReceptionist = VoiceReceptionist,
            CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };

        public static Row From(Business b) => new()
        {
            Id = b.Id, Name = b.Name, Slug = b.Slug, OwnerName = b.OwnerName, OwnerEmail = b.OwnerEmail, OwnerPhone = b.OwnerPhone,
            BusinessPhone = b.BusinessPhone, CarrierNumber = b.CarrierNumber, TimeZone = b.TimeZone,
            BusinessHours = Json.Serialize(b.BusinessHours), Services = Json.Serialize(b.Services), Vertical = b.Vertical,
            AverageJobValue = b.AverageJobValue, Greeting = b.Greeting, AiInstructions = b.AiInstructions,
            NotificationPrefs = Json.Serialize(b.NotificationPrefs), GooglePlaceId = b.GooglePlaceId, ReviewUrl = b.ReviewUrl,
            LaborRate = b.LaborRate, EstimatesEnabled = b.EstimatesEnabled, RecordingEnabled = b.RecordingEnabled,
            RecordingConsentMessage = b.RecordingConsentMessage, SubscriptionStatus = b.SubscriptionStatus, VoiceReceptionist = b.VoiceReceptionist,
            CreatedAt = b.CreatedAt, UpdatedAt = b.UpdatedAt,
        };
    }
}
