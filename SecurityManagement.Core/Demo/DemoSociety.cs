using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Demo;

/// <summary>
/// The demo society that a development start seeds into an empty store, so that a newcomer
/// can sign in as every role at once. The host calls this only in Development.
/// </summary>
public sealed class DemoSociety(IStorage storage, TimeProvider clock)
{
    /// <summary>The entry code of the demo's maid, Sunita Devi (A-101 and B-201).</summary>
    public const string HelperCode = "246810";

    public static readonly IReadOnlyList<string> FlatCodes =
        ["A-101", "A-102", "A-103", "A-104", "B-201", "B-202", "B-203", "B-204"];

    /// <summary>The demo accounts: phone, name, role, flat, status.</summary>
    public static readonly IReadOnlyList<(string Phone, string Name, Role Role, string? Flat, UserStatus Status)> Accounts =
    [
        ("9000000001", "Sunita Rao", Role.SuperAdmin, null, UserStatus.Active),
        ("9000000002", "Arjun Mehta", Role.Admin, null, UserStatus.Active),
        ("9000000011", "Ramesh Kumar", Role.Guard, null, UserStatus.Active),
        ("9000000012", "Suresh Yadav", Role.Guard, null, UserStatus.Active),
        ("9000000101", "Priya Sharma", Role.Resident, "A-101", UserStatus.Active),
        ("9000000102", "Rahul Sharma", Role.Resident, "A-101", UserStatus.Active),
        ("9000000103", "Neha Gupta", Role.Resident, "A-102", UserStatus.Active),
        ("9000000201", "Vikram Singh", Role.Resident, "B-201", UserStatus.Active),
        ("9000000199", "Kavya Nair", Role.Resident, "A-103", UserStatus.PendingApproval),
        ("9000000198", "Amit Patel", Role.Resident, "A-104", UserStatus.Deactivated),
    ];

    /// <summary>Seeds the demo society when the store has no users yet; returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if ((await storage.Users.ListAsync(new UserFilter(), new PageRequest(0, 1), ct)).Total > 0)
        {
            return false;
        }

        var now = Moment.Now(clock);
        foreach (var code in FlatCodes)
        {
            await storage.Flats.AddAsync(new Flat(FlatCode.Parse(code), now), null, ct);
        }

        var users = new Dictionary<string, User>();
        foreach (var (phone, name, role, flat, status) in Accounts)
        {
            var user = User.Create(PhoneNumber.Parse(phone), name, role, flat is null ? null : FlatCode.Parse(flat), status, now.AddDays(-30));
            await storage.Users.AddAsync(user, null, ct);
            users[phone] = user;
        }

        var guard = users["9000000011"].Id;
        var priya = users["9000000101"].Id;
        var neha = users["9000000103"].Id;
        var vikram = users["9000000201"].Id;

        await VisitAsync("Zomato rider", "9811100001", VisitPurpose.Delivery, "A-101", now.AddMinutes(-2));
        await VisitAsync("Meera Iyer", "9811100002", VisitPurpose.Guest, "A-102", now.AddMinutes(-12),
            (VisitStatus.Approved, neha, 10, null));
        await VisitAsync("Ravi (electrician)", "9811100003", VisitPurpose.Service, "B-201", now.AddMinutes(-45),
            (VisitStatus.Approved, vikram, 43, null), (VisitStatus.Inside, guard, 40, null));
        await VisitAsync("Uber driver", "9811100004", VisitPurpose.Cab, "A-101", now.AddHours(-3),
            (VisitStatus.Approved, priya, 178, null), (VisitStatus.Inside, guard, 175, null), (VisitStatus.Completed, guard, 160, null));
        await VisitAsync("Door-to-door salesman", "9811100005", VisitPurpose.Other, "A-102", now.AddHours(-2),
            (VisitStatus.Denied, neha, 118, "Not expecting anyone"));
        await VisitAsync("Amazon delivery", "9811100006", VisitPurpose.Delivery, "B-201", now.AddHours(-1),
            (VisitStatus.Cancelled, guard, 55, "Visitor left"));
        await VisitAsync("Courier", "9811100007", VisitPurpose.Delivery, "A-102", now.AddHours(-5),
            (VisitStatus.Expired, null, 285, null));
        await VisitAsync("Plumber", "9811100009", VisitPurpose.Service, "A-101", now.AddMinutes(-4),
            (VisitStatus.Returned, priya, 3, "Not for A-101"));

        var pass = GuestPass.Create(FlatCode.Parse("A-101"), "Anjali Sharma", PhoneNumber.Parse("9811100008"),
            now.AddHours(-1), now.AddDays(2), PassUsage.MultiUse, priya, now.AddHours(-1));
        await storage.Passes.AddAsync(pass, now, null, ct);

        // Priya's and Vikram's maid, inside since an hour and a half ago; a parcel the guard kept waits at the gate for B-201.
        var sunita = new Helper
        {
            Id = Guid.CreateVersion7(),
            Name = "Sunita Devi",
            Phone = PhoneNumber.Parse("9811100020"),
            Kind = HelperKind.Maid,
            Code = HelperCode,
            CreatedBy = priya,
            CreatedAt = now.AddDays(-20),
            Flats = [new HelperFlat(FlatCode.Parse("A-101"), priya, now.AddDays(-20), true), new HelperFlat(FlatCode.Parse("B-201"), vikram, now.AddDays(-10))],
        };
        await storage.Helpers.AddAsync(sunita, AuditEntry.Create(priya, "helper.added", $"helper:{sunita.Id}", "Maid for A-101", now), ct);
        await storage.Helpers.TryCheckInAsync(new HelperVisit(Guid.CreateVersion7(), sunita.Id, now.AddMinutes(-90), guard, null),
            AuditEntry.Create(guard, "helper.in", $"helper:{sunita.Id}", "Maid", now), ct);
        var b201 = FlatCode.Parse("B-201");
        var parcel = new Parcel
        {
            Id = Guid.CreateVersion7(), Flat = b201, Company = "Flipkart", KeptBy = guard, KeptByName = "Ramesh Kumar", KeptAt = now.AddMinutes(-30),
        };
        await storage.Parcels.AddAsync(parcel, AuditEntry.Create(guard, "parcel.kept", $"flat:{b201}", $"parcel {parcel.Id}", now),
            AuditEntry.Create(guard, "expected.used", $"flat:{b201}", "none", now), ct);

        await storage.Audit.AppendAsync(AuditEntry.Create(null, "demo.seeded", "society",
            $"{FlatCodes.Count} flats, {Accounts.Count} users, 8 visits, 1 guest pass, 1 helper, 1 parcel", now), ct);
        return true;

        async Task VisitAsync(string name, string phone, VisitPurpose purpose, string flat, DateTimeOffset createdAt,
            params (VisitStatus To, Guid? Actor, int MinutesBeforeNow, string? Note)[] steps)
        {
            var visit = Visit.Create(name, PhoneNumber.Parse(phone), purpose, FlatCode.Parse(flat), null, null, guard, createdAt);
            await storage.Visits.AddAsync(visit, null, ct);
            foreach (var (to, actor, minutes, note) in steps)
            {
                var change = VisitStatusChange.Create(visit.Status, to, actor, now.AddMinutes(-minutes), note);
                var entry = AuditEntry.Create(actor, $"visit.{to.ToString().ToLowerInvariant()}", $"visit:{visit.Id}", $"for {flat}", change.At);
                visit = await storage.Visits.TryChangeStatusAsync(visit.Id, visit.History.Count, change, entry, ct)
                    ?? throw new InvalidOperationException($"Seeding could not move {name}'s visit to {to}.");
            }
        }
    }
}
