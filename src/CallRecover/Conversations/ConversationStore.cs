using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Conversations;

/// <summary>
/// Conversations, their messages and the engine's turns, always scoped by business. The only writer of the
/// <c>conversations</c>, <c>messages</c> and <c>conversation_turns</c> tables: every status change, every stored text
/// and every delivery status goes through a method here, named for what it does.
/// </summary>
public sealed class ConversationStore(Db db, TimeProvider clock) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>What a message's body holds once past the business's retention (<c>retention_settings.message_days</c>).</summary>
    public const string ExpiredText = "[expired]";

    /// <summary>
    /// Retention: up to <paramref name="limit"/> of the business's messages sent or received before <paramref name="before"/>
    /// lose their body (the row, its direction, status and times stay, so reports keep their counts). Returns how many.
    /// </summary>
    public async Task<int> ExpireBodiesAsync(DbTx tx, string businessId, DateTimeOffset before, int limit) =>
        await tx.Connection.ExecuteAsync($"""
            UPDATE messages SET body = @expired, updated_at = @now
            WHERE id IN (SELECT id FROM messages WHERE business_id = @businessId AND created_at < @before AND body <> @expired AND body <> @erased LIMIT {limit})
            """, new { businessId, before, expired = ExpiredText, erased = CallRecover.Customers.ErasureSubject.ErasedText, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>Erasure: conversations and texts stay (the reports count them) under the pseudonym; every text's body and the engine's readings are gone.</summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var conversations = await s.PerPhoneAsync(tx, "UPDATE conversations SET phone = @pseudonym, qualification = '{}', updated_at = @now WHERE business_id = @b AND phone = @phone");
        var messages = await s.PerPhoneAsync(tx, $"UPDATE messages SET from_phone = @pseudonym, body = '{CallRecover.Customers.ErasureSubject.ErasedText}', updated_at = @now WHERE business_id = @b AND from_phone = @phone")
            + await s.PerPhoneAsync(tx, $"UPDATE messages SET to_phone = @pseudonym, body = '{CallRecover.Customers.ErasureSubject.ErasedText}', updated_at = @now WHERE business_id = @b AND to_phone = @phone");
        var turns = await s.ExecuteAsync(tx, $"UPDATE conversation_turns SET outcome = '{{}}' WHERE business_id = @b AND conversation_id {tx.Dialect.InList("conversationIds")}");
        return [new("conversations", conversations), new("messages", messages), new("conversation_turns", turns)];
    }

    public const string Columns = """
        id, business_id, lead_id, call_id, phone, status, follow_up_count, next_follow_up_at, qualification, needs_human,
        emergency, last_inbound_at, last_outbound_at, created_at, updated_at
        """;

    public const string MessageColumns = """
        id, business_id, conversation_id, direction, sender, purpose, to_phone, from_phone, body, carrier_sid, status,
        error_code, error_message, engine, policy_reason, send_after, created_at, updated_at
        """;

    private const string OpenStatuses = "('active','human_active','follow_up')";

    // ---- conversations: reads ----

    public async Task<Conversation?> GetAsync(string businessId, string conversationId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Conversation>($"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND id = @conversationId", new { businessId, conversationId });
    }

    public async Task<Conversation?> GetAsync(DbTx tx, string businessId, string conversationId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Conversation>($"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND id = @conversationId", new { businessId, conversationId }, tx.Transaction);

    /// <summary>The open conversation with a caller, if any.</summary>
    public async Task<Conversation?> GetOpenByPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Conversation>(
            $"SELECT {Columns} FROM conversations WHERE business_id = @businessId AND phone = @phone AND status IN {OpenStatuses}",
            new { businessId, phone }, tx.Transaction);

    /// <summary>
    /// The latest campaign text handed to the carrier for this phone since <paramref name="since"/> that no conversation
    /// holds yet: a reply to it starts a reactivation conversation that carries it.
    /// </summary>
    public async Task<string?> LatestCampaignTextAsync(DbTx tx, string businessId, string phone, DateTimeOffset since) =>
        await tx.Connection.ExecuteScalarAsync<string?>("""
            SELECT id FROM messages WHERE business_id = @businessId AND to_phone = @phone AND direction = 'outbound' AND purpose = 'campaign'
              AND conversation_id IS NULL AND carrier_sid IS NOT NULL AND created_at >= @since
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, new { businessId, phone, since }, tx.Transaction);

    /// <summary>Puts a text sent outside any conversation (a campaign's) into the conversation its reply started.</summary>
    public Task AttachAsync(DbTx tx, string businessId, string messageId, string conversationId) =>
        tx.Connection.ExecuteAsync("UPDATE messages SET conversation_id = @conversationId WHERE business_id = @businessId AND id = @messageId AND conversation_id IS NULL",
            new { businessId, messageId, conversationId }, tx.Transaction);

    /// <summary>The caller's latest conversation (open or closed), if any.</summary>
    public async Task<string?> LatestIdForPhoneAsync(DbTx tx, string businessId, string phone) =>
        await tx.Connection.ExecuteScalarAsync<string?>(
            "SELECT id FROM conversations WHERE business_id = @businessId AND phone = @phone ORDER BY created_at DESC, id DESC LIMIT 1",
            new { businessId, phone }, tx.Transaction);

    /// <summary>The lead's latest conversation (open or closed), if any.</summary>
    public async Task<string?> LatestIdForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.ExecuteScalarAsync<string?>(LatestIdForLeadSql, new { businessId, leadId }, tx.Transaction);

    /// <inheritdoc cref="LatestIdForLeadAsync(DbTx, string, string)"/>
    public async Task<string?> LatestIdForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<string?>(LatestIdForLeadSql, new { businessId, leadId });
    }

    private const string LatestIdForLeadSql =
        "SELECT id FROM conversations WHERE business_id = @businessId AND lead_id = @leadId ORDER BY created_at DESC, id DESC LIMIT 1";

    /// <summary>Conversations for the inbox: emergencies, then those needing a person, then the most recent.</summary>
    public async Task<IReadOnlyList<Conversation>> ListAsync(string businessId, string? status = null, int limit = 200, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Conversation>($"""
            SELECT {Columns} FROM conversations
            WHERE business_id = @businessId AND (@status IS NULL OR status = @status)
            ORDER BY CASE WHEN emergency AND status IN {OpenStatuses} THEN 0
                          WHEN (needs_human OR status = 'human_active') AND status IN {OpenStatuses} THEN 1
                          WHEN status IN {OpenStatuses} THEN 2 ELSE 3 END,
                     updated_at DESC, id
            LIMIT @limit
            """, new { businessId, status, limit })];
    }

    // ---- conversations: writes ----

    /// <summary>
    /// Opens a conversation with a caller, or finds the one already open: <c>Created</c> says which.
    /// </summary>
    public async Task<(string Id, bool Created)> OpenAsync(DbTx tx, string businessId, string leadId, string? callId, string phone)
    {
        var id = Ids.New();
        var now = clock.GetUtcNow();
        // The partial unique index allows one open conversation per caller: a racing second insert loses here.
        var inserted = await tx.Connection.ExecuteAsync("""
            INSERT INTO conversations (id, business_id, lead_id, call_id, phone, status, follow_up_count, qualification, needs_human, emergency, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, @callId, @phone, 'active', 0, '{}', FALSE, FALSE, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { id, businessId, leadId, callId, phone, now }, tx.Transaction);
        if (inserted == 1) return (id, true);
        var open = await GetOpenByPhoneAsync(tx, businessId, phone) ?? throw new InvalidOperationException("Open conversation vanished.");
        return (open.Id, false);
    }

    /// <summary>
    /// Takes the conversation's row lock until the transaction ends (a no-op update locks the row on PostgreSQL; SQLite
    /// writers are serialized anyway), so a status read after it cannot change before this transaction commits.
    /// </summary>
    public Task LockAsync(DbTx tx, string businessId, string conversationId) =>
        tx.Connection.ExecuteAsync("UPDATE conversations SET updated_at = updated_at WHERE business_id = @businessId AND id = @conversationId",
            new { businessId, conversationId }, tx.Transaction);

    /// <summary>A person took over, handed back or closed it: the new status, and their action answers "needs a human".</summary>
    public Task SetStatusByStaffAsync(DbTx tx, string businessId, string conversationId, string status) =>
        tx.Connection.ExecuteAsync(
            "UPDATE conversations SET status = @status, needs_human = FALSE, updated_at = @now WHERE business_id = @businessId AND id = @conversationId",
            new { status, now = clock.GetUtcNow(), businessId, conversationId }, tx.Transaction);

    /// <summary>Closes every open conversation with this caller (opt-out, carrier 21610); returns the ids closed.</summary>
    public async Task<IReadOnlyList<string>> CloseOpenForPhoneAsync(DbTx tx, string businessId, string phone, string status, DateTimeOffset? lastInboundAt = null)
    {
        var now = clock.GetUtcNow();
        return [.. await tx.Connection.QueryAsync<string>($"""
            UPDATE conversations SET status = @status, next_follow_up_at = NULL,
                last_inbound_at = COALESCE(@lastInboundAt, last_inbound_at), updated_at = @now
            WHERE business_id = @businessId AND phone = @phone AND status IN {OpenStatuses}
            RETURNING id
            """, new { status, lastInboundAt, now, businessId, phone }, tx.Transaction)];
    }

    /// <summary>
    /// Ends the automated thread once a visit is booked or confirmed. A person who has taken over keeps the
    /// conversation (only active, follow-up and stale threads close).
    /// </summary>
    public Task CloseBookedAsync(DbTx tx, string businessId, string conversationId) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversations SET status = 'closed_booked', next_follow_up_at = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId AND status IN ('active','follow_up','stale')
            """, new { businessId, conversationId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The caller cancelled their visit by text: the automated thread ends (a taken-over one stays with the person).</summary>
    public Task CloseAfterCancelAsync(DbTx tx, string businessId, string conversationId) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversations SET status = 'closed_manual', next_follow_up_at = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId AND status IN ('active','follow_up')
            """, new { businessId, conversationId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>The caller wrote: the thread is active again (from follow-up), nothing is due, and the last inbound time moves forward.</summary>
    public Task RecordInboundAsync(DbTx tx, string businessId, string conversationId, DateTimeOffset at) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversations SET next_follow_up_at = NULL,
                status = CASE WHEN status = 'follow_up' THEN 'active' ELSE status END,
                last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < @at THEN @at ELSE last_inbound_at END,
                updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId
            """, new { at, now = clock.GetUtcNow(), businessId, conversationId }, tx.Transaction);

    /// <summary>A text was queued to the caller in this conversation.</summary>
    public Task RecordOutboundAsync(DbTx tx, string businessId, string conversationId) =>
        tx.Connection.ExecuteAsync("UPDATE conversations SET last_outbound_at = @now, updated_at = @now WHERE business_id = @businessId AND id = @conversationId",
            new { now = clock.GetUtcNow(), businessId, conversationId }, tx.Transaction);

    /// <summary>When the next follow-up is due (null: none).</summary>
    public Task SetNextFollowUpAsync(DbTx tx, string businessId, string conversationId, DateTimeOffset? due) =>
        tx.Connection.ExecuteAsync("UPDATE conversations SET next_follow_up_at = @due, updated_at = @now WHERE business_id = @businessId AND id = @conversationId",
            new { due, now = clock.GetUtcNow(), businessId, conversationId }, tx.Transaction);

    /// <summary>
    /// Claims follow-up <paramref name="number"/>: moves the count and the status (follow_up, or closed_no_response after
    /// the last one) only while the count is below it and the thread is active. A second run of the same follow-up
    /// waits on the row lock, then finds the count moved: false, send nothing.
    /// </summary>
    public async Task<bool> ClaimFollowUpAsync(DbTx tx, string businessId, string conversationId, int number, bool last) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE conversations SET follow_up_count = @number, status = @status, next_follow_up_at = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId AND follow_up_count < @number AND status IN ('active','follow_up')
            """, new
        {
            number, status = last ? ConversationStatuses.ClosedNoResponse : ConversationStatuses.FollowUp, now = clock.GetUtcNow(), businessId, conversationId,
        }, tx.Transaction) == 1;

    /// <summary>
    /// The caller answers like a machine: the AI stops answering (the pause is in the qualification state) and the
    /// owner is asked to look; the conversation stays open, so a human-looking reply resumes it.
    /// </summary>
    public Task PauseForAutoResponderAsync(DbTx tx, string businessId, string conversationId, string qualification) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversations SET needs_human = TRUE, next_follow_up_at = NULL, qualification = @qualification, updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId AND status IN ('active','follow_up')
            """, new { qualification, now = clock.GetUtcNow(), businessId, conversationId }, tx.Transaction);

    /// <summary>What an engine turn changed on the conversation.</summary>
    public sealed record TurnChange(string Status, string Qualification, bool NeedsHuman, bool Emergency, bool Closing);

    public Task ApplyTurnAsync(DbTx tx, string businessId, string conversationId, TurnChange change) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversations SET status = @Status, qualification = @Qualification, needs_human = @NeedsHuman, emergency = @Emergency,
                next_follow_up_at = CASE WHEN @Closing THEN NULL ELSE next_follow_up_at END, updated_at = @now
            WHERE business_id = @businessId AND id = @conversationId
            """, new { change.Status, change.Qualification, change.NeedsHuman, change.Emergency, change.Closing, now = clock.GetUtcNow(), businessId, conversationId },
            tx.Transaction);

    /// <summary>
    /// Open conversations (all businesses: a platform sweep) not updated since <paramref name="idleSince"/>, with no
    /// follow-up scheduled and none pending or running on the queue (work of <paramref name="followUpKind"/> whose dedupe
    /// key is <paramref name="followUpKeyPrefix"/> + conversation id + ":"), become stale. Returns how many.
    /// </summary>
    public async Task<int> MarkIdleStaleAsync(DbTx tx, DateTimeOffset idleSince, string followUpKind, string followUpKeyPrefix) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE conversations SET status = 'stale', updated_at = @now
            WHERE status IN ('active','follow_up') AND next_follow_up_at IS NULL AND updated_at < @idleSince
              AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.kind = @followUpKind AND w.status IN ('pending','running')
                              AND w.dedupe_key LIKE @followUpKeyPrefix || conversations.id || ':%')
            """, new { now = clock.GetUtcNow(), idleSince, followUpKind, followUpKeyPrefix }, tx.Transaction);

    // ---- messages: reads ----

    public async Task<IReadOnlyList<Message>> MessagesAsync(string businessId, string conversationId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Message>(
            $"SELECT {MessageColumns} FROM messages WHERE business_id = @businessId AND conversation_id = @conversationId ORDER BY created_at, id",
            new { businessId, conversationId })];
    }

    public async Task<Message?> GetMessageAsync(string businessId, string messageId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Message>(
            $"SELECT {MessageColumns} FROM messages WHERE business_id = @businessId AND id = @messageId", new { businessId, messageId });
    }

    /// <summary>One of the business's messages by the carrier's SID (status callbacks name the business).</summary>
    public async Task<Message?> FindBySidAsync(DbTx tx, string businessId, string sid) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Message>($"SELECT {MessageColumns} FROM messages WHERE business_id = @businessId AND carrier_sid = @sid",
            new { businessId, sid }, tx.Transaction);

    /// <summary>
    /// SIDs the carrier gave our other texts to this number recently (to tell an earlier attempt's text from another).
    /// Never the SID of <paramref name="messageId"/> itself: a run that overlapped the attempt recording it would take its
    /// own text for another and send it again.
    /// </summary>
    public async Task<IReadOnlySet<string>> RecentSidsToAsync(string businessId, string toPhone, DateTimeOffset since, string messageId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<string>("""
            SELECT carrier_sid FROM messages
            WHERE business_id = @businessId AND to_phone = @toPhone AND carrier_sid IS NOT NULL AND created_at >= @since AND id <> @messageId
            """, new { businessId, toPhone, since, messageId })).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the caller has written in this conversation after <paramref name="since"/>.</summary>
    public async Task<bool> HasInboundSinceAsync(DbTx tx, string businessId, string conversationId, DateTimeOffset since) =>
        await tx.Connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM messages WHERE business_id = @businessId AND conversation_id = @conversationId AND direction = 'inbound' AND created_at > @since
            """, new { businessId, conversationId, since }, tx.Transaction) > 0;

    /// <summary>Whether a greeting went (or is going) to this number since <paramref name="since"/>.</summary>
    public async Task<bool> GreetedSinceAsync(DbTx tx, string businessId, string phone, DateTimeOffset since) =>
        await tx.Connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM messages
            WHERE business_id = @businessId AND to_phone = @phone AND purpose = 'greeting' AND status <> 'blocked' AND created_at >= @since
            """, new { businessId, phone, since }, tx.Transaction) > 0;

    // ---- messages: writes ----

    /// <summary>Stores an outbound text as the send path decided it (queued, held until SendAfter, or blocked).</summary>
    public Task InsertOutboundAsync(DbTx tx, Message m) =>
        tx.Connection.ExecuteAsync($"""
            INSERT INTO messages ({MessageColumns})
            VALUES (@Id, @BusinessId, @ConversationId, 'outbound', @Sender, @Purpose, @ToPhone, @FromPhone, @Body, NULL, @Status, NULL, NULL, @Engine,
                    @PolicyReason, @SendAfter, @CreatedAt, @UpdatedAt)
            """, m, tx.Transaction);

    /// <summary>Stores a caller's text; returns its id.</summary>
    public async Task<string> InsertInboundAsync(DbTx tx, string businessId, string? conversationId, string carrierSid, string from, string to, string body)
    {
        var id = Ids.New();
        var now = clock.GetUtcNow();
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO messages ({MessageColumns})
            VALUES (@id, @businessId, @conversationId, 'inbound', 'caller', NULL, @to, @from, @body, @carrierSid, 'received', NULL, NULL, NULL, NULL, NULL, @now, @now)
            """, new { id, businessId, conversationId, to, from, body, carrierSid, now }, tx.Transaction);
        return id;
    }

    /// <summary>The policy said never at the moment of sending: blocked with its reason (only while not yet at the carrier).</summary>
    public Task BlockAsync(DbTx tx, string businessId, string messageId, string reason) =>
        tx.Connection.ExecuteAsync("""
            UPDATE messages SET status = 'blocked', policy_reason = @reason, updated_at = @now
            WHERE business_id = @businessId AND id = @messageId AND carrier_sid IS NULL AND status IN ('queued','sending')
            """, new { reason, now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction);

    /// <summary>The policy held a text again at the moment of sending (quiet hours came round while it waited).</summary>
    public Task HoldAsync(DbTx tx, string businessId, string messageId, string reason, DateTimeOffset until) =>
        tx.Connection.ExecuteAsync("""
            UPDATE messages SET policy_reason = @reason, send_after = @until, updated_at = @now
            WHERE business_id = @businessId AND id = @messageId AND carrier_sid IS NULL AND status = 'queued'
            """, new { reason, until, now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction);

    /// <summary>Marks a queued text "sending" just before the carrier POST; false when someone else moved it on.</summary>
    public async Task<bool> MarkSendingAsync(DbTx tx, string businessId, string messageId) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE messages SET status = 'sending', updated_at = @now WHERE business_id = @businessId AND id = @messageId AND status = 'queued' AND carrier_sid IS NULL
            """, new { now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction) == 1;

    /// <summary>The carrier certainly did not take it (429, no connection): back in line.</summary>
    public Task RequeueAsync(DbTx tx, string businessId, string messageId) =>
        tx.Connection.ExecuteAsync(
            "UPDATE messages SET status = 'queued', updated_at = @now WHERE business_id = @businessId AND id = @messageId AND status = 'sending' AND carrier_sid IS NULL",
            new { now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction);

    /// <summary>The carrier took the text: its SID (once; false when a run beside this one recorded it first).</summary>
    public async Task<bool> RecordSidAsync(DbTx tx, string businessId, string messageId, string sid) =>
        await tx.Connection.ExecuteAsync("""
            UPDATE messages SET carrier_sid = @sid, status = 'sending', accepted_at = @now, updated_at = @now WHERE business_id = @businessId AND id = @messageId AND carrier_sid IS NULL
            """, new { sid, now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction) == 1;

    /// <summary>The carrier refused it, or we gave up: failed with the carrier's code.</summary>
    public Task FailAsync(DbTx tx, string businessId, string messageId, string? code, string? error) =>
        tx.Connection.ExecuteAsync("""
            UPDATE messages SET status = 'failed', error_code = @code, error_message = @error, updated_at = @now
            WHERE business_id = @businessId AND id = @messageId AND carrier_sid IS NULL
            """, new { code, error = error is { Length: > 500 } ? error[..500] : error, now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction);

    /// <summary>A delivery status from the carrier (the caller makes sure it only moves forward).</summary>
    public Task SetDeliveryStatusAsync(DbTx tx, string businessId, string messageId, string status, string? errorCode, string? errorMessage) =>
        tx.Connection.ExecuteAsync("""
            UPDATE messages SET status = @status, error_code = COALESCE(@errorCode, error_code), error_message = COALESCE(@errorMessage, error_message), updated_at = @now
            WHERE business_id = @businessId AND id = @messageId
            """, new { status, errorCode, errorMessage, now = clock.GetUtcNow(), businessId, messageId }, tx.Transaction);

    // ---- conversation turns ----

    /// <summary>Whether the engine already answered (or deliberately skipped) this caller text.</summary>
    public async Task<bool> TurnExistsAsync(string businessId, string messageId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM conversation_turns WHERE business_id = @businessId AND message_id = @messageId",
            new { businessId, messageId }) > 0;
    }

    /// <summary>Claims the turn for a caller text; false when it was already taken (a re-run of the same work item).</summary>
    public async Task<bool> ClaimTurnAsync(DbTx tx, string businessId, string conversationId, string messageId, string engine, string? fallback, string outcome, string? dropped) =>
        await tx.Connection.ExecuteAsync("""
            INSERT INTO conversation_turns (message_id, business_id, conversation_id, engine, fallback_reason, outcome, reply_message_id, dropped_reason, created_at)
            VALUES (@messageId, @businessId, @conversationId, @engine, @fallback, @outcome, NULL, @dropped, @now)
            ON CONFLICT (message_id) DO NOTHING
            """, new { messageId, businessId, conversationId, engine, fallback, outcome, dropped, now = clock.GetUtcNow() }, tx.Transaction) == 1;

    /// <summary>
    /// Records, in the step's own transaction, that a step other than the engine answered a caller text (a booking pick,
    /// a quote's YES). A text a run of the same work item already answered throws <see cref="TurnAlreadyAnsweredException"/>,
    /// which rolls this run's work back; <see cref="ConversationTurnHandler"/> takes it as handled.
    /// </summary>
    public async Task ClaimStepTurnAsync(DbTx tx, InboundText text, string step)
    {
        if (!await ClaimTurnAsync(tx, text.Conversation.BusinessId, text.Conversation.Id, text.Message.Id, step, null, "{}", null))
            throw new TurnAlreadyAnsweredException(text.Message.Id);
    }

    /// <summary>Records the reply a turn sent (or why none went out).</summary>
    public Task SetTurnReplyAsync(DbTx tx, string businessId, string messageId, string? replyMessageId, string? droppedReason) =>
        tx.Connection.ExecuteAsync("""
            UPDATE conversation_turns SET reply_message_id = COALESCE(@replyMessageId, reply_message_id), dropped_reason = @droppedReason
            WHERE business_id = @businessId AND message_id = @messageId
            """, new { replyMessageId, droppedReason, businessId, messageId }, tx.Transaction);
}

/// <summary>A second run of a caller text's turn found it already answered (its transaction rolls back).</summary>
public sealed class TurnAlreadyAnsweredException(string messageId) : Exception($"Text {messageId} was already answered.")
{
    public string MessageId { get; } = messageId;
}
