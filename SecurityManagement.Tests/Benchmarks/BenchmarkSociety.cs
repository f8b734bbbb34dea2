using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Storage.Sqlite;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// A big society on a SQLite file for the benchmarks: 1,000 flats (blocks A–J, 20 floors, 5 flats a
/// floor) with a resident each, two guards, an admin, and as many visits as asked, about 900 a day
/// ending now, so 10,000 visits are the last 11 days and 1,000,000 are three years. Most visits went
/// in and out (three changes), one in 50 was denied and one in 50 expired, the newest few are still
/// live at the gate; visitors come back (200,000 phones), and names repeat as real ones do.
/// </summary>
public sealed class BenchmarkSociety : IAsyncDisposable
{
    public const int VisitsPerDay = 900;

    private static readonly string[] FirstNames =
    [
        "Rahul", "Priya", "Amit", "Sunita", "Vikram", "Neha", "Arjun", "Kavya", "Ramesh", "Anita", "Suresh", "Pooja", "Rajesh", "Meena",
        "Sanjay", "Divya", "Manoj", "Lakshmi", "Deepak", "Geeta", "Anil", "Rekha", "Vijay", "Shalini", "Ravi", "Asha", "Mohan", "Nisha",
        "Kiran", "Swati", "Ashok", "Usha", "Prakash", "Jyoti", "Ajay", "Radha", "Naveen", "Sarita", "Gopal", "Madhu",
    ];

    private static readonly string[] LastNames =
    [
        "Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Reddy", "Nair", "Iyer", "Rao", "Mehta", "Joshi", "Das", "Yadav", "Mishra",
        "Pandey", "Chauhan", "Kulkarni", "Desai", "Shah", "Menon", "Pillai", "Bose", "Ghosh", "Naidu", "Saxena", "Tiwari", "Malhotra",
        "Kapoor", "Bhat", "Jain", "Agarwal", "Chopra", "Sinha", "Thakur",
    ];

    private static readonly VisitPurpose[] Purposes =
        [VisitPurpose.Delivery, VisitPurpose.Delivery, VisitPurpose.Guest, VisitPurpose.Delivery, VisitPurpose.Service, VisitPurpose.Cab, VisitPurpose.Guest,
         VisitPurpose.Delivery, VisitPurpose.Other, VisitPurpose.Guest];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sm-bench", Guid.NewGuid().ToString("N"));

    private BenchmarkSociety(int visits) => Visits = visits;

    public int Visits { get; }

    public static DateTimeOffset Now { get; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public SocietyOptions Society { get; } = new("Benchmark Society", TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

    public string FilePath => Path.Combine(_folder, "society.db");

    public SqliteStorage Storage { get; private set; } = null!;

    public AuditChain Chain { get; } = new(AuditKey.Random());

    public User Admin { get; private set; } = null!;

    public User Guard { get; private set; } = null!;

    /// <summary>The resident of flat A-101.</summary>
    public User Resident { get; private set; } = null!;

    public ActingUsers Acting { get; private set; } = null!;

    public VisitService VisitService { get; private set; } = null!;

    public VisitLogService Log { get; private set; } = null!;

    public AuditService Audit { get; private set; } = null!;

    public GateSummaryService Summary { get; private set; } = null!;

    public TimeSpan SeedTime { get; private set; }

    public static IEnumerable<FlatCode> Flats() =>
        from block in "ABCDEFGHIJ"
        from floor in Enumerable.Range(1, 20)
        from unit in Enumerable.Range(1, 5)
        select FlatCode.Parse($"{block}-{floor * 100 + unit}");

    public static string NameOf(int i) => $"{FirstNames[i * 7 % FirstNames.Length]} {LastNames[i * 11 / FirstNames.Length % LastNames.Length]}";

    public static string PhoneOf(int i) => $"9{(long)i * 7919 % 200_000 + 100_000_000:D9}";

    public static async Task<BenchmarkSociety> CreateAsync(int visits, CancellationToken ct)
    {
        var society = new BenchmarkSociety(visits);
        await society.SeedAsync(ct);
        return society;
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Storage = new SqliteStorage($"Data Source={FilePath}", Chain);
        await Storage.InitializeAsync(ct);
        var flats = Flats().ToList();
        foreach (var flat in flats)
        {
            await Storage.Flats.AddAsync(new Flat(flat, Now.AddYears(-4)), null, ct);
            var resident = Builders.AUser(Role.Resident, flat.Value, name: $"Resident of {flat}", createdAt: Now.AddYears(-4));
            await Storage.Users.AddAsync(resident, null, ct);
            if (flat.Value == "A-101")
            {
                Resident = resident;
            }
        }

        Admin = Builders.AUser(Role.Admin, name: "Benchmark Admin");
        Guard = Builders.AUser(Role.Guard, name: "Benchmark Guard");
        await Storage.Users.AddAsync(Admin, null, ct);
        await Storage.Users.AddAsync(Guard, null, ct);
        await InsertVisitsAsync(flats, ct);

        var live = new InProcessLiveEvents(Microsoft.Extensions.Logging.Abstractions.NullLogger<InProcessLiveEvents>.Instance);
        Acting = new ActingUsers(Storage.Users, Storage.Sessions, Clock);
        VisitService = new VisitService(Storage.Visits, Storage.Users, Acting, Storage.Flats, live, NoAlerts.Instance,
            new BlocklistService(Storage.Blocklist, Storage.Audit, Acting, Clock), Storage.Expected, new GateOptions(), Society, Clock);
        Log = new VisitLogService(Storage.Visits, Storage.Users, Acting, Storage.Audit, Society, new GateOptions(), Clock);
        Audit = new AuditService(Storage.Audit, Storage.Users, Storage.Visits, Storage.Passes, Acting, Chain,
            new FileAuditAnchor(Path.Combine(_folder, "checkpoints")), Society, Clock);
        Summary = new GateSummaryService(Storage.Visits, Society, Clock);
        SeedTime = clock.Elapsed;
    }

    /// <summary>The visits, their histories and one audit entry each, straight into the file in one transaction.</summary>
    private async Task InsertVisitsAsync(IReadOnlyList<FlatCode> flats, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var visit = Command(connection, tx,
            "INSERT INTO visits (id, visitor_name, visitor_phone, purpose, flat, logged_by, created_at, status, status_changed_at) "
            + "VALUES ($id, $name, $phone, $purpose, $flat, $guard, $at, $status, $changed);");
        var change = Command(connection, tx,
            "INSERT INTO visit_status_changes (visit_id, seq, from_status, to_status, actor_id, at) VALUES ($id, $seq, $from, $to, $actor, $at);");
        var audit = Command(connection, tx,
            "INSERT INTO audit (sequence, previous_hash, hash, id, at, actor_id, action, subject, details) "
            + "VALUES ($seq, '', '', $id, $at, $guard, 'visit.logged', $subject, $flat);");
        var spacing = 86_400_000L / VisitsPerDay;
        var end = Now.ToUnixTimeMilliseconds();
        for (var i = 0; i < Visits; i++)
        {
            var id = Guid.CreateVersion7().ToString();
            var at = end - (long)(Visits - i) * spacing;
            var flat = flats[(int)((long)i * 389 % flats.Count)];
            var answeredBy = flat.Value == "A-101" ? Resident.Id : Guid.Empty;
            var age = Visits - i;
            var changes = age switch
            {
                <= 3 => [],
                <= 6 => [(VisitStatus.Pending, VisitStatus.Approved, answeredBy)],
                <= 10 => [(VisitStatus.Pending, VisitStatus.Approved, answeredBy), (VisitStatus.Approved, VisitStatus.Inside, Guard.Id)],
                _ when i % 50 == 0 => [(VisitStatus.Pending, VisitStatus.Denied, answeredBy)],
                _ when i % 50 == 1 => [(VisitStatus.Pending, VisitStatus.Expired, Guid.Empty)],
                _ => new[] { (VisitStatus.Pending, VisitStatus.Approved, answeredBy), (VisitStatus.Approved, VisitStatus.Inside, Guard.Id), (VisitStatus.Inside, VisitStatus.Completed, Guard.Id) },
            };
            Set(visit, ("$id", id), ("$name", NameOf(i)), ("$phone", PhoneOf(i)), ("$purpose", Purposes[i % Purposes.Length].ToString()),
                ("$flat", flat.Value), ("$guard", Guard.Id.ToString()), ("$at", at),
                ("$status", (changes.Length == 0 ? VisitStatus.Pending : changes[^1].Item2).ToString()), ("$changed", at + changes.Length * 60_000L));
            await visit.ExecuteNonQueryAsync(ct);
            for (var c = 0; c < changes.Length; c++)
            {
                var (from, to, actor) = changes[c];
                Set(change, ("$id", id), ("$seq", c + 1), ("$from", from.ToString()), ("$to", to.ToString()),
                    ("$actor", actor == Guid.Empty ? DBNull.Value : actor.ToString()), ("$at", at + (c + 1) * 60_000L));
                await change.ExecuteNonQueryAsync(ct);
            }

            Set(audit, ("$seq", i + 1), ("$id", Guid.NewGuid().ToString()), ("$at", at), ("$guard", Guard.Id.ToString()), ("$subject", $"visit:{id}"),
                ("$flat", $"for {flat}"));
            await audit.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        await using var analyze = Command(connection, null, "PRAGMA optimize;");
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Storage is not null)
        {
            await Storage.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
