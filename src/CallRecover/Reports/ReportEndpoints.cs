using System.Globalization;
using System.Text.Json.Serialization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Reports;

/// <summary>What may be sent for report settings; a field left out stays as it is.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReportSettingsInput
{
    public long? MonthlyCostCents { get; init; }
    public bool? WeeklyEmail { get; init; }
}

/// <summary>Saves report settings with one set of rules for the operator API and the settings page.</summary>
public sealed class ReportSettingsService(Db db, ReportSettingsStore store, AuditLog audit)
{
    public async Task<ReportSettings?> SaveAsync(string businessId, ReportSettingsInput input, string actor, Dictionary<string, string[]> errors, CancellationToken ct = default)
    {
        var current = await store.GetAsync(businessId, ct);
        var cost = input.MonthlyCostCents ?? current.MonthlyCostCents;
        if (cost is < 0 or > ReportSettingsStore.MaxMonthlyCostCents)
            errors["monthlyCostCents"] = ["Enter what CallRecover costs you per month, from $0 to $1,000,000."];
        if (errors.Count > 0) return null;
        return await db.WriteAsync(async tx =>
        {
            var s = await store.SaveAsync(tx, businessId, cost, input.WeeklyEmail ?? current.WeeklyEmail);
            await audit.WriteAsync(tx, businessId, actor, "report_settings", businessId, "updated", s);
            return s;
        }, ct);
    }
}

/// <summary>A report request as it arrives in a query string: <c>period=week|month</c>, <c>start=YYYY-MM-DD</c> (both optional).</summary>
public static class ReportQuery
{
    /// <summary>The period and first day asked for, or the field that is wrong (with what to send instead).</summary>
    public static (string Period, LocalDate Start)? Parse(ReportService reports, Business business, string? period, string? start, out string? badField, out string? detail)
    {
        badField = null;
        detail = null;
        period = string.IsNullOrWhiteSpace(period) ? ReportPeriods.Week : period.Trim().ToLowerInvariant();
        if (!ReportPeriods.All.Contains(period))
        {
            (badField, detail) = ("period", "period must be week or month.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(start)) return (period, reports.CurrentStart(business, period));
        var parsed = LocalDatePattern.Iso.Parse(start.Trim());
        if (!parsed.Success || !LocalTimes.IsSensible(parsed.Value))
        {
            (badField, detail) = ("start", "start must be a date YYYY-MM-DD between 2000 and 2100.");
            return null;
        }
        return (period, parsed.Value);
    }
}

/// <summary>The tables of a report as CSV files (CsvHelper), one table per file.</summary>
public static class ReportCsv
{
    public static readonly string[] Tables = ["figures", "funnel", "missed_by_hour", "missed_by_weekday", "lead_sources", "technicians", "days"];

    public static string Write(Report report, string table)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        switch (table)
        {
            case "figures": csv.WriteRecords(report.Figures); break;
            case "funnel": csv.WriteRecords(report.Funnel); break;
            case "missed_by_hour": csv.WriteRecords(report.MissedByHour); break;
            case "missed_by_weekday": csv.WriteRecords(report.MissedByWeekday); break;
            case "lead_sources": csv.WriteRecords(report.LeadSources); break;
            case "technicians":
                if (report.RatingNote is null) csv.WriteRecords(report.Technicians);
                else csv.WriteRecords(report.Technicians.Select(t => new { t.TechnicianId, t.Name, t.Jobs, t.Revenue }));
                break;
            default: csv.WriteRecords(report.Days); break;
        }
        csv.Flush();
        return text.ToString();
    }

    public static string FileName(Report report, string table) => $"report-{report.Period}-{report.Start}-{table}.csv";
}

/// <summary>
/// Operator <c>GET /reports</c>, <c>GET /reports.csv</c> and <c>PUT /report-settings</c> of one business, and the
/// dashboard's CSV download (owner only: money) at <c>/api/dashboard/reports.csv</c>.
/// </summary>
public static class ReportEndpoints
{
    public static AppRoutes MapReports(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/reports", async (string businessId, string? period, string? start, BusinessStore businesses, ReportService reports, CancellationToken ct) =>
        {
            var business = (await businesses.GetAsync(businessId, ct))!;
            if (ReportQuery.Parse(reports, business, period, start, out var bad, out var detail) is not { } q) return Problems.BadField(bad!, detail);
            return TypedResults.Ok(await reports.BuildAsync(business, q.Period, q.Start, ct));
        }).WithTags("Reports");

        one.MapGet("/reports.csv", (string businessId, string? period, string? start, string? table, BusinessStore businesses, ReportService reports, CancellationToken ct) =>
            CsvAsync(businessId, period, start, table, businesses, reports, ct)).WithTags("Reports");

        one.MapGet("/report-settings", async (string businessId, ReportSettingsStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.GetAsync(businessId, ct))).WithTags("Reports");

        one.MapPut("/report-settings", async (string businessId, HttpRequest request, string? by, ReportSettingsService service, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<ReportSettingsInput>(request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors);
            var saved = await service.SaveAsync(businessId, input, Problems.OperatorActor(by), errors, ct);
            return saved is null ? TypedResults.ValidationProblem(errors) : (IResult)TypedResults.Ok(saved);
        }).WithTags("Reports");

        routes.Dashboard.MapGet("/reports.csv", (HttpContext http, string? period, string? start, string? table, BusinessStore businesses, ReportService reports, CancellationToken ct) =>
            CsvAsync(RequestTenant.BusinessId(http)!, period, start, table, businesses, reports, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.Owner, Roles.Operator));
        return routes;
    }

    private static async Task<IResult> CsvAsync(string businessId, string? period, string? start, string? table, BusinessStore businesses, ReportService reports, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Problems.Missing("business", businessId);
        table = string.IsNullOrWhiteSpace(table) ? "figures" : table.Trim();
        if (!ReportCsv.Tables.Contains(table)) return Problems.BadField("table", $"table must be one of {string.Join(", ", ReportCsv.Tables)}.");
        if (ReportQuery.Parse(reports, business, period, start, out var bad, out var detail) is not { } q) return Problems.BadField(bad!, detail);
        var report = await reports.BuildAsync(business, q.Period, q.Start, ct);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(report, table)), "text/csv; charset=utf-8", ReportCsv.FileName(report, table));
    }
}
