using System.Security.Cryptography;
using CallRecover.Common;
using CallRecover.Telephony;

namespace CallRecover.Simulator;

/// <summary>
/// The built-in carrier (Carrier__Provider=simulator): a text "sent" here is accepted at once and then reported
/// delivered through a signed status callback to /webhook/sms/status, exactly as a real carrier reports it. Nothing
/// leaves the machine; /simulator shows what each phone received. A number ending in 0000 behaves like a landline
/// (error 21614), so the "cannot text" path can be tried too.
/// </summary>
public sealed class SimulatorCarrier(WebhookInvoker webhooks, ILogger<SimulatorCarrier> log) : ICarrierClient
{
    /// <summary>A number ending in 0000 is refused like a landline (error 21614).</summary>
    public static bool ActsAsLandline(string to) => to.EndsWith("0000", StringComparison.Ordinal);

    public Task<CarrierSendResult> SendAsync(CarrierSms sms, CancellationToken ct)
    {
        if (ActsAsLandline(sms.To))
            return Task.FromResult(new CarrierSendResult(CarrierOutcome.Rejected, ErrorCode: "21614", ErrorMessage: "'To' number is not a valid mobile number (simulated landline)."));
        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                await webhooks.PostAsync(sms.StatusCallback, [new("MessageSid", sid), new("SmsSid", sid), new("MessageStatus", "delivered"),
                    new("To", sms.To), new("From", sms.From), new("AccountSid", "ACsimulator"), new("ApiVersion", "2010-04-01")], CancellationToken.None);
            }
            catch (Exception ex)
            {
                log.LogWarning("Simulated delivery report for {Phone} failed: {Error}", Phone.Mask(sms.To), ex.Message);
            }
        });
        return Task.FromResult(new CarrierSendResult(CarrierOutcome.Accepted, sid, "sent"));
    }

    /// <summary>The simulator answers every send synchronously, so an attempt never ends in doubt.</summary>
    public Task<CarrierMessage?> FindAsync(string to, string from, string body, DateTimeOffset since, IReadOnlySet<string> knownSids, CancellationToken ct) =>
        Task.FromResult<CarrierMessage?>(null);
}
