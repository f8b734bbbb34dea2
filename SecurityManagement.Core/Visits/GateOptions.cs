using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Visits;

/// <summary>The gate's timings and limits, read from <c>Gate:*</c>.</summary>
/// <remarks>Settable: <see cref="Settings.SettingsService"/> applies stored settings to the one shared instance, effective at once.</remarks>
public sealed record GateOptions
{
    public const string Section = "Gate";

    /// <summary>After this long unanswered (pushes went out at once), the flat's residents get an SMS with a one-tap link.</summary>
    public TimeSpan SmsAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>After this long unanswered, a waiting card tells the guard to call the flat.</summary>
    public TimeSpan NoAnswerAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After this long unanswered, a request expires and leaves the boards.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this long, an approved visitor who never came in, or a returned request nobody re-routed, is closed.</summary>
    public TimeSpan CloseUnusedAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>After this long with no guard acknowledging an SOS, every guard and admin gets an SMS.</summary>
    public TimeSpan SosSmsAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a visitor of each purpose is not worth remarking; a purpose missing has no limit.</summary>
    public static readonly IReadOnlyDictionary<VisitPurpose, TimeSpan> DefaultMaxStay = new Dictionary<VisitPurpose, TimeSpan>
    {
        [VisitPurpose.Delivery] = TimeSpan.FromMinutes(30),
        [VisitPurpose.Cab] = TimeSpan.FromMinutes(15),
        [VisitPurpose.Service] = TimeSpan.FromHours(4),
        [VisitPurpose.Other] = TimeSpan.FromHours(2),
    };

    /// <summary>
    /// How long a visitor of each purpose may stay inside before the guard's board marks them and the flat is told
    /// (once). A purpose missing here has no limit (guests, by default).
    /// </summary>
    public IReadOnlyDictionary<VisitPurpose, TimeSpan> MaxStay { get; set; } = DefaultMaxStay;

    /// <summary>The society's gates (retired ones too, for their names); none named means one unnamed gate.</summary>
    public IReadOnlyList<SocietyGate> Gates { get; set; } = [];

    /// <summary>The gates in use, in the order admins named them.</summary>
    public IReadOnlyList<SocietyGate> GatesInUse => [.. Gates.Where(g => !g.Retired)];

    /// <summary>The gate's name, retired or not; null for no gate or one unknown here.</summary>
    public string? GateName(Guid? id) => id is null ? null : Gates.FirstOrDefault(g => g.Id == id)?.Name;

    /// <summary>
    /// The guard's gate as the society names its gates now: none while it names none; else one in use, or the
    /// guard is told to choose (a tablet set to a gate since retired, say).
    /// </summary>
    public Guid? Checked(Guid? chosen) =>
        GatesInUse.Count == 0 ? null
        : GatesInUse.Any(g => g.Id == chosen) ? chosen
        : throw new InvalidInputException("gate", Codes.GateChoose);

    /// <summary>Wrong pass codes one guard may enter per hour before the gate stops taking codes from them.</summary>
    public int MaxPassCodeFailuresPerHour { get; set; } = 10;

    /// <summary>How long the visitor has been inside, if that is past their purpose's limit now; else null.</summary>
    public TimeSpan? OverstayOf(Visit visit, DateTimeOffset now) =>
        visit is { Status: VisitStatus.Inside, EntryAt: { } entry } && MaxStay.TryGetValue(visit.Purpose, out var limit) && now - entry > limit
            ? now - entry
            : null;

    public static GateOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new GateOptions();
        return new GateOptions
        {
            SmsAfter = Positive(section, "SmsAfterSeconds") is { } sms ? TimeSpan.FromSeconds(sms) : defaults.SmsAfter,
            NoAnswerAfter = Positive(section, "NoAnswerSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.NoAnswerAfter,
            ExpireAfter = Positive(section, "ExpireMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.ExpireAfter,
            CloseUnusedAfter = Positive(section, "CloseUnusedAfterHours") is { } hours ? TimeSpan.FromHours(hours) : defaults.CloseUnusedAfter,
            MaxPassCodeFailuresPerHour = Positive(section, "MaxPassCodeFailuresPerHour") ?? defaults.MaxPassCodeFailuresPerHour,
            SosSmsAfter = Positive(section, "SosSmsAfterSeconds") is { } sos ? TimeSpan.FromSeconds(sos) : defaults.SosSmsAfter,
            MaxStay = MaxStayFrom(section.GetSection("MaxStayMinutes")),
        };
    }

    /// <summary><c>Gate:MaxStayMinutes:Delivery=30</c> and so on: a purpose's limit in minutes, 0 for none; purposes not named keep the default.</summary>
    private static Dictionary<VisitPurpose, TimeSpan> MaxStayFrom(IConfigurationSection section)
    {
        var limits = new Dictionary<VisitPurpose, TimeSpan>(DefaultMaxStay);
        foreach (var child in section.GetChildren())
        {
            if (!Enum.TryParse<VisitPurpose>(child.Key, ignoreCase: true, out var purpose) || !Enum.IsDefined(purpose))
            {
                throw new InvalidOperationException($"{Section}:MaxStayMinutes:{child.Key} names no purpose; use one of {string.Join(", ", Enum.GetNames<VisitPurpose>())}.");
            }

            if (!int.TryParse(child.Value, System.Globalization.CultureInfo.InvariantCulture, out var minutes) || minutes < 0)
            {
                throw new InvalidOperationException($"{Section}:MaxStayMinutes:{child.Key} must be a whole number of minutes, 0 for no limit; it is '{child.Value}'.");
            }

            if (minutes == 0)
            {
                limits.Remove(purpose);
            }
            else
            {
                limits[purpose] = TimeSpan.FromMinutes(minutes);
            }
        }

        return limits;
    }

    private static int? Positive(IConfigurationSection section, string key) =>
        section[key] is not { } text ? null
        : int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{Section}:{key} must be a positive whole number; it is '{text}'.");
}
