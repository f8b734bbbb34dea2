using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;

namespace SecurityManagement.Web.Components.Account;

/// <summary>
/// Ends a circuit's sign-in the moment the user's sessions are revoked (a <see cref="SessionsRevoked"/>
/// event on the live hub) or this very session is signed out (<see cref="SessionEnded"/>), and re-checks
/// the session every <see cref="RevalidationInterval"/> as a safety net for anything the hub did not
/// carry. <see cref="EndedBecause"/> tells the sign-in page why.
/// </summary>
public sealed class LiveRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> Anonymous =
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private readonly AccountService _accounts;
    private readonly ILiveEvents _live;
    private IDisposable? _subscription;

    public LiveRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, AccountService accounts, ILiveEvents live)
        : base(loggerFactory)
    {
        _accounts = accounts;
        _live = live;
        AuthenticationStateChanged += FollowUser;
    }

    /// <summary>Why this circuit's sign-in ended (one of <see cref="SignedOutReasons"/>), once it has.</summary>
    public string? EndedBecause { get; private set; }

    // Short enough that a revocation the hub did not carry (another server, a missed event) still
    // ends the session within five seconds; each check is two indexed reads (user, session).
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(4);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var actor = authenticationState.User.ToActor();
        var valid = actor is not null && await _accounts.IsSessionValidAsync(actor, cancellationToken);
        if (!valid && EndedBecause is null)
        {
            // The check may find a revocation before the hub's event does: the reader is told the same either way.
            EndedBecause = actor is not null && await _accounts.WasRevokedAsync(actor, cancellationToken) ? SignedOutReasons.Revoked : SignedOutReasons.Ended;
        }

        return valid;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= FollowUser;
            Interlocked.Exchange(ref _subscription, null)?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void FollowUser(Task<AuthenticationState> state) =>
        state.ContinueWith(
            done => Follow(done.Result.User.ToActor()),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void Follow(Actor? actor)
    {
        var subscription = actor is null
            ? null
            : _live.Subscribe(Topics.User(actor.UserId), liveEvent =>
            {
                var reason = liveEvent switch
                {
                    SessionsRevoked => SignedOutReasons.Revoked,
                    SessionEnded ended when ended.SessionId == actor.SessionId => SignedOutReasons.SignedOut,
                    _ => null,
                };
                if (reason is not null)
                {
                    EndedBecause = reason;
                    SetAuthenticationState(Anonymous);
                }

                return Task.CompletedTask;
            });
        Interlocked.Exchange(ref _subscription, subscription)?.Dispose();
    }
}
