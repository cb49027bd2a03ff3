using CallRecover.Common;
using System.Net;
using CallRecover.Dashboard.Auth;
using CallRecover.Notifications.Email;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallRecover.Hosting;

/// <summary>The one start-up line that tells a new user where to go next, and the warnings about where mail can be read.</summary>
public static class StartupBanner
{
    public static void Log(WebApplication app, ILogger log)
    {
        var addresses = ListenAddresses(app);
        var address = addresses.FirstOrDefault() ?? "http://localhost:5080";
        Warn(app, log, addresses);
        var carrier = app.Services.GetRequiredService<IOptions<CarrierOptions>>().Value;
        if (!carrier.IsSimulator)
        {
            log.LogInformation("CallRecover is running at {Url:l} with carrier {Provider:l} — sign in at {Url:l}/login, health at {Url:l}/health/ready",
                address, carrier.Provider, address, address);
            return;
        }
        // The ready link is for the default simulator run only: anywhere else it would sign in whoever reads the logs.
        var link = carrier.IsDemoRun(app.Services.GetRequiredService<IOptions<AppOptions>>().Value) ? DemoSignInLink(app, log) : null;
        if (link is null)
            log.LogInformation("CallRecover is running at {Url:l} — place a test call at {Url:l}/simulator, sign in at {Url:l}/login (links arrive in the outbox on /simulator), health at {Url:l}/health/ready",
                address, address, address, address);
        else
            log.LogInformation("CallRecover is running at {Url:l} — place a test call at {Url:l}/simulator, sign in as {Email:l} with {SignInLink:l} (one use, {LinkLifetime:l}; later ask for a new link at {Url:l}/login, it arrives in the outbox on /simulator), health at {Url:l}/health/ready",
                address, address, DemoSeed.OwnerEmail, link, app.Services.GetRequiredService<IOptions<SignInOptions>>().Value.DescribeLinkLifetime(), address, address);
    }

    /// <summary>Where the emails go, said loudly when nobody but the operator — or anybody at all — can read them.</summary>
    private static void Warn(WebApplication app, ILogger log, IReadOnlyList<string> addresses)
    {
        var carrier = app.Services.GetRequiredService<IOptions<CarrierOptions>>().Value;
        var email = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        if (!carrier.IsSimulator && !email.SmtpEnabled)
            log.LogWarning("Email:Host (Email__Host) is not set while Carrier:Provider is '{Provider:l}': sign-in links and owner emails are not emailed to anyone. "
                + "They stay in the outbox, readable only with the operator key at GET /api/admin/emails. Set Email__Host (and Email__User / Email__Password) to send them.",
                carrier.Provider);
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (carrier.IsSimulator && exposed.Count > 0)
            log.LogWarning("The carrier simulator is on (Carrier:Provider=simulator) and CallRecover listens on {Addresses:l}, beyond this machine: anyone who can reach it "
                + "can read its outbox at /simulator, including every sign-in link, and so sign in as anyone. Listen on localhost only (Urls=http://localhost:5080) "
                + "or configure a real carrier (Carrier__Provider).",
                string.Join(", ", exposed));
    }

    /// <summary>The addresses Kestrel listens on, or when the server does not say (the test host), the configured <c>Urls</c>.</summary>
    private static IReadOnlyList<string> ListenAddresses(WebApplication app)
    {
        var bound = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var configured = (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. bound.Concat(configured).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// True when only this machine can connect to <paramref name="address"/> (localhost, 127.0.0.0/8, ::1, a unix
    /// socket); false for wildcards (*, +, 0.0.0.0, [::]), LAN addresses and host names.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress binding;
        try { binding = BindingAddress.Parse(address); }
        catch (FormatException) { return false; }
        if (binding.IsUnixPipe || binding.IsNamedPipe) return true;
        var host = binding.Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>A fresh single-use sign-in link for the demo owner, when the demo business exists.</summary>
    private static string? DemoSignInLink(WebApplication app, ILogger log)
    {
        try
        {
            // Runs once in ApplicationStarted (a synchronous callback); the query is a single-row insert.
            return app.Services.GetRequiredService<MagicLinks>().MintForEmailAsync(DemoSeed.OwnerEmail).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not create the demo sign-in link");
            return null;
        }
    }
}
