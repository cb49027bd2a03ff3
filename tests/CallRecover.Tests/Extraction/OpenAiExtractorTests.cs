using System.Collections.Concurrent;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Extraction;

/// <summary>An OpenAI-compatible <c>POST /v1/chat/completions</c> that answers with one scripted tool call (or an error).</summary>
public sealed class FakeChatServer : LoopbackServer
{
    public ConcurrentQueue<JsonDocument> Requests { get; } = new();
    public string Arguments { get; set; } = "{}";
    public int FailWith { get; set; }

    public string BaseUrl => Url + "/v1";

    public static async Task<FakeChatServer> StartAsync()
    {
        var server = new FakeChatServer();
        await server.StartAsync(app => app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            server.Requests.Enqueue(await JsonDocument.ParseAsync(ctx.Request.Body));
            if (server.FailWith != 0)
            {
                ctx.Response.StatusCode = server.FailWith;
                await ctx.Response.WriteAsync(FakeWhisperServer.Error("down", "server_error", null));
                return;
            }
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model = "gpt-4o-mini",
                choices = new[]
                {
                    new
                    {
                        index = 0, finish_reason = "tool_calls",
                        message = new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = OpenAiExtractor.FunctionName, arguments = server.Arguments } } } },
                    },
                },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            }));
        }));
        return server;
    }
}

public sealed class OpenAiExtractorTests
{
    private static readonly ExtractionContext Ctx = new("+19045550188", 2026, "Joe's Mobile Mechanic", "auto");

    private static OpenAiExtractor Extractor(FakeChatServer server) =>
        new(Options.Create(new CallRecover.Conversations.Engines.AiOptions { Provider = "openai", BaseUrl = server.BaseUrl, ApiKey = "sk-test", Model = "gpt-test" }), NullLogger<OpenAiExtractor>.Instance);

    [Fact]
    public async Task ToolCallArguments_BecomeValidatedFields_AndTheFunctionIsForced()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Arguments = """
            {"name":{"value":"Maria Lopez","confidence":0.95},"phone":{"value":"904 555 0134","confidence":0.9},
             "vehicleYear":{"value":"2015","confidence":0.9},"vehicleMake":{"value":"Honda","confidence":0.9},"vehicleModel":{"value":"Civic","confidence":0.85},
             "urgency":{"value":"soon","confidence":0.7},"problem":{"value":"brakes squealing","confidence":0.8},
             "price":{"value":"$300","confidence":0.6},"preferredTimes":["Thursday morning","Friday at 3 pm"]}
            """;

        var r = await Extractor(server).ExtractAsync("(transcript)", Ctx, CancellationToken.None);

        r.Engine.ShouldBe("openai");
        r.Value(FieldNames.Name).ShouldBe("Maria Lopez");
        r.Value(FieldNames.Phone).ShouldBe("+19045550134");
        r.Value(FieldNames.Price).ShouldBe("300.00");
        r.Confidence(FieldNames.VehicleModel).ShouldBe(0.85);
        r.AppointmentStatus.ShouldBe(AppointmentStatuses.Several);
        r.PreferredTimes.ShouldBe(["Thursday morning", "Friday at 3 pm"]);
        var request = server.Requests.Single().RootElement;
        request.GetProperty("model").GetString().ShouldBe("gpt-test");
        request.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString().ShouldBe(OpenAiExtractor.FunctionName);
        request.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").TryGetProperty("vin", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task MistypedValues_AreDropped_NotStored()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Arguments = """{"name":{"value":"Al","confidence":7},"vehicleYear":{"value":"next year","confidence":0.9},"urgency":{"value":"super urgent","confidence":0.9},"vin":{"value":"123","confidence":0.9}}""";

        var r = await Extractor(server).ExtractAsync("(transcript)", Ctx, CancellationToken.None);

        r.Confidence(FieldNames.Name).ShouldBe(1.0);
        r.Fields.ContainsKey(FieldNames.VehicleYear).ShouldBeFalse();
        r.Fields.ContainsKey(FieldNames.Urgency).ShouldBeFalse();
        r.Fields.ContainsKey(FieldNames.Vin).ShouldBeFalse();
        r.Notes.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("{\"name\": {\"value\": \"Al\"")]
    [InlineData("[1,2,3]")]
    public async Task InvalidArguments_FallBackToTheBuiltInRules(string arguments)
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Arguments = arguments;

        var r = await Extractor(server).ExtractAsync("My name is Sam Ortiz and my battery is dead.", Ctx, CancellationToken.None);

        r.Engine.ShouldBe("rules");
        r.Value(FieldNames.Name).ShouldBe("Sam Ortiz");
        r.Notes.ShouldContain(n => n.StartsWith("ai arguments invalid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerDown_FallsBackToTheBuiltInRules()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.FailWith = 500;

        var r = await Extractor(server).ExtractAsync("My name is Sam Ortiz and my battery is dead.", Ctx, CancellationToken.None);

        r.Engine.ShouldBe("rules");
        r.Value(FieldNames.Name).ShouldBe("Sam Ortiz");
    }

    [Theory, DatabaseData]
    public async Task WithAiProviderOpenAi_TheVoicemailLeadGetsTheModelsFields(string provider)
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Arguments = """{"name":{"value":"Priya Shah","confidence":0.93},"problem":{"value":"needs new brake pads","confidence":0.9},"vehicleMake":{"value":"Toyota","confidence":0.9},"vehicleModel":{"value":"Camry","confidence":0.9},"vehicleYear":{"value":"2020","confidence":0.9}}""";
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new()
        {
            ["Transcription:Provider"] = "none", ["Ai:Provider"] = "openai", ["Ai:BaseUrl"] = chat.BaseUrl, ["Ai:ApiKey"] = "sk-test",
        });
        var business = await kit.MechanicAsync();

        await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = TestBusinesses.UniquePhone(), text = "Hi it's Priya, brakes on the Camry again." });

        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var lead = await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId);
        lead!.Name.ShouldBe("Priya Shah");
        lead.Confidence["name"].ShouldBe(0.93);
        var extraction = await kit.App.Service<ExtractionStore>().GetAsync(business.Id, quote.ExtractionId!);
        extraction!.Engine.ShouldBe("openai");
        quote.Total.ShouldBe(270m);
    }
}
