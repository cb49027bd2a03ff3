using System.Globalization;
using System.Text;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Api;

/// <summary>One page of a list: the items and the cursor of the next page (null on the last page).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// A resource the public API lists and reads: its table, the owning store's column list and the row type the store
/// reads (so the API answers with the same records the dashboard shows), and the columns a list may be filtered on
/// (query name → column). Adding a resource to the API is one line in <see cref="PublicApiEndpoints"/>.
/// </summary>
public sealed record ApiResource<T>(string Name, string Table, string Columns, Func<T, ApiCursor> Key, IReadOnlyDictionary<string, string> Filters)
    where T : class
{
    /// <summary>
    /// Filters that are not one column (query name → a condition on the row with <c>@value</c>, e.g. a customer's tag),
    /// and how a given value is made the stored one (or refused with a message).
    /// </summary>
    public IReadOnlyDictionary<string, (string Condition, Func<string, (string? Value, string? Error)> Parse)> Conditions { get; init; } =
        new Dictionary<string, (string, Func<string, (string?, string?)>)>();
}

/// <summary>
/// Keyset (cursor) pages over a business's rows, oldest first, ordered by (created_at, id): a new row never shifts a
/// page a client is walking. Reads only (writes stay with each table's store); every query filters by business.
/// </summary>
public sealed class ApiPages(Db db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>A page; each filter is a condition on the row with <c>@value</c> (a column's is <c>column = @value</c>) and its value.</summary>
    public async Task<ApiPage<T>> PageAsync<T>(ApiResource<T> resource, string businessId, ApiCursor? after, int limit,
        IReadOnlyList<(string Condition, string Value)> filters, CancellationToken ct) where T : class
    {
        var sql = new StringBuilder($"SELECT {resource.Columns} FROM {resource.Table} WHERE business_id = @businessId");
        var args = new DynamicParameters(new { businessId, take = limit + 1 });
        var i = 0;
        foreach (var (condition, value) in filters)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND ({condition.Replace("@value", $"@f{i}", StringComparison.Ordinal)})");
            args.Add($"f{i++}", value);
        }
        if (after is not null)
        {
            sql.Append(" AND (created_at > @afterAt OR (created_at = @afterAt AND id > @afterId))");
            args.Add("afterAt", after.CreatedAt);
            args.Add("afterId", after.Id);
        }
        sql.Append(" ORDER BY created_at, id LIMIT @take");
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<T>(sql.ToString(), args)).ToList();
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = resource.Key(rows[^1]).Encode();
        }
        return new ApiPage<T>(rows, next);
    }

    public async Task<T?> GetAsync<T>(ApiResource<T> resource, string businessId, string id, CancellationToken ct) where T : class
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<T>($"SELECT {resource.Columns} FROM {resource.Table} WHERE business_id = @businessId AND id = @id", new { businessId, id });
    }
}

/// <summary>Where a page ends: the last row's creation time and id, opaque to clients (base64url).</summary>
public sealed record ApiCursor(string Id, DateTimeOffset CreatedAt)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}|{Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string raw, out ApiCursor? cursor)
    {
        cursor = null;
        try
        {
            var b64 = raw.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
            var parts = text.Split('|');
            if (parts.Length != 2 || parts[1].Length is 0 or > 64 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            cursor = new ApiCursor(parts[1], new DateTimeOffset(ticks, TimeSpan.Zero));
            return true;
        }
        catch (FormatException) { return false; }
    }
}
