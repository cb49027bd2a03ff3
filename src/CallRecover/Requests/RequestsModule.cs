using CallRecover.Common;

namespace CallRecover.Requests;

public static class RequestsModule
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddValidatedOptions<RequestOptions>(RequestOptions.Section);
        services.AddSingleton<WebRequestStore>();
        services.AddSingleton<RequestService>();
        services.AddSingleton<FormClock>();
        services.AddSingleton<RequestFormPage>();
        services.AddRequestRateLimit();
        return services;
    }
}
