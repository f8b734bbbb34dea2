using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Tests.Support;

/// <summary>Test data with sensible defaults; each test states only what matters to it.</summary>
public static class Builders
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    private static int _phoneSeed = 100_000;

    public static PhoneNumber NextPhone() =>
        PhoneNumber.Parse($"98{Interlocked.Increment(ref _phoneSeed):D8}");

    public static User AUser(
        Role role = Role.Resident, string? flat = "A-101", UserStatus status = UserStatus.Active,
        string name = "Priya Sharma", PhoneNumber? phone = null, DateTimeOffset? createdAt = null) =>
        User.Create(phone ?? NextPhone(), name, role, role == Role.Resident ? FlatCode.Parse(flat) : null, status, createdAt ?? Now);

    public static Visit AVisit(
        string flat = "A-101", DateTimeOffset? createdAt = null, string name = "Ravi Kumar",
        VisitPurpose purpose = VisitPurpose.Guest, VisitStatus startAs = VisitStatus.Pending, Guid? loggedBy = null) =>
        Visit.Create(name, NextPhone(), purpose, FlatCode.Parse(flat), "ka 01 ab 1234", "Parcel", loggedBy ?? Guid.NewGuid(),
            createdAt ?? Now, startAs);

    public static GuestPass APass(
        string flat = "A-101", DateTimeOffset? from = null, DateTimeOffset? until = null,
        PassUsage usage = PassUsage.SingleUse, DateTimeOffset? createdAt = null) =>
        GuestPass.Create(FlatCode.Parse(flat), "Anjali Sharma", NextPhone(), from ?? Now.AddHours(-1), until ?? Now.AddHours(5),
            usage, Guid.NewGuid(), createdAt ?? Now);

    public static AuditEntry AnEntry(DateTimeOffset at, Guid? actor = null, string action = "visit.approved", string subject = "visit") =>
        AuditEntry.Create(actor, action, subject, "details", at);

    /// <summary>An entry for a store write that must carry one (what it says does not matter to the test).</summary>
    public static AuditEntry Audited(string action = "test.changed") => AuditEntry.Create(null, action, "test", null, Now);
}
