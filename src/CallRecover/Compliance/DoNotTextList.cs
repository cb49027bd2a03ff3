using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;

namespace CallRecover.Compliance;

/// <summary>
/// The settings page's view of the business's do-not-text list: validates what the owner typed, stores it
/// through <see cref="DoNotTextStore"/> (the list the send path checks) and records who changed it.
/// </summary>
public sealed class DoNotTextList(Db db, DoNotTextStore store, AuditLog audit)
{
    public Task<IReadOnlyList<DoNotTextEntry>> ListAsync(string businessId, CancellationToken ct = default) => store.ListAsync(businessId, ct);

    /// <summary>Adds a number; returns an error for a bad number or label (an existing number gets the new label).</summary>
    public async Task<string?> AddAsync(string businessId, string? phone, string? label, string actor, CancellationToken ct = default)
    {
        if (!Phone.TryNormalize(phone, out var e164)) return $"'{phone}' is not a valid phone number. Enter it like (904) 555-0134.";
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label is { Length: > 80 }) return "The label must be at most 80 characters.";
        await store.AddAsync(businessId, e164, label, ct);
        await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, "do_not_text", e164, "added", new { label }), ct);
        return null;
    }

    public async Task<bool> RemoveAsync(string businessId, string id, string actor, CancellationToken ct = default)
    {
        var entry = (await store.ListAsync(businessId, ct)).FirstOrDefault(e => e.Id == id);
        if (entry is null || !await store.RemoveAsync(businessId, entry.Phone, ct)) return false;
        await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, "do_not_text", entry.Phone, "removed"), ct);
        return true;
    }
}
