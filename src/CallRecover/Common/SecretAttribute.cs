namespace CallRecover.Common;

/// <summary>
/// Marks a setting that holds a secret (a key, token or password): the settings example shows a placeholder, never a value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
