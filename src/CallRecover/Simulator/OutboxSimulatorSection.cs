
using CallRecover.Notifications.Email;
using CallRecover.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

/// <summary>
/// The email outbox on the /simulator page: what the owner's inbox would receive (notifications with their .ics,
/// the daily digest, sign-in links) while no SMTP server is configured. Built with textContent only — email
/// subjects and bodies come from callers' texts and must never become markup.
/// </summary>
public sealed class OutboxSimulatorSection : ISimulatorSection
{
    /// <summary>
    /// <c>GET /simulator/api/outbox?to=</c>. Only in the simulator run (the gate in front of /simulator answers 404
    /// with a real carrier) and only while no SMTP server is configured: the outbox holds every tenant's sign-in
    /// links, so anonymous reading is for the local default run alone.
    /// </summary>
    public static IEndpointRouteBuilder MapOutbox(IEndpointRouteBuilder app)
    {
        app.MapGet("/simulator/api/outbox", async Task<Results<Ok<IReadOnlyList<EmailModule.OutboxEmail>>, NotFound>> (string? to, int? limit,
            EmailOutbox outbox, IOptions<EmailOptions> options, IOptions<CarrierOptions> carrier, CancellationToken ct) =>
        {
            if (options.Value.SmtpEnabled || !carrier.Value.IsSimulator) return TypedResults.NotFound();
            return TypedResults.Ok(await EmailModule.RecentAsync(outbox, to, limit, ct));
        }).WithTags("Simulator");
        return app;
    }

    public int Order => 500;

    public string Html => """
        <section id="sim-email-outbox" data-testid="email-outbox" style="grid-column: 1 / -1">
          <h2>Email outbox <span class="muted">(no SMTP server set: nothing leaves this machine)</span></h2>
          <div id="outbox-list" data-testid="outbox-list"><p class="muted">No emails yet.</p></div>
        </section>
        <script>
        (() => {
          const list = document.getElementById('outbox-list');
          let key = '';
          async function load() {
            let emails;
            try {
              const r = await fetch('/simulator/api/outbox?limit=30');
              if (r.status === 404) { list.innerHTML = '<p class="muted">Real email is on (Email__Host is set): see the mailbox.</p>'; return; }
              emails = await r.json();
            } catch { return; }
            const k = JSON.stringify(emails.map(e => [e.id, e.status]));
            if (k === key) return;
            key = k;
            list.innerHTML = '';
            if (emails.length === 0) { list.innerHTML = '<p class="muted">No emails yet.</p>'; return; }
            for (const e of emails) {
              const d = document.createElement('details');
              d.setAttribute('data-testid', 'outbox-email');
              d.style.borderTop = '1px solid #e4e7eb';
              d.style.padding = '.4rem 0';
              const s = document.createElement('summary');
              s.textContent = `${e.subject} — to ${e.to} · ${e.status} · ${new Date(e.createdAt).toLocaleString()}`;
              d.appendChild(s);
              const body = document.createElement('pre');
              body.style.whiteSpace = 'pre-wrap';
              body.style.overflowWrap = 'anywhere';
              body.textContent = e.textBody;
              d.appendChild(body);
              for (const a of e.attachments) {
                const link = document.createElement('a');
                link.setAttribute('data-testid', 'outbox-attachment');
                link.textContent = `📎 ${a.fileName}`;
                link.download = a.fileName;
                link.href = URL.createObjectURL(new Blob([a.content], { type: a.contentType }));
                d.appendChild(link);
                const pre = document.createElement('pre');
                pre.className = 'muted';
                pre.style.whiteSpace = 'pre-wrap';
                pre.textContent = a.content;
                d.appendChild(pre);
              }
              list.appendChild(d);
            }
          }
          load();
          setInterval(load, 2000);
        })();
        </script>
        """;
}
