using Microsoft.AspNetCore.Components;
using MudBlazor;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Components.Shared;

namespace SecurityManagement.Web.Components.Pages.Resident;

/// <summary>
/// The resident's phone: requests at the gate on top (they arrive live, with the count in the tab's
/// title), today's visits, the history, and guest passes. The requests paint first, the panels a frame later.
/// </summary>
public sealed partial class ResidentDashboard : ActorComponentBase, IDisposable
{
    private IReadOnlyList<Visit>? _pending;
    private IReadOnlyList<FlatVisit>? _today;
    private string? _flat;
    private Dictionary<Guid, string> _reasonErrors = [];

    // What the last answer did, said in a line above the requests (green when the visitor may come in),
    // and who just arrived, said to screen readers only (their card is what the eye sees). Not toasts:
    // on a phone a toast lies over the next card's buttons.
    private RenderFragment? _answered;
    private bool _admitted;
    private RenderFragment? _arrived;
    private IDisposable? _subscription;
    private bool _disposed;
    private int _loads;
    private VisitHistory? _history;
    private GuestPasses? _passes;
    private bool _ready;
    private bool _paintAsked;
    private bool _painted;

    /// <summary>The request a tapped notification opens the dashboard at (<c>/resident?visit=…</c>).</summary>
    [SupplyParameterFromQuery(Name = "visit")]
    private string? FocusVisit { get; set; }

    [Inject]
    private VisitService Visits { get; set; } = default!;

    [Inject]
    private AccountService Accounts { get; set; } = default!;

    [Inject]
    private ILiveEvents Live { get; set; } = default!;

    [Inject]
    private SocietyOptions Society { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnActorReadyAsync()
    {
        // Prerendered, the page draws its heading only: nothing to load or follow.
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        try
        {
            await FollowAndLoadAsync();
        }
        finally
        {
            // The requests have rendered, or could not load: the rest may follow (see OnAfterRenderAsync).
            _ready = true;
        }
    }

    private async Task FollowAndLoadAsync()
    {
        User? me = null;
        if (!await TryAsync(async () => me = await Accounts.GetProfileAsync(Actor)) || me?.Flat is null)
        {
            return;
        }

        _flat = me.Flat.Value;
        if (_disposed)
        {
            // The page closed while the profile loaded: do not leave a subscription behind.
            return;
        }

        _subscription = Live.Subscribe(Topics.Flat(me.Flat), liveEvent =>
        {
            // Return at once: whoever acted should not wait for this screen to reload.
            _ = OnFlatEventAsync(liveEvent);
            return Task.CompletedTask;
        });
        await LoadAsync();
    }

    /// <summary>
    /// Once the requests have rendered (at once from SQLite, a moment later from a store that keeps the page
    /// waiting) and the browser has painted them, the rest of the screen draws (see
    /// <see cref="ActorComponentBase.AfterPaintAsync"/>).
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_ready || _paintAsked)
        {
            return;
        }

        _paintAsked = true;
        if (await AfterPaintAsync())
        {
            _painted = true;
            StateHasChanged();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }

    /// <summary>Loads the requests and today's visits; a load overtaken by a newer one is dropped.</summary>
    private async Task LoadAsync()
    {
        var load = ++_loads;
        IReadOnlyList<Visit>? pending = null;
        IReadOnlyList<FlatVisit>? today = null;
        var loaded = await TryLoadAsync(async () =>
        {
            pending = await Visits.GetPendingAsync(Actor);
            today = [.. (await Visits.GetTodayAsync(Actor)).Where(v => v.Visit.Status != VisitStatus.Pending)];
        });
        if (loaded && load == _loads)
        {
            (_pending, _today) = (pending, today);
        }
    }

    private Task OnFlatEventAsync(LiveEvent liveEvent) => RefreshAsync(async () =>
    {
        if (liveEvent is VisitChanged { Visit: { Status: VisitStatus.Pending } visit }
            && visit.Flat.Value == _flat && _pending?.All(p => p.Id != visit.Id) == true)
        {
            _arrived = Lean.Say(L["Flat.Arrived"], visit.VisitorName, Words.Of(visit.Purpose));
            _answered = null;
        }

        if (liveEvent is VisitOverstayed { Visit: var stayed })
        {
            Snackbar.Add(L["Flat.Overstayed", stayed.VisitorName, Words.Of(stayed.Purpose)], Severity.Warning);
        }

        await LoadAsync();
        if (liveEvent is PassChanged && _passes is not null)
        {
            await _passes.ReloadAsync();
        }
        else if (_history is not null)
        {
            await _history.ReloadAsync();
        }
    });

    /// <summary>An answer begins: what was said about the last one no longer stands.</summary>
    private void Hush() => (_answered, _arrived) = (null, null);

    private Task AnsweredAsync(Visit visit, RenderFragment message, bool admitted = false)
    {
        _reasonErrors.Remove(visit.Id);
        (_answered, _admitted) = (message, admitted);
        return LoadAsync();
    }

    private async Task ApproveAsync(Visit visit)
    {
        Hush();
        if (await TryAsync(() => Visits.ApproveAsync(Actor, visit.Id)))
        {
            await AnsweredAsync(visit, Lean.Say(L["Flat.Approved"], visit.VisitorName), admitted: true);
        }
        else
        {
            await LoadAsync();
        }
    }

    private async Task DenyAsync((Visit Visit, string? Reason) answer)
    {
        Hush();
        var refused = false;
        if (await TryAsync(() => Visits.DenyAsync(Actor, answer.Visit.Id, answer.Reason), errors =>
        {
            refused = true;
            _reasonErrors[answer.Visit.Id] = errors.Values.First();
        }))
        {
            await AnsweredAsync(answer.Visit, Lean.Say(L["Flat.Denied"], answer.Visit.VisitorName));
        }
        else if (!refused)
        {
            await LoadAsync();
        }
    }

    private async Task NotForUsAsync(Visit visit)
    {
        Hush();
        if (await TryAsync(() => Visits.NotForUsAsync(Actor, visit.Id)))
        {
            await AnsweredAsync(visit, Lean.Say(L["Flat.NotForUs"], visit.VisitorName, _flat));
        }
        else
        {
            await LoadAsync();
        }
    }

    private string Local(DateTimeOffset at) => Words.Local(at, "HH:mm");

    /// <summary>"Arrived 10:02, in 10:04, left 10:40".</summary>
    private string Times(Visit visit) =>
        (visit.EntryAt, visit.ExitAt) switch
        {
            ({ } entry, { } exit) => L["Flat.ArrivedInLeft", Local(visit.CreatedAt), Local(entry), Local(exit)],
            ({ } entry, null) => L["Flat.ArrivedIn", Local(visit.CreatedAt), Local(entry)],
            (null, { } exit) => L["Flat.ArrivedLeft", Local(visit.CreatedAt), Local(exit)],
            _ => L["Flat.ArrivedAt", Local(visit.CreatedAt)],
        };

    /// <summary>"Denied by Priya Sharma: Not expecting anyone", so every resident of the flat sees who answered and why (the name and the note are data).</summary>
    private RenderFragment? Answer(FlatVisit visit)
    {
        var who = visit.AnsweredBy ?? L["Flat.AResident"];
        return visit switch
        {
            { Answer: null } => null,
            { Answer: { To: VisitStatus.Denied, Note: { } reason } } => Lean.Say(L["Flat.DeniedByReason"], who, reason),
            { Answer.To: VisitStatus.Denied } => Lean.Say(L["Flat.DeniedBy"], who),
            { Answer.To: VisitStatus.Returned } => Lean.Say(L["Flat.ReturnedBy"], who),
            { Answer.Note: { } note } => Lean.Say(L["Flat.ApprovedByNote"], who, note),
            _ => Lean.Say(L["Flat.ApprovedBy"], who),
        };
    }
}
