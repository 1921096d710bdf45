using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Controllers.NodeLifecycle;
using ChaosHarness.Fleet.Controllers.Scheduling;
using ChaosHarness.Fleet.Controllers.Workloads;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>The control loops every simulated cluster runs, sharing one set of informers.</summary>
public static class DefaultControllers
{
    public static IReadOnlyList<IClusterController> For(SimulatedCluster cluster)
    {
        var context = new ControllerContext(cluster);
        context.Informers.OpenWellKnown();
        return
        [
            context.Informers,
            new KubeletController(context),
            new NodeLifecycleController(context),
            new TaintEvictionController(context),
            new Scheduler(context),
            new ReplicaSetController(context),
            new DeploymentController(context),
            new EndpointsController(context),
            new DisruptionController(context),
            new GarbageCollector(context),
            new NamespaceController(context),
            new EventTtlController(context),
            new ArgoRolloutsController(context),
            .. TrafficControllers.For(context),
        ];
    }
}
