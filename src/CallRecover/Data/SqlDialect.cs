namespace CallRecover.Data;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else is written once, portably
/// (both have RETURNING, ON CONFLICT, partial indexes, TRUE/FALSE).
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new("sqlite");
    public static readonly SqlDialect Postgres = new("postgres");

    private SqlDialect(string name) => Name = name;

    public string Name { get; }
    public bool IsPostgres => this == Postgres;

    /// <summary>Row locking for queue claims: PostgreSQL lets several nodes claim at once; SQLite has one writer anyway.</summary>
    public string ForUpdateSkipLocked => IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";

    /// <summary>Locks the selected rows until the transaction ends, so a check and the write after it see the same row
    /// when several nodes write at once (PostgreSQL); SQLite has one writer anyway.</summary>
    public string ForUpdate => IsPostgres ? "FOR UPDATE" : "";

    /// <summary>Column type for a UTC instant (SQLite: fixed-width ISO-8601 text, see TypeHandlers).</summary>
    public string TimestampType => IsPostgres ? "TIMESTAMPTZ" : "TEXT";

    /// <summary>
    /// "Is in the list parameter @<paramref name="param"/>", after a column: Dapper expands <c>IN @list</c> itself
    /// for SQLite, but passes a list to Npgsql as one array parameter, so PostgreSQL needs <c>= ANY</c>.
    /// </summary>
    public string InList(string param) => IsPostgres ? $"= ANY(@{param})" : $"IN @{param}";

    public override string ToString() => Name;
}
