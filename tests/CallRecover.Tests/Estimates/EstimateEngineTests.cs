using CallRecover.Estimates;

namespace CallRecover.Tests.Estimates;

public sealed class EstimateEngineTests
{
    private static ServiceCatalog Auto(decimal? trip = null) => new(3, "auto", trip,
        [.. CatalogDefaults.Auto.Select((e, i) => new CatalogEntry
        {
            Id = $"e{i}", Name = e.Name, KeywordsJson = CallRecover.Common.Json.Serialize(e.Keywords), LaborHours = e.LaborHours,
            PartsCost = e.PartsCost, Diagnostic = e.Diagnostic, Position = i,
        })]);

    [Fact]
    public void BrakePads_AreLaborHoursTimesRate_PlusParts_WithMatchedWordsAndCatalogVersion()
    {
        var e = EstimateEngine.Run("My brakes are squealing really bad", Auto(), 100m, new VehicleInfo(2019, "Honda", "Civic"), 2026);

        e.Priced.ShouldBeTrue();
        e.Repairs.Single().Name.ShouldBe("Brake pads");
        e.Repairs.Single().Labor.ShouldBe(150.00m);
        e.Repairs.Single().Parts.ShouldBe(120.00m);
        e.Repairs.Single().MatchedWords.ShouldContain("brakes");
        e.Adjustments.ShouldBeEmpty();
        e.Total.ShouldBe(270.00m);
        e.CatalogVersion.ShouldBe(3);
    }

    [Fact]
    public void SeveralRepairs_GiveOneLineEach_InTheOrderMentioned()
    {
        var e = EstimateEngine.Run("I need an oil change and the starter is clicking when I turn the key", Auto(), 120m, null, 2026);

        e.Repairs.Select(r => r.Name).ShouldBe(["Oil change", "Starter replacement"]);
        e.LaborTotal.ShouldBe(0.5m * 120 + 2.3m * 120);
        e.PartsTotal.ShouldBe(45m + 220m);
        e.Total.ShouldBe(60m + 276m + 265m);
    }

    [Fact]
    public void LongerPhraseWins_BatteryLightIsTheAlternator_NotTheBattery()
    {
        var e = EstimateEngine.Run("the battery light came on while driving", Auto(), 100m, null, 2026);
        e.Repairs.Select(r => r.Name).ShouldBe(["Alternator replacement"]);
    }

    [Fact]
    public void VehicleAdjustments_AreAppliedOnceEach_InOrder_OnTheRunningTotal()
    {
        // An old luxury SUV: luxury +30 %, then SUV +25 %, then age +20 %, each its own line.
        var e = EstimateEngine.Run("brake pads please, brakes grinding when I stop", Auto(), 100m, new VehicleInfo(2008, "Mercedes-Benz", "GL450", "SUV"), 2026);

        e.Adjustments.Select(a => a.Rule).ShouldBe(["luxury_make", "truck_suv", "vehicle_age"]);
        e.Adjustments[0].Amount.ShouldBe(81.00m);      // 270 × 30 %
        e.Adjustments[1].Amount.ShouldBe(87.75m);      // 351 × 25 %
        e.Adjustments[2].Amount.ShouldBe(87.75m);      // 438.75 × 20 %
        e.Total.ShouldBe(526.50m);
        e.Rules.ShouldContain(r => r.StartsWith("vehicle_age", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2011, 2026, true)]
    [InlineData(2012, 2026, false)]
    public void AgeAdjustment_StartsAtFifteenModelYears(int year, int now, bool adjusted)
    {
        var e = EstimateEngine.Run("oil change", Auto(), 100m, new VehicleInfo(year, "Toyota", "Corolla"), now);
        e.Adjustments.Any(a => a.Rule == "vehicle_age").ShouldBe(adjusted);
    }

    [Theory]
    [InlineData("Ford", "F-150")]
    [InlineData("Chevrolet", "Silverado 1500")]
    [InlineData("Toyota", "4Runner")]
    [InlineData("Jeep", "Wrangler")]
    public void TruckModels_GetTheTruckAdjustment(string make, string model)
    {
        var e = EstimateEngine.Run("oil change", Auto(), 100m, new VehicleInfo(2020, make, model), 2026);
        e.Adjustments.Select(a => a.Rule).ShouldBe(["truck_suv"]);
        e.Total.ShouldBe(118.75m);
    }

    [Fact]
    public void NothingRecognized_GivesNoPrice_AndAsksForAPerson_WithoutFallingBackToADiagnostic()
    {
        var e = EstimateEngine.Run("there's a weird smell coming from the back seat", Auto(), 100m, null, 2026);

        e.Priced.ShouldBeFalse();
        e.Total.ShouldBe(0m);
        e.Repairs.ShouldBeEmpty();
        e.ReviewReason.ShouldNotBeNull();
    }

    [Fact]
    public void EngineDiagnostic_OnlyWhenADiagnosisIsAskedFor()
    {
        EstimateEngine.Run("check engine light is on, can you diagnose it?", Auto(), 100m, null, 2026)
            .Repairs.Select(r => r.Name).ShouldBe(["Engine diagnostic"]);
        EstimateEngine.Run("need new brake pads", Auto(), 100m, null, 2026)
            .Repairs.Select(r => r.Name).ShouldNotContain("Engine diagnostic");
    }

    [Fact]
    public void NegatedRepair_DoesNotCount()
    {
        var e = EstimateEngine.Run("it's not the battery, I just replaced it. The starter won't crank", Auto(), 100m, null, 2026);
        e.Repairs.Select(r => r.Name).ShouldBe(["Starter replacement"]);
    }

    [Fact]
    public void TripCharge_IsAddedAfterAdjustments_AsAFee()
    {
        var e = EstimateEngine.Run("oil change", Auto(trip: 50m), 100m, new VehicleInfo(2020, "BMW", "330i"), 2026);
        e.Total.ShouldBe(95m * 1.3m + 50m);
        e.FeesTotal.ShouldBe(50m);
    }
}
