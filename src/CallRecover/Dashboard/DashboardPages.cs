using CallRecover.Conversations.Pages;
using CallRecover.Dashboard.Overview;
using CallRecover.Leads;
using CallRecover.Leads.Pages;
using CallRecover.Tenancy.Pages;

namespace CallRecover.Dashboard;

/// <summary>The read models and small services behind the dashboard pages.</summary>
public static class DashboardPages
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<ConversationInbox>();
        services.AddSingleton<LeadCorrections>();
        services.AddSingleton<LeadTimeline>();
        services.AddSingleton<DoNotTextList>();
    }
}
