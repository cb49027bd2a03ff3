using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Tenancy;

namespace CallRecover.Onboarding;

/// <summary>
/// Self sign-up and the onboarding wizard (issue 20): <c>/signup</c>, the operator's sign-up setting and invites,
/// <c>/onboarding</c> (business details → hours → services → greeting → number → forwarding → test call) and the
/// owner's number screen (<c>/number</c>).
/// </summary>
public static class OnboardingModule
{
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddSingleton<SignupStore>();
        services.AddSingleton<OnboardingStore>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<OnboardingService>();
        services.AddSingleton<ILandingPage, OnboardingLanding>();
        return services;
    }

    public static AppRoutes MapOnboardingRoutes(this AppRoutes routes)
    {
        routes.MapOnboarding();
        return routes;
    }
}

/// <summary>An owner whose onboarding is not finished lands on it after every sign-in, until it is.</summary>
public sealed class OnboardingLanding(OnboardingStore store) : ILandingPage
{
    public async Task<string?> PathForAsync(User user, CancellationToken ct) =>
        user.Role == Roles.Owner && user.BusinessId is not null && await store.GetAsync(user.BusinessId, ct) is { Done: false }
            ? "/onboarding" : null;
}
