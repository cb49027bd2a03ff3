using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Leads;
using Microsoft.Extensions.Options;

namespace CallRecover.Portal;

/// <summary>Issues portal links (for quote and booking texts, and for staff): a random token, stored only as its hash, valid 30 days.</summary>
public sealed class PortalLinkIssuer(PortalLinkStore links, IOptions<AppOptions> app, TimeProvider clock) : ICustomerPortalLinks
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    public string Url(string token) => $"{app.Value.BaseUrl}/p/{token}";

    public async Task<(PortalLink Link, string Url)> CreateAsync(DbTx tx, string businessId, string leadId, string? customerId, string purpose)
    {
        var (token, hash) = PublicPage.NewToken();
        var now = clock.GetUtcNow();
        var link = new PortalLink
        {
            Id = Ids.New(), BusinessId = businessId, LeadId = leadId, CustomerId = customerId, TokenHash = hash, Purpose = purpose, CreatedAt = now,
            ExpiresAt = now + Validity,
        };
        await links.InsertAsync(tx, link);
        return (link, Url(token));
    }

    public async Task<string> NewLinkAsync(DbTx tx, string businessId, string leadId, string? customerId, string purpose) =>
        (await CreateAsync(tx, businessId, leadId, customerId, purpose)).Url;
}
