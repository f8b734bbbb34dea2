using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Storage.Mongo;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Tests.Core.Storage.Mongo;

/// <summary>
/// Server-free: every query a screen or job makes, the index that serves it (equality fields, then the
/// sort, ending on the _id tie-break), and that the stores define exactly these indexes, no more.
/// </summary>
public class MongoIndexTests
{
    public MongoIndexTests() => MongoClassMaps.Register();

    private static readonly (string Query, string Collection, string Index, string Keys)[] Queries =
    [
        ("a flat's waiting requests (ListPendingForFlat)", "visits", "ix_flat_status_created", "{ flat: 1, status: 1, createdAt: 1, _id: 1 }"),
        ("a gate board: visits in one status, longest first (ListByStatus); inside/waiting counts", "visits", "ix_status_changed", "{ status: 1, statusChangedAt: 1, _id: 1 }"),
        ("the visit log newest first, its CSV batches, a day's visits, today's count, busiest hours", "visits", "ix_created", "{ createdAt: -1, _id: -1 }"),
        ("a flat's history and today (ListForFlat, ListForFlatSince); the log by flat", "visits", "ix_flat_created", "{ flat: 1, createdAt: -1, _id: -1 }"),
        ("the log by status, and denied today", "visits", "ix_status_created", "{ status: 1, createdAt: -1, _id: -1 }"),
        ("the log by purpose", "visits", "ix_purpose_created", "{ purpose: 1, createdAt: -1, _id: -1 }"),
        ("a visitor's last visit (the guard's form)", "visits", "ix_visitor_phone_created", "{ visitorPhone: 1, createdAt: -1, _id: -1 }"),
        ("recently done (ListFinishedSince)", "visits", "ix_status_changed_at", "{ statusChangedAt: -1, _id: -1 }"),
        ("the log searched by part of a visitor's name", "visits", "ix_name_grams_created", "{ nameGrams: 1, createdAt: -1, _id: -1 }"),
        ("parked audit entries (the sweep)", "visits", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("sign-in by phone; one account per phone", "users", "ux_phone", "{ phone: 1 }"),
        ("users by role and status, by name", "users", "ix_role_status_name", "{ role: 1, status: 1, fullName: 1, phone: 1 }"),
        ("a flat's residents, by name", "users", "ix_flat_name", "{ flat: 1, fullName: 1, phone: 1 }"),
        ("everyone, by name", "users", "ix_name", "{ fullName: 1, phone: 1 }"),
        ("parked audit entries (the sweep)", "users", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("a code at the gate (ListLiveByCode)", "passes", "ix_code_valid_until", "{ code: 1, validUntil: 1 }"),
        ("a flat's passes newest first", "passes", "ix_flat_created", "{ flat: 1, createdAt: -1, _id: -1 }"),
        ("retention: passes that ended long ago", "passes", "ix_valid_until", "{ validUntil: 1 }"),
        ("one live pass per code", "passes", "ux_live_code", "{ liveCode: 1 }"),
        ("parked audit entries (the sweep)", "passes", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("the chain in order; the head; the trail newest first", "audit", "ux_sequence", "{ sequence: -1 }"),
        ("the trail by who", "audit", "ix_actor_sequence", "{ actorId: 1, sequence: -1 }"),
        ("the trail by action", "audit", "ix_action_sequence", "{ action: 1, sequence: -1 }"),
        ("a guard's refused pass codes this hour", "audit", "ix_action_actor_at", "{ action: 1, actorId: 1, at: -1 }"),
        ("the trail by date", "audit", "ix_at", "{ at: -1 }"),
        ("the directory in order, and by code prefix (the _id)", "flats", "ix_sort_key", "{ sortKey: 1 }"),
        ("parked audit entries (the sweep)", "flats", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("housekeeping: expired sessions", "sessions", "ix_expires_at", "{ expiresAt: 1 }"),
        ("housekeeping: ended sessions", "sessions", "ix_ended_at", "{ endedAt: 1 }"),
        ("parked audit entries (the sweep)", "sessions", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("one open SOS per flat; a flat's open SOS", "sos_alerts", "ux_open_flat", "{ flat: 1 }"),
        ("the guards' open SOS alerts, oldest first; the escalation sweep", "sos_alerts", "ix_open_raised", "{ open: 1, raisedAt: 1, _id: 1 }"),
        ("a flat's latest SOS alerts", "sos_alerts", "ix_flat_raised", "{ flat: 1, raisedAt: -1, _id: -1 }"),
        ("parked audit entries (the sweep)", "sos_alerts", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("parked audit entries (the sweep)", "visit_overstays", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("one live blocklist entry per phone; the gate's check", "blocklist", "ux_live_phone", "{ phone: 1 }"),
        ("the admins' blocklist, proposals first then newest", "blocklist", "ix_live_list", "{ live: 1, proposed: -1, addedAt: -1, _id: -1 }"),
        ("parked audit entries (the sweep)", "blocklist", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("the visit log by gate", "visits", "ix_gate_created", "{ gate: 1, createdAt: -1, _id: -1 }"),
        ("a flat's live notices (everyone's, its block's, its own), newest first", "notices", "ix_audience_posted", "{ audienceKey: 1, postedAt: -1, _id: -1 }"),
        ("the admins' notices, newest first", "notices", "ix_posted", "{ postedAt: -1, _id: -1 }"),
        ("notices not yet pushed, oldest first", "notices", "ix_unpushed", "{ pushedAt: 1, postedAt: 1 }"),
        ("parked audit entries (the sweep)", "notices", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("which of the notices shown a resident has read", "notice_reads", "ix_user_notice", "{ user: 1, notice: 1 }"),
        ("a flat's open expected visitors (the guard's log, the resident's list)", "expected_visitors", "ix_open_flat", "{ flat: 1, until: 1 }"),
        ("the gate's expected visitors in the next hour", "expected_visitors", "ix_open_from", "{ until: 1, from: 1 }"),
        ("parked audit entries (the sweep)", "expected_visitors", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("the gate's parcels waiting, oldest first", "parcels", "ix_waiting", "{ keptAt: 1 }"),
        ("a flat's parcels, newest first", "parcels", "ix_flat_kept", "{ flat: 1, keptAt: -1 }"),
        ("retention's parcels collected long ago", "parcels", "ix_collected", "{ collectedAt: 1 }"),
        ("parked audit entries (the sweep)", "parcels", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("a helper by code at the gate (unique while in the directory)", "helpers", "ux_live_code", "{ liveCode: 1 }"),
        ("a helper by phone (a resident adding one the directory knows)", "helpers", "ix_phone", "{ phone: 1 }"),
        ("a flat's helpers by name", "helpers", "ix_flat_name", "{ 'flats.flat': 1, name: 1 }"),
        ("helpers inside now", "helpers", "ix_inside", "{ insideSince: 1 }"),
        ("the directory and the gate's search, by name", "helpers", "ix_name", "{ name: 1 }"),
        ("parked audit entries (the sweep)", "helpers", "ix_pending_audit", "{ 'pendingAudit.at': 1 }"),
        ("a helper's attendance by day", "helper_visits", "ix_helper_in", "{ helperId: 1, inAt: 1 }"),
        ("a helper's open stay (one at most)", "helper_visits", "ux_open", "{ helperId: 1 }"),
        ("retention's stays that ended long ago", "helper_visits", "ix_out", "{ outAt: 1 }"),
    ];

    private static IEnumerable<(string Collection, string Name, BsonDocument Keys)> Defined() =>
        Render("visits", MongoVisitStore.Indexes)
            .Concat(Render("users", MongoUserStore.Indexes))
            .Concat(Render("passes", MongoPassStore.Indexes))
            .Concat(Render("audit", MongoAuditStore.Indexes))
            .Concat(Render("flats", MongoFlatStore.Indexes))
            .Concat(Render("sessions", MongoSessionStore.Indexes))
            .Concat(Render("sos_alerts", MongoSosStore.Indexes))
            .Concat(Render("visit_overstays", MongoOverstayStore.Indexes))
            .Concat(Render("blocklist", MongoBlocklistStore.Indexes))
            .Concat(Render("notices", MongoNoticeStore.Indexes))
            .Concat(Render("notice_reads", MongoNoticeStore.ReadIndexes))
            .Concat(Render("expected_visitors", MongoExpectedStore.Indexes))
            .Concat(Render("parcels", MongoParcelStore.Indexes))
            .Concat(Render("helpers", MongoHelperStore.Indexes))
            .Concat(Render("helper_visits", MongoHelperStore.VisitIndexes));

    private static IEnumerable<(string, string, BsonDocument)> Render<T>(string collection, IEnumerable<CreateIndexModel<T>> indexes) =>
        indexes.Select(index => (collection, index.Options.Name,
            index.Keys.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry))));

    [Fact]
    public void EveryQueryHasTheIndexThatServesIt()
    {
        var defined = Defined().ToList();
        foreach (var (query, collection, index, keys) in Queries)
        {
            var match = defined.SingleOrDefault(d => d.Collection == collection && d.Name == index);
            Assert.True(match.Keys is not null, $"{query}: no index {index} on {collection}.");
            Assert.True(BsonDocument.Parse(keys).Equals(match.Keys), $"{query}: {index} is {match.Keys}, not {keys}.");
        }
    }

    [Fact]
    public void NoIndexIsDefinedThatNoListedQueryUses() =>
        Assert.Empty(Defined().Where(d => !Queries.Any(q => q.Collection == d.Collection && q.Index == d.Name)).Select(d => $"{d.Collection}.{d.Name}"));

    [Fact]
    public void UniqueIndexesAreUniqueAndTheLiveCodeIsUniqueOnlyWhileLive()
    {
        var passes = MongoPassStore.Indexes.Single(i => i.Options.Name == "ux_live_code");
        var partial = ((CreateIndexOptions<GuestPass>)passes.Options).PartialFilterExpression!
            .Render(new RenderArgs<GuestPass>(BsonSerializer.SerializerRegistry.GetSerializer<GuestPass>(), BsonSerializer.SerializerRegistry));

        Assert.True(passes.Options.Unique);
        Assert.Equal(BsonDocument.Parse("{ liveCode: { $type: 2 } }"), partial);
        Assert.True(MongoUserStore.Indexes.Single(i => i.Options.Name == "ux_phone").Options.Unique);
        Assert.True(MongoAuditStore.Indexes.Single(i => i.Options.Name == "ux_sequence").Options.Unique);
    }
}
