using System.Diagnostics;
using System.Globalization;
using CallRecover.Dashboard.Overview;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Reports;
using CallRecover.Tenancy;
using Dapper;

// Reports benchmark (issue 18): one tenant with 1,000,000 calls over the last year (3 in 10 missed, each texted back
// 30 s later) and 200,000 leads. Seeds with one INSERT ... SELECT per table (a recursive CTE on SQLite,
// generate_series on PostgreSQL), folds the daily metrics once (timed), then times the overview (today and this month)
// and this month's report (29 folded days + today computed from the source tables). Not a timed test: it prints figures.
// Usage: dotnet run -c Release --project bench/CallRecover.ReportsBench [-- --postgres "Host=...;Database=..."] [--rounds 200] [--calls 1000000] [--leads 200000]
var invariant = CultureInfo.InvariantCulture;
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var postgres = Arg("--postgres");
var rounds = int.Parse(Arg("--rounds") ?? "200", invariant);
var calls = int.Parse(Arg("--calls") ?? "1000000", invariant);
var leads = int.Parse(Arg("--leads") ?? "200000", invariant);

await using var host = await CallRecover.BenchShared.BenchHost.StartAsync("reports", postgres);
var services = host.Services;
var db = services.GetRequiredService<Db>();
var created = await services.GetRequiredService<BusinessService>().CreateAsync(new BusinessInput
{
    Name = "Bench HVAC", OwnerName = "Bo Bench", OwnerEmail = $"bench-{Guid.NewGuid():N}@example.com", OwnerPhone = "+19045550100",
    BusinessPhone = "+19045550101", CarrierNumber = $"+1904555{Random.Shared.Next(1000, 9999)}", Vertical = "hvac",
}, "bench");
var business = created.Business ?? throw new InvalidOperationException("Bench business rejected.");

var now = TimeProvider.System.GetUtcNow();
var start = now.AddDays(-365);
var spacing = 365.0 * 86400 / calls;
var seed = Stopwatch.StartNew();
await db.WriteAsync(async tx =>
{
    var c = tx.Connection;
    var p = new { b = business.Id, start, spacing, calls, leads, leadSpacing = 365.0 * 86400 / leads };
    if (db.Dialect.IsPostgres)
    {
        await c.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            SELECT 'c' || i, @b, 'CAbench' || i, '+1904' || lpad((i % @leads)::text, 7, '0'), CASE WHEN i % 10 < 3 THEN 'missed' ELSE 'answered' END, FALSE,
                   @start + make_interval(secs => i * @spacing), @start + make_interval(secs => i * @spacing)
            FROM generate_series(0, @calls - 1) AS i
            """, p, tx.Transaction, commandTimeout: 600);
        await c.ExecuteAsync("""
            INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
            SELECT 'l' || j, @b, '+1904' || lpad(j::text, 7, '0'), 'unknown', CASE WHEN j % 5 = 0 THEN 'qualified' ELSE 'contacted' END,
                   CASE WHEN j % 4 = 0 THEN 'answered_call' ELSE 'missed_call' END, '{}', FALSE,
                   @start + make_interval(secs => j * @leadSpacing), @start + make_interval(secs => j * @leadSpacing)
            FROM generate_series(0, @leads - 1) AS j
            """, p, tx.Transaction, commandTimeout: 600);
        await c.ExecuteAsync("""
            INSERT INTO messages (id, business_id, direction, sender, to_phone, from_phone, body, status, created_at, updated_at)
            SELECT 'm' || i, @b, 'outbound', 'ai', '+1904' || lpad((i % @leads)::text, 7, '0'), '+19045550101', 'Sorry we missed your call!', 'delivered',
                   @start + make_interval(secs => i * @spacing + 30), @start + make_interval(secs => i * @spacing + 30)
            FROM generate_series(0, @calls - 1) AS i WHERE i % 10 < 3
            """, p, tx.Transaction, commandTimeout: 600);
    }
    else
    {
        // SQLite keeps times as fixed-width UTC text (Data/TypeHandlers.SqliteTimeFormat).
        var s = start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", invariant);
        const string At = "strftime('%Y-%m-%dT%H:%M:%S', @s, '+' || CAST({0} AS INTEGER) || ' seconds') || '.0000000Z'";
        await c.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @calls - 1)
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            SELECT 'c' || i, @b, 'CAbench' || i, '+1904' || printf('%07d', i % @leads), CASE WHEN i % 10 < 3 THEN 'missed' ELSE 'answered' END, FALSE,
                   {string.Format(invariant, At, "i * @spacing")}, {string.Format(invariant, At, "i * @spacing")} FROM n
            """, new { p.b, p.calls, p.leads, p.spacing, s }, tx.Transaction, commandTimeout: 600);
        await c.ExecuteAsync($"""
            WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < @leads - 1)
            INSERT INTO leads (id, business_id, phone, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
            SELECT 'l' || j, @b, '+1904' || printf('%07d', j), 'unknown', CASE WHEN j % 5 = 0 THEN 'qualified' ELSE 'contacted' END,
                   CASE WHEN j % 4 = 0 THEN 'answered_call' ELSE 'missed_call' END, @fc, FALSE,
                   {string.Format(invariant, At, "j * @leadSpacing")}, {string.Format(invariant, At, "j * @leadSpacing")} FROM n
            """, new { p.b, p.leads, p.leadSpacing, s, fc = "{}" }, tx.Transaction, commandTimeout: 600);
        await c.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @calls - 1)
            INSERT INTO messages (id, business_id, direction, sender, to_phone, from_phone, body, status, created_at, updated_at)
            SELECT 'm' || i, @b, 'outbound', 'ai', '+1904' || printf('%07d', i % @leads), '+19045550101', 'Sorry we missed your call!', 'delivered',
                   {string.Format(invariant, At, "i * @spacing + 30")}, {string.Format(invariant, At, "i * @spacing + 30")} FROM n WHERE i % 10 < 3
            """, new { p.b, p.calls, p.leads, p.spacing, s }, tx.Transaction, commandTimeout: 600);
    }
});
if (db.Dialect.IsPostgres)
    await using (var conn = await db.OpenAsync()) await conn.ExecuteAsync("ANALYZE calls, leads, messages", commandTimeout: 600); // a bare "ANALYZE" Dapper would take for a stored procedure
Console.WriteLine($"{db.Describe()}: seeded {calls:N0} calls, {calls * 3 / 10:N0} text-backs and {leads:N0} leads in {seed.Elapsed.TotalSeconds:0.0} s");

var fold = Stopwatch.StartNew();
var days = await services.GetRequiredService<DailyMetricsBuilder>().FoldAsync(business);
Console.WriteLine($"first fold: {days} days in {fold.Elapsed.TotalSeconds:0.0} s");
fold.Restart();
days = await services.GetRequiredService<DailyMetricsBuilder>().FoldAsync(business);
Console.WriteLine($"next fold (nothing new): {days} days in {fold.Elapsed.TotalMilliseconds:0} ms");

var overview = services.GetRequiredService<OverviewQueries>();
var reports = services.GetRequiredService<ReportService>();
var monthStart = reports.CurrentStart(business, ReportPeriods.Month);
var report = await reports.BuildAsync(business, ReportPeriods.Month, monthStart);
Console.WriteLine($"this month: {report["calls"].Value:N0} calls, {report["missed"].Value:N0} missed, text-back median {report["text_back_median"].Value} s");
var builder = services.GetRequiredService<DailyMetricsBuilder>();
var today = business.LocalTime(TimeProvider.System.GetUtcNow()).Date;
Measure("today's figures from the source tables", async () => { await using var conn = await db.OpenAsync(); await builder.ComputeDayAsync(conn, business, today); });
Measure("this month's days (stored + changed + today)", async () => { await using var conn = await db.OpenAsync(); await builder.CurrentAsync(conn, business, monthStart, today); });
Measure("overview (today + this month)", () => overview.GetAsync(business));
Measure("monthly report", () => reports.BuildAsync(business, ReportPeriods.Month, monthStart));
Measure("monthly report, a past month", () => reports.BuildAsync(business, ReportPeriods.Month, monthStart.PlusMonths(-3)));

void Measure(string what, Func<Task> run)
{
    for (var i = 0; i < 5; i++) run().GetAwaiter().GetResult();
    var times = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        var sw = Stopwatch.StartNew();
        run().GetAwaiter().GetResult();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"{what}: p50 {P(0.50):0.0} ms, p99 {P(0.99):0.0} ms, max {times[^1]:0.0} ms ({rounds} rounds)");
}
