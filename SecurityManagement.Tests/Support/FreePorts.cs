using System.Net;
using System.Net.Sockets;

namespace SecurityManagement.Tests.Support;

/// <summary>Ports for the servers a test starts of its own (Redis, app processes).</summary>
public static class FreePorts
{
    /// <summary>A 127.0.0.1 port nothing listens on now (the system's choice, let go at once).</summary>
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
