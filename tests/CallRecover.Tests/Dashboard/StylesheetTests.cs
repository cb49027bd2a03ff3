namespace CallRecover.Tests.Dashboard;

public sealed class StylesheetTests
{
    /// <summary>
    /// An unclosed block swallows every rule after it into a media query (a merge once left the appointments rules
    /// inside the quotes' desktop block, so phones showed every empty hour). Braces must balance outside comments.
    /// </summary>
    [Fact]
    public void TheDashboardStylesheet_ClosesEveryBlock()
    {
        using var stream = typeof(CallRecover.Dashboard.DashboardModule).Assembly.GetManifestResourceStream("CallRecover.Dashboard.Assets.dashboard.css")!;
        var css = System.Text.RegularExpressions.Regex.Replace(new StreamReader(stream).ReadToEnd(), @"/\*.*?\*/", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var depth = 0;
        var line = 1;
        foreach (var c in css)
        {
            if (c == '\n') line++;
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            depth.ShouldBeGreaterThanOrEqualTo(0, $"a '}}' without its '{{' on line {line}");
            if (c == '{' && depth > 2) throw new ShouldAssertException($"a block nested three deep on line {line}: a block above it is not closed");
        }
        depth.ShouldBe(0, "every block is closed");
    }
}
