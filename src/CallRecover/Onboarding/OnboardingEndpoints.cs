using CallRecover.Common;
using Microsoft.AspNetCore.Mvc;

namespace CallRecover.Onboarding;

/// <summary>
/// Sign-up's routes: the public form post (<c>POST /signup</c>, anti-forgery checked, rate-limited in
/// <see cref="SignupService"/>), and the operator's sign-up setting and invites under <c>/api/admin/signup</c>.
/// </summary>
public static class OnboardingEndpoints
{
    public sealed record ModeRequest(string? Mode);
    public sealed record InviteRequest(string? Note);
    public sealed record SignupSettingView(string Mode, string? UpdatedBy, DateTimeOffset? UpdatedAt);

    public static void MapOnboarding(this AppRoutes routes)
    {
        routes.App.MapPost("/signup", async ([FromForm] string? ownerName, [FromForm] string? businessName, [FromForm] string? email,
            [FromForm] string? phone, [FromForm] string? invite, HttpContext http, SignupService signup, CancellationToken ct) =>
        {
            var outcome = await signup.SignUpAsync(new SignupForm(ownerName, businessName, email, phone, invite), http.Connection.RemoteIpAddress?.ToString(), ct);
            var inv = string.IsNullOrWhiteSpace(invite) ? "" : "&invite=" + Uri.EscapeDataString(invite.Trim());
            return outcome.Result switch
            {
                SignupResult.Sent => Results.Redirect("/signup?sent=1"),
                SignupResult.RateLimited => Results.Redirect("/signup?error=rate_limited" + inv),
                SignupResult.InviteRequired => Results.Redirect("/signup?error=invite" + inv),
                // The values come back in the query and the page finds what is wrong with them again (SignupService.FieldErrors):
                // no error text travels in a URL, where anyone could write their own into a link to this page.
                _ => Results.Redirect("/signup?error=fields" + inv
                    + Keep("ownerName", ownerName) + Keep("businessName", businessName) + Keep("email", email) + Keep("phone", phone)),
            };
        }).RequireRateLimiting(RateLimits.Links);

        routes.Operator.MapGet("/signup", async (SignupStore store, CancellationToken ct) =>
        {
            var s = await store.GetAsync(ct);
            return TypedResults.Ok(new SignupSettingView(s.Mode, s.UpdatedBy, s.UpdatedAt));
        });
        routes.Operator.MapPut("/signup", async (string? by, HttpRequest request, SignupService signup, SignupStore store, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<ModeRequest>(request, ct);
            if (bad is not null) return bad;
            var mode = input?.Mode?.Trim().ToLowerInvariant();
            if (mode is null || !SignupModes.All.Contains(mode))
                return Problems.BadField("mode", $"mode must be one of {string.Join(", ", SignupModes.All)}.");
            await signup.SetModeAsync(mode, Problems.OperatorActor(by), ct);
            var s = await store.GetAsync(ct);
            return TypedResults.Ok(new SignupSettingView(s.Mode, s.UpdatedBy, s.UpdatedAt));
        });
        routes.Operator.MapPost("/signup/invites", async (string? by, HttpRequest request, SignupService signup, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<InviteRequest>(request, ct);
            if (bad is not null) return bad;
            if (input?.Note is { Length: > 200 }) return Problems.BadField("note", "Keep the note to 200 characters or fewer.");
            return TypedResults.Ok(await signup.InviteAsync(input?.Note, Problems.OperatorActor(by), ct));
        });
        routes.Operator.MapGet("/signup/invites", async (SignupStore store, CancellationToken ct) => TypedResults.Ok(await store.ListInvitesAsync(ct)));
    }

    private static string Keep(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim()[..Math.Min(value.Trim().Length, 200)])}";
}
