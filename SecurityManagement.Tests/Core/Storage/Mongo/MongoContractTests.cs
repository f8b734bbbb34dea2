namespace SecurityManagement.Tests.Core.Storage.Mongo;

public sealed class MongoEngineTests() : EngineContract(new MongoTestEngine());

public sealed class MongoUserStoreTests() : UserStoreContract(new MongoTestEngine());

public sealed class MongoFlatStoreTests() : FlatStoreContract(new MongoTestEngine());

public sealed class MongoVisitStoreTests() : VisitStoreContract(new MongoTestEngine());

public sealed class MongoPassStoreTests() : PassStoreContract(new MongoTestEngine());

public sealed class MongoAuditStoreTests() : AuditStoreContract(new MongoTestEngine());

public sealed class MongoOtpStoreTests() : OtpStoreContract(new MongoTestEngine());

public sealed class MongoSettingsStoreTests() : SettingsStoreContract(new MongoTestEngine());
