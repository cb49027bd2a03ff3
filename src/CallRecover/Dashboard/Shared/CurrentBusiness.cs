using CallRecover.Tenancy;

namespace CallRecover.Dashboard.Shared;

/// <summary>
/// The signed-in user's business, read once per request: the layout (for its name) and the page (for its time zone)
/// share one query instead of each reading the row. Scoped to the request: the settings page saves and then redirects
/// (post/redirect/get), so the page showing the saved values is a new request that reads the row again.
/// </summary>
public sealed class CurrentBusiness(BusinessStore businesses)
{
    private string? _id;
    private Task<Business?>? _load;

    /// <summary>The business, or null when it no longer exists. The task is shared, so concurrent callers wait on one read.</summary>
    public Task<Business?> GetAsync(string businessId)
    {
        if (_load is null || _id != businessId) (_id, _load) = (businessId, businesses.GetAsync(businessId));
        return _load;
    }
}
