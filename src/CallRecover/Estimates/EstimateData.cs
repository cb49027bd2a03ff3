namespace CallRecover.Estimates;

/// <summary>The estimate rules' data files, embedded in the assembly (Estimates/Data/*.json).</summary>
public static class EstimateData
{
    public static string Read(string name)
    {
        var assembly = typeof(EstimateData).Assembly;
        using var stream = assembly.GetManifestResourceStream("CallRecover.Estimates.Data." + name)
            ?? throw new InvalidOperationException($"The data file Estimates/Data/{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
