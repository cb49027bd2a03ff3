using System.Text.RegularExpressions;
using CallRecover.Common;

namespace CallRecover.Telephony;

/// <summary>
/// The operator's phone-number routes (issue 20): search the carrier, buy and wire a number for a business, release it,
/// re-point every number we hold. Carrier failures answer a plain sentence: 4xx when it is about the request, 502/503
/// when the carrier (or our account there) is the problem — never a 5xx of our own.
/// </summary>
public static partial class NumberEndpoints
{
    public sealed record BuyRequest(string? PhoneNumber);

    public static void MapNumbers(this AppRoutes routes)
    {
        routes.Operator.MapGet("/numbers/available", Available);
        routes.Operator.MapPost("/numbers/repoint", async (string? by, PhoneNumberService service, CancellationToken ct) =>
        {
            var outcome = await service.RepointAllAsync(Problems.OperatorActor(by), ct);
            return TypedResults.Ok(new RepointView(outcome.Updated, outcome.Failed, outcome.Failed.Count == 0
                ? $"{outcome.Updated} number(s) now point at the current PublicBaseUrl."
                : $"{outcome.Updated} number(s) updated; {outcome.Failed.Count} failed: "
                  + string.Join(" ", outcome.Failed.Select(f => $"{Phone.Display(f.PhoneNumber)}: {f.Error}"))));
        });
        routes.OperatorBusiness.MapGet("/number", async (string businessId, PhoneNumberStore numbers, CancellationToken ct) =>
            await numbers.HeldAsync(businessId, ct) is { } held ? Results.Ok(held) : NoneBought(businessId));
        routes.OperatorBusiness.MapPost("/number", Buy);
        routes.OperatorBusiness.MapDelete("/number", async (string businessId, string? by, PhoneNumberService service, CancellationToken ct) =>
            await service.ReleaseAsync(businessId, Problems.OperatorActor(by), ct) switch
            {
                null => NoneBought(businessId),
                { Ok: true } r => Results.Ok(r.Value),
                var r => Failure(r.Failure!),
            });
    }

    [GeneratedRegex("^[2-9][0-9]{2}$")]
    private static partial Regex AreaCode();

    private static async Task<IResult> Available(string? areaCode, PhoneNumberService service, CancellationToken ct)
    {
        var code = areaCode?.Trim() ?? "";
        if (!AreaCode().IsMatch(code))
            return Problems.BadField("areaCode", "areaCode must be a US area code: 3 digits, the first 2-9 (e.g. 904).");
        var found = await service.SearchAsync(code, ct);
        return found.Ok ? TypedResults.Ok(found.Value) : Failure(found.Failure!, "areaCode");
    }

    private static async Task<IResult> Buy(string businessId, string? by, HttpRequest request, PhoneNumberService service, CancellationToken ct)
    {
        var (input, bad) = await Problems.ReadObjectAsync<BuyRequest>(request, ct);
        if (bad is not null) return bad;
        var outcome = await service.BuyAsync(businessId, input?.PhoneNumber, Problems.OperatorActor(by), ct);
        if (outcome.BadPhoneNumber is not null) return Problems.BadField("phoneNumber", outcome.BadPhoneNumber);
        if (outcome.Conflict is not null) return Problems.Conflict(outcome.Conflict);
        if (outcome.Failure is not null) return Failure(outcome.Failure, "phoneNumber");
        return TypedResults.Ok(new { business = outcome.Business, number = outcome.Number });
    }

    private static IResult NoneBought(string businessId) => TypedResults.NotFound(
        Problems.Of(404, "Not found", $"Business '{businessId}' holds no number bought through the carrier's API."));

    /// <summary>A carrier failure as a problem with its sentence: the request's fault → 4xx (naming the field), the carrier's → 502/503.</summary>
    private static IResult Failure(NumberFailure f, string? field = null)
    {
        var (status, title) = f.Kind switch
        {
            NumberFailureKind.NoNumbers => (422, "No numbers available"),
            NumberFailureKind.Unavailable => (409, "Number not available"),
            NumberFailureKind.NotFound => (404, "Not found at the carrier"),
            NumberFailureKind.Refused => (422, "Refused by the carrier"),
            NumberFailureKind.Credentials => (502, "Carrier credentials refused"),
            NumberFailureKind.Funds => (502, "Carrier account out of funds"),
            _ => (503, "Carrier unavailable"),
        };
        var extensions = new Dictionary<string, object?> { ["carrierCode"] = f.Code };
        if (field is not null && status is >= 400 and < 500) extensions["field"] = field;
        return TypedResults.Problem(statusCode: status, title: title, detail: f.Sentence, extensions: extensions);
    }
}

/// <summary>What "re-point all numbers" did: how many now point at PublicBaseUrl, which failed, in one sentence.</summary>
public sealed record RepointView(int Updated, IReadOnlyList<RepointFailure> Failed, string Summary);
