using System.Net;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>
/// Where the fleet's servers listen. The default, loopback on free ports, suits a fleet on the machine that uses it;
/// a fleet region in a container listens on every address at fixed ports so that the ports can be published.
/// </summary>
/// <param name="ApiPort">The first cluster's API server port, the next clusters' the ports after it; 0: free ports.</param>
/// <param name="ControlPort">The control API's port; 0: a free port.</param>
public sealed record FleetListen(IPAddress Address, int ApiPort = 0, int ControlPort = 0)
{
    public static FleetListen Loopback { get; } = new(IPAddress.Loopback);

    public IPEndPoint ApiEndPoint(int clusterIndex) => new(Address, ApiPort == 0 ? 0 : ApiPort + clusterIndex);

    public IPEndPoint ControlEndPoint => new(Address, ControlPort);

    /// <summary>A listening address as clients on this machine reach it (an any-address listener answers on loopback).</summary>
    public static Uri Reachable(string address)
        => new(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
}
