using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Booking;

/// <summary>How a business books: visit length (per service), gap between jobs, notice needed, closed days (dates and holiday presets).</summary>
public sealed record BookingSettings
{
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public int DefaultDurationMinutes { get; init; } = 60;
    /// <summary>Visit length per service name (case-insensitive), e.g. {"Maintenance / tune-up": 90}.</summary>
    public Dictionary<string, int> ServiceDurations { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Free minutes kept before and after every appointment (travel, overrun).</summary>
    public int BufferMinutes { get; init; } = 30;
    /// <summary>No slot starts sooner than this many hours from now.</summary>
    public int LeadTimeHours { get; init; } = 2;
    /// <summary>Closed dates (business-local, yyyy-MM-dd): holidays, vacations.</summary>
    public IReadOnlyList<string> DaysOff { get; init; } = [];
    /// <summary>Recurring holiday presets the business is closed on (<see cref="HolidayPresets"/>, e.g. "us-federal").</summary>
    public IReadOnlyList<string> Holidays { get; init; } = [];
    public DateTimeOffset? UpdatedAt { get; init; }

    public int DurationFor(string? service)
    {
        if (string.IsNullOrWhiteSpace(service)) return DefaultDurationMinutes;
        var s = service.Trim();
        foreach (var (name, minutes) in ServiceDurations)
            if (string.Equals(name, s, StringComparison.OrdinalIgnoreCase)) return minutes;
        // "AC repair - not cooling" still matches "AC repair".
        foreach (var (name, minutes) in ServiceDurations.OrderByDescending(kv => kv.Key.Length))
            if (s.Contains(name, StringComparison.OrdinalIgnoreCase)) return minutes;
        return DefaultDurationMinutes;
    }

    public IReadOnlySet<LocalDate> DaysOffDates =>
        DaysOff.Select(d => LocalDatePattern.Iso.Parse(d)).Where(r => r.Success).Select(r => r.Value).ToHashSet();
}

/// <summary>What an operator may send for booking settings; every field optional (missing = unchanged).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BookingSettingsInput
{
    public int? DefaultDurationMinutes { get; init; }
    public Dictionary<string, int>? ServiceDurations { get; init; }
    public int? BufferMinutes { get; init; }
    public int? LeadTimeHours { get; init; }
    public List<string>? DaysOff { get; init; }
    public List<string>? Holidays { get; init; }

    public BookingSettings? Apply(BookingSettings current, Dictionary<string, string[]> errors)
    {
        void Bad(string field, string reason) => errors[field] = errors.TryGetValue(field, out var r) ? [.. r, reason] : [reason];
        var duration = DefaultDurationMinutes ?? current.DefaultDurationMinutes;
        if (duration is < 15 or > 720) Bad("defaultDurationMinutes", "Enter a visit length from 15 to 720 minutes, like 60.");
        var services = ServiceDurations ?? current.ServiceDurations;
        foreach (var (name, minutes) in services)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 80) Bad("serviceDurations", "Give each service a name of 80 characters or fewer.");
            if (minutes is < 15 or > 720) Bad("serviceDurations", $"The visit length for {name} must be 15 to 720 minutes.");
        }
        var buffer = BufferMinutes ?? current.BufferMinutes;
        if (buffer is < 0 or > 240) Bad("bufferMinutes", "Enter a gap between jobs from 0 to 240 minutes.");
        var lead = LeadTimeHours ?? current.LeadTimeHours;
        if (lead is < 0 or > 336) Bad("leadTimeHours", "Enter the notice you need from 0 to 336 hours (two weeks).");
        var days = DaysOff ?? [.. current.DaysOff];
        if (days.Count > 366) Bad("daysOff", "List at most 366 days off.");
        foreach (var d in days)
            if (!LocalDatePattern.Iso.Parse(d ?? "").Success) Bad("daysOff", $"'{d}' is not a date like 2026-12-25.");
        var holidays = Holidays ?? [.. current.Holidays];
        foreach (var h in holidays)
            if (!HolidayPresets.All.Contains(h ?? "")) Bad("holidays", $"'{h}' is not a holiday preset; use one of: {string.Join(", ", HolidayPresets.All)}.");
        if (errors.Count > 0) return null;
        return current with
        {
            DefaultDurationMinutes = duration,
            ServiceDurations = new Dictionary<string, int>(services.Select(kv => KeyValuePair.Create(kv.Key.Trim(), kv.Value)), StringComparer.OrdinalIgnoreCase),
            BufferMinutes = buffer,
            LeadTimeHours = lead,
            DaysOff = [.. days.Distinct().Order(StringComparer.Ordinal)],
            Holidays = [.. holidays.Distinct().Order(StringComparer.Ordinal)],
        };
    }
}

/// <summary>Saves booking settings with one set of rules for the operator API and the owner's settings page.</summary>
public sealed class BookingSettingsService(Db db, BookingSettingsStore store, Audit.AuditLog audit)
{
    /// <summary>The saved settings, or null with <paramref name="errors"/> filled (nothing saved).</summary>
    public async Task<BookingSettings?> SaveAsync(string businessId, BookingSettingsInput input, string actor, Dictionary<string, string[]> errors, CancellationToken ct = default)
    {
        // Errors the caller found (text that is not a number) and the rules' errors are shown together.
        var current = await store.GetAsync(businessId, ct);
        if (input.Apply(current, errors) is not { } next || errors.Count > 0) return null;
        return await db.WriteAsync(async tx =>
        {
            var s = await store.SaveAsync(tx, businessId, next);
            await audit.WriteAsync(tx, businessId, actor, "booking_settings", businessId, "updated", s);
            return s;
        }, ct);
    }
}

/// <summary>Booking settings per business (a row only once the operator changed something; defaults otherwise).</summary>
public sealed class BookingSettingsStore(Db db, TimeProvider clock)
{
    private const string Columns = "business_id, default_duration_minutes, service_durations, buffer_minutes, lead_time_hours, days_off, holidays, updated_at";

    public async Task<BookingSettings> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM booking_settings WHERE business_id = @businessId", new { businessId });
        return row?.ToSettings() ?? new BookingSettings { BusinessId = businessId };
    }

    public async Task<BookingSettings> GetAsync(DbTx tx, string businessId)
    {
        var row = await tx.Connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM booking_settings WHERE business_id = @businessId", new { businessId }, tx.Transaction);
        return row?.ToSettings() ?? new BookingSettings { BusinessId = businessId };
    }

    public async Task<BookingSettings> SaveAsync(DbTx tx, string businessId, BookingSettings s)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO booking_settings (business_id, default_duration_minutes, service_durations, buffer_minutes, lead_time_hours, days_off, holidays, updated_at)
            VALUES (@businessId, @DefaultDurationMinutes, @Services, @BufferMinutes, @LeadTimeHours, @DaysOff, @Holidays, @now)
            ON CONFLICT (business_id) DO UPDATE SET default_duration_minutes = excluded.default_duration_minutes,
                service_durations = excluded.service_durations, buffer_minutes = excluded.buffer_minutes,
                lead_time_hours = excluded.lead_time_hours, days_off = excluded.days_off, holidays = excluded.holidays, updated_at = excluded.updated_at
            """, new
        {
            businessId, s.DefaultDurationMinutes, Services = Json.Serialize(s.ServiceDurations), s.BufferMinutes, s.LeadTimeHours,
            DaysOff = Json.Serialize(s.DaysOff), Holidays = Json.Serialize(s.Holidays), now,
        }, tx.Transaction);
        return s with { BusinessId = businessId, UpdatedAt = now };
    }

    private sealed class Row
    {
        public string BusinessId { get; set; } = "";
        public int DefaultDurationMinutes { get; set; }
        public string ServiceDurations { get; set; } = "{}";
        public int BufferMinutes { get; set; }
        public int LeadTimeHours { get; set; }
        public string DaysOff { get; set; } = "[]";
        public string Holidays { get; set; } = "[]";
        public DateTimeOffset UpdatedAt { get; set; }

        public BookingSettings ToSettings() => new()
        {
            BusinessId = BusinessId, DefaultDurationMinutes = DefaultDurationMinutes,
            ServiceDurations = new Dictionary<string, int>(Json.Deserialize<Dictionary<string, int>>(ServiceDurations), StringComparer.OrdinalIgnoreCase),
            BufferMinutes = BufferMinutes, LeadTimeHours = LeadTimeHours, DaysOff = Json.Deserialize<List<string>>(DaysOff),
            Holidays = Json.Deserialize<List<string>>(Holidays), UpdatedAt = UpdatedAt,
        };
    }
}
