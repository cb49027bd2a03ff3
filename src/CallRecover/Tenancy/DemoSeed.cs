namespace CallRecover.Tenancy;

/// <summary>The demo business the default run starts with, created only when the database has no business.</summary>
public sealed class DemoSeed(BusinessStore store, BusinessService service, ILogger<DemoSeed> logger)
{
    public const string CarrierNumber = "+19045550199";
    public const string OwnerEmail = "owner@demo-hvac.example";

    public static BusinessInput Input => new()
    {
        Name = "Demo Comfort HVAC",
        OwnerName = "Dana Owner",
        OwnerEmail = OwnerEmail,
        OwnerPhone = "+19045550100",
        BusinessPhone = "+19045550101",
        CarrierNumber = CarrierNumber,
        TimeZone = "America/New_York",
        BusinessHours = WeeklyHours.WeekdaysNineToFive("08:00", "17:00"),
        Vertical = "hvac",
        AverageJobValue = 350.00m,
        ReviewUrl = "https://search.google.com/local/writereview?placeid=demo-place-id",
    };

    /// <summary>Returns the demo business when it was created now, otherwise null.</summary>
    public async Task<Business?> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await store.AnyAsync(ct)) return null;
        var result = await service.CreateAsync(Input, "system", ct);
        if (!result.Ok)
        {
            logger.LogWarning("Demo business not created: {Reason}", result.Conflict ?? string.Join("; ", result.Errors.SelectMany(e => e.Value)));
            return null;
        }
        logger.LogInformation("Seeded demo business {Name} ({Id})", result.Business!.Name, result.Business.Id);
        return result.Business;
    }
}
