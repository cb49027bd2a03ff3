using CallRecover.Booking;
using CallRecover.Conversations;
using CallRecover.Queue;

namespace CallRecover.Reviews;

public static class ReviewsModule
{
    /// <summary>Review requests after completed jobs and appointments, the tracked link and the weekly figures.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<ReviewStore>());
        services.AddSingleton<ReviewSettingsService>();
        services.AddSingleton<ReviewWeeks>();
        services.AddSingleton<ReviewRequests>();
        services.AddSingleton<IWorkCompletedHook>(sp => sp.GetRequiredService<ReviewRequests>());
        services.AddSingleton<IOptOutObserver>(sp => sp.GetRequiredService<ReviewRequests>());
        services.AddWorkHandler<ReviewRequestHandler>();
        return services;
    }
}
