using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Safety;

/// <summary>
/// SOS: a resident calls the guards with one deliberate press; every guard's screen rings until one
/// acknowledges; unanswered past <see cref="GateOptions.SosSmsAfter"/>, every guard and admin gets an SMS
/// (once); a guard or admin closes it with a note. Each step is audited and goes live to the gate and the flat.
/// </summary>
public sealed partial class SosService(
    ISosStore alerts,
    IUserStore users,
    ActingUsers acting,
    ILiveEvents live,
    ISmsSender sms,
    ISmsWording wording,
    GateOptions gate,
    TimeProvider clock,
    ILogger<SosService> logger)
{
    /// <summary>How many of a flat's alerts the resident sees.</summary>
    public const int FlatHistory = 3;

    private static readonly Role[] Staff = [Role.Guard, Role.Admin, Role.SuperAdmin];

    // Guards and admins an escalation texts, at most, per role.
    private const int MostTexted = 200;

    /// <summary>Residents only. A second press while the flat's alert is open returns that alert: the guards are already called.</summary>
    public async Task<SosAlert> RaiseAsync(Actor actor, SosKind kind, CancellationToken ct = default)
    {
        var resident = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.SosResidentsOnly, ct);
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidInputException("kind", Codes.SosKindMissing);
        }

        if (await alerts.GetOpenForFlatAsync(resident.Flat!, ct) is { } open)
        {
            return open;
        }

        var alert = SosAlert.Raise(resident, kind, Moment.Now(clock));
        try
        {
            await alerts.AddAsync(alert, Entry(resident.Id, "sos.raised", alert, null), ct);
        }
        catch (SosAlreadyOpenException)
        {
            // Another resident of the flat pressed at the same moment.
            return await alerts.GetOpenForFlatAsync(resident.Flat!, ct) ?? throw new ConflictException(Codes.SosClosed);
        }

        await PublishAsync(alert);
        return alert;
    }

    /// <summary>Guards and admins: "I'm going". The first one stops every screen's alarm; the others are told who.</summary>
    public async Task<SosAlert> AcknowledgeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var staff = await acting.RequireRoleAsync(actor, Staff, Codes.SosStaffOnly, ct);
        var alert = await alerts.GetAsync(id, ct) ?? throw new NotFoundException(Codes.SosNotFound);
        var acknowledged = alert.IsRinging
            ? await alerts.TryAcknowledgeAsync(id, staff.Id, staff.FullName, Moment.Now(clock), Entry(staff.Id, "sos.acknowledged", alert, null), ct)
            : null;
        if (acknowledged is null)
        {
            throw Settled(await alerts.GetAsync(id, ct) ?? alert);
        }

        await PublishAsync(acknowledged);
        return acknowledged;
    }

    /// <summary>Guards and admins close an open alert with a note of what happened (required).</summary>
    public async Task<SosAlert> CloseAsync(Actor actor, Guid id, string? note, CancellationToken ct = default)
    {
        var staff = await acting.RequireRoleAsync(actor, Staff, Codes.SosStaffOnly, ct);
        var text = Text.Required(note, "note", SosAlert.MaxNoteLength);
        var alert = await alerts.GetAsync(id, ct) ?? throw new NotFoundException(Codes.SosNotFound);
        var closed = alert.IsOpen
            ? await alerts.TryCloseAsync(id, staff.Id, staff.FullName, Moment.Now(clock), text, Entry(staff.Id, "sos.closed", alert, text), ct)
            : null;
        if (closed is null)
        {
            throw new ConflictException(Codes.SosClosed);
        }

        await PublishAsync(closed);
        return closed;
    }

    /// <summary>Guards and admins: every open alert, oldest first.</summary>
    public async Task<IReadOnlyList<SosAlert>> ListOpenAsync(Actor actor, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, Staff, Codes.SosStaffOnly, ct);
        return await alerts.ListOpenAsync(ct);
    }

    /// <summary>Residents: their flat's latest alerts, newest first.</summary>
    public async Task<IReadOnlyList<SosAlert>> ListForMyFlatAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.SosResidentsOnly, ct);
        return await alerts.ListForFlatAsync(resident.Flat!, FlatHistory, ct);
    }

    /// <summary>
    /// The background job's round: texts every active guard and admin about each alert still ringing past the
    /// set time, once per alert (the claim is stored before anything is sent). Returns how many alerts it escalated.
    /// </summary>
    public async Task<int> EscalateAsync(CancellationToken ct = default)
    {
        var now = Moment.Now(clock);
        var escalated = 0;
        foreach (var due in await alerts.ListDueForEscalationAsync(now - gate.SosSmsAfter, ct))
        {
            if (await alerts.TryMarkEscalatedAsync(due.Id, now, AuditEntry.Create(null, "sos.escalated", Subject(due), Details(due, null), now), ct) is not { } claimed)
            {
                continue;
            }

            escalated++;
            await PublishAsync(claimed);
            foreach (var role in Staff)
            {
                var staff = await users.ListAsync(new UserFilter(role, UserStatus.Active), new PageRequest(0, MostTexted), ct);
                foreach (var person in staff.Items)
                {
                    await TextAsync(person, claimed, ct);
                }
            }
        }

        return escalated;
    }

    private async Task TextAsync(User person, SosAlert alert, CancellationToken ct)
    {
        try
        {
            var message = wording.Text(new Problem(Codes.SosSms, alert.Kind, alert.Flat, alert.RaisedByName, alert.RaisedByPhone.Value), person.Language);
            await sms.SendAsync(person.Phone, message, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // One unreachable phone does not keep the others from being told.
            LogNotTexted(ex, alert.Id);
        }
    }

    private async Task PublishAsync(SosAlert alert)
    {
        var changed = new SosChanged(alert);
        await live.PublishAsync(Topics.Gate, changed);
        await live.PublishAsync(Topics.Flat(alert.Flat), changed);
    }

    private static ConflictException Settled(SosAlert alert) =>
        alert.IsOpen && alert.AcknowledgedByName is { } name
            ? new ConflictException(Codes.SosAcknowledgedBy, name)
            : new ConflictException(Codes.SosClosed);

    private AuditEntry Entry(Guid actorId, string action, SosAlert alert, string? note) =>
        AuditEntry.Create(actorId, action, Subject(alert), Details(alert, note), Moment.Now(clock));

    private static string Subject(SosAlert alert) => $"flat:{alert.Flat}";

    private static string Details(SosAlert alert, string? note) => note is null ? $"sos {alert.Id}: {alert.Kind}" : $"sos {alert.Id}: {alert.Kind}; {note}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not text a guard or admin about SOS {Alert}")]
    private partial void LogNotTexted(Exception ex, Guid alert);
}
