namespace SecurityManagement.Tests.Core.Storage.Sqlite;

public sealed class SqliteEngineTests() : EngineContract(new SqliteTestEngine());

public sealed class SqliteUserStoreTests() : UserStoreContract(new SqliteTestEngine());

public sealed class SqliteFlatStoreTests() : FlatStoreContract(new SqliteTestEngine());

public sealed class SqliteVisitStoreTests() : VisitStoreContract(new SqliteTestEngine());

public sealed class SqlitePassStoreTests() : PassStoreContract(new SqliteTestEngine());

public sealed class SqliteAuditStoreTests() : AuditStoreContract(new SqliteTestEngine());

public sealed class SqliteOtpStoreTests() : OtpStoreContract(new SqliteTestEngine());

public sealed class SqliteSettingsStoreTests() : SettingsStoreContract(new SqliteTestEngine());

public sealed class SqliteSessionStoreTests() : SessionStoreContract(new SqliteTestEngine());

public sealed class SqliteAuditedWritesTests() : AuditedWritesContract(new SqliteTestEngine());

public sealed class SqliteReachStoreTests() : ReachStoreContract(new SqliteTestEngine());

public sealed class SqliteClusterStoreTests() : ClusterStoreContract(new SqliteTestEngine());

public sealed class SqliteSosStoreTests() : SosStoreContract(new SqliteTestEngine());

public sealed class SqliteOverstayStoreTests() : OverstayStoreContract(new SqliteTestEngine());

public sealed class SqliteBlocklistStoreTests() : BlocklistStoreContract(new SqliteTestEngine());

public sealed class SqliteNoticeStoreTests() : NoticeStoreContract(new SqliteTestEngine());

public sealed class SqliteExpectedStoreTests() : ExpectedStoreContract(new SqliteTestEngine());

public sealed class SqliteParcelStoreTests() : ParcelStoreContract(new SqliteTestEngine());

public sealed class SqliteHelperStoreTests() : HelperStoreContract(new SqliteTestEngine());
