using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Api;

/// <summary>A business with one of every resource the public API serves, and helpers for API tokens.</summary>
public sealed class ApiScenario
{
    public required BookingScenario Booking { get; init; }
    public required BookingScenario.Caller Caller { get; init; }
    /// <summary>Resource name (the API's path segment) → the id of this business's row.</summary>
    public required Dictionary<string, string> Ids { get; init; }
    public string BusinessId => Booking.Business.Id;

    public static async Task<ApiScenario> CreateAsync(AppFactory app, string name = "Jane Doe")
    {
        var s = await BookingScenario.CreateAsync(app);
        var caller = await s.QualifiedCallerAsync(name);
        var customer = await s.Db.WriteAsync(tx => app.Service<CustomerStore>().UpsertAsync(tx, s.Business.Id, caller.Lead.Phone, name, null, "12 Oak St"));
        var quote = await QuoteSeed.QuoteAsync(app, s.Business.Id, caller.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent, customer.Id);
        var client = app.OperatorClient();
        // A public address (TEST-NET-3): accepted without Outbound:AllowPrivateTargets; nothing answers there.
        var hook = await client.PostJsonAsync($"/api/admin/businesses/{s.Business.Id}/webhooks", new { url = "https://203.0.113.7/hook", events = new[] { "appointment.booked" } });
        hook.StatusCode.ShouldBe(HttpStatusCode.Created, await hook.Content.ReadAsStringAsync());
        var hookId = (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var appointment = await client.PostJsonAsync($"/api/admin/businesses/{s.Business.Id}/appointments",
            new { leadId = caller.Lead.Id, start = "2026-03-04T09:00:00-05:00", notifyCaller = false });
        appointment.StatusCode.ShouldBe(HttpStatusCode.Created, await appointment.Content.ReadAsStringAsync());
        var job = await Jobs.JobsApi.AddJobAsync(client, s, caller.Lead.Id);
        var delivery = (await app.Service<CallRecover.Webhooks.WebhookStore>().DeliveriesAsync(s.Business.Id, hookId)).ShouldHaveSingleItem();
        var message = (await app.Service<CallRecover.Conversations.ConversationStore>().MessagesAsync(s.Business.Id, caller.Conversation.Id))[0];
        return new ApiScenario
        {
            Booking = s, Caller = caller,
            Ids = new()
            {
                ["leads"] = caller.Lead.Id, ["customers"] = customer.Id, ["conversations"] = caller.Conversation.Id, ["messages"] = message.Id,
                ["appointments"] = (await appointment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
                ["quotes"] = quote.Id, ["jobs"] = job, ["webhooks"] = hookId, ["deliveries"] = delivery.Id,
            },
        };
    }

    /// <summary>Creates a token through the operator API and answers a client that presents it.</summary>
    public static async Task<(HttpClient Client, string TokenId, string Secret)> TokenClientAsync(AppFactory app, string businessId, params string[] scopes)
    {
        var created = await app.OperatorClient().PostJsonAsync($"/api/admin/businesses/{businessId}/api-tokens",
            new { name = "CRM sync", scopes = scopes.Length == 0 ? ["read", "write"] : scopes });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("token").GetString()!;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (client, body.GetProperty("id").GetString()!, secret);
    }
}
