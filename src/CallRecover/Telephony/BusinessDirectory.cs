using CallRecover.Common;
using CallRecover.Tenancy;

namespace CallRecover.Telephony;

/// <summary>Finds the tenant a carrier webhook is for, by the number that was dialed or texted.</summary>
public sealed class BusinessDirectory(BusinessStore store)
{
    public async Task<Business?> ByCarrierNumberAsync(string to, CancellationToken ct) =>
        Phone.NormalizeOrNull(to) is { } number ? await store.GetByCarrierNumberAsync(number, ct) : null;

    public Task<Business?> ByIdAsync(string businessId, CancellationToken ct) => store.GetAsync(businessId, ct);
}
