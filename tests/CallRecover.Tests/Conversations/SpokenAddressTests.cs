using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Addresses as a voicemail transcript writes them (issue #15), from a spent holdout's misses, the cases written anew:
/// the "in" before a city became part of it ("407 Elm St Apt B, In Saint Cloud"; "21 Larch Way, In"), a unit said in
/// words stayed words ("Apt TWELVE", "Unit FOUR, Oh Two"), and "We're at 40 Kensington Place" named the caller "We're".
/// </summary>
public sealed class SpokenAddressTests
{
    [Theory]
    [InlineData("I'm at four oh seven Elm Street, Apartment B, in Saint Cloud. My furnace quit.", "407 Elm St Apt B, Saint Cloud")]
    [InlineData("Hi, our heat pump rattles. We're at twenty one Larch Way in, uh, Port Saint Lucie. Thanks.", "21 Larch Way, Port Saint Lucie")]
    [InlineData("It's Paulo Reyes at nine eighty eight West Pine Avenue, apartment twelve, in Fresno, the AC is out.", "988 W Pine Ave Apt 12, Fresno")]
    [InlineData("This is Kim at seven seventy seven Harbor Street, unit four oh two, Sausalito, AC is broken.", "777 Harbor St Unit 402, Sausalito")]
    [InlineData("Name is Raj, 219 Delancey Street apartment three F, the toilet runs.", "219 Delancey St Apt 3F")]
    [InlineData("our AC unit two years old is broken, Tom Hale 12 Oak Street", "12 Oak St")]
    [InlineData("I live at 12 Indian Hill Road, Indianapolis, the furnace is out", "12 Indian Hill Rd, Indianapolis")]
    public void ASpokenAddress_IsWrittenAsAPersonWould(string transcript, string address) =>
        Voicemail(transcript).Value(CallRecover.Extraction.FieldNames.Address).ShouldBe(address);

    [Fact]
    public void WereAtAnAddress_IsNoName() =>
        Voicemail("We're at 40 Kensington Place, Apartment 2, in Bethesda, furnace is noisy.").Value(CallRecover.Extraction.FieldNames.Name).ShouldBeNull();
}
