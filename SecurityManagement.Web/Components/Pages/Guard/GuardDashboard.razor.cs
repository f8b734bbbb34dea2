using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using SecurityManagement.Core;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Pages.Guard;

/// <summary>
/// The guard's tablet: new visitors on the left, the live boards on the right (on a narrow screen the
/// forms are a tab of their own). The boards reload whenever the gate's topic says a visit changed, and
/// tick every few seconds so that waiting times and the no-answer prompt stay current. A waiting card
/// says what was tried to reach the flat (each step is a gate event too). A visit just
/// logged or admitted opens its board with its card first and in view.
/// </summary>
public sealed partial class GuardDashboard : ActorComponentBase, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    // Every sixth tick (30 s) reloads too, in case an event was missed.
    private const int TicksPerReload = 6;

    private GateBoards? _boards;
    private IReadOnlyList<ExpectedVisitor> _expected = [];
    private IReadOnlyList<Parcel> _parcels = [];
    private IReadOnlyList<Helper> _helpersInside = [];
    private IReadOnlyDictionary<Guid, IReadOnlyList<ReachStep>> _steps = new Dictionary<Guid, IReadOnlyList<ReachStep>>();
    private GateTab _tab = GateTab.New;
    private Guid? _fresh;
    private int _loads;
    private int _ticks;
    private IDisposable? _subscription;
    private ITimer? _ticker;

    // This tablet's gate, once read from the tablet (while the society names gates); null when it names none.
    private Guid? _gate;
    private bool _gateKnown;

    // The forms and boards have painted: the lists beside the forms (below them on a tablet) draw and load from then on
    // (see AfterPaintAsync).
    private bool _painted;

    // The tablet's gate was taken out of use and it fell back to the first gate in use: said until the guard chooses.
    private bool _gateMoved;

    [Inject]
    private VisitService Visits { get; set; } = default!;

    [Inject]
    private ReachService Reach { get; set; } = default!;

    [Inject]
    private ExpectedService Expected { get; set; } = default!;

    [Inject]
    private ParcelService Parcels { get; set; } = default!;

    [Inject]
    private HelperService Helpers { get; set; } = default!;

    [Inject]
    private ILiveEvents Live { get; set; } = default!;

    [Inject]
    private SocietyOptions Society { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IStringLocalizer<GuardText> L { get; set; } = default!;

    [Inject]
    private GateOptions Gates { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    private enum GateTab
    {
        New,
        Waiting,
        Approved,
        Inside,
        Done,
    }

    /// <summary>
    /// The board on show: with the forms chosen, a wide screen (which shows the forms anyway) shows the
    /// waiting board, and its tab is the selected one; a narrow screen hides the boards meanwhile. The
    /// screen's width is the browser's to know: CSS decides, no script asks.
    /// </summary>
    private GateTab Shown => _tab == GateTab.New ? GateTab.Waiting : _tab;

    protected override async Task OnActorReadyAsync()
    {
        // Prerendered, the page draws its heading only: nothing to load or follow.
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        // Handlers return at once: the guard who acted should not wait for every screen to reload.
        _subscription = Live.Subscribe(Topics.Gate, changed =>
        {
            _ = RefreshAsync(LoadAsync);
            return Task.CompletedTask;
        });
        // While the store does not answer, every tick tries again.
        _ticker = Clock.CreateTimer(state => _ = RefreshAsync(() => ++_ticks % TicksPerReload == 0 || Unavailable ? LoadAsync() : Task.CompletedTask), null, Tick, Tick);

        // A society with named gates: the tablet says which is its own once it is interactive.
        _gateKnown = Gates.GatesInUse.Count == 0;
        if (_gateKnown)
        {
            await LoadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        if (!_gateKnown)
        {
            var stored = await Js.InvokeAsync<string?>("smGate.get");
            _gate = Guid.TryParse(stored, out var id) ? id : null;
            await ChooseGateAsync(GateNow);
        }

        if (await AfterPaintAsync())
        {
            _painted = true;
            await LoadListsAsync(_loads);
            StateHasChanged();
        }
    }

    /// <summary>The guard sets the tablet's gate: it is remembered on the tablet, and the boards show that gate's requests.</summary>
    private async Task ChooseGateAsync(Guid? gate)
    {
        (_gate, _gateKnown, _gateMoved) = (gate, true, false);
        if (gate is { } id)
        {
            await Js.InvokeVoidAsync("smGate.set", id.ToString());
        }

        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>The tablet's gate as the society's gates stand now (an admin may have named, renamed or retired them meanwhile).</summary>
    private Guid? GateNow => Gates.GatesInUse.Count == 0 ? null : Gates.GatesInUse.FirstOrDefault(g => g.Id == _gate)?.Id ?? Gates.GatesInUse[0].Id;

    public void Dispose()
    {
        _subscription?.Dispose();
        _ticker?.Dispose();
    }

    /// <summary>A visitor the flat was expecting starts approved: their card opens on the approved board, else the waiting one.</summary>
    private Task LoggedAsync(Visit visit) => ShowAsync(visit, visit.Status == VisitStatus.Approved ? GateTab.Approved : GateTab.Waiting);

    private Task ShowAsync(Visit visit, GateTab tab)
    {
        (_fresh, _tab) = (visit.Id, tab);
        return LoadAsync();
    }

    /// <summary>
    /// Loads the boards, then (once the screen has first painted) the lists beside the forms. A load that finishes after
    /// a newer one has started is dropped, so older data never wins.
    /// </summary>
    private async Task LoadAsync()
    {
        if (!_gateKnown)
        {
            return;
        }

        var now = GateNow;
        _gateMoved |= _gate is not null && now is not null && now != _gate;
        _gate = now;
        var load = ++_loads;
        GateBoards? boards = null;
        IReadOnlyDictionary<Guid, IReadOnlyList<ReachStep>>? steps = null;
        if (!await TryLoadAsync(async () =>
            {
                boards = await Visits.GetBoardsAsync(Actor, _gate);
                steps = await Reach.GetStepsAsync(Actor, boards.Waiting);
            }) || load != _loads)
        {
            return;
        }

        (_boards, _steps) = (boards, steps!);
        if (_painted)
        {
            await LoadListsAsync(load);
        }
    }

    /// <summary>The lists beside the forms: who is expected, parcels, helpers inside (dropped if a newer load has started).</summary>
    private async Task LoadListsAsync(int load)
    {
        IReadOnlyList<ExpectedVisitor> expected = [];
        IReadOnlyList<Parcel> parcels = [];
        IReadOnlyList<Helper> helpersInside = [];
        if (await TryLoadAsync(async () =>
            {
                expected = await Expected.ListUpcomingAsync(Actor);
                parcels = await Parcels.ListWaitingAsync(Actor);
                helpersInside = await Helpers.ListInsideAsync(Actor);
            }) && load == _loads)
        {
            (_expected, _parcels, _helpersInside) = (expected, parcels, helpersInside);
        }
    }
}
