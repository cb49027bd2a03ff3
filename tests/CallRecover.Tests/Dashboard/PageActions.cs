using Bunit;
using Microsoft.AspNetCore.Components;

namespace CallRecover.Tests.Dashboard;

/// <summary>
/// Acts on a rendered page the way a user does: the element is found and the event dispatched in one step on the
/// renderer's own thread. Found first and acted on after, a live reload (a page's data arriving, a live event) can
/// re-render between the two, and the renderer then refuses the stale handler (bunit's UnknownEventHandlerIdException,
/// seen in CI on the job page).
/// </summary>
public static class PageActions
{
    public static Task ClickAsync<T>(this IRenderedComponent<T> page, string selector) where T : IComponent =>
        page.InvokeAsync(() => page.Find(selector).ClickAsync(new()));

    public static Task ChangeAsync<T>(this IRenderedComponent<T> page, string selector, object value) where T : IComponent =>
        page.InvokeAsync(() => page.Find(selector).ChangeAsync(new ChangeEventArgs { Value = value }));

    public static Task SubmitAsync<T>(this IRenderedComponent<T> page, string selector) where T : IComponent =>
        page.InvokeAsync(() => page.Find(selector).SubmitAsync());
}
