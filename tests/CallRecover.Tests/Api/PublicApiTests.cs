using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Api;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Jobs;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using CallRecover.Webhooks;

namespace CallRecover.Tests.Api;

public sealed class PublicApiTests
{
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    [Theory, DatabaseData]
    public async Task TokenOfBusinessA_ReachesNothingOfBusinessB_ThroughEveryRouteInTheOpenApiDocument(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await ApiScenario.CreateAsync(app, "Alice Able");
        var b = await ApiScenario.CreateAsync(app, "Bob Baker");
        var (client, _, _) = await ApiScenario.TokenClientAsync(app, a.BusinessId);
        var bMessages = (await app.Service<ConversationStore>().MessagesAsync(b.BusinessId, b.Caller.Conversation.Id)).Count;
        var bJobStage = (await app.Service<JobStore>().GetAsync(b.BusinessId, b.Ids["jobs"]))!.Stage;

        var doc = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var routes = doc.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        routes.Count.ShouldBeGreaterThanOrEqualTo(20);
        var secretsOfB = b.Ids.Values.Append(b.Caller.Lead.Phone).Append("Bob Baker").ToList();
        var checkedCalls = 0;
        foreach (var route in routes)
            foreach (var op in route.Value.EnumerateObject())
            {
                var method = op.Name.ToUpperInvariant();
                var query = op.Value.TryGetProperty("parameters", out var ps)
                    ? string.Join("&", ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
                        .Select(p => p.GetProperty("name").GetString()!).Where(n => n is not "limit" and not "cursor")
                        .Select(n => $"{n}={Uri.EscapeDataString(ValueOf(b, n))}"))
                    : "";
                // Business B's ids in the path (and in every filter), with A's token; then A's own ids as the control.
                foreach (var (scenario, other) in new[] { (b, true), (a, false) })
                {
                    if (!other && method != "GET") continue; // the control reads only: A's own data stays as it is
                    var url = Fill(route.Name, scenario) + (other && query.Length > 0 ? "?" + query : "");
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (Writes.Contains(method)) request.Content = JsonContent.Create(new { body = "Hello from the API", stage = "in_progress", status = "disabled" });
                    var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (other)
                    {
                        ((int)response.StatusCode).ShouldBeLessThan(500, $"{method} {url}: {text}");
                        if (response.IsSuccessStatusCode)
                        {
                            method.ShouldBe("GET", $"{method} {url} succeeded with another business's ids: {text}");
                            foreach (var secret in secretsOfB) text.ShouldNotContain(secret, Case.Insensitive, $"{method} {url} shows business B's {secret}");
                        }
                        else if (route.Name.Contains('{')) response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {url}: {text}");
                        else ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {url}: {text}");
                        checkedCalls++;
                    }
                    else if (method == "GET")
                    {
                        // The control: the same route with A's own ids answers A's data, so the check above can fail.
                        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{method} {url}: {text}");
                        if (!route.Name.Contains('{')) text.ShouldContain(Fill("{" + Segment(route.Name) + "}", a, Segment(route.Name)));
                    }
                }
            }
        checkedCalls.ShouldBeGreaterThanOrEqualTo(16);
        (await app.Service<ConversationStore>().MessagesAsync(b.BusinessId, b.Caller.Conversation.Id)).Count.ShouldBe(bMessages);
        (await app.Service<JobStore>().GetAsync(b.BusinessId, b.Ids["jobs"]))!.Stage.ShouldBe(bJobStage);
        var bHook = (await app.Service<WebhookStore>().GetAsync(b.BusinessId, b.Ids["webhooks"])).ShouldNotBeNull();
        bHook.Status.ShouldBe(SubscriptionStatuses.Active);
        (await app.Service<WebhookStore>().DeliveriesAsync(b.BusinessId, b.Ids["webhooks"])).Count.ShouldBe(1, "no resend of B's delivery");
    }

    [Theory, DatabaseData]
    public async Task Tokens_AreShownOnce_Scoped_Revocable_AndRecordTheirLastUse(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var a = await ApiScenario.CreateAsync(app);
        (await app.CreateClient().GetAsync("/api/v1/leads")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (reader, readerId, secret) = await ApiScenario.TokenClientAsync(app, a.BusinessId, "read");
        secret.ShouldStartWith("crk_");

        var leads = await reader.GetFromJsonAsync<JsonElement>("/api/v1/leads");
        leads.GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(a.Caller.Lead.Id);
        var send = await reader.PostJsonAsync($"/api/v1/conversations/{a.Caller.Conversation.Id}/messages", new { body = "Hi" });
        send.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var operatorClient = app.OperatorClient();
        var listed = await operatorClient.GetStringAsync($"/api/admin/businesses/{a.BusinessId}/api-tokens");
        listed.ShouldNotContain(secret);
        var token = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == readerId);
        token.GetProperty("lastUsedAt").GetDateTimeOffset().ShouldBe(BookingScenario.Start);
        token.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["read"]);

        var bad = await operatorClient.PostJsonAsync($"/api/admin/businesses/{a.BusinessId}/api-tokens", new { name = "x", scopes = new[] { "admin" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("scopes");
        (await operatorClient.DeleteAsync($"/api/admin/businesses/{a.BusinessId}/api-tokens/{readerId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await reader.GetAsync("/api/v1/leads")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await operatorClient.DeleteAsync($"/api/admin/businesses/{a.BusinessId}/api-tokens/{readerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Lists_AreCursorPages_OldestFirst_WithNoRowTwice(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var callers = new List<(BookingScenario.Caller Caller, int Minute)>();
        for (var i = 0; i < 5; i++)
        {
            callers.Add((await s.QualifiedCallerAsync($"Caller {i}"), (i + 1) / 2));
            if (i % 2 == 0) clock.Advance(TimeSpan.FromMinutes(1)); // two share a creation time: the id breaks the tie
        }
        var expected = callers.OrderBy(c => c.Minute).ThenBy(c => c.Caller.Lead.Id, StringComparer.Ordinal).Select(c => c.Caller.Lead.Id).ToList();
        var (client, _, _) = await ApiScenario.TokenClientAsync(app, s.Business.Id);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/leads?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);
        pages.ShouldBe(3);
        seen.ShouldBe(expected);

        var badLimit = await client.GetAsync("/api/v1/leads?limit=0");
        badLimit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("limit");
        var badCursor = await client.GetAsync("/api/v1/leads?cursor=%%%");
        badCursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badCursor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("cursor");
        var filtered = await client.GetFromJsonAsync<JsonElement>($"/api/v1/leads?phone={Uri.EscapeDataString(callers[3].Caller.Lead.Phone)}");
        filtered.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ShouldBe([callers[3].Caller.Lead.Id]);
    }

    [Theory, DatabaseData]
    public async Task SendingAText_GoesThroughTheOneSendPath_AsAPerson(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await ApiScenario.CreateAsync(app);
        var (client, _, _) = await ApiScenario.TokenClientAsync(app, a.BusinessId);

        var empty = await client.PostJsonAsync($"/api/v1/conversations/{a.Caller.Conversation.Id}/messages", new { body = " " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A NUL was accepted and sent (found by probing); a line break is still a line break.
        var before = (await app.Service<ConversationStore>().MessagesAsync(a.BusinessId, a.Caller.Conversation.Id)).Count;
        var nul = await client.PostJsonAsync($"/api/v1/conversations/{a.Caller.Conversation.Id}/messages", new { body = "hello \u0000 there" });
        nul.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await nul.Content.ReadAsStringAsync()).ShouldContain("control character");
        (await app.Service<ConversationStore>().MessagesAsync(a.BusinessId, a.Caller.Conversation.Id)).Count.ShouldBe(before);
        var sent = await client.PostJsonAsync($"/api/v1/conversations/{a.Caller.Conversation.Id}/messages", new { body = "We can come tomorrow at 9." });
        sent.StatusCode.ShouldBe(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var message = (await app.Service<ConversationStore>().MessagesAsync(a.BusinessId, a.Caller.Conversation.Id))[^1];
        (message.Body, message.Sender, message.Purpose).ShouldBe(("We can come tomorrow at 9.", Senders.Human, SmsPurposes.Manual));
        (await app.Service<ConversationStore>().GetAsync(a.BusinessId, a.Caller.Conversation.Id))!.Status.ShouldBe(ConversationStatuses.HumanActive);

        var moved = await client.PostJsonAsync($"/api/v1/jobs/{a.Ids["jobs"]}/stage", new { stage = "in_progress" });
        moved.StatusCode.ShouldBe(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        (await app.Service<JobStore>().GetAsync(a.BusinessId, a.Ids["jobs"]))!.Stage.ShouldBe(JobStages.InProgress);
        (await client.PostJsonAsync($"/api/v1/jobs/{a.Ids["jobs"]}/stage", new { stage = "nonsense" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task OpenApiDocument_HasThePublicAndOperatorApis_UnderTheirTags_AndAReferencePage(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var doc = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        paths.GetProperty("/api/v1/leads").GetProperty("get").GetProperty("tags")[0].GetString().ShouldBe(PublicApiEndpoints.Tag);
        paths.GetProperty("/api/admin/businesses/{businessId}/api-tokens").GetProperty("post").GetProperty("tags")[0].GetString().ShouldBe("Operator");
        paths.EnumerateObject().ShouldNotContain(p => p.Name.StartsWith("/api/dashboard", StringComparison.Ordinal));
        var reference = await app.CreateClient().GetAsync("/scalar/v1");
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reference.Content.ReadAsStringAsync()).ShouldContain("openapi/v1.json");
    }

    private static string Segment(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2];

    /// <summary>The path with each {parameter} replaced by the scenario's id of the resource named just before it.</summary>
    private static string Fill(string path, ApiScenario s, string? only = null)
    {
        if (only is not null) return s.Ids[only];
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].StartsWith('{')) parts[i] = s.Ids[parts[i - 1]];
        return string.Join('/', parts);
    }

    private static string ValueOf(ApiScenario s, string filter) => filter switch
    {
        "phone" => s.Caller.Lead.Phone,
        "leadId" => s.Ids["leads"],
        "customerId" => s.Ids["customers"],
        "conversationId" => s.Ids["conversations"],
        "jobId" => s.Ids["jobs"],
        _ => "x",
    };
}
