using CallRecover.Data;

namespace CallRecover.Leads;

/// <summary>
/// Makes a new link to a customer's portal (their quotes, visits, jobs and invoices) for a text: owned here so quote
/// and booking texts can carry it; implemented by <c>Portal/PortalLinkIssuer</c>. Zero or one is registered.
/// </summary>
public interface ICustomerPortalLinks
{
    /// <summary>A new link for the lead, stored in the caller's transaction; returns its URL.</summary>
    Task<string> NewLinkAsync(DbTx tx, string businessId, string leadId, string? customerId, string purpose);
}
