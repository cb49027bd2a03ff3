using System.Globalization;
using System.Net.Mail;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;

namespace CallRecover.Customers;

/// <summary>What a person typed for a customer (dashboard form or operator API); every field optional but the phone on create.</summary>
public sealed record CustomerForm(string? Phone, string? Name, string? Email, string? Address);

/// <summary>What a person typed for a vehicle.</summary>
public sealed record VehicleForm(string? Year, string? Make, string? Model, string? Engine, string? Vin, string? Mileage);

public sealed record EditResult<T>(T? Value, bool Created, Dictionary<string, string[]> Errors, bool NotFound = false)
{
    public bool Ok => Errors.Count == 0 && !NotFound;
}

/// <summary>Customers, vehicles and tags staff create and edit by hand: validated (field messages, nothing stored on an error), audited.</summary>
public sealed class CustomerEditor(Db db, CustomerStore customers, AuditLog audit, TimeProvider clock)
{
    public async Task<EditResult<Customer>> CreateAsync(string businessId, CustomerForm form, string actor, string? region = null, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var phone = Phone.NormalizeOrNull(form.Phone, region);
        if (string.IsNullOrWhiteSpace(form.Phone)) errors["phone"] = ["A phone number is required."];
        else if (phone is null) errors["phone"] = ["This is not a phone number we can text or call."];
        var details = Details(form, errors);
        if (errors.Count > 0) return new(null, false, errors);
        var (customer, created) = await db.WriteAsync(async tx =>
        {
            var result = await customers.CreateManualAsync(tx, businessId, phone!, details);
            if (result.Created) await audit.WriteAsync(tx, businessId, actor, "customer", result.Customer.Id, "created", new { source = CustomerSources.Manual });
            return result;
        }, ct);
        return new(customer, created, errors);
    }

    public async Task<EditResult<Customer>> UpdateAsync(string businessId, string customerId, CustomerForm form, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var details = Details(form, errors);
        if (errors.Count > 0) return new(null, false, errors);
        var updated = await db.WriteAsync(async tx =>
        {
            if (!await customers.UpdateDetailsAsync(tx, businessId, customerId, details)) return null;
            await audit.WriteAsync(tx, businessId, actor, "customer", customerId, "edited", new { fields = new[] { "name", "email", "address" } });
            return await customers.GetAsync(tx, businessId, customerId);
        }, ct);
        return new(updated, false, errors, NotFound: updated is null);
    }

    public async Task<EditResult<Vehicle>> AddVehicleAsync(string businessId, string customerId, VehicleForm form, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var details = Vehicle(form, clock.GetUtcNow().Year, errors);
        if (errors.Count > 0) return new(null, false, errors);
        var vehicle = await db.WriteAsync(async tx =>
        {
            if (await customers.GetAsync(tx, businessId, customerId) is not { MergedIntoId: null }) return null;
            var added = await customers.AddVehicleAsync(tx, businessId, customerId, details!);
            await audit.WriteAsync(tx, businessId, actor, "customer", customerId, "vehicle_added", new { vehicleId = added.Id });
            return added;
        }, ct);
        return new(vehicle, vehicle is not null, errors, NotFound: vehicle is null);
    }

    public async Task<EditResult<Vehicle>> UpdateVehicleAsync(string businessId, string customerId, string vehicleId, VehicleForm form, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var d = Vehicle(form, clock.GetUtcNow().Year, errors);
        if (errors.Count > 0) return new(null, false, errors);
        var vehicle = await db.WriteAsync(async tx =>
        {
            if (await customers.GetVehicleAsync(tx, businessId, vehicleId) is not { } v || v.CustomerId != customerId) return null;
            var updated = v with { Year = d!.Year, Make = d.Make, Model = d.Model, Engine = d.Engine, Vin = d.Vin, Mileage = d.Mileage, UpdatedAt = clock.GetUtcNow() };
            await customers.UpdateVehicleAsync(tx, updated);
            await audit.WriteAsync(tx, businessId, actor, "customer", customerId, "vehicle_edited", new { vehicleId });
            return updated;
        }, ct);
        return new(vehicle, false, errors, NotFound: vehicle is null);
    }

    /// <summary>
    /// Replaces the customer's tags (operator and public API): each normalized (<see cref="CustomerTags"/>), duplicates
    /// folded, at most 20. A missing customer (or one merged into another) is not found whatever the body says; a bad
    /// set is an error on <c>tags</c> and changes nothing.
    /// </summary>
    public Task<EditResult<Customer>> SetTagsAsync(string businessId, string customerId, IReadOnlyList<string?>? tags, string actor, CancellationToken ct = default) =>
        ChangeTagsAsync(businessId, customerId, actor, _ => tags is null
            ? (null, "tags is required: a list of tags, [] for none.")
            : CustomerTags.NormalizeAll(tags), ct);

    /// <summary>Adds one tag (the dashboard's Add): already there → nothing changes; a customer with 20 tags takes no more.</summary>
    public Task<EditResult<Customer>> AddTagAsync(string businessId, string customerId, string? tag, string actor, CancellationToken ct = default) =>
        ChangeTagsAsync(businessId, customerId, actor, current =>
        {
            var (normalized, error) = CustomerTags.Normalize(tag);
            if (error is not null) return (null, error);
            if (current.Contains(normalized!)) return (current, null);
            return current.Count >= CustomerTags.MaxPerCustomer
                ? (null, $"This customer has {current.Count} tags, the most a customer can have: remove one first.")
                : ([.. current, normalized!], null);
        }, ct);

    /// <summary>Removes one tag (the dashboard's remove button); a tag the customer does not carry changes nothing. Always allowed, even above 20 after a merge.</summary>
    public Task<EditResult<Customer>> RemoveTagAsync(string businessId, string customerId, string? tag, string actor, CancellationToken ct = default) =>
        ChangeTagsAsync(businessId, customerId, actor, current =>
            CustomerTags.Normalize(tag).Tag is { } normalized ? ([.. current.Where(t => t != normalized)], null) : (current, null), ct);

    /// <summary>Reads the customer's tags, works out the new set (or the error), and writes it with an audit entry when it changed, in one transaction.</summary>
    private async Task<EditResult<Customer>> ChangeTagsAsync(string businessId, string customerId, string actor,
        Func<IReadOnlyList<string>, (IReadOnlyList<string>? Tags, string? Error)> change, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var customer = await db.WriteAsync(async tx =>
        {
            if (await customers.GetAsync(tx, businessId, customerId) is not { MergedIntoId: null } found) return null;
            // The customer is read with its tags: no second read of them.
            var (tags, error) = change(found.Tags);
            if (error is not null)
            {
                errors["tags"] = [error];
                return found;
            }
            var changed = await customers.SetTagsAsync(tx, businessId, customerId, tags!);
            if (!changed.Any) return found;
            await audit.WriteAsync(tx, businessId, actor, "customer", customerId, "tags_changed", new { added = changed.Added, removed = changed.Removed });
            return await customers.GetAsync(tx, businessId, customerId);
        }, ct);
        return customer is null ? new(null, false, [], NotFound: true) : new(errors.Count > 0 ? null : customer, false, errors);
    }

    /// <summary>The customer's details, trimmed (empty → null), with an error per field that is too long or not valid.</summary>
    public static CustomerDetails Details(CustomerForm form, Dictionary<string, string[]> errors)
    {
        var name = Text(form.Name, "name", 120, errors);
        var email = Text(form.Email, "email", 254, errors);
        if (email is not null && !(MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal)))
            errors["email"] = ["This does not look like an email address."];
        var address = Text(form.Address, "address", 300, errors);
        return new CustomerDetails(name, email, address);
    }

    /// <summary>A vehicle's details: a year between 1900 and next year, a VIN of 17 characters with a matching check digit, a mileage ≥ 0.</summary>
    public static VehicleDetails? Vehicle(VehicleForm form, int thisYear, Dictionary<string, string[]> errors)
    {
        int? year = null, mileage = null;
        if (!string.IsNullOrWhiteSpace(form.Year))
        {
            if (int.TryParse(form.Year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 1900 && y <= thisYear + 1) year = y;
            else errors["year"] = [$"A model year between 1900 and {thisYear + 1}."];
        }
        if (!string.IsNullOrWhiteSpace(form.Mileage))
        {
            var digits = form.Mileage.Trim().Replace(",", "", StringComparison.Ordinal);
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m <= 2_000_000) mileage = m;
            else errors["mileage"] = ["Mileage is a whole number of miles."];
        }
        var (vin, vinError) = Common.Vin.Parse(form.Vin);
        if (vinError is not null) errors["vin"] = [vinError];
        var make = Text(form.Make, "make", 60, errors);
        var model = Text(form.Model, "model", 60, errors);
        var engine = Text(form.Engine, "engine", 60, errors);
        if (make is null && model is null && vin is null && !errors.ContainsKey("vin")) errors["make"] = ["Give at least a make, a model or a VIN."];
        return errors.Count > 0 ? null : new VehicleDetails(year, make, model, engine, vin, mileage);
    }

    private static string? Text(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > max) errors[field] = [$"At most {max} characters."];
        return v;
    }
}
