using System.Text;
using System.Text.RegularExpressions;

namespace CallRecover.Tests.Architecture;

/// <summary>
/// The capability folders form a graph without cycles: a capability depends on the shared folders and on the few
/// capabilities it really uses, never on one that depends back on it. A folder's <c>Pages</c> (its dashboard screens)
/// count as a node of their own, since they sit on top of the dashboard shell. <c>Hosting</c> is the composition root
/// and may use everything. docs/ARCHITECTURE.md shows the graph as this test computes it.
/// </summary>
public sealed partial class DependencyGraphTests
{
    [Fact]
    public void TheFolderGraph_HasNoCycles()
    {
        var graph = Graph(SourceTree.ProductCode());
        var cycle = FindCycle(graph);
        cycle.ShouldBeNull($"a dependency cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void TheSharedFolders_DependOnNoCapability_AndNothingOnTheCompositionRoot()
    {
        var code = SourceTree.ProductCode();
        code.Where(f => !f.Key.StartsWith("Hosting/", StringComparison.Ordinal) && f.Key != "Program.cs" && HostingNamespace().IsMatch(StripComments(f.Value)))
            .Select(f => f.Key).ShouldBeEmpty("files outside Hosting that use it: put what they need in Common or their own folder");
        var graph = Graph(code);
        graph.GetValueOrDefault("Common", []).ShouldBeEmpty();
        graph.GetValueOrDefault("Data", []).Except(["Common"]).ShouldBeEmpty();
        graph.GetValueOrDefault("Queue", []).Except(["Common", "Data"]).ShouldBeEmpty();
    }

    [Fact]
    public void TheArchitectureDocument_ShowsTheGraphAsItIs()
    {
        var doc = File.ReadAllText(Path.Combine(SourceTree.RepoRoot, "docs", "ARCHITECTURE.md"));
        var mermaid = Mermaid(Graph(SourceTree.ProductCode()));
        doc.ShouldContain(mermaid, customMessage: "docs/ARCHITECTURE.md's folder graph is out of date; paste this:\n" + mermaid);
    }

    [Fact]
    public void TheCycleCheck_FindsACycle() =>
        FindCycle(new Dictionary<string, SortedSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] }).ShouldBe(["A", "B", "C", "A"]);

    /// <summary>Folder → folders it uses (by namespace), without the composition root.</summary>
    public static SortedDictionary<string, SortedSet<string>> Graph(IReadOnlyDictionary<string, string> code)
    {
        var nodes = code.Keys.Select(Node).Where(n => n is not null).Select(n => n!).ToHashSet();
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var node in nodes) graph[node] = new SortedSet<string>(StringComparer.Ordinal);
        // Inside namespace CallRecover.X a sibling is named without the prefix ("Recordings.RecordingTwiml").
        var folders = string.Join("|", nodes.Where(n => !n.Contains('/', StringComparison.Ordinal)));
        var relative = new Regex($@"(?<![\w.])(?<ns>{folders})(?<pages>\.Pages)?\.[A-Z]\w*");
        // Every Razor file also has the usings of the root _Imports.razor.
        var rootImports = code.GetValueOrDefault("_Imports.razor", "");
        foreach (var (file, text) in code)
        {
            if (Node(file) is not { } from) continue;
            var source = StripComments(file.EndsWith(".razor", StringComparison.Ordinal) ? text + "\n" + rootImports : text);
            foreach (var m in Namespace().Matches(source).Concat(relative.Matches(source)))
            {
                var to = m.Groups["ns"].Value + (m.Groups["pages"].Success ? "/Pages" : "");
                if (!nodes.Contains(to)) to = m.Groups["ns"].Value;
                if (to != from && nodes.Contains(to)) graph[from].Add(to);
            }
        }
        // A folder's pages use the folder itself; that edge says nothing.
        foreach (var (node, edges) in graph) if (node.EndsWith("/Pages", StringComparison.Ordinal)) edges.Remove(node[..^"/Pages".Length]);
        return graph;
    }

    private static string? Node(string file)
    {
        var parts = file.Split('/');
        if (parts.Length < 2 || parts[0] is "Hosting" || file.EndsWith(".sql", StringComparison.Ordinal)) return null;
        return parts.Length > 2 && parts[1] == "Pages" ? $"{parts[0]}/Pages" : parts[0];
    }

    private static string StripComments(string text) => Comment().Replace(text, "");

    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        IReadOnlyList<string>? Visit(string n)
        {
            state[n] = 1;
            path.Add(n);
            foreach (var m in graph.GetValueOrDefault(n, []))
            {
                if (state.GetValueOrDefault(m) == 1) return [.. path.Skip(path.IndexOf(m)), m];
                if (state.GetValueOrDefault(m) == 0 && Visit(m) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[n] = 2;
            return null;
        }
        foreach (var n in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(n) == 0 && Visit(n) is { } cycle) return cycle;
        return null;
    }

    /// <summary>The graph as a Mermaid flowchart, one line per edge, sorted (what docs/ARCHITECTURE.md shows).</summary>
    public static string Mermaid(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        static string Id(string n) => n.Replace("/", "_", StringComparison.Ordinal);
        var sb = new StringBuilder("```mermaid\nflowchart TD\n");
        foreach (var (from, edges) in graph)
        {
            if (edges.Count == 0) sb.Append($"    {Id(from)}[\"{from}\"]\n");
            foreach (var to in edges) sb.Append($"    {Id(from)}[\"{from}\"] --> {Id(to)}[\"{to}\"]\n");
        }
        return sb.Append("```").ToString();
    }

    // "CallRecover.Booking", "CallRecover.Booking.Pages", "@using CallRecover.Leads" — a using, a qualified name or a namespace.
    [GeneratedRegex(@"\bCallRecover\.(?<ns>[A-Z][A-Za-z]+)(?<pages>\.Pages)?\b")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bCallRecover\.Hosting\b|(?<![\w.])Hosting\.[A-Z]")]
    private static partial Regex HostingNamespace();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
