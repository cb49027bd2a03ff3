using System.Security.Claims;
using Bunit;
using CallRecover.Dashboard.Auth;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Dashboard;

/// <summary>
/// Component tests of dashboard pages with bUnit against the real app's services (stores on a real database, the
/// real send path): the page is rendered as it is on a live circuit (Interactive Server), signed in as a stored user.
/// </summary>
public sealed class PageHarness : BunitContext
{
    /// <summary>
    /// How long a wait for a rendered element or an assertion may take. A page's first render awaits the real database,
    /// which on a loaded 2-core CI box has taken over bUnit's default second; a wait that passes returns at once.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    static PageHarness() => DefaultWaitTimeout = Patience;

    private PageHarness(AppFactory app)
    {
        Services.AddFallbackServiceProvider(app.Services);
        Services.AddCascadingAuthenticationState();
        // A live page asks drafts.js to put back unsent text once it is loaded (nothing to put back here).
        JSInterop.SetupVoid("callrecoverDrafts.restore").SetVoidResult();
    }

    public DashboardUser User { get; private set; } = default!;

    /// <summary>A live page signed in as the user with this email (the business's owner, usually).</summary>
    public static async Task<PageHarness> SignedInAsync(AppFactory app, string email, bool interactive = true)
    {
        var user = await app.Service<UserStore>().GetByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var harness = new PageHarness(app);
        var principal = DashboardUser.Principal(user);
        harness.User = DashboardUser.From(principal)!;
        // The same principal the sign-in cookie carries.
        harness.Services.AddSingleton<AuthenticationStateProvider>(new SignedIn(principal));
        harness.Services.AddAuthorizationCore();
        harness.SetRendererInfo(new RendererInfo("Server", interactive));
        return harness;
    }

    private sealed class SignedIn(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }

    /// <summary>Waits (up to <see cref="Patience"/>) until the rendered page satisfies <paramref name="check"/>, e.g. after a live event.</summary>
    public static void Until<T>(IRenderedComponent<T> page, Func<bool> check, string what) where T : IComponent =>
        page.WaitForAssertion(() => check().ShouldBeTrue(what), Patience);
}
