using CallRecover.Onboarding;
using CallRecover.Api;
using CallRecover.Audit;
using CallRecover.Backups;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.CalendarSync;
using CallRecover.Campaigns;
using CallRecover.Crm;
using CallRecover.Customers;
using CallRecover.Customers.Pages;
using CallRecover.Live;
using CallRecover.Conversations;
using CallRecover.Dashboard;
using CallRecover.Dashboard.Auth;
using CallRecover.Data;
using CallRecover.DataRights;
using CallRecover.FollowUps;
using CallRecover.Estimates;
using CallRecover.Extraction;
using CallRecover.Health;
using CallRecover.Jobs;
using CallRecover.Payments;
using CallRecover.Portal;
using CallRecover.Requests;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Notifications.Email;
using CallRecover.Observability;
using CallRecover.Operator;
using CallRecover.Queue;
using CallRecover.Recordings;
using CallRecover.Reports;
using CallRecover.Reviews;
using CallRecover.Simulator;
using CallRecover.Billing;
using CallRecover.Telephony;
using CallRecover.Voice;
using CallRecover.Tenancy;
using CallRecover.Webhooks;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace CallRecover.Hosting;

/// <summary>Wires every capability into the host. Program.cs calls these three methods and nothing else.</summary>
public static class CallRecoverApp
{
    public static WebApplicationBuilder AddCallRecover(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // One JSON object per line with the message's properties as fields of their own ("Phone": "***0134"). Serilog is a
        // provider under Microsoft.Extensions.Logging, so Logging:LogLevel still filters and other providers still see
        // every line; it lets everything through itself. Written on a background thread, as the console logger it replaces
        // did, so a slow reader of stdout does not slow a webhook; disposed (flushed) with the host.
        // AddProvider, not AddSerilog: AddSerilog adds a Trace-level filter rule for its provider, which would override
        // Logging:LogLevel (request logs with phone numbers in their paths, debug noise).
        // The shipped levels hold even when the app starts without appsettings.json (run from another folder): ASP.NET
        // Core's request lines carry paths (sign-in tokens, phone numbers), and our banner replaces the host's own lines.
        foreach (var category in new[] { "Microsoft.AspNetCore", "Microsoft.Hosting.Lifetime" })
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null) builder.Logging.AddFilter(category, LogLevel.Warning);
        builder.Logging.AddProvider(new Serilog.Extensions.Logging.SerilogLoggerProvider(new LoggerConfiguration().MinimumLevel.Verbose().Enrich.FromLogContext()
            .WriteTo.Async(a => a.Console(new RenderedCompactJsonFormatter()), blockWhenFull: true).CreateLogger(), dispose: true));
        // blazor.web.js and the other framework assets: from the build's manifest in every environment (the host only
        // does this by itself in Development); a published app has them in wwwroot and no manifest, so this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddValidatedOptions<AppOptions>("");
        services.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section);
        services.AddDatabase();
        // Registered before the workers: hosted services start in order, so nothing runs on an unmigrated database.
        services.AddHostedService<StartupTasks>();
        // Next, before any capability adds Data Protection (whose own hosted service loads the key ring, and writes a new
        // key when it cannot read the stored ones): the stored keys are checked and, if need be, encrypted first.
        services.AddHostedService<KeysAtRest>();
        services.AddProblemDetails();
        services.AddExceptionHandler<Common.ClientInputErrors>();
        services.AddSecurityHeaders();
        services.AddRateLimits();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = Json.Options.PropertyNamingPolicy;
            o.SerializerOptions.DefaultIgnoreCondition = Json.Options.DefaultIgnoreCondition;
        });
        services.AddHealth();
        services.AddWorkQueue();
        services.AddLive();
        services.AddAudit();
        services.AddTenancy();
        services.AddCompliance();
        services.AddLeads();
        services.AddCustomers();
        services.AddNotifications();
        services.AddConversations();
        services.AddTelephony();
        services.AddVoice();
        services.AddSimulator();
        services.AddFollowUps();
        services.AddBooking();
        services.AddEstimates();
        services.AddExtraction();
        services.AddRecordings();
        services.AddJobs();
        services.AddReviews();
        services.AddPayments();
        services.AddBilling();
        services.AddPortal();
        services.AddRequests();
        services.AddDataRights();
        services.AddReports();
        services.AddBackups();
        services.AddWebhooks();
        services.AddCrm();
        services.AddCalendarSync();
        services.AddCampaigns();
        services.AddApi();
        services.AddOperatorConsole();
        services.AddOnboarding();
        services.AddDashboard(builder.Configuration);
        services.AddObservability(builder.Configuration);
        return builder;
    }

    public static WebApplication MapCallRecover(this WebApplication app)
    {
        // First, so everything after it (the per-IP sign-in limit) sees the client's address behind a known proxy. Read
        // unvalidated here (a bad entry is skipped; start-up validation then stops the app with the key's name).
        if ((app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new()).ToForwardedHeaders() is { } forwarded)
            app.UseForwardedHeaders(forwarded);
        // HEAD is answered as the GET of the same URL would be (endpoints match GET only), without a body.
        app.UseHeadAsGet();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // A person who follows a dead link gets the dashboard's page, not a problem document; API clients keep theirs.
        app.UseWhen(ctx => Common.PageRequests.WantsPage(ctx.Request), page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing after the status-code pages, so the re-executed /not-found request is routed to its page.
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseStalePostPage();
        app.UseRateLimiter();
        app.UseSimulatorGate();
        app.UseWebhookGuard();
        app.UseDashboardAuth();
        app.MapHealth();
        var (admin, adminBusiness) = app.MapOperatorGroups();
        var routes = new AppRoutes(app, admin, adminBusiness, app.MapDashboardGroup());
        routes.MapTenancy();
        routes.MapWorkQueue();
        routes.MapOperatorConsole();
        routes.MapCompliance();
        routes.MapLeads();
        routes.MapNotifications();
        routes.MapConversations();
        routes.MapTelephony();
        routes.MapOnboardingRoutes();
        routes.MapVoice();
        routes.MapSimulator();
        routes.MapBooking();
        routes.MapEstimates();
        routes.MapExtraction();
        routes.MapCustomers();
        routes.MapRecordings();
        routes.MapJobs();
        routes.MapReviews();
        routes.MapPayments();
        routes.MapBilling();
        routes.MapPortal();
        routes.MapWebhooks();
        routes.MapCrm();
        routes.MapCalendarSync();
        routes.MapCampaigns();
        routes.MapApiModule();
        routes.MapReports();
        routes.MapRequests();
        routes.MapDataRights();
        routes.MapDashboard();
        routes.MapObservability();
        return app;
    }

    /// <summary>Runs a CLI verb when one is given; otherwise serves until stopped.</summary>
    public static async Task<int> RunCallRecoverAsync(this WebApplication app, string[] args)
    {
        if (Cli.IsVerb(args))
        {
            // Disposing flushes the log lines still queued for the console before the process exits.
            await using (app) return await Cli.RunAsync(app, args);
        }
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CallRecover");
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Log(app, log));
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (Cli.IsStartupError(ex))
        {
            Cli.ReportStartupError(ex);
            return Cli.StartupErrorExitCode;
        }
    }
}

/// <summary>Applies migrations and seeds the demo business as the host starts (also under the test host).</summary>
public sealed class StartupTasks(Db db, Migrator migrator, DemoSeed seed, TimeProvider clock, IOptions<DatabaseOptions> dbOptions,
    IOptions<AppOptions> appOptions, IOptions<CarrierOptions> carrier, ILogger<StartupTasks> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (dbOptions.Value.MigrateOnStart)
        {
            var applied = await migrator.MigrateAsync(clock, ct);
            log.LogInformation("Database {Database}: {Applied} migration(s) applied", db.Describe(), applied);
        }
        if (carrier.Value.IsDemoRun(appOptions.Value)) await seed.SeedIfEmptyAsync(ct);
        else if (appOptions.Value.SeedDemo)
            log.LogInformation("No demo business: Carrier:Provider is '{Provider}', and the demo is seeded only in the simulator run", carrier.Value.Provider);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
