using CallRecover.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace CallRecover.Dashboard.Auth;

/// <summary>
/// The user of an interactive page (a live circuit) is checked against the database every minute, like the sign-in
/// cookie on each request: a removed user, one moved to another business or role, or a signed-out session loses the open page.
/// </summary>
public sealed class RevalidatingUserState(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        IsStillValidAsync(state.User, ct);

    internal async Task<bool> IsStillValidAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct)
    {
        if (DashboardUser.From(principal) is not { } me) return false;
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserStore>().GetAsync(me.UserId, ct);
        // Signed out in another tab or on another node: the open page goes too.
        return StillValid(me, user) && DashboardUser.SessionOf(principal) is { } sessionId
            && !await scope.ServiceProvider.GetRequiredService<SessionStore>().IsEndedAsync(sessionId, ct);
    }

    /// <summary>The signed-in identity still matches the stored user (same role, same business unless operator).</summary>
    public static bool StillValid(DashboardUser me, User? user) =>
        user is not null && user.RemovedAt is null && user.Role == me.Role && (user.Role == Roles.Operator || user.BusinessId == me.BusinessId);
}
