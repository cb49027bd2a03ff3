using System.Text.Json.Serialization;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Reports;

/// <summary>What ROI is measured against and whether the owner gets the weekly email (defaults: no cost set, email on).</summary>
public sealed record ReportSettings
{
    [JsonIgnore] public string BusinessId { get; init; } = "";
    /// <summary>What the business pays for CallRecover per month, in cents; 0 = not set (no ROI).</summary>
    public long MonthlyCostCents { get; init; }
    /// <summary>The Monday-morning report email to the owner.</summary>
    public bool WeeklyEmail { get; init; } = true;
}

/// <summary>
/// What a business's CallRecover plan costs per month, in cents, or null when it pays for none (on trial, paused).
/// Implemented by Subscriptions (a capability above Reports): ROI uses it when the owner set no cost of their own.
/// </summary>
public interface IPlanPrice
{
    Task<long?> MonthlyCentsAsync(string businessId, CancellationToken ct = default);
}

/// <summary>Owner of <c>report_settings</c>.</summary>
public sealed class ReportSettingsStore(Db db, TimeProvider clock)
{
    public const long MaxMonthlyCostCents = 100_000_000;

    public async Task<ReportSettings> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReportSettings>(
            "SELECT business_id, monthly_cost_cents, weekly_email FROM report_settings WHERE business_id = @businessId", new { businessId })
            ?? new ReportSettings { BusinessId = businessId };
    }

    public async Task<ReportSettings> SaveAsync(DbTx tx, string businessId, long monthlyCostCents, bool weeklyEmail)
    {
        await tx.Connection.ExecuteAsync("""
            INSERT INTO report_settings (business_id, monthly_cost_cents, weekly_email, updated_at) VALUES (@businessId, @monthlyCostCents, @weeklyEmail, @now)
            ON CONFLICT (business_id) DO UPDATE SET monthly_cost_cents = excluded.monthly_cost_cents, weekly_email = excluded.weekly_email, updated_at = excluded.updated_at
            """, new { businessId, monthlyCostCents, weeklyEmail, now = clock.GetUtcNow() }, tx.Transaction);
        return new ReportSettings { BusinessId = businessId, MonthlyCostCents = monthlyCostCents, WeeklyEmail = weeklyEmail };
    }
}
