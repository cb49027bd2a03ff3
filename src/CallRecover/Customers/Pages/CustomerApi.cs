using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Recordings;
using CallRecover.Tenancy;

namespace CallRecover.Customers.Pages;

/// <summary>
/// Operator API for customers: search (and a tag filter), one customer with its whole history, manual create/edit,
/// vehicles, tags and merge.
/// Mapped from here (the customer screens' node) because the history reads quotes and recordings, which sit above
/// <c>Customers</c>.
/// </summary>
public static class CustomerApi
{
    public sealed record CustomerView(Customer Customer, IReadOnlyList<Vehicle> Vehicles, IReadOnlyList<string> MergedPhones, IReadOnlyList<HistoryEntry> History);

    /// <summary>Body of <c>POST /customers/merge</c>: keep <c>keepId</c>, merge <c>mergeId</c> into it.</summary>
    public sealed record MergeInput(string? KeepId, string? MergeId, string? By);

    public sealed record CreateInput(string? Phone, string? Name, string? Email, string? Address, string? By);

    public sealed record VehicleInput(string? Year, string? Make, string? Model, string? Engine, string? Vin, string? Mileage, string? By);

    public static AppRoutes MapCustomers(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/customers", async Task<IResult> (string businessId, string? q, string? tag, int? limit, BusinessStore businesses, CustomerStore store, CancellationToken ct) =>
        {
            if (limit is < 1 or > 500) return Problems.BadField("limit", "limit is between 1 and 500.");
            if (!string.IsNullOrWhiteSpace(tag) && CustomerTags.Normalize(tag).Error is { } badTag) return Problems.BadField("tag", badTag);
            var region = Phone.RegionOf((await businesses.GetAsync(businessId, ct))?.CarrierNumber);
            return TypedResults.Ok(await store.ListAsync(businessId, q, limit ?? 100, ct, region, tag));
        });
        one.MapGet("/customer-tags", async (string businessId, CustomerStore store, CancellationToken ct) => TypedResults.Ok(await store.TagsAsync(businessId, ct)))
            .WithSummary("The business's customer tags with how many customers carry each").Produces<IReadOnlyList<TagCount>>();
        CustomerTagEndpoints.Map(one, http => (string)http.GetRouteValue("businessId")!, (_, by) => Problems.OperatorActor(by));
        one.MapGet("/customers/{customerId}", async Task<IResult> (string businessId, string customerId, CustomerStore store, Db db, QuoteStore quotes, RecordingStore recordings, CancellationToken ct) =>
            await store.GetAsync(businessId, customerId, ct) is { } c
                ? TypedResults.Ok(new CustomerView(c.Customer, c.Vehicles, c.MergedPhones, await CustomerHistory.LoadAsync(db, quotes, recordings, businessId, c, ct)))
                : Problems.Missing("customer", customerId));
        one.MapPost("/customers", async Task<IResult> (string businessId, HttpRequest request, BusinessStore businesses, CustomerEditor editor, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<CreateInput>(request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors);
            var region = Phone.RegionOf((await businesses.GetAsync(businessId, ct))?.CarrierNumber);
            var result = await editor.CreateAsync(businessId, new CustomerForm(input.Phone, input.Name, input.Email, input.Address), Problems.OperatorActor(input.By), region, ct);
            if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The customer is not valid.");
            return result.Created ? TypedResults.Created($"customers/{result.Value!.Id}", result.Value) : TypedResults.Conflict(Problems.Of(409, "Conflict",
                $"A customer with this phone already exists: {result.Value!.Id}."));
        });
        one.MapPost("/customers/{customerId}/vehicles", async Task<IResult> (string businessId, string customerId, HttpRequest request, CustomerEditor editor, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<VehicleInput>(request, "body", errors, ct);
            if (input is null) return TypedResults.ValidationProblem(errors);
            var result = await editor.AddVehicleAsync(businessId, customerId,
                new VehicleForm(input.Year, input.Make, input.Model, input.Engine, input.Vin, input.Mileage), Problems.OperatorActor(input.By), ct);
            if (result.Errors.Count > 0) return TypedResults.ValidationProblem(result.Errors, title: "The vehicle is not valid.");
            return result.NotFound ? Problems.Missing("customer", customerId) : TypedResults.Created($"customers/{customerId}", result.Value);
        });
        one.MapPost("/customers/merge", async Task<IResult> (string businessId, HttpRequest request, CustomerMerge merge, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var input = await Problems.ReadAsync<MergeInput>(request, "body", errors, ct);
            if (input is not null)
            {
                if (string.IsNullOrWhiteSpace(input.KeepId)) errors["keepId"] = ["keepId (the customer to keep) is required."];
                if (string.IsNullOrWhiteSpace(input.MergeId)) errors["mergeId"] = ["mergeId (the customer merged into it) is required."];
            }
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The merge is not valid.");
            var (outcome, error) = await merge.MergeAsync(businessId, input!.KeepId!, input.MergeId!, Problems.OperatorActor(input.By), ct);
            return error switch
            {
                MergeError.None => TypedResults.Ok(outcome),
                MergeError.Same => Problems.BadField("mergeId", "A customer cannot be merged into itself."),
                MergeError.AlreadyMerged => TypedResults.Conflict(Problems.Of(409, "Conflict", "One of the customers was already merged into another.")),
                _ => Problems.Missing("customer", $"{input.KeepId} / {input.MergeId}"),
            };
        });
        return routes;
    }
}
