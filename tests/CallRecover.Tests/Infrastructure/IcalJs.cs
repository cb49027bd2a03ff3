using System.Text.Json;

namespace CallRecover.Tests.Infrastructure;

/// <summary>
/// Parses calendar files with ical.js (Mozilla's parser, the one Thunderbird uses), run by Node from
/// <c>tests/CallRecover.Tests/CalendarParsers</c> (installed by scripts/test.sh with <c>npm ci</c>): a second parser we
/// did not write, next to <see cref="Python.ParseIcsAsync"/>.
/// </summary>
public static class IcalJs
{
    private static readonly Lazy<string> Module = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "CallRecover.slnx"))) continue;
            var module = Path.Combine(dir.FullName, "tests", "CallRecover.Tests", "CalendarParsers", "node_modules", "ical.js", "dist", "ical.js");
            return File.Exists(module) ? module
                : throw new InvalidOperationException($"ical.js is not installed: run npm ci --prefix tests/CallRecover.Tests/CalendarParsers (scripts/test.sh does). Looked for {module}.");
        }
        throw new InvalidOperationException("CallRecover.slnx not found above the test binaries.");
    });

    /// <summary>
    /// Every VEVENT as ical.js reads it, times as UTC instants (each VTIMEZONE of the file registered first, so a TZID
    /// time is read through the file's own rules): <c>{events: [{uid, start, end, allDay, summary, location, status}]}</c>.
    /// Fails the test when ical.js rejects the file.
    /// </summary>
    public static async Task<JsonElement> ParseAsync(string ics)
    {
        var script = $$"""
            import ICAL from {{JsonSerializer.Serialize(new Uri(Module.Value).AbsoluteUri)}};
            let raw = '';
            for await (const chunk of process.stdin) raw += chunk;
            const calendar = new ICAL.Component(ICAL.parse(raw));
            for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
            const events = calendar.getAllSubcomponents('vevent').map(v => {
              const e = new ICAL.Event(v);
              return {
                uid: e.uid,
                start: e.startDate.toJSDate().toISOString(),
                end: e.endDate.toJSDate().toISOString(),
                allDay: e.startDate.isDate,
                summary: e.summary ?? null,
                location: e.location ?? null,
                status: v.getFirstPropertyValue('status') ?? null,
              };
            });
            process.stdout.write(JSON.stringify({ events }));
            """;
        var (code, stdout, stderr) = await Subprocess.RunAsync("node", ["--input-type=module", "-e", script], ics);
        if (code != 0) throw new Xunit.Sdk.XunitException($"ical.js rejected the calendar:\n{stderr}\n--- input ---\n{ics}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
