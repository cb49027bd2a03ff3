using CallRecover.Dashboard.Auth;
using CallRecover.Live;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using NodaTime;

namespace CallRecover.Dashboard.Shared;

/// <summary>
/// Base for dashboard pages. The signed-in user's business comes from the authentication state (the sign-in cookie
/// on a request, the circuit's revalidated user on an interactive page) — never from the URL or a form.
/// A page rendered with Interactive Server that names <see cref="LiveKinds"/> reloads itself when one of those
/// changes for its business, on this node or another (LiveEvents carries PostgreSQL NOTIFY between nodes).
/// Static pages use <see cref="Form"/> and <see cref="ReloadPage"/> for post/redirect/get.
/// </summary>
public abstract class DashboardPage : ComponentBase, IDisposable
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }
    [Inject] protected NavigationManager Nav { get; set; } = default!;
    [Inject] private CurrentBusiness CurrentBusiness { get; set; } = default!;
    [Inject] private LiveEvents Live { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthProvider { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private IDisposable? _subscription;
    private readonly Lock _gate = new();
    private bool _refreshQueued;
    private bool _disposed;
    private bool _draftsRestored;

    protected DashboardUser? Me { get; private set; }
    protected string BusinessId => Me?.BusinessId ?? "";
    protected bool Loaded { get; private set; }

    /// <summary>The signed-in user's business (shared with the layout), or null when it no longer exists.</summary>
    protected Business? Business { get; private set; }

    /// <summary>The business's time zone; UTC when the business is missing.</summary>
    protected DateTimeZone Zone => Business?.Zone ?? DateTimeZone.Utc;

    /// <summary>Live event kinds (call, message, conversation, lead, appointment, ...) that reload an interactive page.</summary>
    protected virtual IReadOnlyCollection<string> LiveKinds => [];

    /// <summary>Buttons of an interactive page stay disabled until its circuit is up, so a tap is never lost.</summary>
    protected bool Ready => RendererInfo.IsInteractive;

    protected abstract Task LoadAsync();

    private string? _loadedUri;

    protected override async Task OnInitializedAsync()
    {
        Me = DashboardUser.From(AuthState is null ? Http?.User : (await AuthState).User);
        if (Me?.BusinessId is null)
        {
            Nav.NavigateTo(Me?.Role == Roles.Operator ? "/operator/businesses" : "/login", forceLoad: RendererInfo.IsInteractive);
            return;
        }
        Business = await CurrentBusiness.GetAsync(Me.BusinessId);
        // Subscribe before the first load: a change landing between the two is then not missed.
        if (RendererInfo.IsInteractive)
        {
            if (LiveKinds.Count > 0) _subscription = Live.Subscribe(Me.BusinessId, OnLive);
            AuthProvider.AuthenticationStateChanged += OnAuthChanged;
        }
        _loadedUri = Nav.Uri;
        await LoadAsync();
        Loaded = true;
    }

    /// <summary>
    /// A live page stays the same component when a link changes only its query (a filter chip): its data is loaded
    /// again for the new address, not left as it was (found probing: the Conversations and Leads chips did nothing).
    /// </summary>
    protected override async Task OnParametersSetAsync()
    {
        if (!Loaded || !RendererInfo.IsInteractive || Me?.BusinessId is null || Nav.Uri == _loadedUri) return;
        _loadedUri = Nav.Uri;
        await LoadAsync();
    }

    /// <summary>Once live, fields marked data-draft get back what was typed before a reload (Dashboard/Assets/drafts.js).</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // After the first render that shows the loaded page (the one with the fields), once.
        if (_draftsRestored || !Loaded || !RendererInfo.IsInteractive) return;
        _draftsRestored = true;
        try { await JS.InvokeVoidAsync("callrecoverDrafts.restore"); }
        catch (JSException) { /* the script did not load: nothing to restore */ }
        catch (JSDisconnectedException) { /* the page went away */ }
    }

    private void OnLive(LiveEvent e)
    {
        if (!LiveKinds.Contains(e.Kind)) return;
        lock (_gate)
        {
            if (_refreshQueued || _disposed) return;
            _refreshQueued = true;
        }
        // Coalesce a burst of events into one reload; runs on the circuit's dispatcher.
        _ = Task.Delay(50).ContinueWith(_ => InvokeAsync(RefreshAsync), TaskScheduler.Default);
    }

    private async Task RefreshAsync()
    {
        lock (_gate) _refreshQueued = false;
        if (_disposed) return;
        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>Reloads the page's data and re-renders it (after an action on an interactive page).</summary>
    protected async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>A user removed or moved while their page is open loses it within the revalidation interval.</summary>
    private void OnAuthChanged(Task<AuthenticationState> state) => _ = InvokeAsync(async () =>
    {
        var user = DashboardUser.From((await state).User);
        if (user is null || user.BusinessId != Me?.BusinessId) Nav.NavigateTo("/login", forceLoad: true);
    });

    /// <summary>The posted form of a static page (already read and anti-forgery-checked by the framework).</summary>
    protected IFormCollection Form => Http is { } http && http.Request.HasFormContentType ? http.Request.Form : FormCollection.Empty;

    protected string? FormValue(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Post/redirect/get on a static page: after a successful change, answer with the page itself by GET.</summary>
    protected void ReloadPage() => Nav.NavigateTo(Nav.Uri);

    /// <summary>When something happened, in the business's time zone.</summary>
    protected string ZoneNow(DateTimeOffset at) => Fmt.When(at, Zone, Clock.GetUtcNow());

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _subscription?.Dispose();
        AuthProvider.AuthenticationStateChanged -= OnAuthChanged;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}
