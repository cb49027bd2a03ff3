using CallRecover.Hosting;

var builder = WebApplication.CreateBuilder(Cli.ConfigArgs(args));
builder.AddCallRecover();

var app = builder.Build();
app.MapCallRecover();

return await app.RunCallRecoverAsync(args);

/// <summary>Entry point; public so the test host can start the real app.</summary>
public partial class Program;
