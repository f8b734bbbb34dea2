using SecurityManagement.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddRepositoryDevelopmentSettings();
builder.AddWebServices();

var app = builder.Build();
app.UseWebPipeline();

try
{
    await app.RunAsync();
    return 0;
}
catch (StartupException)
{
    // AppStartup has already logged the one line that says which setting to fix.
    return 1;
}
