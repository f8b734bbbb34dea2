using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Visits;

public class VisitTests
{
    [Fact]
    public void NewVisitIsPendingWithTidiedFieldsAndNoHistory()
    {
        var guard = Guid.NewGuid();

        var visit = Visit.Create(" Ravi ", PhoneNumber.Parse("9811100001"), VisitPurpose.Delivery, FlatCode.Parse("a-101"),
            " ka01ab1234 ", "  ", guard, Now.AddTicks(99));

        Assert.Equal(("Ravi", "KA01AB1234", (string?)null), (visit.VisitorName, visit.VehicleNumber, visit.Note));
        Assert.Equal((VisitStatus.Pending, guard, Now), (visit.Status, visit.LoggedBy, visit.CreatedAt));
        Assert.Empty(visit.History);
        Assert.Equal(Now, visit.StatusChangedAt);
        Assert.Null(visit.EntryAt);
        Assert.Null(visit.ExitAt);
    }

    [Fact]
    public void EntryExitAndStatusChangeTimesComeFromTheHistory()
    {
        var visit = AVisit() with
        {
            Status = VisitStatus.Completed,
            History =
            [
                VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, Guid.NewGuid(), Now.AddMinutes(1)),
                VisitStatusChange.Create(VisitStatus.Approved, VisitStatus.Inside, Guid.NewGuid(), Now.AddMinutes(2)),
                VisitStatusChange.Create(VisitStatus.Inside, VisitStatus.Completed, Guid.NewGuid(), Now.AddMinutes(30)),
            ],
        };

        Assert.Equal((Now.AddMinutes(2), Now.AddMinutes(30)), (visit.EntryAt, visit.ExitAt));
        Assert.Equal(Now.AddMinutes(30), visit.StatusChangedAt);
    }

    [Theory]
    [InlineData(VisitStatus.Inside)]
    [InlineData(VisitStatus.Denied)]
    [InlineData(VisitStatus.Completed)]
    public void VisitCannotStartInAnyOtherStatus(VisitStatus status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AVisit(startAs: status));

    [Fact]
    public void MissingVisitorNameIsRefusedForItsField() =>
        Assert.Equal("visitorName", Assert.Throws<InvalidInputException>(() => AVisit(name: " ")).Field);

    [Fact]
    public void UnknownPurposeIsRefused() =>
        Assert.Equal("purpose", Assert.Throws<InvalidInputException>(() => AVisit(purpose: (VisitPurpose)42)).Field);

    [Fact]
    public void OverlongVehicleNumberIsRefused() =>
        Assert.Equal("vehicleNumber", Assert.Throws<InvalidInputException>(() => Visit.Create("Ravi", NextPhone(),
            VisitPurpose.Cab, FlatCode.Parse("A-101"), new string('K', Visit.MaxVehicleLength + 1), null, Guid.NewGuid(), Now)).Field);
}
