using CallRecover.Dashboard.Auth;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Components;
using NodaTime;

namespace CallRecover.Dashboard.Shared;

/// <summary>
/// Base for dashboard pages (rendered on the server per request): resolves the signed-in user's business from
/// the sign-in cookie — never from the URL or a form — and loads the page. Live updates come from
/// Dashboard/Assets/live.js, which re-fetches the page when the server signals a change and swaps its data regions.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    [Inject] protected NavigationManager Nav { get; set; } = default!;
    [Inject] private CurrentBusiness CurrentBusiness { get; set; } = default!;

    protected DashboardUser? Me { get; private set; }
    protected string BusinessId => Me?.BusinessId ?? "";
    protected bool Loaded { get; private set; }

    /// <summary>The signed-in user's business (shared with the layout), or null when it no longer exists.</summary>
    protected Business? Business { get; private set; }

    /// <summary>The business's time zone; UTC when the business is missing.</summary>
    protected DateTimeZone Zone => Business?.Zone ?? DateTimeZone.Utc;

    protected abstract Task LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        Me = DashboardUser.From(Http?.User);
        if (Me?.BusinessId is null)
        {
            Nav.NavigateTo(Me?.Role == Tenancy.Roles.Operator ? "/operator/businesses" : "/login");
            return;
        }
        Business = await CurrentBusiness.GetAsync(Me.BusinessId);
        await LoadAsync();
        Loaded = true;
    }

    /// <summary>The posted form (already read and anti-forgery-checked by the framework).</summary>
    protected IFormCollection Form => Http!.Request.HasFormContentType ? Http.Request.Form : FormCollection.Empty;

    protected string? FormValue(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Post/redirect/get: after a successful change, answer with the page itself by GET.</summary>
    protected void ReloadPage() => Nav.NavigateTo(Nav.Uri);

    /// <summary>When something happened, in the business's time zone.</summary>
    protected string ZoneNow(DateTimeOffset at) =>
        Fmt.When(at, Zone, (Http?.RequestServices.GetRequiredService<TimeProvider>() ?? TimeProvider.System).GetUtcNow());
}
