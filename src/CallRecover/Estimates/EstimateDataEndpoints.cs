using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>
/// Operator API for the estimate data a business imports: /api/admin/businesses/{businessId}/labor-guide and /risk-hints.
/// POST takes the CSV as the body (text/csv); their headers may differ from ours: name them as query parameters
/// (<c>?labor_hours=Time&amp;repair=Job</c>). A file with a bad row is a 400 naming the first one (and every other
/// problem under <c>errors</c>) and changes nothing; a good one replaces the business's rows.
/// </summary>
public static class EstimateDataEndpoints
{
    public static AppRoutes MapEstimateData(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/labor-guide", async (string businessId, LaborGuideStore guides, CancellationToken ct) => TypedResults.Ok(await guides.ListAsync(businessId, ct)))
            .WithSummary("The business's labor guide, in file order").Produces<IReadOnlyList<LaborGuideRow>>();
        one.MapPost("/labor-guide", async (string businessId, string? by, HttpRequest request, EstimateImports imports, CancellationToken ct) =>
        {
            var (csv, bad) = await CsvTable.ReadBodyAsync(request, "repair, keywords, make, model, year_from, year_to, engine, labor_hours", ct);
            if (csv is null) return bad!;
            var result = await imports.ImportLaborGuideAsync(businessId, csv, Mapping(request, LaborGuide.Columns), Problems.OperatorActor(by), ct);
            return result.NotFound ? Problems.Missing("business", businessId)
                : result.Ok ? TypedResults.Ok(new { imported = result.Rows.Count, replaced = result.Replaced, rows = result.Rows })
                : Refused("labor guide", result.Errors);
        }).WithSummary("Replace the labor guide with a CSV (repair, keywords |-separated, make, model, year_from, year_to, engine, labor_hours)")
          .ProducesProblem(StatusCodes.Status400BadRequest);

        one.MapGet("/risk-hints", async (string businessId, EstimateImports imports, CancellationToken ct) =>
        {
            var (hints, builtIn) = await imports.RiskHintsAsync(businessId, ct);
            return TypedResults.Ok(new RiskHintsView(builtIn, hints));
        }).WithSummary("The risk hints staff see on quotes: the business's own, or the built-in sample (builtIn: true)");
        one.MapPost("/risk-hints", async (string businessId, string? by, HttpRequest request, EstimateImports imports, CancellationToken ct) =>
        {
            var (csv, bad) = await CsvTable.ReadBodyAsync(request, "make, model, year_from, year_to, hint", ct);
            if (csv is null) return bad!;
            var result = await imports.ImportRiskHintsAsync(businessId, csv, Mapping(request, RiskHints.Columns), Problems.OperatorActor(by), ct);
            return result.NotFound ? Problems.Missing("business", businessId)
                : result.Ok ? TypedResults.Ok(new { imported = result.Rows.Count, replaced = result.Replaced, hints = result.Rows })
                : Refused("risk hints", result.Errors);
        }).WithSummary("Replace the business's risk hints with a CSV (make, model, year_from, year_to, hint); staff see them on quotes, customers never")
          .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    /// <summary>Our column → their header, from query parameters named after our columns.</summary>
    private static Dictionary<string, string> Mapping(HttpRequest request, IEnumerable<string> columns) =>
        columns.Where(c => !string.IsNullOrWhiteSpace(request.Query[c])).ToDictionary(c => c, c => request.Query[c].ToString().Trim());

    /// <summary>400: the first problem as the detail (row and column), every problem (up to 100) under errors; nothing was changed.</summary>
    public static IResult Refused(string what, IReadOnlyList<ImportError> errors) =>
        TypedResults.ValidationProblem(
            errors.Take(100).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: $"{errors[0]} Nothing was imported.", title: $"The {what} file was refused.",
            extensions: new Dictionary<string, object?> { ["row"] = errors[0].Row, ["column"] = errors[0].Column });
}

/// <summary>The risk hints staff see on quotes, and whether they are the built-in sample.</summary>
public sealed record RiskHintsView(bool BuiltIn, IReadOnlyList<RiskHint> Hints);
