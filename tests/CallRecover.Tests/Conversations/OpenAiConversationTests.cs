using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using Dapper;
using static CallRecover.Tests.Conversations.ConversationTestKit;

namespace CallRecover.Tests.Conversations;

/// <summary>The whole turn path with Ai:Provider=openai, against the fake model server.</summary>
public sealed class OpenAiConversationTests
{
    private static Dictionary<string, string?> Settings(FakeOpenAiServer server) => new()
    {
        ["Ai:Provider"] = "openai", ["Ai:BaseUrl"] = server.BaseUrl, ["Ai:ApiKey"] = "sk-test", ["Ai:RetryBaseDelayMs"] = "10", ["Ai:MaxRetries"] = "1",
    };

    [Theory, DatabaseData]
    public async Task Conversation_WithTheModel_QualifiesTheLead_AndRecordsTheEngine(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        object[] script =
        [
            new { reply = "Sorry to hear that! How soon do you need someone?", service_needed = "Furnace repair" },
            new { reply = "Got it. What name should I put this under?", urgency = "soon" },
            new { reply = "Thanks, Ray! What's the service address?", name = "Ray Jackson" },
            new { reply = "And when's a good time to come out?", address = "3021 Bayshore Dr" },
            new { reply = "Perfect — someone will confirm shortly.", preferred_time = "friday morning", confidence = new { preferred_time = 0.9 } },
        ];
        server.Respond = (n, _, ctx) => FakeOpenAiServer.ToolCall(ctx, script[n]);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(server));
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);

        foreach (var text in new[] { "furnace is making a weird noise", "this week", "Ray Jackson", "3021 Bayshore Dr", "friday morning" })
            (await SayAsync(app, s, text, clock))!.Engine.ShouldBe("openai");

        var lead = (await LeadAsync(app, s))!;
        lead.Status.ShouldBe(LeadStatuses.Qualified);
        lead.ServiceNeeded.ShouldBe("Furnace repair");
        lead.Name.ShouldBe("Ray Jackson");
        lead.Address.ShouldBe("3021 Bayshore Dr");
        lead.PreferredTime.ShouldBe("friday morning");
        (await AiRepliesAsync(app, s)).Select(m => m.Body).ShouldBe(script.Select(x => JsonSerializer.SerializeToElement(x).GetProperty("reply").GetString()));
        (await NotificationsAsync(app, business)).ShouldContain(n => n.Event == "qualified");
        // Each request carried the thread so far: greeting, then alternating caller and AI.
        server.Requests.Last().Body.GetProperty("messages").GetArrayLength().ShouldBe(1 + 1 + 5 + 4);
    }

    [Theory, DatabaseData]
    public async Task ASlowModel_TheBuiltInEngineAnswersThatTurn_WithinTheTurnBudget(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = async (_, _, ctx) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
            await FakeOpenAiServer.ToolCall(ctx, new { reply = "Too late." });
        };
        var clock = new FakeClock();
        // The request timeout (30 s) is far longer than the turn budget (Ai:TurnSeconds, 5 s by default).
        var settings = Settings(server);
        settings["Ai:TimeoutSeconds"] = "30";
        await using var app = new AppFactory(db, clock, settings);
        var s = await MissedCallAsync(app, await app.CreateBusinessAsync());

        var started = System.Diagnostics.Stopwatch.StartNew();
        var reply = await SayAsync(app, s, "my ac isnt cooling", clock);
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));

        reply!.Engine.ShouldBe("builtin");
        reply.Body.ShouldContain("How soon");
        await using var conn = await app.Service<Db>().OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT fallback_reason FROM conversation_turns WHERE reply_message_id = @Id", new { reply.Id })).ShouldBe("turn_timeout");
    }

    [Theory, DatabaseData]
    public async Task AMalformedAnswer_TheBuiltInEngineAnswersThatTurn_AndTheModelTheNext(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = async (n, _, ctx) =>
        {
            if (n > 0) { await FakeOpenAiServer.ToolCall(ctx, new { reply = "Got it. How soon do you need someone?", service_needed = "AC repair" }); return; }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("{\"id\": \"chatcmpl-1\", \"choices\": [ {\"message\": ");
        };
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(server));
        var s = await MissedCallAsync(app, await app.CreateBusinessAsync());

        var first = await SayAsync(app, s, "my ac isnt cooling", clock);
        first!.Engine.ShouldBe("builtin");
        await using var conn = await app.Service<Db>().OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT fallback_reason FROM conversation_turns WHERE reply_message_id = @Id", new { first.Id })).ShouldNotBeNull();

        var second = await SayAsync(app, s, "pretty soon", clock);
        second!.Engine.ShouldBe("openai");
        second.Body.ShouldBe("Got it. How soon do you need someone?");
    }

    [Theory, DatabaseData]
    public async Task ModelDown_TheBuiltInEngineAnswers_AndTheTurnSaysSo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 503, "server_error", "server_error", "Service unavailable");
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(server));
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);

        var reply = await SayAsync(app, s, "my ac isnt cooling", clock);

        reply!.Engine.ShouldBe("builtin");
        reply.Body.ShouldContain("How soon");
        server.Requests.Count.ShouldBe(2);
        await using var conn = await app.Service<Db>().OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT fallback_reason FROM conversation_turns WHERE reply_message_id = @Id", new { reply.Id })).ShouldBe("server_error");
        (await LeadAsync(app, s))!.ServiceNeeded.ShouldBe("AC repair");
    }

    [Theory, DatabaseData]
    public async Task InsufficientQuota_IsReportedToTheOperator_AndTheCallerStillGetsAnAnswer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota.");
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(server));
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);

        (await SayAsync(app, s, "need a tune up", clock))!.Engine.ShouldBe("builtin");

        server.Requests.Count.ShouldBe(1);
        var incidents = await app.OperatorClient().GetFromJsonAsync<JsonElement>("/api/admin/ai/incidents");
        incidents.EnumerateArray().ShouldContain(i => i.GetProperty("kind").GetString() == "insufficient_quota" && i.GetProperty("businessId").GetString() == business.Id);
    }

    [Theory, DatabaseData]
    public async Task APersonTakingOverWhileTheModelThinks_DropsTheAiReply(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = await FakeOpenAiServer.StartAsync();
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(server));
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);
        server.Respond = async (_, _, ctx) =>
        {
            // The owner presses "take over" on the dashboard while the model is still writing.
            (await app.Service<TakeoverService>().TakeOverAsync(business.Id, s.Conversation.Id, "user:owner")).Ok.ShouldBeTrue();
            await FakeOpenAiServer.ToolCall(ctx, new { reply = "How soon do you need someone?", service_needed = "AC repair" });
        };

        (await SayAsync(app, s, "ac is broken", clock)).ShouldBeNull();

        (await AiRepliesAsync(app, s)).ShouldBeEmpty();
        await using var conn = await app.Service<Db>().OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT dropped_reason FROM conversation_turns WHERE conversation_id = @Id", new { s.Conversation.Id })).ShouldBe("human_active");
        (await ConversationAsync(app, s))!.Status.ShouldBe(ConversationStatuses.HumanActive);
    }
}
