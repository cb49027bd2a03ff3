using System.Security.Cryptography;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Telephony;

/// <summary>The webhook signing key of the built-in simulator: <c>Carrier__AuthToken</c> when set, otherwise random per process.</summary>
public sealed class SimulatorKey(IOptions<CarrierOptions> options)
{
    public string Token { get; } = options.Value.AuthToken is { Length: > 0 } t ? t : Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
}

/// <summary>A verified carrier webhook: its form parameters, as posted.</summary>
public sealed class WebhookForm(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;
    public string? this[string name] => Values.TryGetValue(name, out var v) ? v : null;
    public string Get(string name) => this[name] ?? "";
}

/// <summary>What a webhook answered, stored so that a carrier retry gets the very same answer.</summary>
public sealed record WebhookAnswer(int Status, string? ContentType, string? Body)
{
    public static WebhookAnswer Xml(string twiml) => new(200, Twiml.ContentType, twiml);
    public static readonly WebhookAnswer NoContent = new(204, null, null);

    public IResult ToResult() => Body is null ? TypedResults.StatusCode(Status) : TypedResults.Content(Body, ContentType, statusCode: Status);
}

/// <summary>
/// Signature check and idempotency for carrier webhooks. The signed URL is rebuilt from <c>PublicBaseUrl</c> (the
/// address the carrier was given), never from the Host header the server sees behind a proxy.
/// </summary>
public sealed class CarrierWebhook(IOptions<CarrierOptions> carrier, IOptions<AppOptions> app, SimulatorKey simulator, Db db, TimeProvider clock,
    ILogger<CarrierWebhook> log)
{
    public const string TwilioHeader = "X-Twilio-Signature", SignalWireHeader = "X-SignalWire-Signature";

    private readonly IReadOnlyList<string> _keys = carrier.Value.SignatureKeys(simulator.Token);

    /// <summary>The public URL the carrier called: base + path + query as received.</summary>
    public string PublicUrl(HttpRequest request) => app.Value.BaseUrl + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.Value;

    /// <summary>Reads and verifies a form webhook; null when the signature is missing or wrong.</summary>
    public async Task<WebhookForm?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        var form = await request.ReadFormAsync(ct);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (k, vs) in form)
            foreach (var v in vs) pairs.Add(new(k, v ?? ""));
        var url = PublicUrl(request);
        var valid = false;
        foreach (var header in new[] { TwilioHeader, SignalWireHeader })
        {
            var sig = request.Headers[header].ToString();
            if (sig.Length == 0) continue;
            foreach (var key in _keys) valid |= WebhookSignature.IsValid(url, pairs, sig, key);
        }
        if (!valid)
        {
            log.LogWarning("Rejected carrier webhook {Path}: missing or invalid signature", request.Path.Value);
            return null;
        }
        return new WebhookForm(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value));
    }

    /// <summary>
    /// Checks a WebSocket upgrade the carrier signed (ConversationRelay): the signature covers the socket URL we gave it
    /// (<paramref name="socketUrl"/>: wss with our public host) and no parameters.
    /// </summary>
    public bool IsSignedUpgrade(HttpRequest request, string socketUrl)
    {
        var sig = request.Headers[TwilioHeader].ToString();
        if (sig.Length == 0) sig = request.Headers[SignalWireHeader].ToString();
        var valid = sig.Length > 0 && _keys.Any(key => WebhookSignature.IsValid(socketUrl, [], sig, key));
        if (!valid) log.LogWarning("Rejected a relay socket {Path}: missing or invalid signature", request.Path.Value);
        return valid;
    }

    public static IResult Forbidden() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid signature",
        detail: "The X-Twilio-Signature / X-SignalWire-Signature header is missing or does not match this request.");

    /// <summary>
    /// Runs <paramref name="effect"/> once per (endpoint, business, key) in one transaction with its receipt. A repeat
    /// delivery (also a concurrent one: the receipt insert waits for the first and then finds it) gets the stored answer
    /// back. Keyed per business: the same CallSid sent to another business's number is that business's own webhook.
    /// <paramref name="businessId"/> is null only when no business can be known.
    /// </summary>
    public async Task<WebhookAnswer> OnceAsync(string endpoint, string key, string? businessId, Func<DbTx, Task<WebhookAnswer>> effect, CancellationToken ct)
    {
        // Two partial unique indexes (migration 0008) make a receipt unique per (endpoint, business, key), or per
        // (endpoint, key) when there is no business; the id is new, so the only conflict is a repeat delivery, and
        // ON CONFLICT needs no target (one target cannot name either partial index on both databases).
        var sameReceipt = "endpoint = @endpoint AND idempotency_key = @key AND " + (businessId is null ? "business_id IS NULL" : "business_id = @businessId");
        return await db.WriteAsync(async tx =>
        {
            var inserted = await tx.Connection.ExecuteAsync("""
                INSERT INTO webhook_receipts (id, endpoint, idempotency_key, business_id, response_status, response_content_type, response_body, received_at)
                VALUES (@Id, @endpoint, @key, @businessId, 0, NULL, NULL, @Now)
                ON CONFLICT DO NOTHING
                """, new { Id = Ids.New(), endpoint, key, businessId, Now = clock.GetUtcNow() }, tx.Transaction);
            if (inserted == 0)
            {
                var stored = await tx.Connection.QuerySingleAsync<Receipt>(
                    $"SELECT response_status, response_content_type, response_body FROM webhook_receipts WHERE {sameReceipt}",
                    new { endpoint, key, businessId }, tx.Transaction);
                log.LogInformation("Repeated carrier webhook {Endpoint}: answered as before", endpoint);
                return new WebhookAnswer(stored.ResponseStatus, stored.ResponseContentType, stored.ResponseBody);
            }
            var answer = await effect(tx);
            await tx.Connection.ExecuteAsync($"""
                UPDATE webhook_receipts SET response_status = @Status, response_content_type = @ContentType, response_body = @Body
                WHERE {sameReceipt}
                """, new { answer.Status, answer.ContentType, answer.Body, endpoint, key, businessId }, tx.Transaction);
            return answer;
        }, ct);
    }

    private sealed record Receipt
    {
        public int ResponseStatus { get; init; }
        public string? ResponseContentType { get; init; }
        public string? ResponseBody { get; init; }
    }
}
