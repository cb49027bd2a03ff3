using CallRecover.Customers;
using CallRecover.Estimates;
using CallRecover.Tenancy;

using CallRecover.Common;

namespace CallRecover.Extraction;

/// <summary>Operator API for extracted fields, corrections and extraction quality.</summary>
public static class ExtractionEndpoints
{
    public static AppRoutes MapExtraction(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/extractions", async (string businessId, string? leadId, ExtractionStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(businessId, leadId, ct: ct)));
        one.MapGet("/extractions/{extractionId}", async (string businessId, string extractionId, ExtractionStore store, CancellationToken ct) =>
            await store.GetAsync(businessId, extractionId, ct) is { } e
                ? TypedResults.Ok(new ExtractionWithCorrections(e, await store.CorrectionsAsync(businessId, extractionId, ct)))
                : Problems.Missing("extraction", extractionId));
        one.MapPost("/extractions/{extractionId}/corrections", Correct);
        one.MapGet("/extraction-quality", async (string businessId, ExtractionStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.QualityAsync(businessId, ct)));
        one.MapGet("/corrections", async (string businessId, ExtractionStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.CorrectionsAsync(businessId, null, ct)));
        return routes;
    }

    public sealed record ExtractionWithCorrections(StoredExtraction Extraction, IReadOnlyList<ExtractionCorrection> Corrections);

    /// <summary>Body: <c>{"by": "dana@shop.example", "fields": {"name": "Maria Lopez", "vehicleYear": "2016"}}</c>; a null value clears a field.</summary>
    public sealed record CorrectionInput(string? By, Dictionary<string, string?>? Fields);

    private static async Task<IResult> Correct(string businessId, string extractionId, HttpRequest request, BusinessStore businesses, CorrectionService service, TimeProvider clock, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<CorrectionInput>(request, "body", errors, ct);
        var changes = new Dictionary<string, string?>();
        if (input is not null)
        {
            if (input.Fields is null || input.Fields.Count == 0) errors["fields"] = ["fields must name at least one field to correct."];
            if (string.IsNullOrWhiteSpace(input.By)) errors["by"] = ["by (who is correcting) is required."];
            var year = business.LocalTime(clock.GetUtcNow()).Year;
            foreach (var (field, value) in input.Fields ?? [])
            {
                var normalized = CorrectionService.Normalize(field, value, year, errors);
                if (!errors.ContainsKey($"fields.{field}")) changes[field] = normalized;
            }
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The correction is not valid.");
        var outcome = await service.CorrectAsync(business, extractionId, changes, Problems.OperatorActor(input!.By), ct);
        return outcome is null ? Problems.Missing("extraction", extractionId) : TypedResults.Ok(outcome);
    }
}
