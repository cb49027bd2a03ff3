using System.Security.Cryptography;
using System.Xml.Linq;
using CallRecover.Tenancy;

namespace CallRecover.Simulator;

/// <summary>How the simulated call ends: someone answers, nobody answers, the line is busy, or the owner's voicemail picks up.</summary>
public static class SimulatedOutcomes
{
    public const string Answered = "answered", Missed = "missed", Busy = "busy", Voicemail = "voicemail";
    public static readonly string[] All = [Answered, Missed, Busy, Voicemail];
}

public sealed record SimulatedCall(string CallSid, string Outcome, IReadOnlyList<InvokedWebhook> Steps);

/// <summary>
/// Plays a carrier: sends the webhooks a real call produces, in the order a carrier does, following the TwiML the
/// app answers (the &lt;Dial action&gt;, the &lt;Number&gt; status callback, the screening URL and its &lt;Gather&gt;).
/// </summary>
public sealed class SimulatorCalls(WebhookInvoker webhooks)
{
    public const string AccountSid = "ACsimulator";

    public static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Places a call; <paramref name="completedExtra"/> adds form fields to the call-completed webhook only (the
    /// simulator's own fields, e.g. asking for the voice receptionist, which a real carrier never sends).
    /// </summary>
    public async Task<SimulatedCall> PlaceAsync(Business business, string from, string outcome, CancellationToken ct,
        IReadOnlyList<KeyValuePair<string, string>>? completedExtra = null)
    {
        var callSid = NewSid("CA");
        var steps = new List<InvokedWebhook>();
        List<KeyValuePair<string, string>> Parent(params (string, string)[] extra) =>
        [
            new("CallSid", callSid), new("AccountSid", AccountSid), new("From", from), new("To", business.CarrierNumber!),
            new("Caller", from), new("Called", business.CarrierNumber!), new("Direction", "inbound"), new("ApiVersion", "2010-04-01"),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)),
        ];
        var incoming = await webhooks.PostAsync(webhooks.BaseUrl + "/webhook/voice/incoming", Parent(("CallStatus", "ringing")), ct);
        steps.Add(incoming);
        var dial = Find(incoming.Body, "Dial");
        var number = dial?.Element("Number");
        if (dial?.Attribute("action")?.Value is not { } action || number is null) return new SimulatedCall(callSid, outcome, steps);

        var legSid = NewSid("CA");
        var seq = 0;
        var statusUrl = number.Attribute("statusCallback")?.Value;
        async Task LegStatus(string status, int? duration = null)
        {
            if (statusUrl is null) return;
            List<KeyValuePair<string, string>> form =
            [
                new("CallSid", legSid), new("ParentCallSid", callSid), new("AccountSid", AccountSid), new("From", business.CarrierNumber!),
                new("To", number.Value.Trim()), new("Direction", "outbound-dial"), new("CallStatus", status), new("SequenceNumber", (seq++).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ];
            if (duration is { } d) form.Add(new("CallDuration", d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            steps.Add(await webhooks.PostAsync(statusUrl, form, ct));
        }

        await LegStatus("initiated");
        await LegStatus("ringing");
        string dialStatus;
        var bridged = false;
        var talk = 0;
        if (outcome is SimulatedOutcomes.Missed or SimulatedOutcomes.Busy)
        {
            dialStatus = outcome == SimulatedOutcomes.Busy ? "busy" : "no-answer";
            await LegStatus(dialStatus);
        }
        else
        {
            await LegStatus("in-progress");
            var human = outcome == SimulatedOutcomes.Answered;
            bridged = true;
            if (number.Attribute("url")?.Value is { } screenUrl)
            {
                List<KeyValuePair<string, string>> leg =
                [
                    new("CallSid", legSid), new("ParentCallSid", callSid), new("AccountSid", AccountSid), new("From", business.CarrierNumber!),
                    new("To", number.Value.Trim()), new("CallStatus", "in-progress"), new("Direction", "outbound-dial"),
                ];
                if (number.Attribute("machineDetection") is not null) leg.Add(new("AnsweredBy", human ? "human" : "machine_end_beep"));
                var screen = await webhooks.PostAsync(screenUrl, leg, ct);
                steps.Add(screen);
                var gather = Find(screen.Body, "Gather");
                if (gather?.Attribute("action")?.Value is { } gatherAction && human)
                {
                    // A person presses 1; a voicemail greeting never does, so the Gather times out into <Hangup/>.
                    var pressed = await webhooks.PostAsync(gatherAction, [.. leg, new("Digits", "1")], ct);
                    steps.Add(pressed);
                    bridged = !Has(pressed.Body, "Hangup");
                }
                else bridged = !Has(screen.Body, "Hangup") && gather is null;
            }
            talk = bridged ? (human ? 42 : 25) : 4;
            dialStatus = "completed";
            await LegStatus("completed", talk);
        }
        List<KeyValuePair<string, string>> result = Parent(("CallStatus", "in-progress"), ("DialCallStatus", dialStatus), ("DialCallSid", legSid));
        if (dialStatus == "completed")
        {
            result.Add(new("DialCallDuration", talk.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            result.Add(new("DialBridged", bridged ? "true" : "false"));
        }
        if (completedExtra is not null) result.AddRange(completedExtra);
        steps.Add(await webhooks.PostAsync(action, result, ct));
        return new SimulatedCall(callSid, outcome, steps);
    }

    public async Task<InvokedWebhook> TextAsync(Business business, string from, string body, CancellationToken ct)
    {
        var sid = NewSid("SM");
        return await webhooks.PostAsync(webhooks.BaseUrl + "/webhook/sms/incoming",
        [
            new("MessageSid", sid), new("SmsSid", sid), new("SmsMessageSid", sid), new("AccountSid", AccountSid), new("From", from),
            new("To", business.CarrierNumber!), new("Body", body), new("NumMedia", "0"), new("NumSegments", "1"), new("ApiVersion", "2010-04-01"),
        ], ct);
    }

    private static XElement? Find(string twiml, string name)
    {
        try { return XDocument.Parse(twiml).Descendants(name).FirstOrDefault(); }
        catch (System.Xml.XmlException) { return null; }
    }

    private static bool Has(string twiml, string name) => Find(twiml, name) is not null;
}
