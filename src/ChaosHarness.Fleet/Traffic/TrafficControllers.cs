using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Ingress;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>The control loops behind a cluster's traffic: its workloads' installation, its ingress controller's control and proxy sides.</summary>
public static class TrafficControllers
{
    public static IReadOnlyList<IClusterController> For(ControllerContext context) =>
        [new WorkloadBootstrap(context), new IngressController(context), new IngressDataPlane(context)];
}
