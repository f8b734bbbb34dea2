using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Live;

/// <summary>Every kind of live event crosses to another server as it was published.</summary>
public sealed class LiveEventJsonTests
{
    public static TheoryData<LiveEvent> Events()
    {
        var visit = Builders.AVisit(name: "रवि कुमार") with
        {
            Status = VisitStatus.Approved,
            History = [new VisitStatusChange(VisitStatus.Pending, VisitStatus.Approved, Guid.NewGuid(), Builders.Now.AddSeconds(4), "ok")],
        };
        return
        [
            new SessionsRevoked(Guid.NewGuid()),
            new SessionEnded(Guid.NewGuid(), Guid.NewGuid()),
            new VisitChanged(visit),
            new VisitReached(new ReachStep(visit.Id, 1, ReachKind.Seen, Builders.Now, 0, Guid.NewGuid(), "Priya Sharma")),
            new PassChanged(Builders.APass() with { UseCount = 1 }),
            new SettingsChanged(7),
            new EventsMissed(),
            new VisitOverstayed(visit with { Status = VisitStatus.Inside }),
            new NoticeChanged(Guid.NewGuid(), "block:A"),
            new ExpectedChanged("A-101"),
            new SosChanged(SosAlert.Raise(Builders.AUser(), SosKind.Fire, Builders.Now) with { AcknowledgedByName = "Ramesh Kumar", AcknowledgedAt = Builders.Now.AddSeconds(5) }),
        ];
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void AnEventReadsBackAsWritten(LiveEvent published)
    {
        var message = new LiveMessage("flat:A-101", "server-a", published);

        var read = LiveEventJson.Read(LiveEventJson.Write(message));

        Assert.NotNull(read);
        Assert.Equal(("flat:A-101", "server-a", published.GetType()), (read.Topic, read.Origin, read.Event.GetType()));
        Assert.Equivalent(published, read.Event, strict: true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"topic":"gate","origin":"x","event":{"kind":"from-a-later-version"}}""")]
    [InlineData("""{"topic":"gate","origin":"x","event":{"kind":"visit-changed","visit":{"visitorPhone":"12"}}}""")]
    public void WhatIsNotALiveEventIsIgnored(string json) => Assert.Null(LiveEventJson.Read(json));
}
