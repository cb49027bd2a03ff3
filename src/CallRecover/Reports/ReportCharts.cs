using ScottPlot;

namespace CallRecover.Reports;

/// <summary>A chart drawn on the server as SVG, with the sentence a screen reader reads instead.</summary>
public sealed record Chart(string Id, string Title, string Description, string Svg)
{
    /// <summary>For an &lt;img src&gt;: the SVG scales to the width it is given (phones included).</summary>
    public string DataUri => "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg));
}

/// <summary>
/// The report's charts, drawn by ScottPlot 5 as SVG on the server (no script in the browser). Sized for a phone
/// (600 × 360 drawn, shown at the width of the screen) with large labels so they read at a glance at 390 px.
/// </summary>
public static class ReportCharts
{
    private const int Width = 600, Height = 360;
    private static readonly Color Blue = Color.FromHex("#1d4ed8"), Orange = Color.FromHex("#c2410c"), Green = Color.FromHex("#15803d");

    public static IReadOnlyList<Chart> For(Report report) =>
    [
        Daily(report),
        Funnel(report),
        ByHour(report),
        ByWeekday(report),
    ];

    private static Chart Daily(Report report)
    {
        var plot = NewPlot("Calls and missed calls by day");
        var days = report.Days;
        var calls = plot.Add.Bars(days.Select((d, i) => new Bar { Position = i, Value = d.Calls, FillColor = Blue, Size = 0.4, ValueBase = 0 }).ToList());
        var missed = plot.Add.Bars(days.Select((d, i) => new Bar { Position = i + 0.4, Value = d.Missed, FillColor = Orange, Size = 0.4 }).ToList());
        calls.LegendText = "Calls";
        missed.LegendText = "Missed";
        plot.ShowLegend(Alignment.UpperRight);
        var labels = days.Select(d => report.Period == ReportPeriods.Week ? DayName(d.Day) : d.Day[8..]).ToArray();
        var step = days.Count > 10 ? 5 : 1;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, days.Count).Where(i => i % step == 0).Select(i => i + 0.2)],
            [.. Enumerable.Range(0, days.Count).Where(i => i % step == 0).Select(i => labels[i])]);
        Finish(plot);
        var desc = $"Calls and missed calls each day from {report.Start} to {report.End}: {days.Sum(d => d.Calls)} calls, {days.Sum(d => d.Missed)} missed.";
        return new Chart("chart-daily", "Calls and missed calls", desc, Svg(plot));
    }

    private static Chart Funnel(Report report)
    {
        var plot = NewPlot("From missed call to paid");
        var steps = report.Funnel.Where(s => s.Count is not null).ToList();
        var bars = plot.Add.Bars(steps.Select((s, i) => new Bar
        {
            Position = steps.Count - 1 - i, Value = s.Count!.Value, FillColor = Green, Label = s.Count!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList());
        bars.Horizontal = true;
        bars.ValueLabelStyle.FontSize = 22;
        plot.Axes.Left.SetTicks([.. steps.Select((_, i) => (double)(steps.Count - 1 - i))], [.. steps.Select(s => Cap(s.Step))]);
        Finish(plot, horizontal: true);
        var desc = "Funnel: " + string.Join(", ", steps.Select(s => $"{s.Count} {s.Step}")) + ".";
        return new Chart("chart-funnel", "Funnel", desc, Svg(plot));
    }

    private static Chart ByHour(Report report)
    {
        var plot = NewPlot("Missed calls by hour of day");
        plot.Add.Bars(report.MissedByHour.Select(h => new Bar { Position = h.Hour, Value = h.Missed, FillColor = Orange }).ToList());
        plot.Axes.Bottom.SetTicks([0, 6, 12, 18, 23], ["12am", "6am", "12pm", "6pm", "11pm"]);
        Finish(plot);
        var busiest = report.MissedByHour.MaxBy(h => h.Missed)!;
        var desc = busiest.Missed == 0 ? "No missed calls in this period."
            : $"Missed calls by hour of day; the most ({busiest.Missed}) at {Hour(busiest.Hour)}.";
        return new Chart("chart-hours", "Missed calls by hour", desc, Svg(plot));
    }

    private static Chart ByWeekday(Report report)
    {
        var plot = NewPlot("Missed calls by weekday");
        plot.Add.Bars(report.MissedByWeekday.Select((w, i) => new Bar { Position = i, Value = w.Missed, FillColor = Orange }).ToList());
        plot.Axes.Bottom.SetTicks([0, 1, 2, 3, 4, 5, 6], [.. report.MissedByWeekday.Select(w => w.Weekday[..3])]);
        Finish(plot);
        var desc = "Missed calls by weekday: " + string.Join(", ", report.MissedByWeekday.Select(w => $"{w.Weekday} {w.Missed}")) + ".";
        return new Chart("chart-weekdays", "Missed calls by weekday", desc, Svg(plot));
    }

    /// <summary>ScottPlot's SVG with a viewBox, so it scales down to the width of a phone instead of being cut off.</summary>
    private static string Svg(Plot plot)
    {
        var svg = plot.GetSvgXml(Width, Height);
        var size = $"width=\"{Width}\" height=\"{Height}\"";
        var at = svg.IndexOf(size, StringComparison.Ordinal);
        return at < 0 ? svg : svg[..at] + $"viewBox=\"0 0 {Width} {Height}\" " + svg[at..];
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title, size: 26);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 22;
        plot.Axes.Left.TickLabelStyle.FontSize = 22;
        plot.Legend.FontSize = 22;
        return plot;
    }

    private static void Finish(Plot plot, bool horizontal = false)
    {
        if (horizontal) plot.Axes.Margins(left: 0, right: 0.15);
        else plot.Axes.Margins(bottom: 0, top: 0.15);
        // Whole numbers only on the count axis.
        IAxis counts = horizontal ? plot.Axes.Bottom : plot.Axes.Left;
        counts.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string DayName(string iso) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value.DayOfWeek.ToString()[..3];

    private static string Hour(int h) => h == 0 ? "12am" : h < 12 ? $"{h}am" : h == 12 ? "12pm" : $"{h - 12}pm";
}
