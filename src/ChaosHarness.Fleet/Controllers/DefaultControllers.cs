using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>The control loops every simulated cluster runs.</summary>
public static class DefaultControllers
{
    public static IReadOnlyList<IClusterController> For(SimulatedCluster cluster) => [];
}
