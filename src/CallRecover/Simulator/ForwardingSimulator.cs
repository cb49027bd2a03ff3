using CallRecover.Common;
using CallRecover.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

/// <summary>
/// Dialing a forwarding code on a simulated phone line (<c>POST /simulator/api/forwarding</c> <c>{line, code}</c>), as an owner
/// does on their business line during onboarding: the line then forwards the calls it does not answer
/// (<see cref="SimulatorForwarding"/>), so "Call me to test" comes back to the CallRecover number.
/// </summary>
public static class ForwardingSimulator
{
    public sealed record Request(string? Line, string? Code);

    public sealed record Dialed(string Line, string? ForwardsTo, string Summary);

    public static void MapForwardingSimulator(this IEndpointRouteBuilder app) =>
        app.MapPost("/simulator/api/forwarding", (Request body, IOptions<CarrierOptions> carrier, SimulatorForwarding forwarding) =>
        {
            if (!carrier.Value.IsSimulator)
                return Results.Problem(statusCode: 404, title: "Simulator off", detail: "The simulator runs only with Carrier__Provider=simulator.");
            var errors = new Dictionary<string, string[]>();
            var line = Phone.NormalizeOrNull(body.Line);
            if (line is null) errors["line"] = ["line must be the phone number of the line the code is dialed on."];
            if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Length > 40) errors["code"] = ["code must be the code dialed, e.g. *71 followed by the number."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            var result = forwarding.Dial(line!, body.Code!);
            if (result is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["code"] = ["That is not a forwarding code this network knows (**004*number#, **61*number#, *71number, *72number; ##004# or *73 to undo)."],
                });
            var to = result == "off" ? null : result;
            return Results.Ok(new Dialed(line!, to, to is null
                ? $"Forwarding is off on {Phone.Display(line!)}."
                : $"{Phone.Display(line!)} now forwards calls it does not answer to {Phone.Display(to)}."));
        }).DisableAntiforgery();
}

/// <summary>The "dial a forwarding code" form on /simulator.</summary>
public sealed class ForwardingSimulatorSection : ISimulatorSection
{
    public int Order => 450;

    public string Html => """
        <section id="sim-forwarding" data-testid="forwarding">
          <h2>Dial a forwarding code <span class="muted">(on a business's own line, as onboarding asks)</span></h2>
          <p><label>Line (the business phone) <input id="fw-line" data-testid="fw-line" placeholder="+19045550101"></label></p>
          <p><label>Code dialed <input id="fw-code" data-testid="fw-code" placeholder="*719045550100"></label></p>
          <p><button id="fw-dial" data-testid="fw-dial" type="button">Dial</button> <span id="fw-result" data-testid="fw-result" class="muted" role="status"></span></p>
        </section>
        <script>
        document.getElementById('fw-dial').addEventListener('click', async () => {
          const out = document.getElementById('fw-result');
          const r = await fetch('/simulator/api/forwarding', { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ line: document.getElementById('fw-line').value, code: document.getElementById('fw-code').value }) });
          const j = await r.json();
          out.textContent = r.ok ? j.summary : 'Not dialed: ' + Object.values(j.errors ?? {}).flat().join(' ');
        });
        </script>
        """;
}
