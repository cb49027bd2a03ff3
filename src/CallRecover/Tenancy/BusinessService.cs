using System.Text.Json.Nodes;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;

namespace CallRecover.Tenancy;

/// <summary>Outcome of a create or update: the business, or field errors, or a conflict.</summary>
public sealed record BusinessResult(Business? Business, Dictionary<string, string[]> Errors, string? Conflict)
{
    public bool Ok => Business is not null;
}

/// <summary>Creates and updates businesses (API, CLI and demo seed share this path).</summary>
public sealed class BusinessService(Db db, BusinessStore store, UserStore users, AuditLog audit, TimeProvider clock)
{
    public async Task<BusinessResult> CreateAsync(JsonNode? body, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var input = BusinessInput.Parse(body, errors);
        return input is null ? new(null, errors, null) : await CreateAsync(input, actor, ct);
    }

    public Task<BusinessResult> CreateAsync(BusinessInput input, string actor, CancellationToken ct = default) => CreateAsync(input, actor, null, ct);

    /// <summary>
    /// Creates the business and its owner; <paramref name="andThen"/> runs in the same transaction with the new business
    /// and its owner (sign-up spends its invite, starts onboarding and mints the owner's link there). An exception from it
    /// rolls the whole creation back.
    /// </summary>
    public async Task<BusinessResult> CreateAsync(BusinessInput input, string actor, Func<DbTx, Business, User, Task>? andThen, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var business = input.Validate(Ids.New(), clock.GetUtcNow(), null, errors);
        if (business is null) return new(null, errors, null);
        return await db.WriteAsync(async tx =>
        {
            if (business.CarrierNumber is not null && await store.CarrierNumberTakenAsync(tx, business.CarrierNumber, null))
                return new BusinessResult(null, errors, $"carrierNumber {business.CarrierNumber} already belongs to another business.");
            if (await store.SlugTakenAsync(tx, business.Slug!, null))
            {
                if (!string.IsNullOrWhiteSpace(input.Slug)) return new BusinessResult(null, errors, $"slug {business.Slug} already belongs to another business.");
                // A derived slug that is taken gets the first free number: smith-auto-2, smith-auto-3, ...
                var n = 2;
                while (await store.SlugTakenAsync(tx, $"{business.Slug}-{n}", null)) n++;
                business = business with { Slug = $"{business.Slug}-{n}" };
            }
            var owner = await users.GetByEmailAsync(tx, business.OwnerEmail);
            if (owner is not null)
                return new BusinessResult(null, errors, $"ownerEmail {business.OwnerEmail} already belongs to another user.");
            await store.InsertAsync(tx, business);
            var user = await users.InsertAsync(tx, business.Id, business.OwnerEmail, business.OwnerName, Roles.Owner);
            await audit.WriteAsync(tx, business.Id, actor, "business", business.Id, "created", new { business.Name });
            if (andThen is not null) await andThen(tx, business, user);
            return new BusinessResult(business, errors, null);
        }, ct);
    }

    /// <summary>Applies the fields present in <paramref name="patch"/>; null when the business does not exist.</summary>
    public async Task<BusinessResult?> UpdateAsync(string businessId, JsonNode? patch, string actor, CancellationToken ct = default)
    {
        var current = await store.GetAsync(businessId, ct);
        if (current is null) return null;
        var errors = new Dictionary<string, string[]>();
        if (patch is not JsonObject obj)
        {
            errors["body"] = ["The body must be a JSON object."];
            return new(null, errors, null);
        }
        var input = BusinessInput.Parse(BusinessInput.Merge(BusinessInput.From(current), obj), errors);
        var updated = input?.Validate(current.Id, clock.GetUtcNow(), current.CreatedAt, errors);
        if (updated is null) return new(null, errors, null);
        return await db.WriteAsync(async tx =>
        {
            if (updated.CarrierNumber is not null && await store.CarrierNumberTakenAsync(tx, updated.CarrierNumber, updated.Id))
                return new BusinessResult(null, errors, $"carrierNumber {updated.CarrierNumber} already belongs to another business.");
            if (updated.Slug is not null && await store.SlugTakenAsync(tx, updated.Slug, updated.Id))
                return new BusinessResult(null, errors, $"slug {updated.Slug} already belongs to another business.");
            await store.UpdateAsync(tx, updated);
            await audit.WriteAsync(tx, updated.Id, actor, "business", updated.Id, "updated", new { fields = obj.Select(p => p.Key).ToArray() });
            return new BusinessResult(updated, errors, null);
        }, ct);
    }
}
