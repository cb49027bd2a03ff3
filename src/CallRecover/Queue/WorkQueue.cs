using CallRecover.Common;
using CallRecover.Data;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallRecover.Queue;

/// <summary>
/// The durable work queue. Enqueue happens inside the caller's transaction, so work exists exactly when
/// the state change that caused it committed. Claims are leases: a node that dies loses its items when
/// the lease runs out, and another node picks them up. Sooner than that, in practice: running workers beat in
/// <c>queue_nodes</c> (this class owns both tables), and the claims of a node that stopped beating for
/// <see cref="QueueOptions.NodeTimeout"/> are taken over, so a crash delays a text-back by seconds, not a lease.
/// </summary>
public sealed class WorkQueue(Db db, WorkSignal signal, TimeProvider clock, IOptions<QueueOptions> options)
{
    private readonly QueueOptions _o = options.Value;

    /// <summary><c>work_items.priority</c>: 0 = someone is waiting for it, 1 = the rest (migration 0042).</summary>
    private const int WaitingPriority = 0, OtherPriority = 1;

    /// <summary>Enqueues inside <paramref name="tx"/>. Returns false when <see cref="NewWork.DedupeKey"/> was already used.</summary>
    public async Task<bool> EnqueueAsync(DbTx tx, NewWork work)
    {
        var now = clock.GetUtcNow();
        var rows = await tx.Connection.ExecuteAsync("""
            INSERT INTO work_items (kind, business_id, ordering_key, dedupe_key, payload, status, due_at, attempts, max_attempts, created_at, updated_at, traceparent, priority)
            VALUES (@Kind, @BusinessId, @OrderingKey, @DedupeKey, @Payload, 'pending', @DueAt, 0, @MaxAttempts, @Now, @Now, @TraceParent, @Priority)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
            new
            {
                work.Kind, work.BusinessId, work.OrderingKey, work.DedupeKey,
                Payload = work.Payload as string ?? Json.Serialize(work.Payload),
                DueAt = work.DueAt ?? now, work.MaxAttempts, Now = now,
                // The handler's activity continues this trace (QueueWorker): webhook → work item → carrier call.
                TraceParent = Telemetry.TraceParent(),
                Priority = work.SomeoneWaiting ? WaitingPriority : OtherPriority,
            }, tx.Transaction);
        if (rows > 0 && (work.DueAt is null || work.DueAt <= now)) tx.AfterCommit(signal.Notify);
        return rows > 0;
    }

    /// <summary>Enqueues in a transaction of its own.</summary>
    public Task<bool> EnqueueAsync(NewWork work, CancellationToken ct = default) =>
        db.WriteAsync(tx => EnqueueAsync(tx, work), ct);

    /// <summary>Cancels a pending item by its dedupe key (e.g. a follow-up made moot by a reply).</summary>
    public async Task<int> CancelPendingAsync(DbTx tx, string dedupeKey) =>
        await tx.Connection.ExecuteAsync(
            "UPDATE work_items SET status = 'cancelled', updated_at = @Now, finished_at = @Now WHERE dedupe_key = @dedupeKey AND status = 'pending'",
            new { dedupeKey, Now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>
    /// Cancels every pending item of a kind whose dedupe key starts with a prefix, except the one with
    /// <paramref name="exceptDedupeKey"/> (a second node scheduling the same item must not cancel it).
    /// </summary>
    public async Task<int> CancelPendingByPrefixAsync(DbTx tx, string kind, string dedupeKeyPrefix, string? exceptDedupeKey = null)
    {
        var prefix = dedupeKeyPrefix.Replace("%", "", StringComparison.Ordinal);
        // SQLite: a range on the unique dedupe_key index (its BINARY order is byte order, so every key starting with the prefix
        // lies in [prefix, prefix + U+10FFFF)), and "+status" so the planner, which has no statistics, does not walk every
        // pending item through the status index instead (each missed call cancels by prefix, under the single writer).
        // PostgreSQL keeps LIKE: under a linguistic collation a range is not a prefix match, and its planner has statistics.
        var match = tx.Dialect.IsPostgres
            ? "dedupe_key LIKE @Prefix AND status = 'pending'"
            : "dedupe_key >= @Lo AND dedupe_key < @Hi AND +status = 'pending'";
        return await tx.Connection.ExecuteAsync($"""
            UPDATE work_items SET status = 'cancelled', updated_at = @Now, finished_at = @Now
            WHERE {match} AND kind = @kind AND dedupe_key <> @except
            """, new { kind, Prefix = prefix + "%", Lo = prefix, Hi = prefix + char.ConvertFromUtf32(0x10FFFF), except = exceptDedupeKey ?? "", Now = clock.GetUtcNow() },
            tx.Transaction);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due items for <paramref name="node"/>: first those someone is waiting for
    /// (<see cref="NewWork.SomeoneWaiting"/>), then the rest, each lane oldest due first. An item with an ordering
    /// key is claimable only when no older item with that key is running or waiting to retry, so one
    /// conversation's texts go out one at a time and in order. A not-yet-attempted item scheduled for
    /// later (a follow-up) does not hold back the ones behind it.
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(string node, int limit, CancellationToken ct = default)
    {
        if (limit <= 0) return [];
        var now = clock.GetUtcNow();
        var rows = await db.WriteAsync(async tx =>
        {
            var args = new { node, limit, Now = now, LeaseUntil = now + _o.Lease, DeadBefore = now - _o.NodeTimeout };
            var claimed = (await tx.Connection.QueryAsync<WorkItem>(_claimWaiting, args, tx.Transaction)).ToList();
            // Sorted within each lane: RETURNING order is not guaranteed.
            claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
            if (claimed.Count < limit)
            {
                var rest = (await tx.Connection.QueryAsync<WorkItem>(_claimAny, args with { limit = limit - claimed.Count }, tx.Transaction)).ToList();
                rest.Sort((a, b) => a.Id.CompareTo(b.Id));
                claimed.AddRange(rest);
            }
            return claimed;
        }, ct);
        return rows;
    }

    // The claim's two statements, built once: the dialect is fixed for the queue's life.
    private readonly string _claimWaiting = Claim(db.Dialect, Waiting), _claimAny = Claim(db.Dialect, Any);

    // The candidates are chosen and locked in a CTE first (evaluated once; on PostgreSQL SKIP LOCKED passes
    // over rows another node is claiming, and a row that node already claimed fails the re-check), then
    // the UPDATE claims exactly the locked rows.
    // The ordering check repeats the partial index's own condition (ordering_key IS NOT NULL AND status IN pending,
    // running) so SQLite can use ix_work_items_ordering for it; without it the planner walked every pending item per
    // candidate (a claim took ~300 ms with 2,000 follow-ups waiting, holding the single writer; 0.3 ms with it).
    private const string InOrder = """
        (w.ordering_key IS NULL OR NOT EXISTS (
              SELECT 1 FROM work_items o
              WHERE o.ordering_key = w.ordering_key AND o.id < w.id
                AND o.ordering_key IS NOT NULL AND o.status IN ('pending', 'running')
                AND (o.status = 'running' OR (o.status = 'pending' AND (o.due_at <= @Now OR o.attempts > 0)))))
        """;
    // The waiting lane: its own partial index (ix_work_items_waiting), empty but for the items of this moment.
    private static readonly string Waiting = $"w.status = 'pending' AND w.priority = {WaitingPriority} AND w.due_at <= @Now AND {InOrder}";
    // Everything else due. A running item is claimable once its lease ran out, or once its node stopped beating
    // (crashed; a node that never beat, e.g. an older version mid-upgrade, keeps the lease rule). Never our own: we are alive.
    private const string Any = $"""
        ((w.status = 'pending' AND w.due_at <= @Now)
         OR (w.status = 'running' AND (w.locked_until < @Now
             OR (w.locked_by <> @node AND EXISTS (SELECT 1 FROM queue_nodes n WHERE n.node = w.locked_by AND n.heartbeat_at < @DeadBefore)))))
        AND {InOrder}
        """;
    private static string Claim(SqlDialect dialect, string eligible) => $"""
        WITH candidates AS (
            SELECT w.id FROM work_items w
            WHERE {eligible}
            ORDER BY w.due_at, w.id
            LIMIT @limit
            {dialect.ForUpdateSkipLocked})
        UPDATE work_items
        SET status = 'running', locked_by = @node, locked_until = @LeaseUntil, attempts = attempts + 1, updated_at = @Now
        WHERE id IN (SELECT id FROM candidates)
        RETURNING id, kind, business_id, ordering_key, payload, attempts, max_attempts, traceparent
        """;

    /// <summary>Extends the lease on items this node is still running.</summary>
    public async Task ExtendLeaseAsync(string node, IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return;
        var now = clock.GetUtcNow();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            $"UPDATE work_items SET locked_until = @LeaseUntil WHERE locked_by = @node AND status = 'running' AND id {db.Dialect.InList("ids")}",
            new { node, ids = ids.ToArray(), LeaseUntil = now + _o.Lease }, tx.Transaction), ct);
    }

    /// <summary>Records that <paramref name="node"/> is alive (its claims stay its own while it beats).</summary>
    public async Task BeatAsync(string node, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO queue_nodes (node, started_at, heartbeat_at) VALUES (@node, @now, @now)
            ON CONFLICT (node) DO UPDATE SET heartbeat_at = @now
            """, new { node, now }, tx.Transaction), ct);
    }

    /// <summary>
    /// Makes every item <paramref name="node"/> still holds claimable now, and forgets the node. For a node that starts
    /// under a configured name (what it holds is its crashed predecessor's) and for a node stopping after its handlers
    /// ended (what it holds, nobody runs). Also forgets nodes silent for a day: their leases ran out long ago.
    /// Returns how many items were released.
    /// </summary>
    public async Task<int> ReleaseNodeAsync(string node, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.WriteAsync(async tx =>
        {
            var released = await tx.Connection.ExecuteAsync(
                // Back in line with its attempt counted, as a reclaim after a lapsed lease would count it.
                "UPDATE work_items SET status = 'pending', due_at = @now, locked_by = NULL, locked_until = NULL, updated_at = @now WHERE locked_by = @node AND status = 'running'",
                new { node, now }, tx.Transaction);
            await tx.Connection.ExecuteAsync("DELETE FROM queue_nodes WHERE node = @node OR heartbeat_at < @longAgo",
                new { node, longAgo = now - TimeSpan.FromDays(1) }, tx.Transaction);
            if (released > 0) tx.AfterCommit(signal.Notify);
            return released;
        }, ct);
    }

    // Completions waiting for the next batch, and whether a flush is running (see CompleteAsync).
    private readonly Lock _completionGate = new();
    private List<(string Node, long Id, TaskCompletionSource<bool> Done)> _completions = [];
    private bool _flushing;

    /// <summary>
    /// Marks an item done; true once that is stored, false when our lease was lost and someone else owns it now.
    /// Completions are written in batches: those that arrive while one batch is being written go together in the next
    /// (one transaction, one statement per node) — under a burst that was a write transaction per item, about a quarter
    /// of all of them. The caller still hears only once its item is durably done.
    /// </summary>
    public Task<bool> CompleteAsync(string node, long id, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_completionGate)
        {
            _completions.Add((node, id, done));
            start = !_flushing;
            _flushing = true;
        }
        if (start) _ = Task.Run(FlushCompletionsAsync, CancellationToken.None);
        return done.Task.WaitAsync(ct);
    }

    private async Task FlushCompletionsAsync()
    {
        while (true)
        {
            List<(string Node, long Id, TaskCompletionSource<bool> Done)> batch;
            lock (_completionGate)
            {
                if (_completions.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                (batch, _completions) = (_completions, []);
            }
            try
            {
                var now = clock.GetUtcNow();
                var stored = new HashSet<(string Node, long Id)>();
                await db.WriteAsync(async tx =>
                {
                    foreach (var group in batch.GroupBy(c => c.Node))
                        stored.UnionWith((await tx.Connection.QueryAsync<long>(
                            $"UPDATE work_items SET status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = @Now, finished_at = @Now WHERE locked_by = @node AND status = 'running' AND id {db.Dialect.InList("ids")} RETURNING id",
                            new { node = group.Key, ids = group.Select(c => c.Id).ToArray(), Now = now }, tx.Transaction)).Select(id => (group.Key, id)));
                });
                foreach (var c in batch) c.Done.TrySetResult(stored.Contains((c.Node, c.Id)));
            }
            catch (Exception ex)
            {
                foreach (var c in batch) c.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Records a failure: retry after a backoff with jitter, or dead when out of attempts or permanent.</summary>
    /// <param name="hold">Not a failure but a hold (<see cref="RetryWorkLater.Hold"/>): back in line at <paramref name="retryAfter"/>
    /// with the attempt given back, never dead.</param>
    public async Task<bool> FailAsync(string node, WorkItem item, string error, bool permanent, TimeSpan? retryAfter = null, CancellationToken ct = default,
        bool hold = false)
    {
        var now = clock.GetUtcNow();
        var dead = !hold && (permanent || item.Attempts >= item.MaxAttempts);
        var due = now + (retryAfter ?? Backoff(item.Attempts));
        if (error.Length > 2000) error = error[..2000];
        var rows = await db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            dead
                ? "UPDATE work_items SET status = 'dead', last_error = @error, locked_by = NULL, locked_until = NULL, updated_at = @Now, finished_at = @Now WHERE id = @Id AND locked_by = @node AND status = 'running'"
                : $"UPDATE work_items SET status = 'pending', last_error = @error, due_at = @due, locked_by = NULL, locked_until = NULL, updated_at = @Now{(hold ? ", attempts = attempts - 1" : "")} WHERE id = @Id AND locked_by = @node AND status = 'running'",
            new { item.Id, node, error, due, Now = now }, tx.Transaction), ct);
        return rows == 1;
    }

    /// <summary>Exponential backoff with ±50 % jitter so that a burst of failures does not retry in lockstep.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exp = Math.Min(attempts - 1, 20);
        var ms = Math.Min(_o.MaxBackoff.TotalMilliseconds, _o.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, exp)));
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble()));
    }

    /// <summary>The columns of a <see cref="WorkItemRow"/> (the operator's views of the queue).</summary>
    private const string RowColumns =
        "id, kind, business_id, ordering_key, dedupe_key, payload, status, due_at, attempts, max_attempts, last_error, locked_by, locked_until, created_at, finished_at";

    public async Task<IReadOnlyList<WorkItemRow>> ListAsync(string? status = null, string? kind = null, string? businessId = null, int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<WorkItemRow>($"""
            SELECT {RowColumns}
            FROM work_items
            WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind) AND (@businessId IS NULL OR business_id = @businessId)
            ORDER BY id DESC
            LIMIT @limit
            """, new { status, kind, businessId, limit })];
    }

    /// <summary>
    /// Per kind: how many items are due and not finished (waiting or running), and since when the oldest waiting one has been
    /// due. Work scheduled for later is not backlog. For the queue gauges, read only when metrics are collected.
    /// </summary>
    public async Task<IReadOnlyList<QueueBacklog>> BacklogAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<QueueBacklog>(new CommandDefinition("""
            SELECT kind, COUNT(*) AS depth, MIN(CASE WHEN status = 'pending' THEN due_at END) AS oldest_due_at
            FROM work_items
            WHERE (status = 'pending' AND due_at <= @Now) OR status = 'running'
            GROUP BY kind
            """, new { Now = clock.GetUtcNow() }, cancellationToken: ct))];
    }

    /// <summary>
    /// An item in trouble, as the operator sees it: dead (gave up) or failing (its last attempt threw and it waits for
    /// the next). The SQL condition of each, so the console's counts and the actions below agree.
    /// </summary>
    public const string DeadSql = "status = 'dead'", FailingSql = "status = 'pending' AND attempts > 0 AND last_error IS NOT NULL";

    /// <summary>Dead and failing items, newest first, for the operator console.</summary>
    public async Task<IReadOnlyList<WorkItemRow>> ListTroubledAsync(int limit = 100, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<WorkItemRow>(new CommandDefinition($"""
            SELECT {RowColumns}
            FROM work_items WHERE ({DeadSql}) OR ({FailingSql}) ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct))];
    }

    /// <summary>One item in the caller's transaction (locked on PostgreSQL, so the action after the check sees the same row).</summary>
    public async Task<WorkItemRow?> GetAsync(DbTx tx, long id) =>
        await tx.Connection.QuerySingleOrDefaultAsync<WorkItemRow>($"""
            SELECT {RowColumns}
            FROM work_items WHERE id = @id {db.Dialect.ForUpdate}
            """, new { id }, tx.Transaction);

    /// <summary>Puts a dead item back in line (operator action).</summary>
    public async Task<bool> RetryDeadAsync(long id, CancellationToken ct = default) =>
        await db.WriteAsync(tx => RetryAsync(tx, id), ct);

    /// <summary>
    /// Operator action, in the caller's transaction (which audits it): a dead item goes back in line with fresh attempts;
    /// a failing one is due now instead of after its backoff. False when the item is neither.
    /// </summary>
    public async Task<bool> RetryAsync(DbTx tx, long id)
    {
        var now = clock.GetUtcNow();
        var rows = await tx.Connection.ExecuteAsync($"""
            UPDATE work_items SET status = 'pending', attempts = CASE WHEN status = 'dead' THEN 0 ELSE attempts END, due_at = @Now, updated_at = @Now, finished_at = NULL
            WHERE id = @id AND (({DeadSql}) OR ({FailingSql}))
            """, new { id, Now = now }, tx.Transaction);
        if (rows > 0) tx.AfterCommit(signal.Notify);
        return rows > 0;
    }

    /// <summary>
    /// Operator action, in the caller's transaction (which audits it): a dead or failing item is given up for good
    /// (cancelled; its last error stays). False when the item is neither (pending for the first time, running, done).
    /// </summary>
    public async Task<bool> DiscardAsync(DbTx tx, long id)
    {
        var now = clock.GetUtcNow();
        return await tx.Connection.ExecuteAsync($"""
            UPDATE work_items SET status = 'cancelled', locked_by = NULL, locked_until = NULL, updated_at = @Now, finished_at = @Now
            WHERE id = @id AND (({DeadSql}) OR ({FailingSql}))
            """, new { id, Now = now }, tx.Transaction) > 0;
    }
}
