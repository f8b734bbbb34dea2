namespace SecurityManagement.Tests.Core.Storage.Mongo;

public sealed class MongoEngineTests() : EngineContract(new MongoTestEngine());

public sealed class MongoUserStoreTests() : UserStoreContract(new MongoTestEngine());

public sealed class MongoFlatStoreTests() : FlatStoreContract(new MongoTestEngine());

public sealed class MongoVisitStoreTests() : VisitStoreContract(new MongoTestEngine());

public sealed class MongoPassStoreTests() : PassStoreContract(new MongoTestEngine());

public sealed class MongoAuditStoreTests() : AuditStoreContract(new MongoTestEngine());

public sealed class MongoOtpStoreTests() : OtpStoreContract(new MongoTestEngine());

public sealed class MongoSettingsStoreTests() : SettingsStoreContract(new MongoTestEngine());

public sealed class MongoSessionStoreTests() : SessionStoreContract(new MongoTestEngine());

public sealed class MongoReachStoreTests() : ReachStoreContract(new MongoTestEngine());

public sealed class MongoClusterStoreTests() : ClusterStoreContract(new MongoTestEngine());

public sealed class MongoSosStoreTests() : SosStoreContract(new MongoTestEngine());

public sealed class MongoOutboxSosStoreTests() : SosStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOverstayStoreTests() : OverstayStoreContract(new MongoTestEngine());

public sealed class MongoOutboxOverstayStoreTests() : OverstayStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxReachStoreTests() : ReachStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoAuditedWritesTests() : AuditedWritesContract(new MongoTestEngine());

/// <summary>The same contracts on a deployment without transactions: entries parked in the changed document, then appended.</summary>
public sealed class MongoOutboxAuditedWritesTests() : AuditedWritesContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxVisitStoreTests() : VisitStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxFlatStoreTests() : FlatStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxSessionStoreTests() : SessionStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxPassStoreTests() : PassStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoOutboxSettingsStoreTests() : SettingsStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoBlocklistStoreTests() : BlocklistStoreContract(new MongoTestEngine());

public sealed class MongoOutboxBlocklistStoreTests() : BlocklistStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoNoticeStoreTests() : NoticeStoreContract(new MongoTestEngine());

public sealed class MongoOutboxNoticeStoreTests() : NoticeStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoExpectedStoreTests() : ExpectedStoreContract(new MongoTestEngine());

public sealed class MongoOutboxExpectedStoreTests() : ExpectedStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoParcelStoreTests() : ParcelStoreContract(new MongoTestEngine());

public sealed class MongoOutboxParcelStoreTests() : ParcelStoreContract(new MongoTestEngine(transactions: false));

public sealed class MongoHelperStoreTests() : HelperStoreContract(new MongoTestEngine());

public sealed class MongoOutboxHelperStoreTests() : HelperStoreContract(new MongoTestEngine(transactions: false));
