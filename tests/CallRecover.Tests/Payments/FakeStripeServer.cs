using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Payments;

/// <summary>
/// Stripe's Checkout Sessions API on loopback (real Kestrel, real HTTP): takes the form-encoded create request the way
/// Stripe does and answers with a checkout.session object.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    public sealed record Request(string Path, string? Authorization, string? IdempotencyKey, IReadOnlyDictionary<string, string> Form);

    private readonly WebApplication _app;
    public ConcurrentQueue<Request> Requests { get; } = new();
    public string BaseUrl { get; }

    private FakeStripeServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeStripeServer? self = null;
        app.MapPost("/v1/checkout/sessions", async (HttpContext ctx) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            self!.Requests.Enqueue(new Request(ctx.Request.Path, ctx.Request.Headers.Authorization, ctx.Request.Headers["Idempotency-Key"], fields));
            var id = "cs_test_" + Guid.NewGuid().ToString("N");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = "open", ["payment_status"] = "unpaid",
                ["amount_total"] = long.Parse(fields["line_items[0][price_data][unit_amount]"]), ["currency"] = fields["line_items[0][price_data][currency]"],
                ["client_reference_id"] = fields.GetValueOrDefault("client_reference_id"), ["livemode"] = false,
                ["url"] = $"https://checkout.stripe.com/c/pay/{id}", ["success_url"] = fields["success_url"], ["cancel_url"] = fields["cancel_url"],
                ["metadata"] = fields.Where(f => f.Key.StartsWith("metadata[")).ToDictionary(f => f.Key[9..^1], f => f.Value),
            }));
        });
        // Cancelling a subscription (Subscriptions): recorded like a create, answered with the cancelled subscription.
        app.MapDelete("/v1/subscriptions/{id}", async (HttpContext ctx, string id) =>
        {
            self!.Requests.Enqueue(new Request(ctx.Request.Path, ctx.Request.Headers.Authorization, ctx.Request.Headers["Idempotency-Key"], new Dictionary<string, string>()));
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = id, ["object"] = "subscription", ["status"] = "canceled" }));
        });
        // A subscription with its one item (a plan change reads it, then moves the item to another price).
        app.MapGet("/v1/subscriptions/{id}", async (HttpContext ctx, string id) =>
        {
            self!.Requests.Enqueue(new Request(ctx.Request.Path + "#get", ctx.Request.Headers.Authorization, null, new Dictionary<string, string>()));
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(Subscription(id)));
        });
        app.MapPost("/v1/subscriptions/{id}", async (HttpContext ctx, string id) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            self!.Requests.Enqueue(new Request(ctx.Request.Path, ctx.Request.Headers.Authorization, ctx.Request.Headers["Idempotency-Key"],
                form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(Subscription(id)));
        });
        await app.StartAsync();
        self = new FakeStripeServer(app, app.Urls.First().TrimEnd('/'));
        return self;
    }

    /// <summary>An active subscription object with one item (<c>si_{id}</c>) on a price of product <c>prod_callrecover</c>.</summary>
    private static Dictionary<string, object?> Subscription(string id) => new()
    {
        ["id"] = id, ["object"] = "subscription", ["status"] = "active", ["livemode"] = false,
        ["items"] = new Dictionary<string, object?>
        {
            ["object"] = "list", ["has_more"] = false, ["url"] = $"/v1/subscription_items?subscription={id}",
            ["data"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["id"] = "si_" + id, ["object"] = "subscription_item", ["quantity"] = 1, ["subscription"] = id,
                    ["price"] = new Dictionary<string, object?>
                    {
                        ["id"] = "price_old", ["object"] = "price", ["product"] = "prod_callrecover", ["unit_amount"] = 9900, ["currency"] = "usd",
                        ["recurring"] = new Dictionary<string, object?> { ["interval"] = "month", ["interval_count"] = 1 },
                    },
                },
            },
        },
    };

    /// <summary>A checkout.session.completed event as Stripe sends it.</summary>
    public static string CompletedEvent(string eventId, string sessionId, long amountTotal, string currency = "usd", string paymentStatus = "paid", long created = 0) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId, ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["created"] = created,
            ["type"] = "checkout.session.completed", ["livemode"] = false, ["pending_webhooks"] = 1,
            ["request"] = new Dictionary<string, object?> { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId, ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = "complete", ["payment_status"] = paymentStatus,
                    ["amount_total"] = amountTotal, ["currency"] = currency, ["livemode"] = false,
                },
            },
        });

    /// <summary>Any event as Stripe sends it, with <paramref name="obj"/> as its data.object.</summary>
    public static string Event(string eventId, string type, Dictionary<string, object?> obj, long created = 0) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId, ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["created"] = created,
            ["type"] = type, ["livemode"] = false, ["pending_webhooks"] = 1,
            ["request"] = new Dictionary<string, object?> { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new Dictionary<string, object?> { ["object"] = obj },
        });

    /// <summary>The Stripe-Signature header the way Stripe signs: <c>t=…,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
    public static string Sign(string payload, string secret, long timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
