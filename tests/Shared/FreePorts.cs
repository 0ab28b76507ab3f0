using System.Net;
using System.Net.Sockets;

namespace CrmHub.Testing;

/// <summary>Loopback ports for servers that tests and tools start (never fixed ports: several runs share a machine).</summary>
internal static class FreePorts
{
    /// <summary>A port nobody listens on right now (released again: another process may take it first).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
