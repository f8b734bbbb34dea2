namespace SecurityManagement.Core.Cluster;

/// <summary>This running server among the society's several: its name in leases and on the backplane, new at each start.</summary>
public sealed record ServerInstance(string Id)
{
    public static ServerInstance Start() => new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");
}
