using Microsoft.Extensions.Options;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// Runs a turn on the configured engine. When the model fails (quota, timeouts, 5xx after retries, an unusable
/// answer) the built-in engine answers that turn so the caller is never left hanging, and the turn says so.
/// The deterministic emergency / opt-out / wrong-number reading always runs too: if the model missed one,
/// the built-in answer is used, because those must never be missed.
/// </summary>
public sealed class EngineRunner(IOptions<AiOptions> options, IServiceProvider services, AiIncidents incidents, ILogger<EngineRunner> log)
{
    public async Task<EngineTurn> RunAsync(EngineInput input, CancellationToken ct)
    {
        var builtin = BuiltInEngine.Turn(input);
        if (!options.Value.IsOpenAi) return builtin;
        var model = services.GetRequiredService<OpenAiEngine>();
        try
        {
            var turn = await model.TurnAsync(input, ct);
            var o = turn.Outcome;
            var b = builtin.Outcome;
            if ((b.Emergency && !o.Emergency) || (b.OptOut && !o.OptOut) || (b.WrongNumber && !o.WrongNumber && !o.OptOut))
                return builtin with { FallbackReason = "safety_override" };
            return turn;
        }
        catch (AiEngineException ex)
        {
            log.LogWarning("AI engine failed ({Kind}) for business {BusinessId}; the built-in engine answers this turn", ex.Kind, input.Business.Id);
            // Quota and key problems need the operator; transient failures are only counted on the turn.
            if (ex.Kind is "insufficient_quota" or "auth" or "bad_request")
                await incidents.RecordAsync(input.Business.Id, ex.Kind, ex.Message, CancellationToken.None);
            return builtin with { FallbackReason = ex.Kind };
        }
    }
}
