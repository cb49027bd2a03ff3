using CallRecover.Common;

namespace CallRecover.Tests.CommonFolder;

public sealed class IdsTests
{
    [Fact]
    public void IdsMadeInTheSameMillisecond_SortInTheOrderTheyWereMade_AndStayVersion7()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New()).ToList();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList(), "ordinal order is the order they were made");
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldAllBe(id => id.Length == 32 && Guid.ParseExact(id, "N").Version == 7);
    }

    [Fact]
    public async Task IdsFromManyThreads_AreAllDifferent()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 5_000).Select(_ => Ids.New()).ToList())));
        made.SelectMany(m => m).Distinct().Count().ShouldBe(40_000);
        made.ShouldAllBe(m => m.SequenceEqual(m.Order(StringComparer.Ordinal)));
    }
}
