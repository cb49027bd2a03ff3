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
    /// <summary>Where the customer first came from (<see cref="CustomerSources"/>).</summary>
    public string Source { get; init; } = CustomerSources.Recording;
    /// <summary>Set when staff merged this customer into another: its phone finds that one, its history shows there.</summary>
    public string? MergedIntoId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The customer's tags as the database aggregates them (comma-separated: a tag cannot hold a comma).</summary>
    [JsonIgnore] public string? TagList { get; init; }
    /// <summary>The customer's tags (<see cref="CustomerTags"/>), in order; read with the customer by every query of <see cref="CustomerStore"/>.</summary>
    public IReadOnlyList<string> Tags => TagList is null ? [] : [.. TagList.Split(',').Order(StringComparer.Ordinal)];
}

/// <summary>A tag of the business and how many customers carry it.</summary>
public sealed record TagCount
{
    public string Tag { get; init; } = "";
    public long Customers { get; init; }
}

/// <summary>What a change of a customer's tags did.</summary>
public sealed record TagChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public bool Any => Added.Count > 0 || Removed.Count > 0;
}

public static class CustomerSources
{
    public const string MissedCall = "missed_call", AnsweredCall = "answered_call", Sms = "sms", Recording = "recording", WebForm = "web_form",
        Import = "import", Manual = "manual";
    public static readonly string[] All = [MissedCall, AnsweredCall, Sms, Recording, WebForm, Import, Manual];
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

public sealed record CustomerWithVehicles(Customer Customer, IReadOnlyList<Vehicle> Vehicles)
{
    /// <summary>The phones of the customers merged into this one (their calls and texts are this customer's history too).</summary>
    public IReadOnlyList<string> MergedPhones { get; init; } = [];

    /// <summary>The customer's own phone, then the merged ones.</summary>
    public IReadOnlyList<string> Phones => [Customer.Phone, .. MergedPhones];
}

/// <summary>Staff-typed details of a customer (manual create, edit, import); validated by <see cref="CustomerEditor"/>.</summary>
public sealed record CustomerDetails(string? Name, string? Email, string? Address);

/// <summary>A vehicle as staff type it; the VIN is already normalized and its check digit checked.</summary>
public sealed record VehicleDetails(int? Year, string? Make, string? Model, string? Engine, string? Vin, int? Mileage);

/// <summary>
/// Customers, their vehicles and their tags, always scoped by business: one customer per (business, phone), found
/// again by phone and by e-mail. Also writes the search index (<c>customer_search</c> on SQLite,
/// <c>customers.search_text</c> on PostgreSQL) in the same transaction as every change, so search never lags a write.
/// </summary>
public sealed class CustomerStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Erasure: the customers' phones become their pseudonyms, name, e-mail and address go, VINs, engines and mileage go, the search index forgets them.</summary>
    public async Task<IReadOnlyList<Erased>> EraseCustomerAsync(DbTx tx, ErasureSubject s)
    {
        var customers = await s.PerPhoneAsync(tx, "UPDATE customers SET phone = @pseudonym, name = NULL, email = NULL, address = NULL, updated_at = @now WHERE business_id = @b AND phone = @phone");
        var vehicles = await s.ExecuteAsync(tx, $"UPDATE vehicles SET vin = NULL, engine = NULL, mileage = NULL, updated_at = @now WHERE business_id = @b AND customer_id {tx.Dialect.InList("customerIds")}");
        var tags = await s.ExecuteAsync(tx, $"DELETE FROM customer_tags WHERE business_id = @b AND customer_id {tx.Dialect.InList("customerIds")}");
        foreach (var id in s.CustomerIds) await RefreshSearchAsync(tx, s.BusinessId, id);
        return [new("customers", customers), new("vehicles", vehicles), new("customer_tags", tags)];
    }

    private const string OwnColumns = "id, business_id, phone, name, email, address, source, merged_into_id, created_at, updated_at";

    /// <summary>
    /// The customer's tags, aggregated beside its columns (<paramref name="table"/> is the customers table's name or
    /// alias in the query), so every read of a customer — the store's, the public API's pages — carries them. string_agg
    /// is in both databases (SQLite since 3.44; Microsoft.Data.Sqlite bundles a newer one).
    /// </summary>
    private static string TagListOf(string table) =>
        $"(SELECT string_agg(t.tag, ',') FROM customer_tags t WHERE t.customer_id = {table}.id AND t.business_id = {table}.business_id) AS tag_list";

    /// <summary>A customer's columns (and its tags) for <c>SELECT {Columns} FROM customers</c>.</summary>
    public static readonly string Columns = OwnColumns + ", " + TagListOf("customers");
    private static readonly string ColumnsOfC = string.Join(", ", OwnColumns.Split(", ").Select(c => "c." + c)) + ", " + TagListOf("c");
    private const string VehicleColumns = "id, business_id, customer_id, year, make, model, engine, vin, mileage, created_at, updated_at";

    /// <summary>
    /// The customer for a phone, created when new (safe under races) with its <paramref name="source"/>, with empty
    /// details filled in. A phone merged into another customer finds that one; a new phone with the e-mail of a known
    /// customer is recorded as that customer's (a row merged into it), so a customer is never made twice.
    /// </summary>
    public async Task<Customer> UpsertAsync(DbTx tx, string businessId, string phone, string? name, string? email, string? address,
        string source = CustomerSources.Recording)
    {
        if (!CustomerSources.All.Contains(source)) throw new ArgumentOutOfRangeException(nameof(source));
        email = CleanEmail(email);
        var now = clock.GetUtcNow();
        var existing = await ByPhoneAsync(tx, businessId, phone);
        if (existing is null && email is not null && await ByEmailAsync(tx, businessId, email) is { } sameEmail)
        {
            // Found again by e-mail: the new phone becomes the known customer's (a row merged into it).
            await tx.Connection.ExecuteAsync("""
                INSERT INTO customers (id, business_id, phone, name, email, address, source, merged_into_id, merged_at, created_at, updated_at)
                VALUES (@id, @businessId, @phone, @name, @email, @address, @source, @into, @now, @now, @now)
                ON CONFLICT (business_id, phone) DO NOTHING
                """, new { id = Ids.New(), businessId, phone, name, email, address, source, into = sameEmail.Id, now }, tx.Transaction);
            existing = await ByPhoneAsync(tx, businessId, phone);
        }
        if (existing?.MergedIntoId is { } keptId)
        {
            await FillGapsAsync(tx, businessId, keptId, name, email, address, now);
            await RefreshSearchAsync(tx, businessId, keptId);
            return (await ByIdAsync(tx, businessId, keptId))!;
        }
        await tx.Connection.ExecuteAsync("""
            INSERT INTO customers (id, business_id, phone, name, email, address, source, created_at, updated_at)
            VALUES (@id, @businessId, @phone, @name, @email, @address, @source, @now, @now)
            ON CONFLICT (business_id, phone) DO UPDATE SET
                name = COALESCE(customers.name, excluded.name), email = COALESCE(customers.email, excluded.email),
                address = COALESCE(customers.address, excluded.address), updated_at = excluded.updated_at
            """, new { id = Ids.New(), businessId, phone, name, email, address, source, now }, tx.Transaction);
        var customer = (await ByPhoneAsync(tx, businessId, phone))!;
        await RefreshSearchAsync(tx, businessId, customer.Id);
        return customer;
    }

    /// <summary>A customer staff add by hand: created with source manual, or the existing one for that phone (Created = false, nothing changed).</summary>
    public async Task<(Customer Customer, bool Created)> CreateManualAsync(DbTx tx, string businessId, string phone, CustomerDetails details)
    {
        if (await FindByPhoneAsync(tx, businessId, phone) is { } known) return (known, false);
        return (await UpsertAsync(tx, businessId, phone, details.Name, details.Email, details.Address, CustomerSources.Manual), true);
    }

    /// <summary>Staff edit: the details overwrite (an empty one clears it).</summary>
    public async Task<bool> UpdateDetailsAsync(DbTx tx, string businessId, string customerId, CustomerDetails details)
    {
        var changed = await tx.Connection.ExecuteAsync("""
            UPDATE customers SET name = @Name, email = @Email, address = @Address, updated_at = @now
            WHERE business_id = @businessId AND id = @customerId AND merged_into_id IS NULL
            """, new { details.Name, Email = CleanEmail(details.Email), details.Address, businessId, customerId, now = clock.GetUtcNow() }, tx.Transaction) > 0;
        if (changed) await RefreshSearchAsync(tx, businessId, customerId);
        return changed;
    }

    /// <summary>
    /// The caller corrected a detail by text: the customer with that phone (if there is one) takes it, overwriting.
    /// Returns whether a customer was updated.
    /// </summary>
    public async Task<bool> CorrectByPhoneAsync(DbTx tx, string businessId, string phone, string column, string value)
    {
        if (column is not ("name" or "email" or "address")) throw new ArgumentOutOfRangeException(nameof(column));
        if (await FindByPhoneAsync(tx, businessId, phone) is not { } customer) return false;
        await SetFieldAsync(tx, businessId, customer.Id, column, value);
        return true;
    }

    /// <summary>Staff corrections overwrite (unlike <see cref="UpsertAsync"/>, which only fills gaps).</summary>
    public async Task SetFieldAsync(DbTx tx, string businessId, string customerId, string column, string? value)
    {
        if (column is not ("name" or "email" or "address")) throw new ArgumentOutOfRangeException(nameof(column));
        if (column == "email") value = CleanEmail(value);
        await tx.Connection.ExecuteAsync($"UPDATE customers SET {column} = @value, updated_at = @now WHERE business_id = @businessId AND id = @customerId",
            new { businessId, customerId, value, now = clock.GetUtcNow() }, tx.Transaction);
        await RefreshSearchAsync(tx, businessId, customerId);
    }

    /// <summary>The customer a phone belongs to (following a merge), or null.</summary>
    public async Task<Customer?> FindByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await ByPhoneAsync(tx, businessId, phone) is { } c ? c.MergedIntoId is { } kept ? await ByIdAsync(tx, businessId, kept) : c : null;

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
        if (match is null) return await AddVehicleAsync(tx, businessId, customerId, new VehicleDetails(year, make, model, engine, vin, null));
        var updated = match with { Year = match.Year ?? year, Make = match.Make ?? make, Model = match.Model ?? model, Engine = match.Engine ?? engine, Vin = match.Vin ?? vin, UpdatedAt = clock.GetUtcNow() };
        await UpdateVehicleAsync(tx, updated);
        return updated;
    }

    /// <summary>A vehicle staff add to a customer by hand.</summary>
    public async Task<Vehicle> AddVehicleAsync(DbTx tx, string businessId, string customerId, VehicleDetails d)
    {
        var now = clock.GetUtcNow();
        var created = new Vehicle { Id = Ids.New(), BusinessId = businessId, CustomerId = customerId, Year = d.Year, Make = d.Make, Model = d.Model, Engine = d.Engine, Vin = d.Vin, Mileage = d.Mileage, CreatedAt = now, UpdatedAt = now };
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO vehicles ({VehicleColumns}) VALUES (@Id, @BusinessId, @CustomerId, @Year, @Make, @Model, @Engine, @Vin, @Mileage, @CreatedAt, @UpdatedAt)
            """, created, tx.Transaction);
        await RefreshSearchAsync(tx, businessId, customerId);
        return created;
    }

    public async Task UpdateVehicleAsync(DbTx tx, Vehicle v)
    {
        await tx.Connection.ExecuteAsync("""
            UPDATE vehicles SET year = @Year, make = @Make, model = @Model, engine = @Engine, vin = @Vin, mileage = @Mileage, updated_at = @UpdatedAt
            WHERE business_id = @BusinessId AND id = @Id
            """, v, tx.Transaction);
        await RefreshSearchAsync(tx, v.BusinessId, v.CustomerId);
    }

    public async Task<Vehicle?> GetVehicleAsync(DbTx tx, string businessId, string vehicleId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND id = @vehicleId",
            new { businessId, vehicleId }, tx.Transaction);

    /// <summary>
    /// Merges <paramref name="merged"/> into <paramref name="kept"/>: its vehicles move, the kept customer's empty
    /// details are filled from it, and it (and anything merged into it before) points at the kept one, so its phone finds
    /// the kept customer from now on. Rows are kept, nothing is deleted. Other tables' references move through their
    /// own stores (<see cref="ICustomerMergeParticipant"/>) in the same transaction.
    /// </summary>
    public async Task MergeAsync(DbTx tx, string businessId, Customer kept, Customer merged)
    {
        var now = clock.GetUtcNow();
        var args = new { businessId, keptId = kept.Id, mergedId = merged.Id, now };
        await tx.Connection.ExecuteAsync("UPDATE vehicles SET customer_id = @keptId, updated_at = @now WHERE business_id = @businessId AND customer_id = @mergedId",
            args, tx.Transaction);
        // The kept customer carries the union of both tag sets (it may then hold more than a person could set: nothing is dropped).
        await tx.Connection.ExecuteAsync("""
            INSERT INTO customer_tags (business_id, customer_id, tag, created_at)
            SELECT business_id, @keptId, tag, created_at FROM customer_tags WHERE business_id = @businessId AND customer_id = @mergedId
            ON CONFLICT (customer_id, tag) DO NOTHING
            """, args, tx.Transaction);
        await tx.Connection.ExecuteAsync("DELETE FROM customer_tags WHERE business_id = @businessId AND customer_id = @mergedId", args, tx.Transaction);
        await tx.Connection.ExecuteAsync("""
            UPDATE customers SET merged_into_id = @keptId, merged_at = @now, updated_at = @now
            WHERE business_id = @businessId AND (id = @mergedId OR merged_into_id = @mergedId)
            """, args, tx.Transaction);
        await FillGapsAsync(tx, businessId, kept.Id, merged.Name, merged.Email, merged.Address, now);
        await RefreshSearchAsync(tx, businessId, merged.Id);
        await RefreshSearchAsync(tx, businessId, kept.Id);
    }

    /// <summary>
    /// The condition "this customer carries the tag" for a query with a <c>@businessId</c> parameter: <paramref name="idColumn"/>
    /// is the customer id column, <paramref name="tagParameter"/> the parameter holding the (normalized) tag.
    /// </summary>
    public static string CarryingTag(string idColumn, string tagParameter) =>
        $"{idColumn} IN (SELECT customer_id FROM customer_tags WHERE business_id = @businessId AND tag = @{tagParameter})";

    /// <summary>The customer's tags, read in the caller's transaction (before changing them).</summary>
    public async Task<IReadOnlyList<string>> TagsOfAsync(DbTx tx, string businessId, string customerId) =>
        [.. await tx.Connection.QueryAsync<string>("SELECT tag FROM customer_tags WHERE business_id = @businessId AND customer_id = @customerId ORDER BY tag",
            new { businessId, customerId }, tx.Transaction)];

    /// <summary>
    /// Replaces the customer's tags with <paramref name="tags"/> (already normalized by <see cref="CustomerTags"/>), in
    /// the caller's transaction: tags kept keep their creation time. Touches the customer's update time when anything
    /// changed. Returns what was added and removed.
    /// </summary>
    public async Task<TagChange> SetTagsAsync(DbTx tx, string businessId, string customerId, IReadOnlyCollection<string> tags)
    {
        if (tags.Any(t => CustomerTags.Normalize(t).Tag != t)) throw new ArgumentException("Tags must be normalized by CustomerTags first.", nameof(tags));
        var current = await TagsOfAsync(tx, businessId, customerId);
        var change = new TagChange([.. tags.Except(current, StringComparer.Ordinal).Distinct(StringComparer.Ordinal)], [.. current.Except(tags, StringComparer.Ordinal)]);
        if (!change.Any) return change;
        var now = clock.GetUtcNow();
        if (change.Removed.Count > 0)
            await tx.Connection.ExecuteAsync($"DELETE FROM customer_tags WHERE business_id = @businessId AND customer_id = @customerId AND tag {tx.Dialect.InList("removed")}",
                new { businessId, customerId, removed = change.Removed.ToArray() }, tx.Transaction);
        await tx.Connection.ExecuteAsync("""
            INSERT INTO customer_tags (business_id, customer_id, tag, created_at) VALUES (@businessId, @customerId, @tag, @now)
            ON CONFLICT (customer_id, tag) DO NOTHING
            """, change.Added.Select(tag => new { businessId, customerId, tag, now }), tx.Transaction);
        await tx.Connection.ExecuteAsync("UPDATE customers SET updated_at = @now WHERE business_id = @businessId AND id = @customerId",
            new { businessId, customerId, now }, tx.Transaction);
        return change;
    }

    /// <summary>The business's tags with how many customers carry each, alphabetical.</summary>
    public async Task<IReadOnlyList<TagCount>> TagsAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<TagCount>(new CommandDefinition(
            "SELECT tag, COUNT(*) AS customers FROM customer_tags WHERE business_id = @businessId GROUP BY tag ORDER BY tag", new { businessId }, cancellationToken: ct))];
    }

    private async Task FillGapsAsync(DbTx tx, string businessId, string customerId, string? name, string? email, string? address, DateTimeOffset now) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE customers SET name = COALESCE(name, @name), email = COALESCE(email, @email), address = COALESCE(address, @address), updated_at = @now
            WHERE business_id = @businessId AND id = @customerId
            """, new { businessId, customerId, name, email = CleanEmail(email), address, now }, tx.Transaction);

    /// <summary>Rewrites the customer's line in the search index from its details, its vehicles and the phones merged into it.</summary>
    private async Task RefreshSearchAsync(DbTx tx, string businessId, string customerId)
    {
        var c = await ByIdAsync(tx, businessId, customerId);
        if (c is null) return;
        var body = "";
        if (c.MergedIntoId is null)
        {
            var vehicles = await VehiclesAsync(tx, businessId, customerId);
            var mergedPhones = await tx.Connection.QueryAsync<string>("SELECT phone FROM customers WHERE business_id = @businessId AND merged_into_id = @customerId",
                new { businessId, customerId }, tx.Transaction);
            body = SearchText(c, vehicles, mergedPhones);
        }
        if (tx.Dialect.IsPostgres)
        {
            await tx.Connection.ExecuteAsync("UPDATE customers SET search_text = @body WHERE business_id = @businessId AND id = @customerId",
                new { businessId, customerId, body }, tx.Transaction);
            return;
        }
        await tx.Connection.ExecuteAsync("""
            DELETE FROM customer_search WHERE customer_search MATCH @match AND customer_id = @customerId
            """, new { match = "customer_id : \"" + customerId + "\"", customerId }, tx.Transaction);
        if (body.Length > 0)
            await tx.Connection.ExecuteAsync("INSERT INTO customer_search (body, customer_id, business_id) VALUES (@body, @customerId, @businessId)",
                new { body, customerId, businessId }, tx.Transaction);
    }

    /// <summary>One lower-cased line with everything a search may name: name, phone digits, e-mail, address, vehicles.</summary>
    public static string SearchText(Customer c, IEnumerable<Vehicle> vehicles, IEnumerable<string> otherPhones) =>
        string.Join(' ', new[] { c.Name, Digits(c.Phone), c.Email, c.Address }
            .Concat(otherPhones.Select(Digits))
            .Concat(vehicles.SelectMany(v => new[] { v.Vin, v.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Make, v.Model }))
            .Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();

    private static string Digits(string phone) => new([.. phone.Where(char.IsAsciiDigit)]);

    private static string? CleanEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    private static async Task<Customer?> ByIdAsync(DbTx tx, string businessId, string customerId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE business_id = @businessId AND id = @customerId",
            new { businessId, customerId }, tx.Transaction);

    private static async Task<Customer?> ByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE business_id = @businessId AND phone = @phone",
            new { businessId, phone }, tx.Transaction);

    private static async Task<Customer?> ByEmailAsync(DbTx tx, string businessId, string email) =>
        (await tx.Connection.QueryAsync<Customer>($"""
            SELECT {Columns} FROM customers WHERE business_id = @businessId AND email = @email AND merged_into_id IS NULL ORDER BY created_at, id LIMIT 2
            """, new { businessId, email }, tx.Transaction)).ToList() is [var only] ? only : null;

    /// <summary>A customer read inside a write transaction (merge checks).</summary>
    public Task<Customer?> GetAsync(DbTx tx, string businessId, string customerId) => ByIdAsync(tx, businessId, customerId);

    private static async Task<IReadOnlyList<Vehicle>> VehiclesAsync(DbTx tx, string businessId, string customerId) =>
        [.. await tx.Connection.QueryAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND customer_id = @customerId ORDER BY created_at",
            new { businessId, customerId }, tx.Transaction)];

    private static bool Same(string? a, string? b) => a is null || b is null || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The customer with its vehicles and merged phones (a merged customer too: its <see cref="Customer.MergedIntoId"/> says where it went).</summary>
    public Task<CustomerWithVehicles?> GetAsync(string businessId, string customerId, CancellationToken ct = default) =>
        WithVehiclesAsync("id = @key", businessId, customerId, ct);

    /// <summary>The customer with this phone (following a merge) and their vehicles, or null.</summary>
    public async Task<CustomerWithVehicles?> GetByPhoneAsync(string businessId, string phone, CancellationToken ct = default)
    {
        var found = await WithVehiclesAsync("phone = @key", businessId, phone, ct);
        return found?.Customer.MergedIntoId is { } kept ? await GetAsync(businessId, kept, ct) : found;
    }

    private async Task<CustomerWithVehicles?> WithVehiclesAsync(string match, string businessId, string key, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var c = await conn.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE business_id = @businessId AND {match}", new { businessId, key });
        if (c is null) return null;
        var v = await conn.QueryAsync<Vehicle>($"SELECT {VehicleColumns} FROM vehicles WHERE business_id = @businessId AND customer_id = @customerId ORDER BY created_at",
            new { businessId, customerId = c.Id });
        var phones = await conn.QueryAsync<string>("SELECT phone FROM customers WHERE business_id = @businessId AND merged_into_id = @customerId ORDER BY phone",
            new { businessId, customerId = c.Id });
        return new CustomerWithVehicles(c, [.. v]) { MergedPhones = [.. phones] };
    }

    /// <summary>
    /// The business's customers (merged ones left out), most recently updated first. <paramref name="search"/> matches
    /// a substring of the name, e-mail, address, a vehicle's VIN/make/model (any case), or the phone typed in any format
    /// ("(904) 555-0134", "904.555.0134", "5550134", or a national number of <paramref name="region"/>), through the
    /// trigram index of each database. <paramref name="tag"/> keeps only the customers carrying that tag (as typed: it
    /// is normalized here).
    /// </summary>
    public async Task<IReadOnlyList<Customer>> ListAsync(string businessId, string? search, int limit = 200, CancellationToken ct = default, string? region = null,
        string? tag = null)
    {
        string? tagged = null;
        if (!string.IsNullOrWhiteSpace(tag))
        {
            if (CustomerTags.Normalize(tag).Tag is not { } normalized) return []; // not a tag anyone can carry
            tagged = normalized;
        }
        string Tagged(string table) => tagged is null ? "" : "AND " + CarryingTag($"{table}.id", "tagged");
        await using var conn = await db.OpenAsync(ct);
        var like = SearchPattern(search, region);
        if (like is null)
            return [.. await conn.QueryAsync<Customer>($"""
                SELECT {Columns} FROM customers WHERE business_id = @businessId AND merged_into_id IS NULL {Tagged("customers")} ORDER BY updated_at DESC, id LIMIT @limit
                """, new { businessId, limit, tagged })];
        // Both planners like to walk the business's customers newest first and test each against the search, which reads
        // all 100,000 of a big business to find the one customer a phone number matches. So the trigram index's hits
        // come first: when there are few (a phone, a VIN, a name), only those customers are read and sorted; when there
        // are many (a common surname), the walk newest first meets a hit every few rows and stops at the limit soon.
        var hits = (await conn.QueryAsync<string>(db.Dialect.IsPostgres
                ? "SELECT id FROM customers WHERE business_id = @businessId AND merged_into_id IS NULL AND search_text LIKE @like LIMIT @cap"
                : "SELECT customer_id FROM customer_search WHERE body LIKE @like AND business_id = @businessId LIMIT @cap",
            new { businessId, like, cap = FewHits + 1 })).ToList();
        if (hits.Count == 0) return [];
        if (hits.Count <= FewHits)
            return [.. await conn.QueryAsync<Customer>(db.Dialect.IsPostgres
                ? $"""
                    SELECT {Columns} FROM customers WHERE business_id = @businessId AND merged_into_id IS NULL AND id = ANY(@hits) {Tagged("customers")}
                    ORDER BY updated_at DESC, id LIMIT @limit
                    """
                // CROSS JOIN: SQLite keeps this order, so it looks the hits up by id instead of walking every customer again.
                : $"""
                    SELECT {ColumnsOfC} FROM json_each(@hits) h CROSS JOIN customers c ON c.id = h.value
                    WHERE c.business_id = @businessId AND c.merged_into_id IS NULL {Tagged("c")}
                    ORDER BY c.updated_at DESC, c.id LIMIT @limit
                    """,
                new { businessId, hits = db.Dialect.IsPostgres ? (object)hits.ToArray() : Json.Serialize(hits), limit, tagged })];
        return [.. await conn.QueryAsync<Customer>($"""
            SELECT {Columns} FROM customers
            WHERE business_id = @businessId AND merged_into_id IS NULL
              AND {(db.Dialect.IsPostgres ? "search_text LIKE @like" : "id IN (SELECT customer_id FROM customer_search WHERE body LIKE @like AND business_id = @businessId)")}
              {Tagged("customers")}
            ORDER BY updated_at DESC, id LIMIT @limit
            """, new { businessId, like, limit, tagged })];
    }

    /// <summary>Up to this many search hits are read and sorted; with more, the search walks the customers newest first.</summary>
    private const int FewHits = 10_000;

    /// <summary>
    /// The LIKE pattern for a search: a phone-looking search matches its digits (stored phones are E.164, indexed as
    /// digits); anything else matches the lower-cased text. Null for an empty search.
    /// </summary>
    public static string? SearchPattern(string? search, string? region = null)
    {
        var term = search?.Trim();
        if (string.IsNullOrEmpty(term)) return null;
        var looksLikePhone = term.Any(char.IsAsciiDigit) && term.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '+' or '-' or '(' or ')' or '.');
        if (looksLikePhone)
        {
            var digits = Phone.NormalizeOrNull(term, region) is { } e164 && term.Count(char.IsAsciiDigit) >= 10 ? Digits(e164) : Digits(term);
            return "%" + digits + "%";
        }
        // Wildcards and the escape character are dropped (nobody searches for them), so the pattern needs no ESCAPE
        // clause, which SQLite's trigram index would not use.
        var text = new string([.. term.ToLowerInvariant().Where(ch => ch is not ('%' or '_' or '\\'))]).Trim();
        return text.Length == 0 ? null : "%" + text + "%";
    }
}
