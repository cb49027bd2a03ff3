using System.Diagnostics;
using System.Globalization;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Hosting;
using CallRecover.Tenancy;
using Dapper;

// Customer search benchmark (issue 17): two businesses with 100,000 customers each (name, phone, e-mail, address, one
// vehicle with a VIN), then searches through CustomerStore.ListAsync (the dashboard's and the operator API's search) by
// surname, full phone typed with punctuation, partial phone digits, street, VIN fragment and e-mail. The rows are
// seeded with plain INSERTs (the search line is built by CustomerStore.SearchText, the same function the store
// uses) because 200,000 upserts one by one would take minutes and measure the seeding, not the search.
// Not a timed test: it prints figures.
// Usage: dotnet run -c Release --project bench/CallRecover.CustomersBench [-- --postgres "Host=...;Database=..."] [--customers 100000] [--queries 600]
var invariant = CultureInfo.InvariantCulture;
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var postgres = Arg("--postgres");
var perTenant = int.Parse(Arg("--customers") ?? "100000", invariant);
var queries = int.Parse(Arg("--queries") ?? "600", invariant);

await using var host = await CallRecover.BenchShared.BenchHost.StartAsync("customers", postgres);
var services = host.Services;
var db = services.GetRequiredService<Db>();
var store = services.GetRequiredService<CustomerStore>();

string[] first = ["Dana", "Sam", "Maria", "James", "Li", "Aisha", "Noah", "Olivia", "Carlos", "Priya", "Ethan", "Mia", "Omar", "Grace", "Lucas", "Zoe"];
string[] last = ["Reyes", "Lee", "Lopez", "Smith", "Nguyen", "Khan", "Brown", "Garcia", "Patel", "Kim", "Martin", "Clark", "Lewis", "Walker", "Young", "Hall",
    "Allen", "Wright", "Scott", "Torres", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell",
    "Parker", "Evans", "Edwards", "Collins", "Stewart", "Sanchez", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell", "Murphy", "Bailey", "Rivera", "Cooper"];
string[] streets = ["Oak St", "Elm Rd", "Pine Ave", "Maple Dr", "Cedar Ln", "Birch Way", "Lake Blvd", "Hill Ct", "River Rd", "Park Pl", "Main St", "Sunset Blvd"];
string[] makes = ["Toyota Camry", "Honda Accord", "Ford F-150", "Chevrolet Silverado", "Nissan Altima", "Subaru Outback", "Jeep Wrangler", "BMW 330i"];
const string vinChars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
string MakeVin(Random r)
{
    while (true)
    {
        var chars = Enumerable.Range(0, 17).Select(_ => vinChars[r.Next(vinChars.Length)]).ToArray();
        foreach (var check in "0123456789X") { chars[8] = check; if (Vin.CheckDigitValid(new string(chars))) return new string(chars); }
    }
}

var businessService = services.GetRequiredService<BusinessService>();
var tenants = new List<(string Id, List<(string Phone, string Vin, string Email, string Street)> Samples)>();
var seedWatch = Stopwatch.StartNew();
for (var t = 0; t < 2; t++)
{
    var created = await businessService.CreateAsync(new BusinessInput
    {
        Name = $"Bench Auto {t}", OwnerName = "Bo Bench", OwnerEmail = $"bench-{Guid.NewGuid():N}@example.com", OwnerPhone = "+19045550100",
        BusinessPhone = "+19045550101", CarrierNumber = $"+1904555{Random.Shared.Next(1000, 9999)}", Vertical = "auto",
    }, "bench");
    var business = created.Business ?? throw new InvalidOperationException("Bench business rejected.");
    var random = new Random(17 + t);
    var samples = new List<(string, string, string, string)>();
    var now = TimeProvider.System.GetUtcNow();
    const int batch = 2000;
    for (var start = 0; start < perTenant; start += batch)
    {
        var customers = new List<object>();
        var vehicles = new List<object>();
        var search = new List<object>();
        for (var i = start; i < Math.Min(perTenant, start + batch); i++)
        {
            var id = Ids.New();
            var phone = "+1" + (200 + random.Next(0, 780)).ToString(invariant) + random.Next(2000000, 9999999).ToString(invariant);
            var name = $"{first[random.Next(first.Length)]} {last[random.Next(last.Length)]}";
            var email = $"{name.Replace(' ', '.').ToLowerInvariant()}{i}@mail.example";
            var street = $"{random.Next(1, 9999)} {streets[random.Next(streets.Length)]}";
            var vin = MakeVin(random);
            var mm = makes[random.Next(makes.Length)].Split(' ', 2);
            var at = now.AddMinutes(-random.Next(0, 525600));
            var customer = new Customer { Id = id, BusinessId = business.Id, Phone = phone, Name = name, Email = email, Address = street + ", Jacksonville FL", Source = CustomerSources.Import, CreatedAt = at, UpdatedAt = at };
            var vehicle = new Vehicle { Id = Ids.New(), BusinessId = business.Id, CustomerId = id, Year = random.Next(1995, 2026), Make = mm[0], Model = mm[1], Vin = vin, CreatedAt = at, UpdatedAt = at };
            var text = CustomerStore.SearchText(customer, [vehicle], []);
            customers.Add(new { customer.Id, customer.BusinessId, customer.Phone, customer.Name, customer.Email, customer.Address, customer.Source, customer.CreatedAt, customer.UpdatedAt, SearchText = text });
            vehicles.Add(vehicle);
            search.Add(new { Body = text, CustomerId = id, BusinessId = business.Id });
            if (i % 500 == 0) samples.Add((phone, vin, email, street));
        }
        await db.WriteAsync(async tx =>
        {
            await tx.Connection.ExecuteAsync(db.Dialect.IsPostgres
                ? "INSERT INTO customers (id, business_id, phone, name, email, address, source, created_at, updated_at, search_text) VALUES (@Id, @BusinessId, @Phone, @Name, @Email, @Address, @Source, @CreatedAt, @UpdatedAt, @SearchText) ON CONFLICT DO NOTHING"
                : "INSERT INTO customers (id, business_id, phone, name, email, address, source, created_at, updated_at) VALUES (@Id, @BusinessId, @Phone, @Name, @Email, @Address, @Source, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING",
                customers, tx.Transaction);
            await tx.Connection.ExecuteAsync("""
                INSERT INTO vehicles (id, business_id, customer_id, year, make, model, engine, vin, mileage, created_at, updated_at)
                SELECT @Id, @BusinessId, @CustomerId, @Year, @Make, @Model, @Engine, @Vin, @Mileage, @CreatedAt, @UpdatedAt WHERE EXISTS (SELECT 1 FROM customers WHERE id = @CustomerId)
                """, vehicles, tx.Transaction);
            if (!db.Dialect.IsPostgres)
                await tx.Connection.ExecuteAsync("INSERT INTO customer_search (body, customer_id, business_id) SELECT @Body, @CustomerId, @BusinessId WHERE EXISTS (SELECT 1 FROM customers WHERE id = @CustomerId)",
                    search, tx.Transaction);
        });
    }
    tenants.Add((business.Id, samples));
}
if (db.Dialect.IsPostgres) await db.WriteAsync(tx => tx.Connection.ExecuteAsync("ANALYZE customers; ANALYZE vehicles;", transaction: tx.Transaction));
await using (var conn = await db.OpenAsync())
    Console.WriteLine($"Seeded {await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers")} customers in 2 businesses in {seedWatch.Elapsed.TotalSeconds:F0} s ({db.Describe()}), {Environment.ProcessorCount} CPU(s)");

var kinds = new Dictionary<string, Func<Random, (string BusinessId, string Query)>>
{
    ["surname"] = r => (tenants[r.Next(2)].Id, last[r.Next(last.Length)]),
    ["full name"] = r => (tenants[r.Next(2)].Id, $"{first[r.Next(first.Length)]} {last[r.Next(last.Length)]}"),
    ["phone, formatted"] = r => { var t = tenants[r.Next(2)]; var p = t.Samples[r.Next(t.Samples.Count)].Phone; return (t.Id, $"({p[2..5]}) {p[5..8]}-{p[8..]}"); },
    ["phone, last 7 digits"] = r => { var t = tenants[r.Next(2)]; var p = t.Samples[r.Next(t.Samples.Count)].Phone; return (t.Id, p[^7..]); },
    ["street"] = r => { var t = tenants[r.Next(2)]; return (t.Id, t.Samples[r.Next(t.Samples.Count)].Street); },
    ["VIN fragment (8)"] = r => { var t = tenants[r.Next(2)]; return (t.Id, t.Samples[r.Next(t.Samples.Count)].Vin[9..]); },
    ["e-mail"] = r => { var t = tenants[r.Next(2)]; return (t.Id, t.Samples[r.Next(t.Samples.Count)].Email); },
};
var qr = new Random(99);
for (var i = 0; i < 30; i++) { var (b, q) = kinds.ElementAt(i % kinds.Count).Value(qr); await store.ListAsync(b, q, 100, region: "US"); } // warm-up
var all = new List<double>();
var byKind = kinds.Keys.ToDictionary(k => k, _ => new List<double>());
var hits = kinds.Keys.ToDictionary(k => k, _ => 0L);
for (var i = 0; i < queries; i++)
{
    var kind = kinds.Keys.ElementAt(i % kinds.Count);
    var (businessId, query) = kinds[kind](qr);
    var sw = Stopwatch.StartNew();
    var found = await store.ListAsync(businessId, query, 100, region: "US");
    sw.Stop();
    all.Add(sw.Elapsed.TotalMilliseconds);
    byKind[kind].Add(sw.Elapsed.TotalMilliseconds);
    hits[kind] += found.Count;
}
static double P(List<double> xs, double q) { var s = xs.Order().ToList(); return s[Math.Min(s.Count - 1, (int)Math.Ceiling(q * s.Count) - 1)]; }
Console.WriteLine();
Console.WriteLine("| search | n | avg rows | p50 | p99 | max |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (kind, xs) in byKind)
    Console.WriteLine(string.Create(invariant, $"| {kind} | {xs.Count} | {hits[kind] / (double)xs.Count:F1} | {P(xs, .5):F2} ms | {P(xs, .99):F2} ms | {xs.Max():F2} ms |"));
Console.WriteLine(string.Create(invariant, $"| all | {all.Count} | | {P(all, .5):F2} ms | {P(all, .99):F2} ms | {all.Max():F2} ms |"));
Console.WriteLine(string.Create(invariant, $"Goal: p99 < 50 ms per tenant of {perTenant:N0} customers: {(P(all, .99) < 50 ? "met" : "NOT met")}."));
