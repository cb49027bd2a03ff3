using CallRecover.Conversations.Engines;
using static CallRecover.Tests.Conversations.UnderstandingProbe;

namespace CallRecover.Tests.Conversations;

/// <summary>
/// Found using the product as a caller (2026-12-06), checked failing before: a name in a shouted text or written in
/// lowercase was missed, so the caller was asked again ("HI THIS IS MIKE JOHNSON MY FURNACE…", "hey its sarah lee, AC not
/// cooling"); "No más mensajes por favor" was answered with the next question.
/// </summary>
public sealed class NamesAndSpanishTests
{
    [Theory]
    [InlineData("HI THIS IS MIKE JOHNSON MY FURNACE IS MAKING A NOISE", "Mike Johnson")]
    [InlineData("THIS IS CARLA NUNEZ AT 12 OAK ST", "Carla Nunez")]
    [InlineData("hey its sarah lee, AC not cooling", "Sarah Lee")]
    [InlineData("this is bob, ac broke", "Bob")]
    [InlineData("its dana from elm st, ac is leaking", "Dana")]
    [InlineData("hi this is priya. thermostat is blank", "Priya")]
    public void ANameWithoutCapitals_IsRead(string text, string name) => Field(text, LeadFields.Name).ShouldBe(name);

    [Theory]
    [InlineData("its hot, ac broke")]
    [InlineData("its pouring water from the ceiling")]
    [InlineData("this is ridiculous, 3 days no ac")]
    [InlineData("its me again, ac still out")]
    [InlineData("this is urgent, no heat")]
    [InlineData("its the upstairs unit")]
    [InlineData("MY AC IS BROKEN PLEASE HELP")]
    [InlineData("its freezing in here")]
    [InlineData("this is crazy, third time this month")]
    [InlineData("the real problem is its loose, plugs fall out")]
    [InlineData("sparks came out and now its black")]
    public void WordsAfterItsOrThisIs_AreNoName(string text) => Field(text, LeadFields.Name).ShouldBeNull();

    [Theory]
    [InlineData("No más mensajes por favor")]
    [InlineData("no mas mensajes")]
    [InlineData("ya no me manden mensajes")]
    [InlineData("no me escriban más por favor")]
    [InlineData("dejen de mandarme mensajes")]
    [InlineData("no quiero mensajes")]
    [InlineData("sáquenme de su lista")]
    public void ASpanishStop_IsAnOptOut(string text) => Read(text).OptOut.ShouldBeTrue();

    [Theory]
    [InlineData("hola, el aire no enfría, mañana por la mañana")]
    [InlineData("no mas de 100 dolares por favor")]
    public void SpanishThatIsNoStop_IsNoOptOut(string text) => Read(text).OptOut.ShouldBeFalse();
}
