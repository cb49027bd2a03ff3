using CallRecover.Common;
using CallRecover.Dashboard.Assets;
using CallRecover.Dashboard.Auth;
using CallRecover.Dashboard.Overview;
using CallRecover.Dashboard.Shared;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CallRecover.Dashboard;

/// <summary>The owner dashboard: magic-link sign-in, cookie auth, the Blazor pages and their JSON API.</summary>
public static class DashboardModule
{
    public const string OfficePolicy = "office";

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SignInOptions>(SignInOptions.Section);
        services.AddSingleton<SignInRateLimiter>();
        services.AddSingleton<MagicLinks>();
        services.AddWorkHandler<SignInLinkHandler>();
        services.AddMemoryCache();

        // Keys in the database: cookies survive restarts and every node behind a load balancer accepts them.
        var dataProtection = services.AddDataProtection().SetApplicationName("CallRecover");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlRepository = new DbXmlRepository(sp));
        // Keys encrypted at rest: with a configured certificate, else with a secret (the setting, or on the embedded
        // database a generated file). A bad certificate setting is reported by start-up validation with the key's name;
        // only a setting that passes it is used here.
        services.AddValidatedOptions<KeyProtectionOptions>(KeyProtectionOptions.Section)
            .Validate<IConfiguration>((o, config) => !KeyProtectionOptions.NeedsSecret(o, config), KeyProtectionOptions.SecretRequired);
        services.AddSingleton<KeyEncryptionKeys>();
        services.AddSingleton<SecretXmlEncryptor>();
        var keys = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        if (!keys.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(keys)).Any() && keys.Load() is { } cert)
            dataProtection.ProtectKeysWithCertificate(cert);
        else
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlEncryptor = sp.GetRequiredService<SecretXmlEncryptor>());

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IConfiguration, IOptions<SignInOptions>>((o, config, signIn) =>
            {
                o.Cookie.Name = "callrecover_auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Always Secure behind https; plain http is only the local default run.
                o.Cookie.SecurePolicy = IsHttps(config) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/not-found";
                o.ExpireTimeSpan = signIn.Value.SessionLifetime;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status404NotFound);
                o.Events.OnValidatePrincipal = ValidateUserAsync;
            });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "callrecover_af";
            o.Cookie.HttpOnly = true;
            // Secure when the request is https. Not "Always": behind a TLS-terminating proxy the request reaches
            // us as http, and antiforgery refuses to run at all with Always on an http request. The token cookie
            // is not a credential; the sign-in cookie is the one that is always Secure behind https.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(OfficePolicy, p => p.RequireRole(Roles.Owner, Roles.Staff, Roles.Operator));
        services.AddCascadingAuthenticationState();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingUserState>();
        services.AddScoped<CurrentBusiness>();
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<SessionStore>();
        services.AddHostedService<EndedSessions>();
        return services;
    }

    /// <summary>Sign-in and the guards every later route relies on; run before any route is mapped.</summary>
    public static WebApplication UseDashboardAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // A form post whose anti-forgery token failed is refused here with a 400 (the build-time request delegates would
        // otherwise read the form and throw, a 500).
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true })
            {
                await TypedResults.Problem("The form's security token is missing or out of date: reload the page and try again.",
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>The dashboard shell: its assets and blazor.web.js, sign-in, the overview and the pages of every capability.</summary>
    public static AppRoutes MapDashboard(this AppRoutes routes)
    {
        routes.App.MapDashboardAssets();
        routes.App.MapStaticAssets();
        routes.App.MapAuthEndpoints();
        routes.Dashboard.MapDashboardApi();
        routes.App.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return routes;
    }

    /// <summary>
    /// Read from raw configuration, not the validated AppOptions: these options are built while the pipeline is
    /// assembled, and an invalid PublicBaseUrl must be reported by start-up validation with its clear message.
    /// </summary>
    private static bool IsHttps(IConfiguration config) =>
        (config[nameof(AppOptions.PublicBaseUrl)] ?? "").Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int apiStatus)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = apiStatus;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static string UserCacheKey(string userId) => "dashboard-user:" + userId;
    public static string SessionCacheKey(string sessionId) => "dashboard-session-ended:" + sessionId;

    /// <summary>
    /// A removed user, or one moved to another business or role, loses access within a minute even with a valid
    /// cookie (checked against the database, cached briefly so static files do not each cost a query).
    /// </summary>
    private static async Task ValidateUserAsync(CookieValidatePrincipalContext ctx)
    {
        var me = DashboardUser.From(ctx.Principal);
        if (me is null) { ctx.RejectPrincipal(); return; }
        var cache = ctx.HttpContext.RequestServices.GetRequiredService<IMemoryCache>();
        var user = await cache.GetOrCreateAsync(UserCacheKey(me.UserId), async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await ctx.HttpContext.RequestServices.GetRequiredService<UserStore>().GetAsync(me.UserId, ctx.HttpContext.RequestAborted);
        });
        var sessionId = DashboardUser.SessionOf(ctx.Principal);
        // A cookie from before sessions had ids cannot be ended by signing out: it is refused once, and the person signs in again.
        var ended = sessionId is null || await cache.GetOrCreateAsync(SessionCacheKey(sessionId), async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await ctx.HttpContext.RequestServices.GetRequiredService<SessionStore>().IsEndedAsync(sessionId, ctx.HttpContext.RequestAborted);
        });
        if (ended || !RevalidatingUserState.StillValid(me, user))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
