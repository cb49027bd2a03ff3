using System.Globalization;

namespace CallRecover.Common;

/// <summary>
/// Opaque ids: time-ordered UUIDs (version 7) as 32 hex characters. Never sequential numbers in URLs.
/// Within this process each id sorts after the one before it (RFC 9562 §6.2: a UUIDv7 from the same millisecond has
/// random low bits, so one is raised by one instead), which keeps "ORDER BY created_at, id" in insertion order for rows
/// written in the same instant — the rows of one CSV import, say.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    public static string New()
    {
        var next = UInt128.Parse(Guid.CreateVersion7().ToString("N"), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        lock (Gate)
        {
            if (next <= _last) next = _last + 1;
            _last = next;
        }
        return next.ToString("x32", CultureInfo.InvariantCulture);
    }
}
