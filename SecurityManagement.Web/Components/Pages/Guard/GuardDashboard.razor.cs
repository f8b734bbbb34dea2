using Microsoft.AspNetCore.Components;
using SecurityManagement.Core;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Components.Shared;

namespace SecurityManagement.Web.Components.Pages.Guard;

/// <summary>
/// The guard's tablet: new visitors on the left, the live boards on the right. The boards reload
/// whenever the gate's topic says a visit changed, and tick every few seconds so that waiting times
/// and the no-answer prompt stay current.
/// </summary>
public sealed partial class GuardDashboard : ActorComponentBase, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    private GateBoards? _boards;
    private IDisposable? _subscription;
    private ITimer? _ticker;

    [Inject]
    private VisitService Visits { get; set; } = default!;

    [Inject]
    private ILiveEvents Live { get; set; } = default!;

    [Inject]
    private SocietyOptions Society { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnActorReadyAsync()
    {
        _subscription = Live.Subscribe(Topics.Gate, _ => RefreshAsync(LoadAsync));
        _ticker = Clock.CreateTimer(_ => _ = RefreshAsync(() => Task.CompletedTask), null, Tick, Tick);
        await LoadAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _ticker?.Dispose();
    }

    private async Task LoadAsync() => await TryAsync(async () => _boards = await Visits.GetBoardsAsync(Actor));

    /// <summary>Runs on the circuit's dispatcher (events and ticks come from other threads), then re-renders.</summary>
    private async Task RefreshAsync(Func<Task> work)
    {
        try
        {
            await InvokeAsync(async () =>
            {
                await work();
                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }
}
