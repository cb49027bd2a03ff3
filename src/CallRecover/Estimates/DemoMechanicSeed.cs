using CallRecover.Common;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Estimates;

/// <summary>
/// In the default (demo) run, a second demo business — a mobile mechanic with price quotes and call recording on — so a
/// typed voicemail shows the whole answered-call flow: lead, extracted fields, priced quote, SMS, YES. Created only
/// next to the seeded demo HVAC business, never in a real deployment's database.
/// </summary>
public sealed class DemoMechanicSeed(BusinessStore store, BusinessService service, IOptions<AppOptions> app, IOptions<CarrierOptions> carrier,
    ILogger<DemoMechanicSeed> log) : IHostedService
{
    public const string CarrierNumber = "+19045550299";
    public const string OwnerEmail = "owner@demo-mechanic.example";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!carrier.Value.IsDemoRun(app.Value)) return;
        if (await store.GetByCarrierNumberAsync(DemoSeed.CarrierNumber, ct) is null) return;
        if (await store.GetByCarrierNumberAsync(CarrierNumber, ct) is not null) return;
        var result = await service.CreateAsync(new BusinessInput
        {
            Name = "Demo Mobile Mechanic", OwnerName = "Sam Wrench", OwnerEmail = OwnerEmail, OwnerPhone = "+19045550200",
            BusinessPhone = "+19045550201", CarrierNumber = CarrierNumber, TimeZone = "America/New_York",
            BusinessHours = WeeklyHours.WeekdaysNineToFive("08:00", "17:00"), Vertical = "auto", LaborRate = 100.00m,
            EstimatesEnabled = true, RecordingEnabled = true, RecordingConsentMessage = "This call may be recorded so we can quote your repair.",
        }, "system", ct);
        if (result.Ok) log.LogInformation("Seeded demo business {Name} ({Id})", result.Business!.Name, result.Business.Id);
        else log.LogWarning("Demo mechanic not created: {Reason}", result.Conflict ?? string.Join("; ", result.Errors.SelectMany(e => e.Value)));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
