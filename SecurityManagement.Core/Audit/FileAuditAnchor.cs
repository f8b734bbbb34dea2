using System.Globalization;
using System.Text.Json;

namespace SecurityManagement.Core.Audit;

/// <summary>
/// Checkpoints as JSON lines in one file per day (<c>audit-checkpoints-yyyy-MM-dd.jsonl</c>, UTC) in a
/// folder outside the store: a place the admin can back up, copy off the machine or make append-only.
/// </summary>
public sealed class FileAuditAnchor(string folder) : IAuditAnchor
{
    public const string Setting = "Audit:CheckpointFolder";
    private const string Prefix = "audit-checkpoints-";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _writes = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    public Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, $"{Prefix}{checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.jsonl");

        // One short line a minute at most: written whole, one writer at a time.
        lock (_writes)
        {
            File.AppendAllText(file, JsonSerializer.Serialize(checkpoint, Json) + "\n");
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<KeptCheckpoint>> ReadAsync(CancellationToken ct = default)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var kept = new List<KeptCheckpoint>();
        foreach (var file in Directory.GetFiles(Folder, $"{Prefix}*.jsonl").Order(StringComparer.Ordinal))
        {
            var last = (await File.ReadAllLinesAsync(file, ct)).LastOrDefault(line => !string.IsNullOrWhiteSpace(line));
            if (last is not null)
            {
                kept.Add(new KeptCheckpoint(Path.GetFileName(file), Parse(last)));
            }
        }

        return kept;
    }

    private static AuditCheckpoint? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
