using CallRecover.Common;
using CallRecover.Estimates;

namespace CallRecover.Tests.Estimates;

public sealed class LaborGuideTests
{
    private static readonly IReadOnlyList<CatalogEntry> Catalog = [.. CatalogDefaults.Auto.Select((e, i) => new CatalogEntry
    {
        Id = $"e{i}", Name = e.Name, KeywordsJson = Json.Serialize(e.Keywords), LaborHours = e.LaborHours, PartsCost = e.PartsCost, Diagnostic = e.Diagnostic, Position = i,
    })];

    private static ServiceCatalog Auto => new(1, "auto", null, Catalog);

    internal const string Guide = """
        repair,keywords,make,model,year_from,year_to,engine,labor_hours
        brake pads,no stopping power|pads worn,,,,,,1.6
        Brake pads,,Honda,,,,,1.4
        Brake pads,,Honda,Civic,,,,1.2
        Brake pads,,Honda,Civic,2016,2021,,1.1
        Brake pads,,Honda,Civic,2016,2021,1.5L,1.0
        Brake pads,,Honda,Civic,2010,2021,,1.15
        Brake pads,,Ford,F-150,2015,2020,,2.5
        Brake pads,,Toyota,Camry,2015,2018,,1.3
        Brake pads,,Toyota,Camry,2017,2020,,1.35
        Timing belt,,Honda,Accord,2003,2007,3.0L V6,3.8
        Brake pads,,Chevrolet,Silverado,2014,2018,,1.6
        """;

    private static IReadOnlyList<LaborGuideRow> Rows()
    {
        var parsed = LaborGuide.Read(Guide, null, Catalog);
        parsed.Errors.ShouldBeEmpty();
        return parsed.Rows;
    }

    [Theory]
    [InlineData(null, null, null, null, 2)]              // no vehicle: only the any-vehicle row
    [InlineData(2018, "Toyota", "Corolla", null, 2)]     // a make without rows: any vehicle
    [InlineData(2018, "Honda", "Accord", null, 3)]       // make beats any
    [InlineData(null, "Honda", "Civic", null, 4)]        // make+model; rows with years need the vehicle's year
    [InlineData(2018, "Honda", "Civic", null, 5)]        // make+model+year; the narrower range beats row 7's
    [InlineData(2012, "Honda", "Civic", null, 7)]        // only row 7's range holds 2012
    [InlineData(2018, "honda", "Civic LX", "1.5L turbo", 6)] // make+model+year+engine; case and trim words do not matter
    [InlineData(2018, "Honda", "Civic", "2.0L", 5)]      // an engine the rows do not name
    [InlineData(2017, "Ford", "F-150", null, 8)]
    [InlineData(2012, "Ford", "F-150", null, 2)]         // outside the range, no other Ford row: any vehicle
    [InlineData(2017, "Toyota", "Camry", null, 9)]       // two equally specific, equally wide rows: the first in the file
    [InlineData(2019, "Toyota", "Camry", null, 10)]
    [InlineData(2016, "Chevy", "Silverado 1500", null, 12)] // the name people use for the make (vehicle-rules.json's makeAliases)
    [InlineData(2016, "CHEVROLET", "Silverado", null, 12)]
    [InlineData(2016, "Chevrolet Motor", "Silverado", null, 2)] // not a known name for it: any vehicle
    public void Pick_ChoosesTheMostSpecificRowForTheVehicle(int? year, string? make, string? model, string? engine, int expectedRow)
    {
        var vehicle = make is null ? null : new VehicleInfo(year, make, model, Engine: engine);
        var (row, _) = LaborGuide.Pick(Rows(), "Brake pads", vehicle).ShouldNotBeNull();
        row.RowNumber.ShouldBe(expectedRow);
    }

    [Fact]
    public void RiskHints_AndLuxury_ReadTheMakeByTheNamesPeopleUse()
    {
        RiskHints.For(RiskHints.BuiltIn, new VehicleInfo(2013, "Chevy", "Equinox LT")).ShouldHaveSingleItem().Model.ShouldBe("Equinox");
        RiskHints.For(RiskHints.BuiltIn, new VehicleInfo(2013, "Chevrolet", "Equinox")).ShouldHaveSingleItem();
        RiskHints.For(RiskHints.BuiltIn, new VehicleInfo(2013, "Chevy", "Malibu")).ShouldBeEmpty();
        VehicleRules.Default.LuxuryMake(new VehicleInfo(2020, "Merc", "C300")).ShouldBe("Merc");
        VehicleRules.Default.LuxuryMake(new VehicleInfo(2020, "VW", "Golf")).ShouldBeNull();
    }

    [Fact]
    public void Pick_IsNull_WhenNoRowApplies_SoTheCatalogHoursStay()
    {
        LaborGuide.Pick(Rows(), "Timing belt", new VehicleInfo(2005, "Honda", "Accord", Engine: "2.4L I4")).ShouldBeNull();
        LaborGuide.Pick(Rows(), "Oil change", new VehicleInfo(2018, "Honda", "Civic")).ShouldBeNull();
        var e = EstimateEngine.Run("time for a timing belt", Auto, 100m, new VehicleInfo(2005, "Honda", "Accord"), 2026, laborGuide: Rows());
        e.Repairs.Single().Hours.ShouldBe(4.5m);
        e.Repairs.Single().LaborGuide.ShouldBeNull();
    }

    [Fact]
    public void Estimate_UsesTheChosenRowsHours_AndSaysWhichRow()
    {
        var e = EstimateEngine.Run("my brakes are squealing", Auto, 100m, new VehicleInfo(2018, "Honda", "Civic"), 2026, laborGuide: Rows());

        var repair = e.Repairs.Single();
        (repair.Hours, repair.Labor, repair.Parts).ShouldBe((1.1m, 110m, 120m));
        repair.LaborGuide.ShouldBe(new LaborGuideUse(5, "Brake pads", "Honda Civic 2016–2021", 1.1m, "make+model+year"));
        e.Rules.ShouldContain(r => r.StartsWith("labor guide row 5 (Honda Civic 2016–2021"));
        e.Total.ShouldBe(230m);
    }

    [Fact]
    public void GuideKeywords_AlsoRecognizeTheirRepair()
    {
        EstimateEngine.Run("she has no stopping power", Auto, 100m, null, 2026).Priced.ShouldBeFalse();
        var e = EstimateEngine.Run("she has no stopping power", Auto, 100m, null, 2026, laborGuide: Rows());
        e.Repairs.Single().Name.ShouldBe("Brake pads");
        e.Repairs.Single().MatchedWords.ShouldBe(["no stopping power"]);
        e.Repairs.Single().LaborGuide!.RowNumber.ShouldBe(2);
    }

    [Fact]
    public void Read_MapsTheOwnersHeaders_ToOurColumns()
    {
        var csv = "Job,Search words,Make,Model,From,To,Hours\nOil change,lube,Ford,,2010,2015,0.7\n";
        var map = new Dictionary<string, string> { ["repair"] = "Job", ["keywords"] = "Search words", ["year_from"] = "From", ["year_to"] = "To", ["labor_hours"] = "Hours" };
        var parsed = LaborGuide.Read(csv, map, Catalog);
        parsed.Errors.ShouldBeEmpty();
        var row = parsed.Rows.Single();
        (row.RowNumber, row.Repair, row.Make, row.Model, row.YearFrom, row.YearTo, row.Engine, row.LaborHours).ShouldBe((2, "Oil change", "Ford", null, 2010, 2015, null, 0.7m));
        row.Keywords.ShouldBe(["lube"]);
        parsed.Mapping["labor_hours"].ShouldBe("Hours");
    }

    [Theory]
    [InlineData("repair,labor_hours\nBrake pads,1.5\nBrake pads,lots\n", "row 3.labor_hours")]
    [InlineData("repair,labor_hours\nBrake pads,1.5\nBrake pads,0\n", "row 3.labor_hours")]
    [InlineData("repair,labor_hours\nBrake pads,1.555\n", "row 2.labor_hours")]
    [InlineData("repair,labor_hours\nBrake pads,1.5\nWindshield,1\n", "row 3.repair")]
    [InlineData("repair,make,model,labor_hours\nBrake pads,,Civic,1\n", "row 2.make")]
    [InlineData("repair,year_from,year_to,labor_hours\nBrake pads,2020,2010,1\n", "row 2.year_to")]
    [InlineData("repair,year_from,labor_hours\nBrake pads,20x0,1\n", "row 2.year_from")]
    [InlineData("repair,make,labor_hours\nBrake pads,Ford,1\nbrake pads,ford,2\n", "row 3.repair")]
    [InlineData("repair,labor_hours\nBrake pads,1\nBrake pads,1,extra\n", "row 3")]
    [InlineData("repair,hours\nBrake pads,1\n", "row 1.labor_hours")]
    [InlineData("repair,labor_hours\n", "row 2")]
    [InlineData("", "row 1")]
    public void Read_RefusesTheFile_NamingTheFirstBadRowAndColumn(string csv, string key)
    {
        var parsed = LaborGuide.Read(csv, null, Catalog);
        parsed.Ok.ShouldBeFalse();
        parsed.Rows.ShouldBeEmpty("nothing is taken from a file with a bad row");
        parsed.Errors[0].Key.ShouldBe(key);
    }

    [Fact]
    public void Read_ListsEveryBadRow_ForTheDashboard()
    {
        var parsed = LaborGuide.Read("repair,labor_hours\nBrake pads,x\nOil change,0.5\nNope,1\n", null, Catalog);
        parsed.Errors.Select(e => e.Key).ShouldBe(["row 2.labor_hours", "row 4.repair"]);
    }

    [Fact]
    public void VehicleRules_AreData_WithEngineFactors()
    {
        var rules = VehicleRules.Default;
        (rules.Luxury.Percent, rules.Truck.Percent, rules.Age.Percent, rules.Age.Years).ShouldBe((30m, 25m, 20m, 15));
        rules.Luxury.Makes.ShouldContain("genesis");
        rules.EngineHoursFactors.ShouldBeEmpty("no engine adjustment by default: estimates are as before");
        var withDiesel = VehicleRules.Parse("""{"engineHoursFactors":[{"engine":"diesel","factor":1.2},{"engine":"v8","factor":1.1}]}""");
        withDiesel.HoursFactor("6.7L Power Stroke Diesel").ShouldBe((1.2m, "diesel"));
        withDiesel.HoursFactor("5.0L V8").ShouldBe((1.1m, "v8"));
        withDiesel.HoursFactor("2.0L I4").ShouldBe((1m, null));
        withDiesel.HoursFactor(null).ShouldBe((1m, null));
    }
}
