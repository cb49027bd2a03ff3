using Microsoft.AspNetCore.DataProtection;

namespace CallRecover.Crm;

/// <summary>The CRM's API key and password: stored encrypted with the app's Data Protection keys, read back only to call the CRM.</summary>
public sealed class CrmSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.Crm.Credentials");

    public string Protect(string secret) => _protector.Protect(secret);

    public RukovoditelTarget Target(CrmConnection c) =>
        new(c.BaseUrl, _protector.Unprotect(c.ApiKey), c.Username, _protector.Unprotect(c.Password), c.EntityId);
}
