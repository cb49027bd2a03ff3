using CallRecover.Audit;
using CallRecover.Conversations;
using CallRecover.Customers;
using CallRecover.Data;
using Dapper;

namespace CallRecover.DataRights;

/// <summary>What an erasure did, for the person who asked: records changed or removed per kind, files deleted, and what was kept and why.</summary>
public sealed record ErasureReceipt(string CustomerId, DateTimeOffset ErasedAt, IReadOnlyDictionary<string, int> Records, int FilesDeleted, IReadOnlyList<string> Kept);

/// <summary>
/// Erases a customer on request, in one transaction: automation for their phones stops first (open conversations
/// close, follow-ups, reminders and review requests are dropped, as for an opt-out), then every store that holds
/// personal data about callers anonymizes or removes its rows (<see cref="ICustomerErasureParticipant"/>): names,
/// addresses, e-mails, free text and message bodies go, phones become one pseudonym per phone; the rows the reports
/// count stay, so totals do not change. Audio and photo files are deleted once the transaction has committed. Opt-outs
/// and the business's do-not-text list keep the number — they exist so that it is never texted again — and audit
/// entries keep who did what. Audited, with counts only.
/// </summary>
public sealed class CustomerErasure(Db db, IEnumerable<ICustomerErasureParticipant> participants, ConversationStore conversations,
    IEnumerable<IOptOutObserver> automation, AuditLog audit, TimeProvider clock, ILogger<CustomerErasure> log)
{
    public static readonly IReadOnlyList<string> Kept =
    [
        "opt-outs and the do-not-text list keep the number, so it is never texted again",
        "calls, texts, leads, visits, quotes, jobs and invoices stay as counts and amounts (the business's reports and books), without personal details",
        "the audit log keeps who did what and when",
    ];

    public async Task<ErasureReceipt?> EraseAsync(string businessId, string customerId, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var files = new List<string>();
        var receipt = await db.WriteAsync<ErasureReceipt?>(async tx =>
        {
            var c = tx.Connection;
            var d = tx.Dialect;
            // A customer merged into another is the same person: the erasure is the kept customer's.
            var id = await c.QuerySingleOrDefaultAsync<string>(
                "SELECT COALESCE(merged_into_id, id) FROM customers WHERE business_id = @businessId AND id = @customerId", new { businessId, customerId }, tx.Transaction);
            if (id is null) return null;
            var people = (await c.QueryAsync<(string Id, string Phone)>(
                "SELECT id, phone FROM customers WHERE business_id = @businessId AND (id = @id OR merged_into_id = @id)", new { businessId, id }, tx.Transaction)).ToList();
            var args = new { b = businessId, phones = people.Select(p => p.Phone).Distinct().ToArray() };
            var leadOfPhone = (await c.QueryAsync<(string Id, string Phone)>($"SELECT id, phone FROM leads WHERE business_id = @b AND phone {d.InList("phones")}",
                args, tx.Transaction)).ToDictionary(l => l.Phone, l => l.Id);
            var leadIds = leadOfPhone.Values.ToArray();
            var callIds = (await c.QueryAsync<string>($"SELECT id FROM calls WHERE business_id = @b AND caller_phone {d.InList("phones")}", args, tx.Transaction)).ToArray();
            var conversationIds = (await c.QueryAsync<string>($"SELECT id FROM conversations WHERE business_id = @b AND phone {d.InList("phones")}", args, tx.Transaction)).ToArray();
            var recordingIds = (await c.QueryAsync<string>(
                $"SELECT id FROM recordings WHERE business_id = @b AND (caller_phone {d.InList("phones")} OR call_id {d.InList("callIds")})",
                new { args.b, args.phones, callIds }, tx.Transaction)).ToArray();

            foreach (var phone in args.phones)
            {
                var closed = await conversations.CloseOpenForPhoneAsync(tx, businessId, phone, ConversationStatuses.ClosedManual);
                foreach (var stop in automation) await stop.OnOptedOutAsync(tx, businessId, phone, leadOfPhone.GetValueOrDefault(phone), closed);
            }

            var subject = new ErasureSubject(businessId, now, [.. people.Select(p => p.Id)], args.phones.ToDictionary(p => p, _ => ErasureSubject.NewPseudonym()),
                leadIds, callIds, conversationIds, recordingIds);
            var records = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var participant in participants)
                foreach (var erased in await participant.EraseCustomerAsync(tx, subject))
                {
                    records[erased.Table] = records.GetValueOrDefault(erased.Table) + erased.Rows;
                    files.AddRange(erased.Files);
                }
            await audit.WriteAsync(tx, businessId, actor, "customer", id, "erased", new { records, files = files.Count });
            return new ErasureReceipt(id, now, records, files.Count, Kept);
        }, ct);
        foreach (var file in files)
        {
            try { if (File.Exists(file)) File.Delete(file); }
            catch (IOException e) { log.LogWarning(e, "An erased customer's file could not be deleted; delete it by hand: {File}", Path.GetFileName(file)); }
        }
        return receipt;
    }
}
