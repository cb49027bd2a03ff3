using System.Security.Claims;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// The signed-in person and the one business every page and dashboard API call is scoped to. The business comes
/// from the user's record (or, for an operator, the business they chose to look at), never from a URL or form.
/// </summary>
public sealed record DashboardUser(string UserId, string Email, string Name, string Role, string? BusinessId)
{
    public const string BusinessClaim = "callrecover:business";
    public const string ActingBusinessClaim = "callrecover:acting_business";
    /// <summary>The sign-in's own id: signing out ends it (<see cref="SessionStore"/>), so the cookie cannot be replayed.</summary>
    public const string SessionClaim = "callrecover:session";

    public static string? SessionOf(ClaimsPrincipal? principal) => principal?.FindFirstValue(SessionClaim);

    public string Actor => $"user:{UserId}";

    /// <summary>Owner, staff and operators see the office pages; technicians only their jobs.</summary>
    public bool IsOffice => Role is Roles.Owner or Roles.Staff or Roles.Operator;

    public bool CanEditSettings => Role is Roles.Owner or Roles.Operator;

    /// <summary>Where a role lands after signing in: operators pick a business, technicians see their jobs.</summary>
    public static string HomePath(string role) => role switch
    {
        Roles.Operator => "/operator",
        Roles.Technician => "/jobs",
        _ => "/",
    };

    public static ClaimsPrincipal Principal(User user, string? actingBusinessId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
            new(SessionClaim, Common.Ids.New()),
        };
        if (user.BusinessId is not null) claims.Add(new(BusinessClaim, user.BusinessId));
        if (user.Role == Roles.Operator && actingBusinessId is not null) claims.Add(new(ActingBusinessClaim, actingBusinessId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static DashboardUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (id is null || role is null) return null;
        var business = role == Roles.Operator ? principal.FindFirstValue(ActingBusinessClaim) : principal.FindFirstValue(BusinessClaim);
        return new DashboardUser(id, principal.FindFirstValue(ClaimTypes.Email) ?? "", principal.FindFirstValue(ClaimTypes.Name) ?? "", role, business);
    }
}
