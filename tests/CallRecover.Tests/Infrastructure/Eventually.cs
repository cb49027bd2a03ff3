namespace CallRecover.Tests.Infrastructure;

/// <summary>Waits for an effect of background work (a worker sending a text) without fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(25);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out waiting for {what}. Last value: {last}");
    }

    public static Task WaitAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        WaitAsync(probe, ok => ok, what, timeout);
}
