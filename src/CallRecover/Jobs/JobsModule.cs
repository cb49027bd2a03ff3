using Microsoft.Extensions.Options;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Estimates;

namespace CallRecover.Jobs;

public static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddValidatedOptions<JobsOptions>(JobsOptions.Section);
        services.AddDataFolder("job-photos", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.PhotoPath);
        services.AddSingleton<JobStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<JobStore>());
        services.AddSingleton<CallRecover.Customers.ICustomerMergeParticipant>(sp => sp.GetRequiredService<JobStore>());
        services.AddSingleton<JobPhotoStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<JobPhotoStore>());
        services.AddSingleton<TechnicianStore>();
        services.AddSingleton<PartsOrderStore>();
        services.AddSingleton<Technicians>();
        services.AddSingleton<Team>();
        services.AddSingleton<JobService>();
        services.AddSingleton<IQuoteApprovedHook>(sp => sp.GetRequiredService<JobService>());
        services.AddSingleton<IAppointmentBookedHook>(sp => sp.GetRequiredService<JobService>());
        services.AddSingleton<IAppointmentCancelledHook>(sp => sp.GetRequiredService<JobService>());
        return services;
    }
}
