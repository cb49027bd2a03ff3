using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Tenancy;

namespace CallRecover.Jobs;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TechnicianInput
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public List<string>? Skills { get; init; }
    /// <summary>A ZIP code or an area name, matched against a visit's address.</summary>
    public string? HomeArea { get; init; }
    public string? Status { get; init; }
    /// <summary>Weekly hours ("monday": {"open": "08:00", "close": "17:00"}); none: any time.</summary>
    public WeeklyHours? Shifts { get; init; }
    public decimal? Rating { get; init; }
}

/// <summary>Adding technicians (operator API, team page) with the input checked field by field.</summary>
public sealed class Technicians(Db db, TechnicianStore store, AuditLog audit, LiveEvents live, TimeProvider clock)
{
    public static Dictionary<string, string[]> Validate(TechnicianInput input, out Technician parsed)
    {
        var errors = new Dictionary<string, string[]>();
        parsed = new Technician();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 120) errors["name"] = ["name is required (at most 120 characters)."];
        if (!Phone.TryNormalize(input.Phone, out var phone)) errors["phone"] = ["phone must be a valid phone number."];
        var email = input.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out _)) errors["email"] = ["email must be a valid email address."];
        var skills = (input.Skills ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (skills.Count > 30 || skills.Any(s => s.Length > 60)) errors["skills"] = ["skills: at most 30, each at most 60 characters."];
        if (input.HomeArea is { Length: > 120 }) errors["homeArea"] = ["homeArea must be at most 120 characters."];
        var status = string.IsNullOrWhiteSpace(input.Status) ? TechnicianStatuses.Available : input.Status.Trim().ToLowerInvariant();
        if (!TechnicianStatuses.All.Contains(status)) errors["status"] = [$"status must be one of {string.Join(", ", TechnicianStatuses.All)}."];
        if (input.Rating is < 0 or > 5) errors["rating"] = ["rating must be between 0 and 5."];
        if (input.Shifts is { } shifts)
            foreach (var (day, hours) in shifts)
            {
                if (!WeeklyHours.DayNames.Contains(day.ToLowerInvariant())) { errors["shifts"] = [$"shifts: '{day}' is not a day (monday … sunday)."]; break; }
                if (hours is null) continue;
                var open = LocalTimes.HourMinute.Parse(hours.Open ?? "");
                var close = LocalTimes.HourMinute.Parse(hours.Close ?? "");
                if (!open.Success || !close.Success || open.Value >= close.Value) { errors[$"shifts.{day}"] = ["Shift hours are HH:mm, open before close."]; break; }
            }
        if (errors.Count > 0) return errors;
        parsed = new Technician
        {
            Name = input.Name!.Trim(), Phone = phone!, Email = email!, Skills = Json.Serialize(skills), HomeArea = string.IsNullOrWhiteSpace(input.HomeArea) ? null : input.HomeArea.Trim(),
            Status = status, Rating = input.Rating, Shifts = input.Shifts is { Count: > 0 } s ? Json.Serialize(s) : "{}",
        };
        return errors;
    }

    /// <summary>Adds a technician; a conflict when the business already has one with this email.</summary>
    public async Task<Outcome<Technician>> AddAsync(Business business, TechnicianInput input, string actor, string? userId = null, CancellationToken ct = default)
    {
        var errors = Validate(input, out var parsed);
        if (errors.Count > 0) return new(null, errors);
        var now = clock.GetUtcNow();
        var t = parsed with { Id = Ids.New(), BusinessId = business.Id, UserId = userId, CreatedAt = now, UpdatedAt = now };
        return await db.WriteAsync(async tx =>
        {
            if (!await store.TryInsertAsync(tx, t)) return Outcome<Technician>.Clash($"A technician with the email {t.Email} already exists.");
            await audit.WriteAsync(tx, business.Id, actor, "technician", t.Id, "created", new { t.Name });
            tx.AfterCommit(() => live.Publish(business.Id, "technician", t.Id));
            return Outcome<Technician>.Done(t);
        }, ct);
    }
}
