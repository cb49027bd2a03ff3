namespace CallRecover.Common;

/// <summary>
/// The business a request acts for, set once by the group that authenticated it (the dashboard group takes it from the
/// sign-in cookie, never from the URL or the body). Capabilities read it here without knowing how sign-in works.
/// </summary>
public static class RequestTenant
{
    private const string Key = "callrecover:business";

    public static void Set(HttpContext http, string? businessId) => http.Items[Key] = businessId;

    /// <summary>The request's business, or null (an operator who has not chosen one, or no sign-in).</summary>
    public static string? BusinessId(HttpContext http) => http.Items.TryGetValue(Key, out var v) ? v as string : null;
}
