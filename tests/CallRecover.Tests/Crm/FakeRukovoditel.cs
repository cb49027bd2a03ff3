using System.Collections.Concurrent;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallRecover.Tests.Crm;

/// <summary>
/// Rukovoditel's <c>POST /api/rest.php</c> on loopback, speaking the documented format (https://docs.rukovoditel.net/index.php?p=52):
/// form fields <c>key</c>, <c>username</c>, <c>password</c>, <c>action</c>, <c>entity_id</c>; <c>insert</c> takes
/// <c>items[0][field_N]</c> and answers <c>{"status":"success","data":{"id":N}}</c>; <c>update</c> takes
/// <c>update_by_field[id]</c> and <c>data[field_N]</c>; <c>select</c> takes <c>filters[id]</c>, <c>filters[N][value]</c> with
/// <c>filters[N][condition]=search</c>, <c>select_fields</c> and <c>limit</c>, and answers records keyed by the bare field id.
/// Errors answer <c>{"status":"error","error_code":...,"error_message":...}</c>.
/// </summary>
public sealed class FakeRukovoditel : LoopbackServer
{
    public const string Key = "XgDXFsTbNRkMpRq81bBrmRAf56i5oS0oN9bp4jLH", Username = "api-user", Password = "pa55-w0rd-crm";
    public const long EntityId = 34;

    private int _nextId;
    private int _requests;

    /// <summary>Every request's form fields, in order.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();
    /// <summary>Records by id: field id (bare) → value.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Records { get; } = new();
    /// <summary>For request number n (from 1): answer 500 without doing anything.</summary>
    public Func<int, Dictionary<string, string>, bool> FailBefore { get; set; } = (_, _) => false;
    /// <summary>For request number n (from 1): do the work, then answer 500 (the answer is lost on the way).</summary>
    public Func<int, Dictionary<string, string>, bool> FailAfter { get; set; } = (_, _) => false;

    public IEnumerable<Dictionary<string, string>> Actions(string action) => Requests.Where(r => r.GetValueOrDefault("action") == action);

    public static async Task<FakeRukovoditel> StartAsync()
    {
        var fake = new FakeRukovoditel();
        await fake.StartAsync(app => app.MapPost("/api/rest.php", (HttpRequest request) => fake.Handle(request)));
        return fake;
    }

    private async Task<IResult> Handle(HttpRequest request)
    {
        if (!request.HasFormContentType) return Error("content_type", "Expected a form body.");
        var form = (await request.ReadFormAsync()).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        Requests.Enqueue(form);
        var n = Interlocked.Increment(ref _requests);
        if (FailBefore(n, form)) return Results.Json(new { status = "error", error_message = "Internal Server Error" }, statusCode: 500);
        if (form.GetValueOrDefault("key") != Key) return Error("key", "API Key mismatch");
        if (form.GetValueOrDefault("username") != Username || form.GetValueOrDefault("password") != Password) return Error("login", "No match for Username and/or Password.");
        if (form.GetValueOrDefault("entity_id") != EntityId.ToString()) return Error("entity", "Entity does not exist.");
        var result = form.GetValueOrDefault("action") switch
        {
            "insert" => Insert(form),
            "update" => Update(form),
            "select" => Select(form),
            _ => Error("action", "Unknown action."),
        };
        return FailAfter(n, form) ? Results.Json(new { status = "error", error_message = "Gateway timeout" }, statusCode: 500) : result;
    }

    private IResult Insert(Dictionary<string, string> form)
    {
        var record = new ConcurrentDictionary<string, string>();
        foreach (var (k, v) in form)
            if (k.StartsWith("items[0][field_", StringComparison.Ordinal)) record[k["items[0][field_".Length..^1]] = v;
        if (record.IsEmpty) return Error("items", "No items.");
        var id = Interlocked.Increment(ref _nextId).ToString();
        Records[id] = record;
        return Results.Json(new { status = "success", data = new { id = int.Parse(id) } });
    }

    private IResult Update(Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("update_by_field[id]") is not { } id || !Records.TryGetValue(id, out var record)) return Error("update_by_field", "Record not found.");
        foreach (var (k, v) in form)
            if (k.StartsWith("data[field_", StringComparison.Ordinal)) record[k["data[field_".Length..^1]] = v;
        return Results.Json(new { status = "success", data = new { } });
    }

    private IResult Select(Dictionary<string, string> form)
    {
        IEnumerable<KeyValuePair<string, ConcurrentDictionary<string, string>>> rows = Records.OrderBy(r => int.Parse(r.Key));
        if (form.GetValueOrDefault("filters[id]") is { } ids)
        {
            var set = ids.Split(',').ToHashSet();
            rows = rows.Where(r => set.Contains(r.Key));
        }
        foreach (var (k, v) in form)
            if (k.StartsWith("filters[", StringComparison.Ordinal) && k.EndsWith("][value]", StringComparison.Ordinal))
            {
                var field = k["filters[".Length..^"][value]".Length];
                if (form.GetValueOrDefault($"filters[{field}][condition]") != "search") return Error("filters", "Unknown condition.");
                rows = rows.Where(r => r.Value.TryGetValue(field, out var x) && x.Contains(v, StringComparison.OrdinalIgnoreCase));
            }
        if (int.TryParse(form.GetValueOrDefault("limit"), out var limit) && limit > 0) rows = rows.Take(limit);
        var only = form.GetValueOrDefault("select_fields") is { Length: > 0 } s ? s.Split(',').ToHashSet() : null;
        var data = rows.Select(r =>
        {
            var o = new Dictionary<string, object> { ["id"] = int.Parse(r.Key), ["date_added"] = "01/15/2018 10:42" };
            foreach (var (f, v) in r.Value) if (only is null || only.Contains(f)) o[f] = v;
            return o;
        }).ToList();
        return Results.Json(new { status = "success", data });
    }

    private static IResult Error(string code, string message) => Results.Json(new { status = "error", error_code = code, error_message = message });
}
