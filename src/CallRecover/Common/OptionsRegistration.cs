using Microsoft.Extensions.Options;

namespace CallRecover.Common;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds a section, validates it with data annotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// at start-up, so a bad setting stops the app with a message naming the key.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
