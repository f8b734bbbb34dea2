using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Storage.Sqlite;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// A big society on a SQLite file for the benchmarks: 1,000 flats (blocks A–J, 20 floors, 5 flats a
/// floor) with a resident each, two gates, a guard, an admin, and as many visits as asked, about 900 a day
/// ending now, so 10,000 visits are the last 11 days and 1,000,000 are three years. Most visits went
/// in and out (three changes), one in 50 was denied and one in 50 expired (each flat's share alike), the newest few are still
/// live at the gate; visitors come back (200,000 phones), and names repeat as real ones do. Over the same
/// days: a parcel kept at the gate for every third visit (the newest still waiting), an expected visitor
/// for every ninth (most came, one in ten never did, one in twenty was called off), 700 more booked from two hours
/// ago to a week ahead (A-101's among them), and 1,500 helpers, each employed by a flat, coming in every day for
/// three hours (one in ten inside now). None of it is thinned by retention, as a society that keeps everything
/// would have it. Like the app's own store, the file is never analysed (no ANALYZE), so the plans are the app's.
/// </summary>
public sealed class BenchmarkSociety : IAsyncDisposable
{
    public const int VisitsPerDay = 900;

    public const int HelperCount = 1_500;

    private const long Hour = 3_600_000L;

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

    private readonly Dictionary<FlatCode, string> _residents = [];

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

    public ParcelService Parcels { get; private set; } = null!;

    public HelperService Helpers { get; private set; } = null!;

    public ExpectedService Expected { get; private set; } = null!;

    /// <summary>The society's two gates; visits alternate between them.</summary>
    public GateOptions Gates { get; } = new() { Gates = [new SocietyGate(Guid.CreateVersion7(), "Main gate"), new SocietyGate(Guid.CreateVersion7(), "Back gate")] };

    /// <summary>One of the helpers flat A-101 employs.</summary>
    public Guid ResidentsHelper { get; private set; }

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
            _residents[flat] = resident.Id.ToString();
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
        await InsertDailyLifeAsync(flats, ct);

        var live = new InProcessLiveEvents(Microsoft.Extensions.Logging.Abstractions.NullLogger<InProcessLiveEvents>.Instance);
        var alerts = new RecordingAlerts();
        Acting = new ActingUsers(Storage.Users, Storage.Sessions, Clock);
        VisitService = new VisitService(Storage.Visits, Storage.Users, Acting, Storage.Flats, live, NoAlerts.Instance,
            new BlocklistService(Storage.Blocklist, Storage.Audit, Acting, Clock), Storage.Expected, Gates, Society, Clock);
        Log = new VisitLogService(Storage.Visits, Storage.Users, Acting, Storage.Audit, Society, Gates, Clock);
        Parcels = new ParcelService(Storage.Parcels, Storage.Expected, Storage.Reach, Storage.Users, Storage.Flats, Acting, live, alerts, Gates, Clock);
        Helpers = new HelperService(Storage.Helpers, Storage.Users, Acting, live, alerts, Gates, Society, Clock);
        Expected = new ExpectedService(Storage.Expected, Storage.Users, Acting, live, Clock);
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
            "INSERT INTO visits (id, visitor_name, visitor_phone, purpose, flat, logged_by, created_at, status, status_changed_at, gate) "
            + "VALUES ($id, $name, $phone, $purpose, $flat, $guard, $at, $status, $changed, $gate);");
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
                _ when Share(i, 50) == 0 => [(VisitStatus.Pending, VisitStatus.Denied, answeredBy)],
                _ when Share(i, 50) == 1 => [(VisitStatus.Pending, VisitStatus.Expired, Guid.Empty)],
                _ => new[] { (VisitStatus.Pending, VisitStatus.Approved, answeredBy), (VisitStatus.Approved, VisitStatus.Inside, Guard.Id), (VisitStatus.Inside, VisitStatus.Completed, Guard.Id) },
            };
            Set(visit, ("$id", id), ("$name", NameOf(i)), ("$phone", PhoneOf(i)), ("$purpose", Purposes[i % Purposes.Length].ToString()),
                ("$flat", flat.Value), ("$guard", Guard.Id.ToString()), ("$at", at),
                ("$status", (changes.Length == 0 ? VisitStatus.Pending : changes[^1].Item2).ToString()), ("$changed", at + changes.Length * 60_000L),
                ("$gate", Gates.Gates[i % 2].Id.ToString()));
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
    }

    /// <summary>
    /// Which of <paramref name="shares"/> the <paramref name="i"/>th row falls in, turning with each round of the
    /// flats (the flat is <c>i × 389 mod 1,000</c>, so <c>i mod 50</c> alone would give every row of a flat the same one).
    /// </summary>
    private static int Share(int i, int shares) => (i + i / 1_000) % shares;

    /// <summary>The parcels, expected visitors and helpers of the same days, straight into the file in one transaction.</summary>
    private async Task InsertDailyLifeAsync(IReadOnlyList<FlatCode> flats, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var end = Now.ToUnixTimeMilliseconds();
        var spacing = 86_400_000L / VisitsPerDay;
        var guard = Guard.Id.ToString();

        var parcel = Command(connection, tx,
            "INSERT INTO parcels (id, flat, company, kept_by, kept_by_name, kept_at, gate, collected_at, collected_by, collected_by_name) "
            + "VALUES ($id, $flat, $company, $guard, 'Benchmark Guard', $at, $gate, $collected, $by, $byName);");
        for (var i = 0; i < Visits / 3; i++)
        {
            var at = end - (long)(Visits / 3 - i) * spacing * 3;
            var waiting = Visits / 3 - i <= 20 || at + 2 * Hour > end;
            Set(parcel, ("$id", Guid.CreateVersion7().ToString()), ("$flat", flats[(int)((long)i * 389 % flats.Count)].Value),
                ("$company", i % 2 == 0 ? "Amazon" : "Flipkart"), ("$guard", guard), ("$at", at), ("$gate", Gates.Gates[i % 2].Id.ToString()),
                ("$collected", waiting ? DBNull.Value : at + 2 * Hour), ("$by", waiting ? DBNull.Value : guard), ("$byName", waiting ? DBNull.Value : "Benchmark Guard"));
            await parcel.ExecuteNonQueryAsync(ct);
        }

        var expected = Command(connection, tx,
            "INSERT INTO expected_visitors (id, flat, kind, valid_from, valid_until, created_by, created_by_name, created_at, used_at, cancelled_at) "
            + "VALUES ($id, $flat, $kind, $from, $until, $by, $byName, $at, $used, $cancelled);");
        async Task ExpectAsync(FlatCode flat, int i, long from, long until, bool used, bool cancelled)
        {
            Set(expected, ("$id", Guid.CreateVersion7().ToString()), ("$flat", flat.Value), ("$kind", ((ExpectedKind)(i % 3)).ToString()),
                ("$from", from), ("$until", until), ("$by", _residents[flat]), ("$byName", $"Resident of {flat}"), ("$at", Math.Min(from - Hour, end)),
                ("$used", used ? Math.Min(from + Hour, end) : DBNull.Value), ("$cancelled", cancelled ? Math.Min(from, end) : DBNull.Value));
            await expected.ExecuteNonQueryAsync(ct);
        }

        // Those for hours now past: most came, one in ten never did, one in twenty was called off.
        for (var i = 0; i < Visits / 9; i++)
        {
            var from = end - (long)(Visits / 9 - i) * spacing * 9 - 4 * Hour;
            var share = Share(i, 20);
            await ExpectAsync(flats[(int)((long)i * 389 % flats.Count)], i, from, from + 4 * Hour, used: share > 2, cancelled: share == 2);
        }

        // Those booked from two hours ago to a week ahead, for one to 24 hours (some of them on now).
        for (var i = 0; i < 700; i++)
        {
            var from = end - 2 * Hour + i * (7 * 24 * Hour / 700);
            await ExpectAsync(i % 100 == 0 ? Resident.Flat! : flats[(i * 389 + 7) % flats.Count], i, from, from + (1 + i % 24) * Hour, used: false, cancelled: false);
        }

        var helper = Command(connection, tx,
            "INSERT INTO helpers (id, name, phone, kind, code, live_code, created_by, created_at, inside_since) "
            + "VALUES ($id, $name, $phone, $kind, $code, $code, $by, $at, $inside);");
        var link = Command(connection, tx,
            "INSERT INTO helper_flats (helper_id, flat, added_by, added_at) VALUES ($id, $flat, $by, $at);");
        var stay = Command(connection, tx,
            "INSERT INTO helper_visits (id, helper_id, in_at, in_by, in_gate, out_at, out_by, out_gate) VALUES ($id, $helper, $in, $guard, $gate, $out, $outBy, $outGate);");
        var days = (Visits + VisitsPerDay - 1) / VisitsPerDay;
        var firstDay = end - days * 86_400_000L;
        for (var h = 0; h < HelperCount; h++)
        {
            var id = Guid.CreateVersion7().ToString();
            var flat = flats[(int)((long)h * 389 % flats.Count)];
            var by = _residents[flat];
            var lastIn = end - 6 * Hour + h % 120 * 60_000L;
            var inside = h % 10 == 0;
            Set(helper, ("$id", id), ("$name", NameOf(h * 13 + 5)), ("$phone", $"8{h + 100_000_000:D9}"), ("$kind", ((HelperKind)(h % 5)).ToString()),
                ("$code", $"{h * 7_919 % 900_000 + 100_000}"), ("$by", by), ("$at", firstDay - 86_400_000L), ("$inside", inside ? lastIn : DBNull.Value));
            await helper.ExecuteNonQueryAsync(ct);
            Set(link, ("$id", id), ("$flat", flat.Value), ("$by", by), ("$at", firstDay - 86_400_000L));
            await link.ExecuteNonQueryAsync(ct);
            if (flat.Value == "A-101")
            {
                ResidentsHelper = Guid.Parse(id);
            }

            for (var day = days - 1; day >= 0; day--)
            {
                var inAt = lastIn - day * 86_400_000L;
                var open = inside && day == 0;
                Set(stay, ("$id", Guid.CreateVersion7().ToString()), ("$helper", id), ("$in", inAt), ("$guard", guard), ("$gate", Gates.Gates[day % 2].Id.ToString()),
                    ("$out", open ? DBNull.Value : inAt + 3 * Hour), ("$outBy", open ? DBNull.Value : guard),
                    ("$outGate", open ? DBNull.Value : Gates.Gates[(day + 1) % 2].Id.ToString()));
                await stay.ExecuteNonQueryAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
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
