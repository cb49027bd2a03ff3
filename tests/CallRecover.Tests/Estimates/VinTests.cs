using CallRecover.Estimates;

namespace CallRecover.Tests.Estimates;

public sealed class VinTests
{
    [Theory]
    [InlineData("1HGCM82633A004352", 2003, "Honda")]                   // 2003 Honda Accord (the check-digit example VIN)
    [InlineData("1M8GDM9AXKP042788", 1989, "Motor Coach Industries")] // remainder 10: the check digit is X
    [InlineData("1hgcm82633a004352", 2003, "Honda")]                   // lower case is read as upper case
    public void KnownRealVins_PassTheCheckDigit_AndDecodeYearAndMake(string vin, int year, string make)
    {
        VinDecoder.Problem(vin).ShouldBeNull();
        var info = VinDecoder.Decode(vin).ShouldNotBeNull();
        (info.Year, info.Make).ShouldBe((year, make));
    }

    [Theory]
    [InlineData("1HGCM82633A004353")] // last character changed
    [InlineData("1HGCM82643A004352")] // check digit changed
    [InlineData("2HGCM82633A004352")] // first character changed
    [InlineData("1M8GDM9A9KP042788")] // X replaced by 9
    [InlineData("1HGCM82633A00435")]  // 16 characters
    [InlineData("1HGCM82633A0O4352")] // O is never used
    public void AlteredVins_AreInvalid_WithAReason(string vin)
    {
        CallRecover.Common.Vin.Parse(vin).Vin.ShouldBeNull();
        VinDecoder.Problem(vin).ShouldNotBeNullOrWhiteSpace();
        VinDecoder.Decode(vin).ShouldBeNull();
    }

    [Theory]
    [InlineData('3', 'A', 1980)] // a digit at position 7: the 1980–2009 cycle
    [InlineData('3', 'Y', 2000)]
    [InlineData('3', '1', 2001)]
    [InlineData('3', '9', 2009)]
    [InlineData('F', 'A', 2010)] // a letter at position 7: the 2010–2039 cycle
    [InlineData('F', 'L', 2020)]
    [InlineData('F', 'S', 2025)]
    [InlineData('F', '9', 2039)]
    public void ModelYear_UsesPosition10_AndPosition7ForTheCycle(char position7, char position10, int year)
    {
        var vin = WithCheckDigit($"1HGCV1{position7}3_{position10}A012345");
        CallRecover.Common.Vin.Parse(vin).Vin.ShouldBe(vin);
        VinDecoder.ModelYear(vin).ShouldBe(year);
    }

    [Fact]
    public void Fill_TakesYearAndMakeFromTheVin_OnlyWhereNotGiven()
    {
        VinDecoder.Fill(new VehicleInfo(Vin: "1HGCM82633A004352")).ShouldBe(new VehicleInfo(2003, "Honda", Vin: "1HGCM82633A004352"));
        VinDecoder.Fill(new VehicleInfo(2004, "Acura", "TSX", Vin: "1HGCM82633A004352")).ShouldBe(new VehicleInfo(2004, "Acura", "TSX", Vin: "1HGCM82633A004352"));
        VinDecoder.Fill(new VehicleInfo(Make: "Honda", Vin: "not a vin")).ShouldBe(new VehicleInfo(Make: "Honda", Vin: "not a vin"));
    }

    /// <summary>The VIN with its 9th character (written _) set to the check digit the others call for.</summary>
    internal static string WithCheckDigit(string vin) =>
        "0123456789X".Select(c => vin.Replace('_', c)).Single(CallRecover.Common.Vin.CheckDigitValid);
}
