using CallRecover.Common;
using Microsoft.Extensions.Options;

namespace CallRecover.Requests;

public static class RequestsModule
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddValidatedOptions<RequestOptions>(RequestOptions.Section);
        services.AddDataFolder("request-photos", sp => sp.GetRequiredService<IOptions<RequestOptions>>().Value.PhotoPath);
        services.AddSingleton<WebRequestStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<WebRequestStore>());
        services.AddSingleton<CallRecover.Customers.ICustomerMergeParticipant>(sp => sp.GetRequiredService<WebRequestStore>());
        services.AddSingleton<RequestPhotoStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<RequestPhotoStore>());
        services.AddSingleton<RequestService>();
        services.AddSingleton<FormClock>();
        services.AddSingleton<RequestFormPage>();
        services.AddRequestRateLimit();
        return services;
    }
}
