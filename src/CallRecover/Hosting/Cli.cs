using System.CommandLine;
using CallRecover.Data;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Hosting;

/// <summary>Command-line verbs in the same binary: <c>migrate</c>, <c>business add</c>, <c>business list</c>.</summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "business", "--help", "-h", "-?", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>Configuration sees only the args that are not a verb (verb options are not settings).</summary>
    public static string[] ConfigArgs(string[] args) => IsVerb(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        var root = new RootCommand("CallRecover: missed-call recovery for service businesses. Without a verb, serves the web app on http://localhost:5080.");

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            if (await PrepareAsync(services, ct) is not { } applied) return StartupErrorExitCode;
            Console.WriteLine($"{services.GetRequiredService<Db>().Describe()}: {applied} migration(s) applied, schema is current.");
            return 0;
        });
        root.Subcommands.Add(migrate);

        var business = new Command("business", "Manage businesses (tenants).");
        var list = new Command("list", "List businesses.");
        list.SetAction(async (_, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            foreach (var b in await services.GetRequiredService<BusinessStore>().ListAsync(ct))
                Console.WriteLine($"{b.Id}  {b.CarrierNumber}  {b.Vertical,-10}  {b.SubscriptionStatus,-9}  {b.Name}");
            return 0;
        });
        var name = new Option<string>("--name") { Description = "Business name", Required = true };
        var ownerName = new Option<string>("--owner-name") { Description = "Owner's name", Required = true };
        var ownerEmail = new Option<string>("--owner-email") { Description = "Owner's email (their sign-in)", Required = true };
        var ownerPhone = new Option<string>("--owner-phone") { Description = "Owner's mobile, for notifications", Required = true };
        var businessPhone = new Option<string>("--business-phone") { Description = "The real phone calls ring", Required = true };
        var carrierNumber = new Option<string>("--carrier-number") { Description = "The Twilio/SignalWire number", Required = true };
        var vertical = new Option<string>("--vertical") { Description = "hvac, auto, plumbing, electrical or other", DefaultValueFactory = _ => "other" };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone", DefaultValueFactory = _ => "America/New_York" };
        var add = new Command("add", "Add a business (and its owner's sign-in).") { name, ownerName, ownerEmail, ownerPhone, businessPhone, carrierNumber, vertical, timeZone };
        add.SetAction(async (parse, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            var result = await services.GetRequiredService<BusinessService>().CreateAsync(new BusinessInput
            {
                Name = parse.GetValue(name), OwnerName = parse.GetValue(ownerName), OwnerEmail = parse.GetValue(ownerEmail),
                OwnerPhone = parse.GetValue(ownerPhone), BusinessPhone = parse.GetValue(businessPhone),
                CarrierNumber = parse.GetValue(carrierNumber), Vertical = parse.GetValue(vertical), TimeZone = parse.GetValue(timeZone),
            }, "cli", ct);
            if (result.Conflict is not null) { Console.Error.WriteLine($"Conflict: {result.Conflict}"); return 2; }
            if (!result.Ok)
            {
                foreach (var (field, reasons) in result.Errors) Console.Error.WriteLine($"{field}: {string.Join(" ", reasons)}");
                return 2;
            }
            Console.WriteLine($"Added {result.Business!.Name} ({result.Business.Id}) on {result.Business.CarrierNumber}.");
            return 0;
        });
        business.Subcommands.Add(list);
        business.Subcommands.Add(add);
        root.Subcommands.Add(business);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// Validates settings and migrates before a verb touches data. Returns how many migrations ran, or null after
    /// reporting a start-up error (exit with <see cref="StartupErrorExitCode"/>).
    /// </summary>
    private static async Task<int?> PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return await services.GetRequiredService<Migrator>().MigrateAsync(services.GetRequiredService<TimeProvider>(), ct);
        }
        catch (Exception ex) when (IsStartupError(ex))
        {
            ReportStartupError(ex);
            return null;
        }
    }

    /// <summary>The process exit code after a start-up error.</summary>
    public const int StartupErrorExitCode = 1;

    /// <summary>A bad setting or a failed migration: reported with <see cref="ReportStartupError"/>, not as a crash.</summary>
    public static bool IsStartupError(Exception ex) => ex is OptionsValidationException or MigrationFailedException;

    /// <summary>A bad setting or a failed migration: one clear message naming the key, no stack trace.</summary>
    public static void ReportStartupError(Exception ex)
    {
        if (ex is OptionsValidationException ov)
            foreach (var failure in ov.Failures) Console.Error.WriteLine($"Configuration error: {failure}");
        else
            Console.Error.WriteLine($"Start-up stopped: {ex.Message}");
    }
}
