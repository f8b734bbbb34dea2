using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Web.Components.Account;

namespace SecurityManagement.Web.Components.Shared;

/// <summary>
/// For screens that call Core services as the signed-in user: provides the <see cref="Actor"/> and
/// turns the services' refusals into messages in the reader's language (beside the fields where there are fields, else a snackbar).
/// </summary>
public abstract partial class ActorComponentBase : ComponentBase
{
    // The longest a screen holds its rest back for the browser's word that it painted.
    private static readonly TimeSpan PaintWait = TimeSpan.FromSeconds(2);

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected Words Words { get; set; } = default!;

    [Inject]
    private ILogger<ActorComponentBase> Logger { get; set; } = default!;

    [Inject]
    private IJSRuntime Browser { get; set; } = default!;

    protected Actor Actor { get; private set; } = default!;

    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <summary>True while the last load found the store not answering (the screen says so and tries again).</summary>
    protected bool Unavailable { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        Actor = (await AuthenticationState).User.ToActor() ?? throw new NotAllowedException(Codes.SessionEnded);
        await OnActorReadyAsync();
    }

    protected virtual Task OnActorReadyAsync() => Task.CompletedTask;

    /// <summary>
    /// For a screen that paints its first business before the rest: returns once the browser has painted what the
    /// circuit sent so far (the next frame; in a tab that draws no frames, on a timer), or has not answered within two
    /// seconds (a frozen tab, a message lost on a bad connection): true to draw the rest, false when the circuit has
    /// gone. Drawn in one go, the browser styles and lays out the whole screen before the first of it can be used.
    /// </summary>
    protected async Task<bool> AfterPaintAsync()
    {
        try
        {
            await Browser.InvokeVoidAsync("smAfterPaint", PaintWait);
        }
        catch (JSDisconnectedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is JSException or OperationCanceledException)
        {
            // No word from the browser: the rest draws anyway.
        }

        return true;
    }

    /// <summary>
    /// For live events and timers, which arrive on other threads: runs the work on the circuit's
    /// dispatcher in this screen's language (an event carries the culture of whoever raised it: a guard
    /// in Hindi, a job in the server's), redraws, and routes a failure to the component's error handling.
    /// </summary>
    protected async Task RefreshAsync(Func<Task> work)
    {
        try
        {
            await InvokeAsync(async () =>
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
                await work();
                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>
    /// A load for a live screen: like <see cref="TryAsync"/>, and a store that does not answer (a lost
    /// connection, a timeout, a locked file) sets <see cref="Unavailable"/> instead of ending the circuit,
    /// so the screen keeps what it showed, says so, and loads again on its next tick.
    /// </summary>
    protected async Task<bool> TryLoadAsync(Func<Task> load)
    {
        try
        {
            var loaded = await TryAsync(load);
            Unavailable = false;
            return loaded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Unavailable = true;
            LogUnavailable(Logger, ex, GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Screen} could not load; it shows the last data and tries again")]
    private static partial void LogUnavailable(ILogger logger, Exception ex, string screen);

    /// <summary>
    /// Runs a service call. Field errors go to <paramref name="onInvalid"/> (or a snackbar); a refusal,
    /// a conflict (someone acted first) or a missing record becomes a snackbar. True when it succeeded.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> call, Action<IReadOnlyDictionary<string, string>>? onInvalid = null)
    {
        try
        {
            await call();
            return true;
        }
        catch (InvalidInputException ex) when (onInvalid is not null)
        {
            onInvalid(Words.Of(ex.Errors));
        }
        catch (ProblemException ex) when (ex is InvalidInputException or ConflictException)
        {
            Snackbar.Add(Words.Of(ex.Problem), Severity.Warning);
        }
        catch (ProblemException ex) when (ex is NotAllowedException or NotFoundException)
        {
            Snackbar.Add(Words.Of(ex.Problem), Severity.Error);
        }

        return false;
    }
}
