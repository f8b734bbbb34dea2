using System.Text.Json.Serialization;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Live;

/// <summary>Something that happened which open screens may need to show at once.</summary>
/// <remarks>Each kind has a name here, by which the backplane carries it to the other servers (<see cref="LiveEventJson"/>).</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SessionsRevoked), "sessions-revoked")]
[JsonDerivedType(typeof(SessionEnded), "session-ended")]
[JsonDerivedType(typeof(VisitChanged), "visit-changed")]
[JsonDerivedType(typeof(VisitReached), "visit-reached")]
[JsonDerivedType(typeof(PassChanged), "pass-changed")]
[JsonDerivedType(typeof(SettingsChanged), "settings-changed")]
[JsonDerivedType(typeof(EventsMissed), "events-missed")]
[JsonDerivedType(typeof(SosChanged), "sos-changed")]
[JsonDerivedType(typeof(VisitOverstayed), "visit-overstayed")]
[JsonDerivedType(typeof(NoticeChanged), "notice-changed")]
[JsonDerivedType(typeof(ExpectedChanged), "expected-changed")]
[JsonDerivedType(typeof(ParcelChanged), "parcel-changed")]
[JsonDerivedType(typeof(HelperChanged), "helper-changed")]
public abstract record LiveEvent;

/// <summary>The user's role or status changed: every session they have open must end.</summary>
public sealed record SessionsRevoked(Guid UserId) : LiveEvent;

/// <summary>One sign-in session ended (its user signed out): the screens of that session must close, the user's others stay.</summary>
public sealed record SessionEnded(Guid UserId, Guid SessionId) : LiveEvent;

/// <summary>A visit was logged or changed status; published to its flat and to the gate.</summary>
public sealed record VisitChanged(Visit Visit) : LiveEvent;

/// <summary>A step was taken to reach a flat about a request (a push, an SMS, a phone that showed it); published to the gate.</summary>
public sealed record VisitReached(ReachStep Step) : LiveEvent;

/// <summary>A guest pass was created, used or revoked; published to its flat.</summary>
public sealed record PassChanged(GuestPass Pass) : LiveEvent;

/// <summary>An SOS was raised, acknowledged, escalated or closed; published to the gate and to its flat.</summary>
public sealed record SosChanged(SosAlert Alert) : LiveEvent;

/// <summary>A visitor has stayed past their purpose's limit (said once per visit); published to its flat and to the gate.</summary>
public sealed record VisitOverstayed(Visit Visit) : LiveEvent;

/// <summary>A flat's expected visitors changed (added, cancelled or used); published to the gate and to the flat.</summary>
public sealed record ExpectedChanged(string Flat) : LiveEvent;

/// <summary>A parcel was kept at the gate for the flat, or collected; published to the gate and to the flat.</summary>
public sealed record ParcelChanged(string Flat) : LiveEvent;

/// <summary>A helper was added, linked, let go, removed, or came in or went out; published to the gate and to each flat employing them.</summary>
public sealed record HelperChanged(Guid HelperId) : LiveEvent;

/// <summary>
/// A notice was posted or withdrawn; published on <see cref="Topics.Notices"/>, where residents' dashboards listen (those whose
/// flat is under <paramref name="AudienceKey"/> reload).
/// </summary>
public sealed record NoticeChanged(Guid NoticeId, string AudienceKey) : LiveEvent;

/// <summary>A super admin saved new settings: every server applies them.</summary>
public sealed record SettingsChanged(long Version) : LiveEvent;

/// <summary>
/// Events may have been lost (a server was cut off from the others for a while): every subscriber, on every
/// topic, reloads what it shows.
/// </summary>
public sealed record EventsMissed : LiveEvent;

/// <summary>Topic names: who listens for what.</summary>
public static class Topics
{
    /// <summary>Everything at the gate: the guards' boards.</summary>
    public const string Gate = "gate";

    /// <summary>The society's settings: every server listens.</summary>
    public const string Society = "society";

    /// <summary>Notices posted and withdrawn: every resident's dashboard listens and shows its flat's.</summary>
    public const string Notices = "notices";

    public static string User(Guid userId) => $"user:{userId}";

    public static string Flat(FlatCode flat) => $"flat:{flat.Value}";
}

/// <summary>
/// The live-event hub that screens subscribe to. In-process on one server; a backplane
/// implementation of this interface carries events between servers.
/// </summary>
public interface ILiveEvents
{
    /// <summary>Calls <paramref name="handler"/> for each event published on the topic until the subscription is disposed.</summary>
    IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler);

    /// <summary>Delivers the event to every current subscriber of the topic; a failing subscriber does not stop the others.</summary>
    Task PublishAsync(string topic, LiveEvent liveEvent);
}
