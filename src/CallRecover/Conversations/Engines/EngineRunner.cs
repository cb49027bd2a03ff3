using System.Diagnostics;
using CallRecover.Common;
using Microsoft.Extensions.Options;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// Runs a turn on the configured engine (<see cref="IConversationEngine"/>: the OpenAI-compatible model or the built-in
/// rules, chosen by <c>Ai:Provider</c>). When the model fails (quota, timeouts, 5xx after retries, an unusable answer)
/// the built-in engine answers that turn so the caller is never left hanging, and the turn says so. The deterministic
/// emergency / opt-out / wrong-number reading always runs too: if the model missed one, the built-in answer is used,
/// because those must never be missed. The model has <c>Ai:TurnSeconds</c> (5 s) per turn, retries included; past that the
/// turn is the built-in engine's (<c>fallback_reason = turn_timeout</c>).
/// </summary>
public sealed class EngineRunner(IConversationEngine engine, BuiltInEngine builtIn, AiIncidents incidents, IOptions<AiOptions> options, ILogger<EngineRunner> log)
{
    private readonly TimeSpan _budget = TimeSpan.FromSeconds(options.Value.TurnSeconds);

    public async Task<EngineTurn> RunAsync(EngineInput input, CancellationToken ct)
    {
        EngineTurn? safe;
        try { safe = await TimedAsync(builtIn, input, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A text the rules cannot read must not leave the caller unanswered (the turn would fail on every retry):
            // the team is asked to answer, as when the caller asks for a person, and the fault is logged to be fixed.
            // The error's type and stack only: its message may quote the caller's words.
            log.LogError("The built-in engine failed ({Error}) on a turn for business {BusinessId}; the team is asked to answer. {Stack}",
                ex.GetType().Name, input.Business.Id, ex.StackTrace);
            safe = null;
        }
        if (ReferenceEquals(engine, builtIn)) return safe ?? HandOff(input);
        // The model gets one budget per turn (retries included); past it the built-in engine answers this turn.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(_budget);
        try
        {
            var turn = await TimedAsync(engine, input, budget.Token);
            var o = turn.Outcome;
            if (safe?.Outcome is { } b && ((b.Emergency && !o.Emergency) || (b.OptOut && !o.OptOut) || (b.WrongNumber && !o.WrongNumber && !o.OptOut)))
                return safe with { FallbackReason = "safety_override" };
            return turn;
        }
        catch (AiEngineException ex)
        {
            log.LogWarning("AI engine {Engine} failed ({Kind}) for business {BusinessId}; the built-in engine answers this turn", engine.Name, ex.Kind, input.Business.Id);
            // Quota and key problems need the operator; transient failures are only counted on the turn.
            if (ex.Kind is "insufficient_quota" or "auth" or "bad_request")
                await incidents.RecordAsync(input.Business.Id, ex.Kind, ex.Message, CancellationToken.None);
            return (safe ?? HandOff(input)) with { FallbackReason = ex.Kind };
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ct.IsCancellationRequested)
        {
            // An answer the client library cannot even read (cut-off or invalid JSON): this turn is the built-in engine's.
            log.LogWarning("AI engine {Engine} gave an unreadable answer ({Error}) for business {BusinessId}; the built-in engine answers this turn",
                engine.Name, ex.GetType().Name, input.Business.Id);
            return (safe ?? HandOff(input)) with { FallbackReason = "malformed" };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("AI engine {Engine} did not answer within {Seconds}s for business {BusinessId}; the built-in engine answers this turn",
                engine.Name, _budget.TotalSeconds, input.Business.Id);
            return (safe ?? HandOff(input)) with { FallbackReason = "turn_timeout" };
        }
    }

    /// <summary>The answer when no engine could read the text: the team is asked to reach out, as for "can I talk to a person".</summary>
    private static EngineTurn HandOff(EngineInput input) =>
        new($"Thanks — I'll have someone from {input.Business.Name} reach out to you directly.", new TurnOutcome { HumanNeeded = true }, BuiltInEngine.EngineName, "builtin_error");

    /// <summary>One turn on one engine, timed for <c>callrecover.engine.latency</c> (a failed turn too: its time was spent).</summary>
    private static async Task<EngineTurn> TimedAsync(IConversationEngine on, EngineInput input, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try { return await on.TurnAsync(input, ct); }
        catch (AiEngineException ex)
        {
            outcome = ex.Kind;
            throw;
        }
        catch
        {
            outcome = "error";
            throw;
        }
        finally
        {
            if (Telemetry.EngineLatency.Enabled)
                Telemetry.EngineLatency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("engine", on.Name), new("outcome", outcome));
        }
    }
}
