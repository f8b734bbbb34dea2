using Microsoft.AspNetCore.Components;
using MudBlazor;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Web.Components.Shared;

namespace SecurityManagement.Web.Components.Pages.Admin;

/// <summary>
/// Admins let residents in and keep accounts: registrations awaiting approval on top, then everyone,
/// searched and filtered on the server. Every action goes through <see cref="UserService"/>, which
/// checks the admin again.
/// </summary>
public sealed partial class Users : ActorComponentBase
{
    private User? _me;
    private Page<User>? _pending;
    private MudTable<User>? _table;
    private string? _search;
    private Role? _role;
    private UserStatus? _status;
    private string? _flat;
    private string? _flatError;

    [Inject]
    private UserService UserService { get; set; } = default!;

    [Inject]
    private AccountService Accounts { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private SocietyOptions Society { get; set; } = default!;

    protected override async Task OnActorReadyAsync()
    {
        await TryAsync(async () => _me = await Accounts.GetProfileAsync(Actor));
        await LoadPendingAsync();
    }

    /// <summary>The table's filter as the service takes it; an unfinished flat code filters nothing and says so.</summary>
    public UserFilter Filter()
    {
        FlatCode? flat = null;
        _flatError = string.IsNullOrWhiteSpace(_flat) || FlatCode.TryParse(_flat, out flat, out _) ? null : L["Users.FlatHint"].Value;
        return new UserFilter(_role, _status, flat, string.IsNullOrWhiteSpace(_search) ? null : _search);
    }

    private bool CanManage(User user) => _me is not null && (_me.Role == Role.SuperAdmin || user.Role is Role.Resident or Role.Guard);

    private async Task<TableData<User>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = new Page<User>([], 0);
        await TryAsync(async () => page = await UserService.ListAsync(Actor, Filter(), new PageRequest(state.Page * state.PageSize, state.PageSize), ct));
        return new TableData<User> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task LoadPendingAsync() =>
        await TryAsync(async () => _pending = await UserService.ListAsync(Actor, new UserFilter(Status: UserStatus.PendingApproval), new PageRequest(0, 50)));

    private async Task ReloadAsync()
    {
        await LoadPendingAsync();
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private Task SearchChangedAsync(string? value) => Refilter(() => _search = value);

    private Task RoleChangedAsync(Role? value) => Refilter(() => _role = value);

    private Task StatusChangedAsync(UserStatus? value) => Refilter(() => _status = value);

    private Task FlatChangedAsync(string? value) => Refilter(() => _flat = value);

    private async Task Refilter(Action set)
    {
        set();
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private async Task ApproveAsync(User user)
    {
        if (await TryAsync(() => UserService.ApproveAsync(Actor, user.Id)))
        {
            Snackbar.Add(L["Users.Approved", user.FullName], Severity.Success);
        }

        await ReloadAsync();
    }

    private Task RejectAsync(User user) => AskReasonAsync(L["Users.RejectQuestion", user.FullName, user.Flat?.Value ?? ""], L["Users.Reject"],
        reason => UserService.RejectAsync(Actor, user.Id, reason), L["Users.Rejected", user.FullName]);

    private Task DeactivateAsync(User user) => AskReasonAsync(L["Users.DeactivateQuestion", user.FullName], L["Users.Deactivate"],
        reason => UserService.DeactivateAsync(Actor, user.Id, reason), L["Users.Deactivated", user.FullName]);

    private async Task ReactivateAsync(User user)
    {
        if (await TryAsync(() => UserService.ReactivateAsync(Actor, user.Id)))
        {
            Snackbar.Add(L["Users.Reactivated", user.FullName], Severity.Success);
        }

        await ReloadAsync();
    }

    private async Task CreateAsync()
    {
        var roles = _me?.Role == Role.SuperAdmin ? Enum.GetValues<Role>() : [Role.Resident, Role.Guard];
        var dialog = await Dialogs.ShowAsync<UserDialog>(L["Users.New"], new DialogParameters<UserDialog> { { d => d.Roles, roles } });
        if (await dialog.Result is { Canceled: false, Data: User created })
        {
            Snackbar.Add(L["Users.Created", created.FullName, Words.Of(created.Role)], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(User user)
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>(L["Users.EditTitle", user.FullName], new DialogParameters<UserDialog> { { d => d.Existing, user } });
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task ChangeRoleAsync(User user)
    {
        var dialog = await Dialogs.ShowAsync<RoleDialog>(L["Users.RoleTitle", user.FullName], new DialogParameters<RoleDialog> { { d => d.User, user } });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users.RoleChanged", user.FullName], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task AskReasonAsync(string question, string confirm, Func<string?, Task> act, string done)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Question, question },
            { d => d.Confirm, confirm },
            { d => d.Act, async reason =>
                {
                    IReadOnlyDictionary<string, string>? errors = null;
                    return await TryAsync(() => act(reason), e => errors = e) ? null : errors ?? new Dictionary<string, string>();
                }
            },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(confirm, parameters);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
        }

        await ReloadAsync();
    }

    private string Local(DateTimeOffset at) => Words.Local(at, "d MMM yyyy, HH:mm");
}
