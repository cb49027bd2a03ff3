using System.Globalization;
using System.Text.Json;
using CallRecover.Common;
using Microsoft.Extensions.Options;

namespace CallRecover.Crm;

/// <summary>The CRM answered with an error (its own <c>error_message</c> when it gave one), or could not be reached.</summary>
public sealed class CrmException(string message) : Exception(message);

/// <summary>Base URL, credentials (plain, for this call only) and entity of one connection.</summary>
public sealed record RukovoditelTarget(string BaseUrl, string Key, string Username, string Password, long EntityId);

/// <summary>
/// Rukovoditel's REST API as documented at https://docs.rukovoditel.net/index.php?p=52 ("API"; Extension → Tools → API
/// turns it on and makes the key): every call is a form-encoded <c>POST {base}/api/rest.php</c> (the examples build the
/// body with PHP's <c>http_build_query</c>) carrying <c>key</c>, <c>username</c>, <c>password</c>, <c>action</c> and
/// <c>entity_id</c>; the answer is JSON with <c>status</c> <c>"success"</c> and <c>data</c>.
/// <list type="bullet">
/// <item><c>insert</c>: <c>items</c> is a list of records (<c>$items[] = array('field_338' => ...)</c> in the docs, so
/// <c>items[0][field_338]=...</c> on the wire); <c>data</c> is <c>{"id": 119}</c>.</item>
/// <item><c>update</c>: <c>update_by_field[id]=37</c> picks the record, <c>data[field_338]=...</c> the new values.</item>
/// <item><c>select</c>: <c>filters[id]=13,14</c> (ids, comma-separated), <c>filters[158][value]=...&amp;filters[158][condition]=search</c>
/// (a search in a field), <c>select_fields=338,388</c>, <c>limit</c>; <c>data</c> is a list of records whose fields are keyed by
/// the bare field id (<c>"338": "Ticket 6"</c>, a dropdown by its choice's text) next to <c>id</c>.</item>
/// </list>
/// The docs do not show an error body; <c>api/rest.php</c> in the Rukovoditel source answers a bad key with
/// <c>api::response_error('API Key mismatch')</c>. We read <c>error_message</c>, then <c>message</c>, then <c>data</c>
/// when it is a string, and any non-2xx status, so the owner sees the CRM's own words in the sync log.
/// Requests go through the guarded handler: a private or loopback base URL is refused at connect time unless
/// <c>Outbound:AllowPrivateTargets</c> (the URL is also checked when saved).
/// </summary>
public sealed class RukovoditelClient(IHttpClientFactory http)
{
    public const string ClientName = "crm";

    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, c => c.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundTargets.GuardedHandler(sp.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateTargets));

    public static string Endpoint(string baseUrl) => baseUrl.TrimEnd('/') + "/api/rest.php";

    /// <summary>Adds one record; answers its id.</summary>
    public async Task<string> InsertAsync(RukovoditelTarget t, IReadOnlyDictionary<int, string> fields, CancellationToken ct)
    {
        var form = Base(t, "insert");
        foreach (var (field, value) in fields) form.Add(($"items[0][field_{field}]", value));
        var data = await PostAsync(t, form, ct);
        return data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("id", out var id) && Id(id) is { } s
            ? s : throw new CrmException("The CRM did not answer the new record's id.");
    }

    /// <summary>Changes fields of the record with this id.</summary>
    public async Task UpdateAsync(RukovoditelTarget t, string remoteId, IReadOnlyDictionary<int, string> fields, CancellationToken ct)
    {
        if (fields.Count == 0) return;
        var form = Base(t, "update");
        form.Add(("update_by_field[id]", remoteId));
        foreach (var (field, value) in fields) form.Add(($"data[field_{field}]", value));
        await PostAsync(t, form, ct);
    }

    /// <summary>Records with these ids (only <paramref name="selectFields"/> and the id).</summary>
    public Task<IReadOnlyList<Dictionary<string, string?>>> SelectByIdsAsync(RukovoditelTarget t, IEnumerable<string> ids, IEnumerable<int> selectFields,
        CancellationToken ct) =>
        SelectAsync(t, [("filters[id]", string.Join(',', ids)), ("select_fields", string.Join(',', selectFields))], ct);

    /// <summary>Records whose <paramref name="field"/> contains <paramref name="value"/> (the CRM's search filter).</summary>
    public Task<IReadOnlyList<Dictionary<string, string?>>> SearchAsync(RukovoditelTarget t, int field, string value, CancellationToken ct) =>
        SelectAsync(t, [($"filters[{field}][value]", value), ($"filters[{field}][condition]", "search"), ("select_fields", field.ToString(CultureInfo.InvariantCulture))], ct);

    /// <summary>One record at most, to test the connection.</summary>
    public Task<IReadOnlyList<Dictionary<string, string?>>> SelectOneAsync(RukovoditelTarget t, CancellationToken ct) =>
        SelectAsync(t, [("limit", "1")], ct);

    private async Task<IReadOnlyList<Dictionary<string, string?>>> SelectAsync(RukovoditelTarget t, IEnumerable<(string, string)> extra, CancellationToken ct)
    {
        var form = Base(t, "select");
        form.AddRange(extra);
        var data = await PostAsync(t, form, ct);
        if (data is not { ValueKind: JsonValueKind.Array } list) return [];
        return [.. list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object)
            .Select(r => r.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value)))];
    }

    private static List<(string, string)> Base(RukovoditelTarget t, string action) =>
        [("key", t.Key), ("username", t.Username), ("password", t.Password), ("action", action), ("entity_id", t.EntityId.ToString(CultureInfo.InvariantCulture))];

    private async Task<JsonElement?> PostAsync(RukovoditelTarget t, List<(string Key, string Value)> form, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        HttpResponseMessage response;
        try { response = await http.CreateClient(ClientName).PostAsync(Endpoint(t.BaseUrl), content, ct); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { throw new CrmException("The CRM did not answer in time."); }
        catch (HttpRequestException ex) { throw new CrmException($"Could not reach the CRM: {ex.Message}"); }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            JsonElement root;
            try { root = JsonDocument.Parse(body).RootElement.Clone(); }
            catch (JsonException)
            {
                throw new CrmException(response.IsSuccessStatusCode ? "The CRM's answer was not JSON (is the URL the Rukovoditel address?)." : $"HTTP {(int)response.StatusCode}");
            }
            var status = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) ? Text(s) : null;
            if (response.IsSuccessStatusCode && status == "success")
                return root.TryGetProperty("data", out var data) ? data : null;
            var message = root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("error_message", out var m) ? Text(m)
                : root.TryGetProperty("message", out m) ? Text(m)
                : root.TryGetProperty("data", out m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var prefix = response.IsSuccessStatusCode ? "" : $"HTTP {(int)response.StatusCode}: ";
            throw new CrmException(prefix + (message ?? $"status {status ?? "missing"}"));
        }
    }

    private static string? Id(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.String when e.GetString() is { Length: > 0 } s => s,
        _ => null,
    };

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };
}
