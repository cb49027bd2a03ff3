using Microsoft.Extensions.Options;

namespace CallRecover.Common;

/// <summary>An options class bound to a configuration section (<c>""</c>: the top level). The settings example lists them all.</summary>
public sealed record SettingsSection(Type Type, string Section);

public static class OptionsRegistration
{
    /// <summary>
    /// Binds a section, validates it with data annotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// at start-up, so a bad setting stops the app with a message naming the key. The section is recorded for
    /// <c>settings --example</c>.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton(new SettingsSection(typeof(T), section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }
}
