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

    private async Task SendAsync(CancellationToken ct)
    {
        await foreach (var e in _outgoing.Reader.ReadAllAsync(ct))
        {
            try
            {
                await using var conn = await db.OpenAsync(ct);
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT pg_notify(@channel, @payload)";
                cmd.Parameters.Add(new NpgsqlParameter("channel", ChannelName));
                cmd.Parameters.Add(new NpgsqlParameter("payload", JsonSerializer.Serialize(new Wire(NodeId, e.BusinessId, e.Kind, e.EntityId, e.At))));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not forward a live event to other nodes");
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
