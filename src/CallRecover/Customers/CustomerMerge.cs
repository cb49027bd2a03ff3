using CallRecover.Audit;
using CallRecover.Data;

namespace CallRecover.Customers;

/// <summary>
/// A table that points at customers and is owned by another capability (quotes, jobs, extractions, ...): on a merge
/// its owner moves the merged customer's rows to the kept customer, inside the merge's transaction.
/// </summary>
public interface ICustomerMergeParticipant
{
    /// <summary>Points every row of <paramref name="fromCustomerId"/> at <paramref name="toCustomerId"/>; returns how many moved.</summary>
    Task<int> ReassignCustomerAsync(DbTx tx, string businessId, string fromCustomerId, string toCustomerId);
}

public sealed record MergeOutcome(Customer Kept, Customer Merged, IReadOnlyDictionary<string, int> Moved);

public enum MergeError { None, NotFound, Same, AlreadyMerged }

/// <summary>
/// Staff merge two customers of one business: the kept one takes the other's phone (its calls, texts, leads and
/// recordings show in the kept one's history), vehicles, quotes, jobs and extractions, and its empty details; the
/// merged row stays, pointing at the kept one, so nothing is lost. One transaction, one audit entry.
/// </summary>
public sealed class CustomerMerge(Db db, CustomerStore customers, IEnumerable<ICustomerMergeParticipant> participants, AuditLog audit)
{
    public async Task<(MergeOutcome? Outcome, MergeError Error)> MergeAsync(string businessId, string keepId, string mergeId, string actor, CancellationToken ct = default)
    {
        if (keepId == mergeId) return (null, MergeError.Same);
        await using var tx = await db.BeginAsync(ct);
        var kept = await customers.GetAsync(tx, businessId, keepId);
        var merged = await customers.GetAsync(tx, businessId, mergeId);
        if (kept is null || merged is null) return (null, MergeError.NotFound);
        if (kept.MergedIntoId is not null || merged.MergedIntoId is not null) return (null, MergeError.AlreadyMerged);
        await customers.MergeAsync(tx, businessId, kept, merged);
        var moved = new Dictionary<string, int>();
        foreach (var participant in participants)
            moved[participant.GetType().Name] = await participant.ReassignCustomerAsync(tx, businessId, merged.Id, kept.Id);
        await audit.WriteAsync(tx, businessId, actor, "customer", kept.Id, "merged", new { mergedId = merged.Id, mergedPhone = CallRecover.Common.Phone.Mask(merged.Phone), moved });
        await tx.CommitAsync(ct);
        return (new MergeOutcome(kept, merged, moved), MergeError.None);
    }
}
