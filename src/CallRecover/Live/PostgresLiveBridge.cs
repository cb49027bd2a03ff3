using System.Text.Json;
using System.Threading.Channels;
using CallRecover.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallRecover.Live;

/// <summary>
/// Carries live events between app processes that share a PostgreSQL database, so two nodes behind a load
/// balancer show the same live view: events published here go out with NOTIFY, events NOTIFY'd by other nodes
/// come in by LISTEN and are delivered to this node's subscribers (our own echoes are ignored by node id).
/// Live events are hints to refresh, not data: one lost while the connection is re-established only delays a
/// refresh, so there is no replay. With SQLite (one process) this service does nothing.
/// </summary>
public sealed class PostgresLiveBridge(LiveEvents live, Db db, IOptions<DatabaseOptions> options, ILogger<PostgresLiveBridge> log) : BackgroundService
{
    public const string ChannelName = "callrecover_live";

    private readonly Channel<LiveEvent> _outgoing = System.Threading.Channels.Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Identifies this process's notifications so it does not deliver its own events twice.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!db.Dialect.IsPostgres) return;
        live.PublishedLocally += Forward;
        try
        {
            await Task.WhenAll(ListenAsync(ct), SendAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            live.PublishedLocally -= Forward;
        }
    }

    private void Forward(LiveEvent e) => _outgoing.Writer.TryWrite(e);

    /// <summary>Most events sent in one round trip (one <c>pg_notify</c> each, in one statement).</summary>
    public const int MaxBatch = 50;

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<LiveEvent>(MaxBatch);
        while (await _outgoing.Reader.WaitToReadAsync(ct))
        {
            // Whatever is waiting goes together: a burst's events (several per missed call) take one connection and one
            // round trip per batch instead of one each. Each event stays its own notification, as other nodes read them.
            batch.Clear();
            while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var e)) batch.Add(e);
            try
            {
                await using var conn = await db.OpenAsync(ct);
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT " + string.Join(", ", batch.Select((_, i) => $"pg_notify(@channel, @p{i})"));
                cmd.Parameters.Add(new NpgsqlParameter("channel", ChannelName));
                for (var i = 0; i < batch.Count; i++)
                    cmd.Parameters.Add(new NpgsqlParameter($"p{i}", JsonSerializer.Serialize(new Wire(NodeId, batch[i].BusinessId, batch[i].Kind, batch[i].EntityId, batch[i].At))));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not forward {Count} live event(s) to other nodes", batch.Count);
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(options.Value.EffectiveConnectionString);
                await conn.OpenAsync(ct);
                conn.Notification += (_, n) => Receive(n.Payload);
                await using (var cmd = new NpgsqlCommand($"LISTEN {ChannelName}", conn)) await cmd.ExecuteNonQueryAsync(ct);
                log.LogInformation("Listening for live events from other nodes");
                delay = TimeSpan.FromMilliseconds(250);
                while (!ct.IsCancellationRequested) await conn.WaitAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(ex, "Live event listener lost its connection; reconnecting in {Delay}", delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            var w = JsonSerializer.Deserialize<Wire>(payload);
            if (w is null || w.Node == NodeId) return;
            live.Deliver(new LiveEvent(w.Business, w.Kind, w.Entity, w.At));
        }
        catch (JsonException ex)
        {
            log.LogWarning(ex, "Ignored a malformed live event notification");
        }
    }

    private sealed record Wire(string Node, string Business, string Kind, string? Entity, DateTimeOffset At);
}
