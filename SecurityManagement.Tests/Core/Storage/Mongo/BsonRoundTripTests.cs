using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Storage.Mongo;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage.Mongo;

/// <summary>Server-free: every stored type survives BSON unchanged, in the field layout the indexes expect.</summary>
public class BsonRoundTripTests
{
    public BsonRoundTripTests() => MongoClassMaps.Register();

    private static T RoundTrip<T>(T value, out BsonDocument document)
    {
        document = value.ToBsonDocument();
        return BsonSerializer.Deserialize<T>(value.ToBson());
    }

    [Fact]
    public void UserRoundTripsWithEveryFieldSet()
    {
        var user = AUser() with { LastLoginAt = Now.AddHours(1) };

        Assert.Equal(user, RoundTrip(user, out var doc));
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["_id"].AsBsonBinaryData.SubType);
        Assert.Equal(user.Phone.Value, doc["phone"].AsString);
        Assert.Equal("A-101", doc["flat"].AsString);
        Assert.Equal("Resident", doc["role"].AsString);
        Assert.Equal(BsonType.DateTime, doc["createdAt"].BsonType);
    }

    [Fact]
    public void StaffUserRoundTripsWithNullFlatAndLogin()
    {
        var guard = AUser(Role.Guard);

        Assert.Equal(guard, RoundTrip(guard, out var doc));
        Assert.Equal(BsonNull.Value, doc["flat"]);
    }

    [Fact]
    public void FlatRoundTripsWithCodeAsIdAndItsSortKey()
    {
        var flat = new Flat(FlatCode.Parse("B-204"), Now);

        Assert.Equal(flat, RoundTrip(flat, out var doc));
        Assert.Equal("B-204", doc["_id"].AsString);
        Assert.Equal(flat.SortKey, doc["sortKey"].AsString);
    }

    [Fact]
    public void VisitRoundTripsWithItsHistory()
    {
        var visit = AVisit() with
        {
            Status = VisitStatus.Inside,
            PassId = Guid.NewGuid(),
            History =
            [
                VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, Guid.NewGuid(), Now.AddMinutes(1), "ok"),
                VisitStatusChange.Create(VisitStatus.Approved, VisitStatus.Inside, null, Now.AddMinutes(2)),
            ],
        };
        var rerouted = AVisit() with
        {
            History =
            [
                VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Returned, Guid.NewGuid(), Now.AddMinutes(1)),
                VisitStatusChange.Create(VisitStatus.Returned, VisitStatus.Pending, Guid.NewGuid(), Now.AddMinutes(2), null, FlatCode.Parse("B-201")),
            ],
        };

        Assert.Equal(rerouted.History, RoundTrip(rerouted, out var reroutedDoc).History);
        Assert.Equal("B-201", reroutedDoc["history"][1]["routedTo"].AsString);
        var back = RoundTrip(visit, out var doc);

        Assert.Equivalent(visit, back, strict: true);
        Assert.Equal(visit.History, back.History);
        Assert.Equal("Inside", doc["status"].AsString);
        Assert.Equal(Now.AddMinutes(2).UtcDateTime, doc["statusChangedAt"].ToUniversalTime());
        Assert.Equal("Approved", doc["history"][0]["to"].AsString);
    }

    [Fact]
    public void FreshVisitRoundTripsWithEmptyHistoryAndNoPass()
    {
        var visit = AVisit() with { VehicleNumber = null, Note = null };

        var back = RoundTrip(visit, out _);

        Assert.Equivalent(visit, back, strict: true);
        Assert.Empty(back.History);
    }

    [Fact]
    public void GuestPassRoundTripsBothWithAndWithoutOptionalFields()
    {
        var full = APass(usage: PassUsage.MultiUse) with { UseCount = 4, RevokedAt = Now.AddDays(1) };
        var bare = APass() with { GuestPhone = null };

        Assert.Equal(full, RoundTrip(full, out var doc));
        Assert.Equal(bare, RoundTrip(bare, out _));
        Assert.Equal("MultiUse", doc["usage"].AsString);
    }

    [Fact]
    public void OtpStateRoundTripsWithPhoneAsIdAndItsTimeLists()
    {
        var state = new OtpState
        {
            Phone = NextPhone(),
            CodeHash = "aGFzaA==",
            ExpiresAt = Now.AddMinutes(5),
            Attempts = 1,
            Sends = [Now.AddMinutes(-3), Now],
            Failures = [Now],
            Version = 7,
        };
        var cleared = new OtpState { Phone = NextPhone(), Version = 2 };

        Assert.Equivalent(state, RoundTrip(state, out var doc), strict: true);
        Assert.Equivalent(cleared, RoundTrip(cleared, out _), strict: true);
        Assert.Equal(state.Phone.Value, doc["_id"].AsString);
        Assert.Equal(BsonType.DateTime, doc["sends"][1].BsonType);
    }

    [Fact]
    public void OtpStateOfATrustedDeviceHasItsOwnIdAndThePublicOneTheDeviceList()
    {
        var device = new OtpState { Phone = NextPhone(), Lane = "d3v1ce", Attempts = 2, Version = 3 };
        var shared = new OtpState { Phone = NextPhone(), TrustedDevices = ["d3v1ce", "0ther"], Version = 1 };

        Assert.Equivalent(device, RoundTrip(device, out var deviceDoc), strict: true);
        Assert.Equivalent(shared, RoundTrip(shared, out var sharedDoc), strict: true);
        Assert.Equal($"{device.Phone.Value}:d3v1ce", deviceDoc["_id"].AsString);
        Assert.Equal(new BsonArray { "d3v1ce", "0ther" }, sharedDoc["trustedDevices"]);
    }

    [Fact]
    public void SessionRoundTripsOpenAndEnded()
    {
        var open = Session.Start(Guid.NewGuid(), Now, TimeSpan.FromDays(7));
        var ended = open with { EndedAt = Now.AddHours(2) };

        Assert.Equal(open, RoundTrip(open, out var doc));
        Assert.Equal(ended, RoundTrip(ended, out _));
        Assert.Equal(BsonType.DateTime, doc["expiresAt"].BsonType);
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["userId"].AsBsonBinaryData.SubType);
    }

    [Fact]
    public void ADocumentWithParkedAuditEntriesStillReadsAsItsTypeAndTheEntriesReadBack()
    {
        var visit = AVisit();
        var entry = AnEntry(Now, Guid.NewGuid());
        var document = visit.ToBsonDocument();
        document[MongoAudited.PendingField] = MongoAudited.Parked([entry]);

        Assert.Equivalent(visit, BsonSerializer.Deserialize<Visit>(document), strict: true);
        Assert.Equal(entry, BsonSerializer.Deserialize<AuditEntry>(document[MongoAudited.PendingField][0].AsBsonDocument));
        Assert.Equal(BsonBinarySubType.UuidStandard, document[MongoAudited.PendingField][0]["_id"].AsBsonBinaryData.SubType);
    }

    [Fact]
    public void AuditEntryRoundTripsForUsersAndForTheSystem()
    {
        var byUser = AnEntry(Now, Guid.NewGuid());
        var bySystem = AnEntry(Now) with { Details = null };

        Assert.Equal(byUser, RoundTrip(byUser, out _));
        Assert.Equal(bySystem, RoundTrip(bySystem, out var doc));
        Assert.Equal(BsonNull.Value, doc["actorId"]);
    }
}
