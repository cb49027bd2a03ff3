using Microsoft.Extensions.Caching.Memory;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace CallRecover.Dashboard.Auth;

/// <summary>Where a user lands after signing in, when somewhere other than their home (a new owner: onboarding). Implemented above Dashboard.</summary>
public interface ILandingPage
{
    Task<string?> PathForAsync(User user, CancellationToken ct);
}

/// <summary>
/// Form posts behind the sign-in pages. Each is a form post validated against the anti-forgery token the page
/// rendered (minimal APIs check it automatically for form-bound parameters).
/// </summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth");

        group.MapPost("/link", async ([FromForm] string? email, HttpContext http, MagicLinks links, CancellationToken ct) =>
        {
            var outcome = await links.RequestAsync(email, http.Connection.RemoteIpAddress?.ToString(), ct);
            return outcome == LinkRequestOutcome.RateLimited
                ? Results.Redirect("/login?error=rate_limited")
                : Results.Redirect("/login?sent=1");
        });

        // The link opens a page with a button that posts here: mail scanners that fetch links would otherwise
        // burn the single-use token before the owner taps it.
        group.MapPost("/verify", async ([FromForm] string? token, HttpContext http, MagicLinks links, IEnumerable<ILandingPage> landings, CancellationToken ct) =>
        {
            var user = await links.RedeemAsync(token, ct);
            if (user is null) return Results.Redirect("/login?error=invalid_link");
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardUser.Principal(user),
                new AuthenticationProperties { IsPersistent = true });
            foreach (var landing in landings)
                if (await landing.PathForAsync(user, ct) is { } path) return Results.Redirect(path);
            return Results.Redirect(DashboardUser.HomePath(user.Role));
        });

        group.MapPost("/logout", async (IFormCollection form, HttpContext http, SessionStore sessions, Microsoft.Extensions.Caching.Memory.IMemoryCache cache,
            CallRecover.Live.LiveEvents live, Microsoft.Extensions.Options.IOptions<SignInOptions> signIn, CancellationToken ct) =>
        {
            // The session ends for good, not just this browser's copy of the cookie: a copy replayed later is refused on every node.
            if (DashboardUser.From(http.User) is { } me && DashboardUser.SessionOf(http.User) is { } sessionId)
            {
                await sessions.EndAsync(sessionId, me.UserId, signIn.Value.SessionLifetime, ct);
                cache.Set(DashboardModule.SessionCacheKey(sessionId), true, TimeSpan.FromMinutes(1));
                live.Publish(me.BusinessId ?? "platform", EndedSessions.SessionKind, sessionId);
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login?signed_out=1");
        });

        // An operator chooses which business to look at; the choice lives in their signed cookie, and only
        // operators (who may see every business) can make it. The business's own audit log says so.
        group.MapPost("/act-as", async ([FromForm] string? businessId, HttpContext http, UserStore users, BusinessStore businesses,
            Data.Db db, Audit.AuditLog audit, CancellationToken ct) =>
        {
            var me = DashboardUser.From(http.User);
            if (me is null || me.Role != Roles.Operator) return Results.NotFound();
            var user = await users.GetAsync(me.UserId, ct);
            if (user is null || businessId is null || await businesses.GetAsync(businessId, ct) is null) return Results.NotFound();
            await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, $"operator:{user.Email}", "business", businessId, "viewed_as_operator"), ct);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardUser.Principal(user, businessId),
                new AuthenticationProperties { IsPersistent = true });
            return Results.Redirect("/");
        }).RequireAuthorization();
    }
}
