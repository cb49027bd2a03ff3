using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CallRecover.Common;
using CallRecover.Telephony;

namespace CallRecover.Simulator;

/// <summary>
/// The built-in carrier's phone-number inventory (Carrier__Provider=simulator), answering as the REST API does
/// (WIRE.md): each area code offers the same 20 numbers, <c>+1{area}555-0100</c> to <c>-0119</c> (the fictional
/// range), minus those a business already uses or we hold; an area code with none (999, or one not in service)
/// answers 21452, a number not on offer 21422. What it sold is remembered in memory and, after a restart, known from our
/// own <c>phone_numbers</c> rows (the simulator keeps no table of its own); a number's SID is derived from the number.
/// The app calls it in-process; <see cref="SimulatorNumberApi"/> serves the same inventory as the carrier's REST API.
/// </summary>
public sealed class SimulatorNumbers(PhoneNumberStore numbers, SimulatorForwarding forwarding, BusinessDirectory directory, SimulatorCalls calls,
    IHostApplicationLifetime lifetime, ILogger<SimulatorNumbers> log) : ICarrierNumbers
{
    /// <summary>How long the called line rings before its no-answer forwarding takes the call (a real line: 15–30 s).</summary>
    public static readonly TimeSpan RingBeforeForwarding = TimeSpan.FromSeconds(1);

    public const string EmptyAreaCode = "999";
    private const int PerAreaCode = 20;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _sold = new();

    public string Provider => CarrierOptions.Simulator;

    /// <summary>The numbers an area code would offer if none were taken.</summary>
    public static IReadOnlyList<string> Candidates(string areaCode)
    {
        if (areaCode == EmptyAreaCode) return [];
        var all = Enumerable.Range(0, PerAreaCode).Select(i => $"+1{areaCode}55501{i.ToString("D2", CultureInfo.InvariantCulture)}").ToList();
        return [.. all.Where(n => Phone.TryNormalize(n, out var e) && e == n)];
    }

    public static string SidFor(string phoneNumber) =>
        "PN" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phoneNumber)))[..32];

    public async Task<NumberResult<IReadOnlyList<AvailableNumber>>> SearchAsync(string areaCode, CancellationToken ct)
    {
        var candidates = Candidates(areaCode);
        var used = await numbers.InUseAsync(candidates, ct);
        var free = candidates.Where(n => !used.Contains(n) && !_sold.ContainsKey(SidFor(n))).Select(n => new AvailableNumber(n, Phone.Display(n), "Simulated City", "FL", "32099")).ToList();
        if (free.Count == 0) return NumberFailures.From(400, NumberFailures.NoNumbersCode, $"No numbers found in area code {areaCode}.", areaCode);
        return new NumberResult<IReadOnlyList<AvailableNumber>>(free, null);
    }

    public async Task<NumberResult<CarrierNumber>> BuyAsync(string phoneNumber, string friendlyName, NumberWebhooks hooks, CancellationToken ct)
    {
        var areaCode = phoneNumber.Length == 12 && phoneNumber.StartsWith("+1", StringComparison.Ordinal) ? phoneNumber[2..5] : "";
        var sid = SidFor(phoneNumber);
        var onOffer = Candidates(areaCode).Contains(phoneNumber) && !(await numbers.InUseAsync([phoneNumber], ct)).Contains(phoneNumber)
            && _sold.TryAdd(sid, phoneNumber);
        if (!onOffer) return NumberFailures.From(400, NumberFailures.UnavailableCode, "The requested phone number is not available.", phoneNumber: phoneNumber);
        return new NumberResult<CarrierNumber>(new CarrierNumber(sid, phoneNumber, hooks.VoiceUrl, hooks.SmsUrl), null);
    }

    public async Task<NumberResult<CarrierNumber>> RepointAsync(string sid, NumberWebhooks hooks, CancellationToken ct) =>
        await SoldAsync(sid, ct) is { } phone
            ? new NumberResult<CarrierNumber>(new CarrierNumber(sid, phone, hooks.VoiceUrl, hooks.SmsUrl), null)
            : NotFound();

    /// <summary>A number it never sold (or already took back) counts as released, as with the REST client.</summary>
    public async Task<NumberResult<bool>> ReleaseAsync(string sid, CancellationToken ct)
    {
        await ReleaseKnownAsync(sid, ct);
        return new NumberResult<bool>(true, null);
    }

    /// <summary>Takes the number back; false when it was not sold under this SID (the REST API's 20404).</summary>
    public async Task<bool> ReleaseKnownAsync(string sid, CancellationToken ct)
    {
        var known = await SoldAsync(sid, ct) is not null;
        _sold.TryRemove(sid, out _);
        return known;
    }

    public Task<NumberResult<string?>> FindOwnedAsync(string phoneNumber, CancellationToken ct) =>
        Task.FromResult(new NumberResult<string?>(_sold.ContainsKey(SidFor(phoneNumber)) ? SidFor(phoneNumber) : null, null));

    /// <summary>
    /// An outbound call: nobody on the simulated network answers it, so when the called line forwards unanswered calls
    /// (<see cref="SimulatorForwarding"/>) to a business's CallRecover number, that number gets the call — from the
    /// original caller, as carriers keep the caller ID — after <see cref="RingBeforeForwarding"/>. Otherwise it rings out.
    /// </summary>
    public async Task<NumberResult<string>> CallAsync(string from, string to, string twiml, CancellationToken ct)
    {
        if (Phone.NormalizeOrNull(to) is not { } line)
            return NumberFailures.From(400, "21211", $"The 'To' number {to} is not a valid phone number.");
        var sid = SimulatorCalls.NewSid("CA");
        if (forwarding.ForwardsTo(line) is { } target && await directory.ByCarrierNumberAsync(target, ct) is { } business)
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(RingBeforeForwarding, lifetime.ApplicationStopping);
                    await calls.PlaceAsync(business, from, SimulatedOutcomes.Missed, lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException) { }
                catch (Exception ex) { log.LogWarning(ex, "The simulated forwarded call {CallSid} failed", sid); }
            }, CancellationToken.None);
        return new NumberResult<string>(sid, null);
    }

    /// <summary>The number sold under this SID: in this process, or (after a restart) one we still hold.</summary>
    private async Task<string?> SoldAsync(string sid, CancellationToken ct) =>
        _sold.TryGetValue(sid, out var phone) ? phone : (await numbers.HeldBySidAsync(sid, ct))?.PhoneNumber;

    private static NumberFailure NotFound() => NumberFailures.From(404, NumberFailures.NotFoundCode, "The requested resource was not found.");
}
