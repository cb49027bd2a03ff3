namespace CallRecover.Common;

/// <summary>Opaque ids: time-ordered UUIDs as 32 hex characters. Never sequential numbers in URLs.</summary>
public static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
