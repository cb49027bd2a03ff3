using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace CallRecover.Tenancy.Pages;

/// <summary>
/// One section of the settings page: static server-rendered forms (each its own form name, so each saves alone and
/// works without a live circuit) for the signed-in owner's business, handed down by the page — never taken from a form.
/// </summary>
public abstract class SettingsSection : ComponentBase
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    [Inject] protected NavigationManager Nav { get; set; } = default!;
    [Parameter, EditorRequired] public Business Business { get; set; } = default!;
    [Parameter, EditorRequired] public string Actor { get; set; } = "";
    /// <summary>The section named by <c>?saved=</c> after a successful save.</summary>
    [Parameter] public string? Saved { get; set; }

    protected IFormCollection Form => Http is { } http && http.Request.HasFormContentType ? http.Request.Form : FormCollection.Empty;

    protected string? FormValue(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    protected bool Checked(string name) => FormValue(name) == "on";

    /// <summary>Post/redirect/get back to the section, which then says "Saved.".</summary>
    protected void Done(string section) => Nav.NavigateTo($"/settings?saved={section}#{section}");

    /// <summary>An amount as owners type it: "125", "$1,250.50"; null when it is not one.</summary>
    protected static decimal? Amount(string? raw) =>
        decimal.TryParse((raw ?? "").Trim().TrimStart('$').Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    protected static int? Whole(string? raw) =>
        int.TryParse((raw ?? "").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    protected static string Num(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
