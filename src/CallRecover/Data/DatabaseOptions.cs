using System.ComponentModel.DataAnnotations;

namespace CallRecover.Data;

/// <summary>Settings under <c>Database</c>: which engine and where it lives.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c> (scale-out).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string. For SQLite the default is <c>Data Source=data/callrecover.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// PostgreSQL: the most connections this node opens (its pool size, unless the connection string sets
    /// <c>Maximum Pool Size</c>). PostgreSQL allows 100 for all nodes together by default, so a node keeps a small pool
    /// and write transactions beyond it wait their turn in the node, in order, instead of failing for want of a connection.
    /// </summary>
    [Range(4, 500)]
    public int MaxConnections { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is not ("sqlite" or "postgres"))
            yield return new ValidationResult(
                $"Database:Provider must be 'sqlite' or 'postgres' (got '{Provider}').", [nameof(Provider)]);
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                "Database:ConnectionString is required when Database:Provider is 'postgres'.", [nameof(ConnectionString)]);
    }

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) ? "Data Source=data/callrecover.db" : ConnectionString;
}
