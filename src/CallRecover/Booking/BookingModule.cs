using CallRecover.Conversations;
using CallRecover.Queue;

namespace CallRecover.Booking;

public static class BookingModule
{
    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        services.AddSingleton<AppointmentStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<AppointmentStore>());
        services.AddSingleton<BookingOfferStore>();
        services.AddSingleton<BookingSettingsStore>();
        services.AddSingleton<BookingSettingsService>();
        services.AddSingleton<ReminderScheduler>();
        services.AddSingleton<IOptOutObserver>(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddSingleton<BookingService>();
        services.AddSingleton<AppointmentAdmin>();
        services.AddSingleton<BookingOfferHook>();
        services.AddSingleton<ILeadQualifiedHook>(sp => sp.GetRequiredService<BookingOfferHook>());
        services.AddSingleton<ILeadCorrectedHook, VisitAddressCorrection>();
        services.AddSingleton<BookingReplyStep>();
        services.AddSingleton<IInboundTextStep>(sp => sp.GetRequiredService<BookingReplyStep>());
        services.AddWorkHandler<ReminderHandler>();
        services.AddSingleton<Notifications.Email.INotificationAttachments, CalendarEmailAttachment>();
        return services;
    }
}
