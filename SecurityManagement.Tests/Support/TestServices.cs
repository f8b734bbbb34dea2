using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;

namespace SecurityManagement.Tests.Support;

public static class TestServices
{
    /// <summary>
    /// What every component test needs: MudBlazor without transitions, loose JS interop, and the app's
    /// wording (its resources, in the thread's culture; a test registers the <c>SocietyOptions</c> it uses).
    /// </summary>
    public static BunitContext AddTestServices(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        context.Services.AddSingleton<MudLocalizer, ResourceMudLocalizer>();
        context.Services.AddLocalization();
        context.Services.TryAddSingleton(TimeProvider.System);
        context.Services.AddSingleton<Words>();
        context.Services.AddSingleton<AccountMessages>();
        return context;
    }
}
