using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>A control loop of a simulated cluster (kubelet, scheduler, ReplicaSet controller, …). Runs on the fleet clock until cancelled.</summary>
public interface IClusterController
{
    string Name { get; }

    Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken);
}
