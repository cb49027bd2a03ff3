using System.Text.Json.Serialization;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Customers;

/// <summary>A person the business has done or may do work for: one per (business, phone).</summary>
public sealed record Customer
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record Vehicle
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public int? Year { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? Engine { get; init; }
    public string? Vin { get; init; }
    public int? Mileage { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record CustomerWithVehicles(Customer Customer, IReadOnlyList<Vehicle> Vehicles);

/// <summary>Customers and their vehicles, always scoped by business.</summary>
public sealed class CustomerStore(Db db, TimeProvider clock)
{
    private const string Columns = "id, business_id, phone, name, email, address, created_at, updated_at";
    private const string VehicleColumns = "id, business_id, customer_id, year, make, model, engine, vin, mileage, created_at, updated_at";

    /// <summary>The customer for a phone, created when new (safe under races), with empty details filled in.</summary>
    public async Task<Customer> UpsertAsync(DbTx tx, string businessId, string phone, string? name, string? email, string? address)
    {
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync("""
            INSERT INTO customers (id, business_id, phone, name, email, address, created_at, updated_at)
            VALUES (@id, @businessId, @phone, @name, @email, @address, @now, @now)
            ON CONFLICT (business_id, phone) DO UPDATE SET
                name = COALESCE(customers.name, excluded.name), email = COALESCE(customers.email, excluded.email),
                address = COALESCE(customers.address, excluded.address), updated_at = excluded.updated_at
            """, new { id = Ids.New(), businessId, phone, name, email, address, now }, tx.Transaction);
        return await tx.Connection.QuerySingleAsync<Customer>($"SELECT {Columns} FROM customers WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone }, tx.Transaction);
    }

    /// <summary>
    /// The caller corrected a detail by text: the customer with that phone (if there is one) takes it, overwriting.
    /// Returns whether a customer was updated.
    /// </summary>
    public async Task<bool> CorrectByPhoneAsync(DbTx tx, string businessId, string phone, string column, string value)
    {
        if (column is not ("name" or "email" or "address")) throw new ArgumentOutOfRangeException(nameof(column));
        return await tx.Connection.ExecuteAsync($"UPDATE customers SET {column} = @value, updated_at = @now WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone, value, now = clock.GetUtcNow() }, tx.Transaction) > 0;
    }

    /// <summary>Staff corrections overwrite (unlike <see cref="UpsertAsync"/>, which only fills gaps).</summary>
    public async Task SetFieldAsync(DbTx tx, string businessId, string customerId, string column, string? value)
    {
        if (column is not ("name" or "email" or "address")) throw new ArgumentOutOfRangeException(nameof(column));
        await tx.Connection.ExecuteAsync($"UPDATE customers SET {column} = @value, updated_at = @now WHERE business_id = @businessId AND id = @customerId",
            new { businessId, customerId, value, now = clock.GetUtcNow() }, tx.Transaction);
    }

    /// <summary>
    /// Finds the customer's vehicle (same VIN, or same year/make/model) or adds it; empty details of a match are filled in.
    /// Returns null when nothing identifies a vehicle.
    /// </summary>
    public async Task<Vehicle?> UpsertVehicleAsync(DbTx tx, string businessId, string customerId, int? year, string? make, string? model, string? engine, string? vin)
    {
        if (make is null && model is null && vin is null) return null;
        var vehicles = await VehiclesAsync(tx, businessId, customerId);
        var match = vin is not null ? vehicles.FirstOrDefault(v => v.Vin == vin) : null;
        match ??= vehicles.FirstOrDefault(v =>
            Same(v.Make, make) && Same(v.Model, model) && (v.Year is null || year is null || v.Year == year) && (v.Vin is null || vin is null));
        var now = clock.GetUtcNow();
        if (match is null)
        {
            var created = new Vehicle { Id = Ids.New(), BusinessId = businessId, CustomerId = customerId, Year = year, Make = make, Model = model, Engine = engine, Vin = vin, CreatedAt = now, UpdatedAt = now };
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO vehicles ({VehicleColumns}) VALUES (@Id, @BusinessId, @CustomerId, @Year, @Make, @Model, @Engine, @Vin, @Mileage, @CreatedAt, @UpdatedAt)
                """, created, tx.Transaction);
            return created;
        }
        var updated = match with { Year = match.Year ?? year, Make = match.Make ?? make, Model = match.Model ?? model, Engine = match.Engine ?? engine, Vin = match.Vin ?? vin, UpdatedAt = now };
        await UpdateVehicleAsync(tx, updated);
        return updated;
    }

    public async Task UpdateVehicleAsync(DbTx tx, Vehicle v) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE vehicles SET year = @Year, make = @Make, model = @Model, engine = @Engine, vin = @Vin, mileage = @Mileage, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id
            """, v, tx.Transaction);

    public async Task<Vehicle?> GetVehicleAsync(DbTx tx, string businessId, string vehicleId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND id = @vehicleId",
            new { businessId, vehicleId }, tx.Transaction);

    private static async Task<IReadOnlyList<Vehicle>> VehiclesAsync(DbTx tx, string businessId, string customerId) =>
        [.. await tx.Connection.QueryAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND customer_id = @customerId ORDER BY created_at",
            new { businessId, customerId }, tx.Transaction)];

    private static bool Same(string? a, string? b) => a is null || b is null || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public Task<CustomerWithVehicles?> GetAsync(string businessId, string customerId, CancellationToken ct = default) =>
        WithVehiclesAsync("id = @key", businessId, customerId, ct);

    /// <summary>The customer with this phone (one per business and phone) and their vehicles, or null.</summary>
    public Task<CustomerWithVehicles?> GetByPhoneAsync(string businessId, string phone, CancellationToken ct = default) =>
        WithVehiclesAsync("phone = @key", businessId, phone, ct);

    private async Task<CustomerWithVehicles?> WithVehiclesAsync(string match, string businessId, string key, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var c = await conn.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE business_id = @businessId AND {match}", new { businessId, key });
        if (c is null) return null;
        var v = await conn.QueryAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND customer_id = @customerId ORDER BY created_at",
            new { businessId, customerId = c.Id });
        return new CustomerWithVehicles(c, [.. v]);
    }

    /// <summary>
    /// The business's customers, most recently updated first; <paramref name="search"/> matches the name or address (any
    /// case) or the phone typed in any format ("(904) 555-0134", "904.555.0134", "5550134", or a national number of
    /// <paramref name="region"/>).
    /// </summary>
    public async Task<IReadOnlyList<Customer>> ListAsync(string businessId, string? search, int limit = 200, CancellationToken ct = default, string? region = null)
    {
        await using var conn = await db.OpenAsync(ct);
        var term = search?.Trim();
        var like = string.IsNullOrEmpty(term) ? null : "%" + term.ToLowerInvariant() + "%";
        // Phones are stored as E.164: a phone-looking search matches its digits anywhere in the number, or its E.164 form.
        var looksLikePhone = !string.IsNullOrEmpty(term) && term.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '+' or '-' or '(' or ')' or '.');
        var digits = looksLikePhone ? new string([.. term!.Where(char.IsAsciiDigit)]) : "";
        var digitsLike = digits.Length >= 3 ? "%" + digits + "%" : null;
        var e164 = looksLikePhone ? Phone.NormalizeOrNull(term, region) : null;
        return [.. await conn.QueryAsync<Customer>($"""
            SELECT {Columns} FROM customers
            WHERE business_id = @businessId AND (@like IS NULL OR LOWER(COALESCE(name,'')) LIKE @like OR phone LIKE @like OR LOWER(COALESCE(address,'')) LIKE @like
                OR (@digitsLike IS NOT NULL AND phone LIKE @digitsLike) OR (@e164 IS NOT NULL AND phone = @e164))
            ORDER BY updated_at DESC, id LIMIT @limit
            """, new { businessId, like, digitsLike, e164, limit })];
    }
}
