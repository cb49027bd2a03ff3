using System.Diagnostics;
using System.Text.Json;
using CallRecover.Conversations.Engines;
using CallRecover.Leads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Conversations;

/// <summary>The OpenAI-compatible engine against a fake chat-completions server on loopback.</summary>
public sealed class OpenAiEngineTests : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>The engine with its HTTP client registered as the app does (resilience handler included).</summary>
    private OpenAiEngine Engine(FakeOpenAiServer server, Action<AiOptions>? tweak = null)
    {
        var o = new AiOptions { Provider = "openai", BaseUrl = server.BaseUrl, ApiKey = "test-key", Model = "gpt-4o-mini", RetryBaseDelayMs = 10 };
        tweak?.Invoke(o);
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton(Options.Create(o));
        OpenAiEngine.AddHttpClient(services);
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return new OpenAiEngine(sp.GetRequiredService<IOptions<AiOptions>>(), sp.GetRequiredService<IHttpClientFactory>(), NullLogger<OpenAiEngine>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sp in _providers) await sp.DisposeAsync();
    }

    private static EngineInput Input(string text, KnownLead? known = null) =>
        new(ConversationCorpus.BusinessFor("hvac"), known ?? new KnownLead(), new ConversationState(),
            [new ThreadMessage(false, "Hey! Sorry we missed your call. This is Comfort Pro HVAC. How can we help you today?", new DateTimeOffset(2026, 7, 14, 15, 0, 0, TimeSpan.Zero)),
             new ThreadMessage(true, text, new DateTimeOffset(2026, 7, 14, 15, 2, 0, TimeSpan.Zero))],
            new DateTimeOffset(2026, 7, 14, 15, 2, 0, TimeSpan.Zero));

    [Fact]
    public async Task ToolCall_GivesReplyAndFields_AndTheRequestCarriesPromptToolAndKey()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.ToolCall(ctx, new
        {
            reply = "Sorry to hear that, Dana — how soon do you need someone out?",
            service_needed = "ac repair", name = "Dana Reyes", urgency = "soon",
            confidence = new { name = 0.95, service_needed = 0.9 },
        });
        var known = new KnownLead { Fields = { [LeadFields.Address] = new FieldValue("12 Oak St", 0.9) } };

        var turn = await Engine(server).TurnAsync(Input("hi its Dana Reyes, my AC died", known), default);

        turn.Engine.ShouldBe("openai");
        turn.Reply.ShouldBe("Sorry to hear that, Dana — how soon do you need someone out?");
        turn.Outcome.Fields[LeadFields.Service].Value.ShouldBe("AC repair");
        turn.Outcome.Fields[LeadFields.Name].ShouldBe(new FieldValue("Dana Reyes", 0.95));
        turn.Outcome.Fields[LeadFields.Urgency].Value.ShouldBe(Urgencies.Soon);
        turn.Outcome.Qualified.ShouldBeFalse();

        var request = server.Requests.Single();
        request.Path.ShouldBe("/v1/chat/completions");
        request.Authorization.ShouldBe("Bearer test-key");
        request.Body.GetProperty("model").GetString().ShouldBe("gpt-4o-mini");
        request.Body.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().ShouldBe(OpenAiEngine.ToolName);
        request.Body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString().ShouldBe(OpenAiEngine.ToolName);
        var messages = request.Body.GetProperty("messages");
        messages[0].GetProperty("role").GetString().ShouldBe("system");
        var system = messages[0].GetProperty("content").ToString();
        system.ShouldContain("Comfort Pro HVAC");
        system.ShouldContain("AC repair");
        system.ShouldContain("Never mention prices");
        system.ShouldContain("address = 12 Oak St");
        system.ShouldContain("Tuesday 2026-07-14 11:02");
        messages[1].GetProperty("role").GetString().ShouldBe("assistant");
        messages[2].GetProperty("role").GetString().ShouldBe("user");
    }

    [Fact]
    public async Task ABaseUrlWithATrailingSlash_StillReachesChatCompletions()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var turn = await Engine(server, o => o.BaseUrl = server.BaseUrl + "/").TurnAsync(Input("hi"), default);
        turn.Engine.ShouldBe("openai");
        server.Requests.Single().Path.ShouldBe("/v1/chat/completions");
    }

    [Fact]
    public async Task MalformedArguments_AreIgnored_AndTheTextReplyIsUsed()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.ToolCallRaw(ctx, "{\"reply\": \"ok\", \"name\": \"Dana", content: "Thanks! What's the address for the service?");

        var turn = await Engine(server).TurnAsync(Input("Dana"), default);

        turn.Reply.ShouldBe("Thanks! What's the address for the service?");
        turn.Outcome.Fields.ShouldBeEmpty();
    }

    [Fact]
    public async Task WrongTypes_AreIgnoredFieldByField()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.ToolCallRaw(ctx,
            """{"reply":"Got it.","name":42,"urgency":"extreme","address":"12 Oak St","human_needed":"yes","email":"not-an-email","confidence":{"address":7}}""");

        var turn = await Engine(server).TurnAsync(Input("12 oak st"), default);

        turn.Outcome.Fields.Keys.ShouldBe([LeadFields.Address]);
        turn.Outcome.Fields[LeadFields.Address].Confidence.ShouldBe(0.8);
        turn.Outcome.HumanNeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task NoUsableReply_IsAFailure_NotAnEmptyText()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.ToolCallRaw(ctx, "not json at all");

        var ex = await Should.ThrowAsync<AiEngineException>(() => Engine(server).TurnAsync(Input("hi"), default));
        ex.Kind.ShouldBe("bad_response");
    }

    [Fact]
    public async Task APriceFromTheModel_ForABusinessWithoutEstimates_IsRejected()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.ToolCall(ctx, new { reply = "A service call is $89. When works for you?" });

        (await Should.ThrowAsync<AiEngineException>(() => Engine(server).TurnAsync(Input("how much?"), default))).Kind.ShouldBe("bad_response");
    }

    [Fact]
    public async Task RateLimited_IsRetried_AfterTheRetryAfterDelay()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (n, _, ctx) => n == 0
            ? FakeOpenAiServer.Error(ctx, 429, "requests", "rate_limit_exceeded", "Rate limit reached for requests", retryAfter: "1")
            : FakeOpenAiServer.ToolCall(ctx, new { reply = "What's going on with your system?" });

        var turn = await Engine(server).TurnAsync(Input("hello"), default);

        turn.Reply.ShouldBe("What's going on with your system?");
        var times = server.Requests.Select(r => r.Timestamp).ToList();
        times.Count.ShouldBe(2);
        Stopwatch.GetElapsedTime(times[0], times[1]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task InsufficientQuota_IsNotRetried()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota, please check your plan and billing details.");

        var ex = await Should.ThrowAsync<AiEngineException>(() => Engine(server).TurnAsync(Input("hello"), default));

        ex.Kind.ShouldBe("insufficient_quota");
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_ThenGiveUp()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 500, "server_error", "server_error", "The server had an error while processing your request.");

        var ex = await Should.ThrowAsync<AiEngineException>(() => Engine(server, o => o.MaxRetries = 2).TurnAsync(Input("hello"), default));

        ex.Kind.ShouldBe("server_error");
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ASlowModel_TimesOut()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = async (_, _, ctx) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), ctx.RequestAborted).ContinueWith(_ => { });
            if (!ctx.RequestAborted.IsCancellationRequested) await FakeOpenAiServer.ToolCall(ctx, new { reply = "late" });
        };

        var ex = await Should.ThrowAsync<AiEngineException>(() => Engine(server, o => { o.TimeoutSeconds = 1; o.MaxRetries = 0; }).TurnAsync(Input("hello"), default));

        ex.Kind.ShouldBe("timeout");
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheLimit_IsNotWaitedFor_TheTurnFailsAtOnce()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 429, "requests", "rate_limit_exceeded", "Rate limit reached for requests", retryAfter: "60");
        var started = Stopwatch.GetTimestamp();

        var ex = await Should.ThrowAsync<AiEngineException>(() => Engine(server, o => o.MaxRetryAfterSeconds = 5).TurnAsync(Input("hello"), default));

        ex.Kind.ShouldBe("rate_limited");
        ex.Message.ShouldContain("asked to wait 60s");
        server.Requests.Count.ShouldBe(1);
        Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ADeadProvider_OpensTheCircuit_AndLaterTurnsFailFastWithoutCallingIt()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Respond = (_, _, ctx) => FakeOpenAiServer.Error(ctx, 500, "server_error", "server_error", "The server had an error while processing your request.");
        var engine = Engine(server, o => o.MaxRetries = 0);

        for (var i = 0; i < OpenAiEngine.CircuitMinimumThroughput; i++)
            (await Should.ThrowAsync<AiEngineException>(() => engine.TurnAsync(Input("hello"), default))).Kind.ShouldBe("server_error");
        server.Requests.Count.ShouldBe(OpenAiEngine.CircuitMinimumThroughput);

        var ex = await Should.ThrowAsync<AiEngineException>(() => engine.TurnAsync(Input("hello"), default));

        ex.Kind.ShouldBe("circuit_open");
        server.Requests.Count.ShouldBe(OpenAiEngine.CircuitMinimumThroughput);
    }
}
