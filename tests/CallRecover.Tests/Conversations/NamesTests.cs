using CallRecover.Common;

namespace CallRecover.Tests.Conversations;

/// <summary>The first name the built-in engine and the follow-up texts greet a caller by.</summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("Maria Lopez", "Maria")]
    [InlineData("  Maria  Lopez ", "Maria")]
    [InlineData("Maria", "Maria")]
    [InlineData("Jean-Luc Picard", "Jean-Luc")]
    public void First_IsTheFirstWord(string name, string first) => Names.First(name).ShouldBe(first);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void First_IsNull_WithoutAName(string? name) => Names.First(name).ShouldBeNull();
}
