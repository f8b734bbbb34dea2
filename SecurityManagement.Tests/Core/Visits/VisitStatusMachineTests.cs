using SecurityManagement.Core.Visits;

namespace SecurityManagement.Tests.Core.Visits;

public class VisitStatusMachineTests
{
    // Written out independently of the implementation: the DESIGN's transitions, expiry, "not for us",
    // and the closing of approved visitors who never came and returned requests nobody re-routed.
    private static readonly HashSet<(VisitStatus, VisitStatus)> Allowed =
    [
        (VisitStatus.Pending, VisitStatus.Approved),
        (VisitStatus.Pending, VisitStatus.Denied),
        (VisitStatus.Pending, VisitStatus.Returned),
        (VisitStatus.Returned, VisitStatus.Pending),
        (VisitStatus.Returned, VisitStatus.Cancelled),
        (VisitStatus.Returned, VisitStatus.Expired),
        (VisitStatus.Pending, VisitStatus.Cancelled),
        (VisitStatus.Pending, VisitStatus.Expired),
        (VisitStatus.Approved, VisitStatus.Inside),
        (VisitStatus.Approved, VisitStatus.Cancelled),
        (VisitStatus.Approved, VisitStatus.Expired),
        (VisitStatus.Inside, VisitStatus.Completed),
    ];

    public static TheoryData<VisitStatus, VisitStatus> AllowedPairs() => [.. Allowed];

    public static TheoryData<VisitStatus, VisitStatus> RefusedPairs()
    {
        var data = new TheoryData<VisitStatus, VisitStatus>();
        foreach (var from in Enum.GetValues<VisitStatus>())
        {
            foreach (var to in Enum.GetValues<VisitStatus>().Where(to => !Allowed.Contains((from, to))))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void AllowedTransitionIsAcceptedAndRecordedAsGiven(VisitStatus from, VisitStatus to)
    {
        var actor = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

        var flat = from == VisitStatus.Returned && to == VisitStatus.Pending ? SecurityManagement.Core.Flats.FlatCode.Parse("B-201") : null;

        var change = VisitStatusChange.Create(from, to, actor, at, "  by intercom  ", flat);

        Assert.True(VisitStatusMachine.CanMove(from, to));
        Assert.Equal(new VisitStatusChange(from, to, actor, at, "by intercom") { RoutedTo = flat }, change);
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void RefusedTransitionThrowsAndNamesBothStatuses(VisitStatus from, VisitStatus to)
    {
        Assert.False(VisitStatusMachine.CanMove(from, to));

        var ex = Assert.Throws<InvalidVisitTransitionException>(
            () => VisitStatusChange.Create(from, to, Guid.NewGuid(), DateTimeOffset.UnixEpoch));

        Assert.Equal((from, to), (ex.From, ex.To));
        Assert.Contains($"from {from} to {to}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPairIsEitherAllowedOrRefused()
    {
        var count = Enum.GetValues<VisitStatus>().Length;

        Assert.Equal(count * count, AllowedPairs().Count + RefusedPairs().Count);
    }

    [Fact]
    public void OnlyDeniedCompletedCancelledAndExpiredAreFinal()
    {
        var final = Enum.GetValues<VisitStatus>().Where(VisitStatusMachine.IsFinal);

        Assert.Equal([VisitStatus.Denied, VisitStatus.Completed, VisitStatus.Cancelled, VisitStatus.Expired], final);
    }

    [Theory]
    [InlineData(VisitStatus.Pending, true)]
    [InlineData(VisitStatus.Approved, true)]
    [InlineData(VisitStatus.Inside, false)]
    [InlineData(VisitStatus.Denied, false)]
    [InlineData(VisitStatus.Completed, false)]
    [InlineData(VisitStatus.Cancelled, false)]
    [InlineData(VisitStatus.Expired, false)]
    public void VisitsStartPendingOrApprovedOnly(VisitStatus status, bool allowed) =>
        Assert.Equal(allowed, VisitStatusMachine.CanStartAs(status));

    [Fact]
    public void OnlyAReRouteNamesAFlat()
    {
        var flat = SecurityManagement.Core.Flats.FlatCode.Parse("B-201");

        Assert.Throws<ArgumentException>(() => VisitStatusChange.Create(VisitStatus.Returned, VisitStatus.Pending, Guid.NewGuid(), DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, Guid.NewGuid(), DateTimeOffset.UnixEpoch, null, flat));
    }

    [Fact]
    public void NoteLongerThanTheLimitIsRefused()
    {
        var ex = Assert.Throws<SecurityManagement.Core.InvalidInputException>(() => VisitStatusChange.Create(
            VisitStatus.Pending, VisitStatus.Denied, Guid.NewGuid(), DateTimeOffset.UnixEpoch, new string('x', VisitStatusChange.MaxNoteLength + 1)));

        Assert.Equal("note", ex.Field);
    }
}
