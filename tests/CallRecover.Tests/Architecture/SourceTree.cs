namespace CallRecover.Tests.Architecture;

/// <summary>The product's source files, read from the repository the tests were built from.</summary>
public static class SourceTree
{
    public static string RepoRoot { get; } = FindRoot();

    public static string ProductRoot => Path.Combine(RepoRoot, "src", "CallRecover");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CallRecover.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with CallRecover.slnx) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Product code files (C# and Razor) by path relative to src/CallRecover, with '/' separators.</summary>
    public static IReadOnlyDictionary<string, string> ProductCode() =>
        Directory.EnumerateFiles(ProductRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(ProductRoot, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(ProductRoot, f)));
}
