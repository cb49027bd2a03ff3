using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallRecover.Data;

/// <summary>
/// The one place that registers Dapper type handlers. Times are UTC everywhere: PostgreSQL stores
/// <c>timestamptz</c>; SQLite has no time type, so we store fixed-width ISO-8601 text whose
/// lexical order is its time order (comparisons and ORDER BY then work the same on both).
/// </summary>
public static class TypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        // Dapper maps DateTimeOffset itself unless its built-in mapping is removed first; without this the
        // handler would only be used for reads and SQLite would store ADO.NET's variable-width text.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DecimalHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public const string SqliteTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToSqliteText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture);

    private sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = ToSqliteText(value);
            }
            else
            {
                // Npgsql maps a DateTimeOffset with offset 0 to timestamptz.
                parameter.Value = value.ToUniversalTime();
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a time from {value.GetType().Name}."),
        };
    }

    /// <summary>
    /// SQLite hands back a NUMERIC value as Int64 when it is whole (270) and Double otherwise (562.5), row by row.
    /// Dapper compiles its reader for the types of the first row it sees and caches it, so a later row of the
    /// other type would fail to convert; parsing through a handler accepts either.
    /// </summary>
    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            parameter.DbType = DbType.Decimal;
            parameter.Value = value;
        }

        public override decimal Parse(object value) => value switch
        {
            decimal d => d,
            long l => l,
            int i => i,
            double d => (decimal)d,
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }
}
