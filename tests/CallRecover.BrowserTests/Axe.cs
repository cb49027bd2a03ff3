using System.Text.Json;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// Accessibility check with axe-core (npm, installed by scripts/test.sh next to this project), evaluated inside the
/// page so no Content-Security-Policy stands in the way. Fails on any serious or critical violation (WCAG 2.x A/AA).
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "node_modules/axe-core/axe.min.js")) &&
               !File.Exists(Path.Combine(dir, "tests/CallRecover.BrowserTests/node_modules/axe-core/axe.min.js")))
            dir = Path.GetDirectoryName(dir);
        if (dir is null) throw new InvalidOperationException("axe-core is not installed: run `npm ci --prefix tests/CallRecover.BrowserTests` (scripts/test.sh does).");
        var local = Path.Combine(dir, "node_modules/axe-core/axe.min.js");
        return File.ReadAllText(File.Exists(local) ? local : Path.Combine(dir, "tests/CallRecover.BrowserTests/node_modules/axe-core/axe.min.js"));
    });

    /// <summary>Runs axe on the page as it is now and fails with every serious or critical violation named.</summary>
    public static async Task CheckAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.EvaluateAsync(Source.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return JSON.stringify(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
            }
            """);
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        violations.ShouldBeEmpty($"axe on {what} ({page.Url}): " + string.Join("; ", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes)}")));
    }

    private sealed record Violation(string Id, string Impact, string Help, List<string> Nodes);
}
