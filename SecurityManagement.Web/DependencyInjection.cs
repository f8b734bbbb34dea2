using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using SecurityManagement.Core;
using SecurityManagement.Web.Components;
using SecurityManagement.Web.Components.Account;

namespace SecurityManagement.Web;

public static class DependencyInjection
{
    /// <summary>
    /// The client keeps <c>appsettings.Development.json</c> at the repository root. In Development it
    /// is loaded right after the project's own environment file, so environment variables and
    /// command-line arguments still override it.
    /// </summary>
    public static void AddRepositoryDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }

        var root = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, ".."));
        var fileName = $"appsettings.{builder.Environment.EnvironmentName}.json";
        IList<IConfigurationSource> sources = builder.Configuration.Sources;
        var environmentFile = sources
            .Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource json && json.Path == fileName);
        var position = environmentFile.source is null ? sources.Count : environmentFile.index + 1;
        sources.Insert(position, new JsonConfigurationSource
        {
            Path = fileName,
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(root),
        });
    }

    public static void AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var defaultSqliteFile = Path.Combine(builder.Environment.ContentRootPath, "App_Data", "security-management.db");
        services.AddSecurityManagementCore(builder.Configuration, defaultSqliteFile);
        services.AddHostedService<StorageStartup>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        services.AddCascadingAuthenticationState();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "sm.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/access-denied";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
            });
        services.AddAuthorizationBuilder().AddRolePolicies();
    }

    public static void UseWebPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
