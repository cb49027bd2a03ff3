using System.Text;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Reports;

/// <summary>
/// The owner's Monday email: last week's headline figures, the ROI line and a link to /reports. One durable work
/// item per business per week (dedupe key <c>weekly-report:{business}:{monday}</c>) due Monday at
/// <c>Email:DigestTime</c> in the business's time zone; each run schedules the next, and
/// <see cref="WeeklyReportScheduler"/> makes sure every business has its next one. Two nodes send one email: the work
/// item and the email are both deduplicated by the same key. Off when the owner turned it off (Settings → Reports)
/// or turned email off in their notification preferences.
/// </summary>
public sealed class WeeklyReportEmail(Db db, BusinessStore businesses, WorkQueue queue, EmailOutbox outbox, ReportService reports,
    ReportSettingsStore settings, IOptions<EmailOptions> email, IOptions<AppOptions> app, TimeProvider clock) : IWorkHandler
{
    public const string WeeklyKind = "email.weekly-report";

    public string Kind => WeeklyKind;

    public sealed record Payload(string BusinessId, string Monday);

    private LocalTime SendTime => LocalTimes.HourMinute.Parse(email.Value.DigestTime).Value;

    public static string DedupeKey(string businessId, string monday) => $"weekly-report:{businessId}:{monday}";

    /// <summary>Ensures every business has its next weekly email queued; returns how many were added.</summary>
    public Task<int> EnsureScheduledAsync(CancellationToken ct = default) => EveryBusiness.ScheduleAsync(db, businesses, ScheduleNextAsync, ct);

    /// <summary>Queues the email of the next Monday at the send time (this Monday's when it is still ahead).</summary>
    public async Task<bool> ScheduleNextAsync(DbTx tx, Business business)
    {
        var local = business.LocalTime(clock.GetUtcNow());
        var monday = local.Date.PlusDays(1 - (int)local.DayOfWeek);
        if (local.Date > monday || local.TimeOfDay >= SendTime) monday = monday.PlusWeeks(1);
        var due = business.Zone.AtLeniently(monday.At(SendTime)).ToInstant().ToDateTimeOffset();
        var day = LocalDatePattern.Iso.Format(monday);
        return await queue.EnqueueAsync(tx, new NewWork(WeeklyKind, new Payload(business.Id, day), business.Id,
            DedupeKey: DedupeKey(business.Id, day), DueAt: due, MaxAttempts: 5));
    }

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<Payload>();
        var business = await businesses.GetAsync(p.BusinessId, ct);
        if (business is null) return;
        var monday = LocalDatePattern.Iso.Parse(p.Monday).GetValueOrThrow();
        var wanted = business.NotificationPrefs.Email && (await settings.GetAsync(business.Id, ct)).WeeklyEmail;
        var message = wanted ? await ComposeAsync(business, monday.PlusWeeks(-1), ct) : null;
        await db.WriteAsync(async tx =>
        {
            if (message is not null) await outbox.QueueOnceAsync(tx, DedupeKey(business.Id, p.Monday), message);
            await ScheduleNextAsync(tx, business);
        }, ct);
    }

    /// <summary>The email for the week starting <paramref name="weekStart"/> (a Monday).</summary>
    public async Task<EmailMessage> ComposeAsync(Business business, LocalDate weekStart, CancellationToken ct = default)
    {
        var r = await reports.BuildAsync(business, ReportPeriods.Week, weekStart, ct);
        var link = $"{app.Value.PublicBaseUrl.TrimEnd('/')}/reports?period=week&start={r.Start}";
        var sb = new StringBuilder();
        sb.Append($"Here is {business.Name} for the week of {SlotText.Day(weekStart)}:\n\n");
        sb.Append(r.RoiLine).Append("\n\n");
        foreach (var key in new[] { "calls", "missed", "recovered", "booked", "jobs_completed", "recovered_revenue", "text_back_median", "review_clicks" })
        {
            var f = r[key];
            sb.Append($"- {f.Label}: {Show(f.Value, f.Unit)} (the week before: {Show(f.Previous, f.Unit)})\n");
        }
        if (r.RevenueIsEstimate) sb.Append('\n').Append(r.RevenueNote).Append('\n');
        sb.Append($"\nThe full report, with charts: {link}\n");
        sb.Append("\nYou can turn this email off under Settings → Reports.\n");
        return new EmailMessage(business.OwnerEmail, $"Your week – {business.Name} – {SlotText.Day(weekStart)}", sb.ToString(), "weekly_report", business.Id);
    }

    private static string Show(decimal? v, string unit) => v is not { } x ? "—" : unit switch
    {
        "usd" => ReportService.Money(x),
        "seconds" => x < 60 ? $"{x:0} s" : $"{Math.Floor(x / 60):0} min {x % 60:0} s",
        _ => x.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Every hour (and at first start), makes sure each business (new ones too) has its next weekly report email queued. A scheduled task.</summary>
public sealed class WeeklyReportScheduler(WeeklyReportEmail weekly) : IScheduledTask
{
    public string Key => "email.weekly-report-schedule";
    public string Name => "Schedule weekly report emails";
    public string Description => "Makes sure every business has its next Monday report email queued.";
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string?> RunAsync(CancellationToken ct) => $"{await weekly.EnsureScheduledAsync(ct)} weekly email(s) scheduled";
}
