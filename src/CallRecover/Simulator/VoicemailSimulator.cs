using CallRecover.Common;
using CallRecover.Recordings;
using CallRecover.Telephony;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

/// <summary>
/// The default run has no audio, so on /simulator a caller "leaves" a voicemail as typed text, which stands in for the
/// transcript and is processed exactly like a transcribed recording (lead, extraction, estimate, SMS quote).
/// </summary>
public static class VoicemailSimulator
{
    public sealed record Request(string? CarrierNumber, string? From, string? Text);

    public static void MapVoicemailSimulator(this IEndpointRouteBuilder app) =>
        app.MapPost("/simulator/api/voicemails", async (Request body, IOptions<CarrierOptions> carrier, BusinessDirectory directory,
            TypedVoicemails voicemails, CancellationToken ct) =>
        {
            if (!carrier.Value.IsSimulator)
                return Results.Problem(statusCode: 404, title: "Simulator off", detail: "The simulator runs only with Carrier__Provider=simulator.");
            var errors = new Dictionary<string, string[]>();
            var to = Phone.NormalizeOrNull(body.CarrierNumber);
            var business = to is null ? null : await directory.ByCarrierNumberAsync(to, ct);
            if (business is null) errors["carrierNumber"] = ["carrierNumber must be one of the businesses' carrier numbers."];
            var from = TypedVoicemails.Validate(body.From, body.Text, errors);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The voicemail is not valid.");
            var recording = await voicemails.LeaveAsync(business!.Id, from!, body.Text!.Trim(), ct);
            return TypedResults.Created($"/simulator", new { recording.Id });
        }).DisableAntiforgery();
}

/// <summary>The "leave a voicemail" form on /simulator (uses the page's chosen business and caller phone).</summary>
public sealed class VoicemailSimulatorSection : ISimulatorSection
{
    public int Order => 400;

    public string Html => """
        <section id="sim-voicemail" data-testid="voicemail">
          <h2>Leave a voicemail <span class="muted">(typed text stands in for the recording's transcript)</span></h2>
          <p><label>Business carrier number <input id="vm-to" data-testid="vm-to" placeholder="+19045550198"></label></p>
          <p><label>Caller phone <input id="vm-from" data-testid="vm-from" placeholder="+19045551234"></label></p>
          <p><label>What they said <textarea id="vm-text" data-testid="vm-text" rows="3" style="width:100%"></textarea></label></p>
          <p><button id="vm-send" data-testid="vm-send" type="button">Leave voicemail</button> <span id="vm-result" data-testid="vm-result" class="muted"></span></p>
        </section>
        <script>
        document.getElementById('vm-send').addEventListener('click', async () => {
          const out = document.getElementById('vm-result');
          const r = await fetch('/simulator/api/voicemails', { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ carrierNumber: document.getElementById('vm-to').value, from: document.getElementById('vm-from').value, text: document.getElementById('vm-text').value }) });
          out.textContent = r.ok ? 'Voicemail left: watch the caller\'s phone for the reply.' : 'Not left: ' + JSON.stringify((await r.json()).errors ?? {});
        });
        </script>
        """;
}
